// The gallery of a conversation with a draft and its HD regenerate: filters, the viewer (zoom,
// arrows, focus, recipe, download of the stored bytes) and the draft-vs-HD compare, at desktop
// width and at 390 px. Named to run after chat.test.ts, whose first sign-up must be the admin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readZip } from '../../lib/export/zip-read';
import { openBrowser, shotPath, signUp, storedWidth } from '../helpers/browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let conversationUrl = '';
const consoleErrors: string[] = [];

const assistants = () => page.locator('[data-testid="message"][data-role="assistant"]');
const items = () => page.getByTestId('gallery-item');
const lightbox = () => page.getByTestId('lightbox');
const shot = (name: string) => page.screenshot({ path: shotPath(`gallery-${name}`) });
const inLightbox = () =>
  page.evaluate(() =>
    Boolean(document.querySelector('[data-testid="lightbox"]')?.contains(document.activeElement)),
  );

async function renderedWidth(at: number) {
  const image = assistants().nth(at).getByTestId('generated-image').first();
  await image.waitFor({ timeout: 240_000 });
  await expect.poll(() => storedWidth(image), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect
    .poll(() => assistants().nth(at).getAttribute('data-status'), { timeout: 60_000 })
    .toBe('complete');
  return storedWidth(image);
}

beforeAll(async () => {
  browser = await openBrowser();
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on(
    'console',
    (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} (${m.location().url})`),
  );
  await signUp(page, base, 'Gia', 'gia@example.com');
});
afterAll(() => browser?.dispose());

describe('the gallery', () => {
  it('renders a draft, then the same request in HD', async () => {
    await page.getByTestId('new-conversation').click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}/);
    conversationUrl = page.url();
    await page
      .getByTestId('composer-input')
      .fill('a red circle on a blue background with the headline "Sale"');
    await page.getByTestId('profile-draft').click();
    await page.getByTestId('composer-send').click();
    expect(await renderedWidth(0)).toBe(512);
    await page.getByTestId('profile-hd').click();
    await page.getByTestId('regenerate').last().click();
    await expect.poll(() => assistants().count(), { timeout: 15_000 }).toBe(1);
    expect(await renderedWidth(0)).toBe(1536);
  }, 360_000);

  it('opens from the conversation header and filters by profile', async () => {
    await page.getByTestId('conversation-images').click();
    await page.waitForURL(/\/images$/);
    await expect.poll(() => items().count(), { timeout: 15_000 }).toBe(2);
    expect(
      await items().evaluateAll((els) => els.map((e) => e.getAttribute('data-profile'))),
    ).toEqual(['hd', 'draft']);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="gallery-item"] img')].every(
        (i) => (i as HTMLImageElement).complete,
      ),
    );
    await shot('desktop');
    await page.getByTestId('gallery-filter-profile').selectOption('hd');
    await expect.poll(() => items().count()).toBe(1);
    await page.getByTestId('gallery-filter-profile').selectOption('');
    await expect.poll(() => items().count()).toBe(2);
  });

  it('shows an image at full size with what made it, zooms and moves with the arrows', async () => {
    const tile = items().first().locator('button');
    await tile.click();
    await lightbox().waitFor();
    const full = page.getByTestId('lightbox-image');
    await expect
      .poll(() => full.evaluate((el) => (el as HTMLImageElement).naturalWidth))
      .toBe(1536);
    const facts = await page.getByTestId('image-facts').innerText();
    expect(facts).toMatch(/Profile\s+HD/);
    expect(facts).toMatch(/Seed\s+\d+/);
    expect(facts).toMatch(/OCR accuracy\s+\d\.\d\d/);
    expect(await page.getByTestId('image-reasons').innerText()).toMatch(/hires pass/);
    await shot('lightbox');

    await page.keyboard.press('+');
    await expect.poll(() => page.getByTestId('zoom-level').innerText()).not.toBe('Fit');
    await page.getByTestId('zoom-actual').click();
    expect(await page.getByTestId('zoom-level').innerText()).toBe('100%');
    expect(await full.evaluate((el) => el.getBoundingClientRect().width)).toBe(1536);
    await page.getByTestId('zoom-in').click();
    expect(await page.getByTestId('zoom-level').innerText()).toBe('200%');
    await shot('lightbox-zoomed');
    await page.keyboard.press('0');
    expect(await page.getByTestId('zoom-level').innerText()).toBe('Fit');

    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('lightbox-position').innerText()).toBe('2 / 2');
    expect(await page.getByTestId('image-facts').innerText()).toMatch(/Profile\s+Draft/);
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByTestId('lightbox-position').innerText()).toBe('1 / 2');

    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 3 ? 'Tab' : 'Shift+Tab');
      expect(await inLightbox(), `focus after ${i + 1} tabs`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await lightbox().waitFor({ state: 'detached' });
    expect(await tile.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('copies the recipe and downloads the stored bytes under a telling name', async () => {
    await items().first().locator('button').click();
    await page.getByTestId('copy-recipe').click();
    await expect.poll(() => page.getByTestId('copy-recipe').innerText()).toBe('Copied');
    const recipe = await page.evaluate(() => navigator.clipboard.readText());
    expect(recipe).toMatch(/^npm run -s atelier -- generate/);
    expect(recipe).toMatch(/--profile hd/);
    expect(recipe).toMatch(/--seed \d+/);

    const id = (await lightbox().getAttribute('data-image-id')) as string;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('image-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^atelier-a-red-circle-on-a-blue-background-[a-z-]*hd-seed\d+-[0-9a-f]{12}\.png$/,
    );
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-dl-')), 'image.png');
    await download.saveAs(saved);
    const stored = await browser.request.get(`${base}/api/artifacts/${id}`);
    expect(Buffer.from(await stored.body()).equals(fs.readFileSync(saved))).toBe(true);
    // The PNG keeps what made it.
    expect(fs.readFileSync(saved).toString('latin1')).toContain('atelier-image/1');
  });

  it('compares the draft and the HD render by slider and side by side', async () => {
    await page.getByTestId('compare-counterpart').click();
    const view = page.getByTestId('compare-view');
    await view.waitFor();
    expect(await view.getByRole('heading').innerText()).toBe('Draft vs HD');
    await page.getByTestId('compare-range').fill('30');
    const metrics = await page.getByTestId('compare-metrics').innerText();
    expect(metrics).toMatch(/Size\s+512×512\s+1536×1536/);
    expect(metrics).toMatch(/Sharpness/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="compare-slider"] img')].every(
        (i) => (i as HTMLImageElement).complete,
      ),
    );
    await shot('compare-slider');
    await page.getByTestId('compare-mode-side').click();
    await page.getByTestId('compare-side').waitFor();
    await shot('compare-side');
    await page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
    // Back in the viewer it was opened from.
    await lightbox().waitFor();
    await page.keyboard.press('Escape');
    await lightbox().waitFor({ state: 'detached' });
  });

  it('picks any two images to compare, and lists the workspace from the sidebar', async () => {
    await page.getByTestId('compare-pick').click();
    await items().nth(0).locator('button').click();
    await items().nth(1).locator('button').click();
    await page.getByTestId('compare-picked').click();
    await page.getByTestId('compare-view').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('workspace-images').click();
    await page.waitForURL(/\/images$/);
    await expect.poll(() => items().count(), { timeout: 15_000 }).toBe(2);
  });

  it('approves an image with a comment in the viewer and filters by review', async () => {
    await page.goto(`${conversationUrl}/images`);
    await expect.poll(() => items().count(), { timeout: 15_000 }).toBe(2);
    await items().first().locator('button').click();
    await lightbox().waitFor();
    await page.getByTestId('review-comment').fill('Headline reads well; ship it');
    await page.getByTestId('review-approve').click();
    await expect.poll(() => page.getByTestId('review-state').innerText()).toContain('Approved');
    await shot('lightbox-approved');
    await page.keyboard.press('Escape');
    await lightbox().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('gallery-item-review').count()).toBe(1);
    await page.getByTestId('gallery-filter-review').selectOption('approved');
    await expect.poll(() => items().count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('gallery-filter-review').selectOption('unreviewed');
    await expect.poll(() => items().count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('gallery-filter-review').selectOption('');
  });

  it('exports the approved images only, from the export dialog', async () => {
    await page.goto(conversationUrl);
    await page.getByTestId('export-open').click();
    const only = page.getByTestId('export-approved-only');
    await expect.poll(() => only.isEnabled()).toBe(true);
    await only.check();
    expect(await page.getByTestId('export-contents').innerText()).toContain('The 1 approved image');
    await shot('export-approved-only');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-download').click(),
    ]);
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pkg-')), 'p.zip');
    await download.saveAs(saved);
    const manifest = (await readZip(saved)).get('manifest.json')!.toString('utf8');
    expect(JSON.parse(manifest).counts.artifacts).toBe(1);
    await page.getByTestId('export-close').click();
  });

  it('works at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${conversationUrl}/images`);
    await expect.poll(() => items().count(), { timeout: 15_000 }).toBe(2);
    await shot('390-grid');
    await items().first().locator('button').click();
    await lightbox().waitFor();
    await shot('390-lightbox');
    await page.getByTestId('compare-counterpart').click();
    await page.getByTestId('compare-view').waitFor();
    await shot('390-compare');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
