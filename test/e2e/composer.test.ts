// The composer's Advanced settings in the browser: the profile's defaults as placeholders, a locked
// seed, steps and size that the rendered image carries, a refusal before sending, and the settings
// restored when the conversation is opened again. Screenshots at 1280 and 390 px, light and dark.
// Named to run after chat.test.ts, whose first sign-up must be the admin.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, shotPath, signUp, storedWidth } from '../helpers/browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let conversationUrl = '';
const consoleErrors: string[] = [];

const assistant = () => page.locator('[data-testid="message"][data-role="assistant"]').last();
// Colours change with a short transition; a screenshot taken at once catches them half-way.
const settle = () => page.waitForTimeout(300);
const placeholder = (id: string) => page.getByTestId(id).getAttribute('placeholder');

type Listing = {
  profileModels: Record<string, { modelId: string }>;
  models: Array<{ id: string; profiles: Record<string, Record<string, number>> }>;
};

/** The profile's defaults on its own model, as the server lists them. */
async function defaults(profile: string) {
  const listing = (await (await page.request.get(`${base}/api/image-models`)).json()) as Listing;
  const id = listing.profileModels[profile].modelId;
  return listing.models.find((m) => m.id === id)!.profiles[profile];
}

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on(
    'console',
    (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} (${m.location().url})`),
  );
  await signUp(page, base, 'Cleo', 'cleo@example.com');
});
afterAll(() => browser?.dispose());

describe('the composer’s Advanced settings', () => {
  it('shows the profile’s defaults as placeholders until a field is set', async () => {
    await page.getByTestId('new-conversation').click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}/);
    conversationUrl = page.url();
    const toggle = page.getByTestId('advanced-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('advanced-settings').waitFor();

    const draft = await defaults('draft');
    await expect.poll(() => placeholder('steps-input')).toBe(String(draft.steps));
    expect(await placeholder('guidance-input')).toBe(String(draft.guidance));
    expect(await placeholder('width-input')).toBe(String(draft.width));
    expect(await placeholder('height-input')).toBe(String(draft.height));
    expect(await page.getByTestId('seed-input').isDisabled()).toBe(true);

    await page.getByTestId('profile-hd').click();
    expect(await placeholder('steps-input')).toBe(String((await defaults('hd')).steps));
    expect(await page.getByTestId('advanced-hint').textContent()).toContain('HD');
    await page.getByTestId('profile-diagnostics').click();
    expect(await page.getByTestId('steps-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('advanced-hint').textContent()).toContain('grid');
    await page.getByTestId('profile-draft').click();
  });

  it('refuses a size that is not a multiple of 8 before sending, and says so', async () => {
    await page.getByTestId('width-input').fill('500');
    await page.getByTestId('composer-input').fill('a red circle on a blue background');
    await page.getByTestId('composer-send').click();
    expect(await page.getByTestId('advanced-error').textContent()).toBe(
      'Width must be a multiple of 8',
    );
    expect(await page.getByTestId('composer-input').inputValue()).toBe(
      'a red circle on a blue background',
    );
    expect(await page.locator('[data-testid="message"]').count()).toBe(0);
  });

  it('renders with a locked seed, the steps and the size set, and the image carries them', async () => {
    await page.getByTestId('seed-locked').click();
    expect(await page.getByTestId('seed-locked').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('seed-input').fill('4242');
    await page.getByTestId('steps-input').fill('24');
    await page.getByTestId('width-input').fill('384');
    await page.getByTestId('height-input').fill('256');
    expect(await page.getByTestId('advanced-error').count()).toBe(0);
    expect(await page.getByTestId('advanced-count').textContent()).toContain('4');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await settle();
      await page.screenshot({ path: shotPath(`composer-advanced-desktop-${scheme}`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // The progress card (queue place, steps, previews) may come and go between two polls.
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress?: boolean };
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="generation-progress"]')) w.sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByTestId('composer-send').click();
    const image = assistant().getByTestId('generated-image').first();
    await image.waitFor({ timeout: 240_000 });
    await expect
      .poll(() => assistant().getAttribute('data-status'), { timeout: 60_000 })
      .toBe('complete');
    expect(
      await page.evaluate(() => (window as unknown as { sawProgress?: boolean }).sawProgress),
    ).toBe(true);
    await expect.poll(() => storedWidth(image)).toBe(384);

    await expect
      .poll(() => page.getByTestId('message-image-settings').last().textContent())
      .toBe('seed 4242 · 24 steps · 384×256');
    const caption = (await assistant().locator('figcaption').first().textContent()) ?? '';
    expect(caption).toContain('384×256');
    expect(caption).toContain('seed 4242');
    expect(caption).toContain('24 steps');
    await assistant().getByTestId('routing-details').locator('summary').click();
    const reasons = (await assistant().getByTestId('routing-reasons').textContent()) ?? '';
    expect(reasons).toContain('24 steps, asked for');
    expect(reasons).toContain('base size 384×256, asked for');

    // The stored image: its parameters, and a recipe that renders it again with the same seed.
    const conversationId = conversationUrl.split('/c/')[1];
    const listed = await (
      await page.request.get(`${base}/api/images?conversationId=${conversationId}`)
    ).json();
    const [stored] = listed.images;
    expect(stored).toMatchObject({ seed: 4242, width: 384, height: 256 });
    expect(stored.params).toMatchObject({ steps: 24, width: 384, height: 256 });
    expect(stored.recipe).toContain('--seed 4242');
  }, 360_000);

  it('looks right at 1280 and 390 px, light and dark', async () => {
    for (const [width, label] of [
      [1280, 'desktop'],
      [390, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await settle();
        await page.getByTestId('advanced-settings').scrollIntoViewIfNeeded();
        await page.screenshot({ path: shotPath(`composer-${label}-${scheme}`) });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('message-image-settings').last().scrollIntoViewIfNeeded();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await settle();
      await page.screenshot({ path: shotPath(`composer-sent-settings-${scheme}`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('restores the profile and the settings when the conversation is opened again', async () => {
    await page.goto(`${base}/c`);
    await page.goto(conversationUrl);
    await page.getByTestId('composer-input').waitFor();
    expect(await page.getByTestId('profile-draft').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('advanced-count').textContent()).toContain('4');
    await page.getByTestId('advanced-toggle').click();
    expect(await page.getByTestId('seed-locked').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('seed-input').inputValue()).toBe('4242');
    expect(await page.getByTestId('steps-input').inputValue()).toBe('24');
    expect(await page.getByTestId('width-input').inputValue()).toBe('384');
    expect(await page.getByTestId('height-input').inputValue()).toBe('256');

    await page.getByTestId('advanced-reset').click();
    expect(await page.getByTestId('advanced-count').count()).toBe(0);
    expect(await page.getByTestId('seed-input').isDisabled()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
