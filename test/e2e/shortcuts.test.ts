// Keyboard shortcuts: the help sheet (?), a new conversation (n), the message box (/), Draft/HD
// (d), Stop (Esc, even from the message box) and the images (g); none fires while typing.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, shotPath, signUp } from '../helpers/browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;

const focusedTestId = () =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  await signUp(page, base, 'Kit', 'kit@example.com');
}, 60_000);
afterAll(() => browser?.dispose());

describe('keyboard shortcuts', () => {
  it('? shows the help sheet, listed in the user menu too; Esc closes it', async () => {
    // Hydrated: the frame's listener is on.
    await page.getByTestId('new-conversation').waitFor();
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-help').waitFor();
    expect(await page.getByTestId('shortcuts-help').innerText()).toContain(
      'Switch between Draft and HD',
    );
    await page.screenshot({ path: shotPath('shortcuts-help') });
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-help').waitFor({ state: 'detached' });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('shortcuts-open').click();
    await page.getByTestId('shortcuts-help').waitFor();
    await page.getByTestId('shortcuts-close').click();
  });

  it('n opens a new conversation, / focuses the message box, d switches Draft and HD', async () => {
    const before = page.url();
    await page.keyboard.press('n');
    await page.waitForURL((u) => /\/c\/[0-9a-f-]{36}/.test(u.pathname) && u.href !== before);
    await page.getByTestId('composer-input').waitFor();
    await page
      .locator('main, body')
      .first()
      .click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await focusedTestId()).toBe('composer-input');
    // Typed into the message box, the keys are text.
    await page.keyboard.type('draw nd');
    expect(await page.getByTestId('composer-input').inputValue()).toBe('draw nd');
    expect(await page.getByTestId('profile-hd').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('composer-input').blur();
    await page.keyboard.press('d');
    expect(await page.getByTestId('profile-hd').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('d');
    expect(await page.getByTestId('profile-draft').getAttribute('aria-pressed')).toBe('true');
  });

  it("Esc stops a reply from the message box; g opens the conversation's images", async () => {
    const input = page.getByTestId('composer-input');
    await input.fill('Render a bold banner with the text "Stop me" in navy, gold and cream');
    await page.getByTestId('composer-send').click();
    const answer = page.locator('[data-testid="message"][data-role="assistant"]').last();
    await expect
      .poll(async () => (await answer.innerText()).length, { timeout: 20_000 })
      .toBeGreaterThan(10);
    await input.focus();
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => answer.getAttribute('data-status'), { timeout: 20_000 })
      .toBe('interrupted');
    const conversation = new URL(page.url()).pathname;
    await input.blur();
    await page.keyboard.press('g');
    await page.waitForURL((u) => u.pathname === `${conversation}/images`);
  });
});
