// The whole journey a team member takes, in one browser, then a second account in another:
// sign up → attach a brief PDF, a copy CSV and a moodboard PNG → ask for a banner that uses the
// brief's headline and looks up banner typography → research, then a draft → HD regenerate with
// the exact headline read back by OCR → viewer → compare → approve → export the approved image →
// the second account imports the package and sees it verified. Screenshots of each step, then of
// the main screens light and dark at desktop width and at 390 px, under test-results/screens.
// Named to run after chat.test.ts, whose first sign-up must be the server's admin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, shotPath, signUp, storedWidth } from '../helpers/browser';
import { makePdf } from '../helpers/pdf';
import { BRIEF_PAGES, COPY_CSV, moodboardPng } from '../helpers/reference-files';

const base = inject('baseURL');
const HEADLINE = 'Fresh Greens Daily';
let first: Awaited<ReturnType<typeof openBrowser>>;
let second: Awaited<ReturnType<typeof openBrowser>>;
let jo: Page;
let kai: Page;
let chatUrl = '';
let importedUrl = '';
let packageFile = '';
const consoleErrors: string[] = [];
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-journey-'));

const assistant = () => jo.locator('[data-testid="message"][data-role="assistant"]').last();
const shot = (p: Page, name: string) => p.screenshot({ path: shotPath(`journey-${name}`) });

/** The assistant's last message once complete, with its image loaded at `width`. */
async function renderedAt(width: number) {
  await expect
    .poll(() => assistant().getAttribute('data-status'), { timeout: 360_000, interval: 1000 })
    .toBe('complete');
  const image = assistant().getByTestId('generated-image').first();
  await expect.poll(() => storedWidth(image), { timeout: 20_000 }).toBe(width);
}

beforeAll(async () => {
  first = await openBrowser();
  second = await openBrowser();
  jo = first.pages()[0] ?? (await first.newPage());
  kai = second.pages()[0] ?? (await second.newPage());
  for (const p of [jo, kai]) {
    p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    p.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  }
});
afterAll(async () => {
  await first?.dispose();
  await second?.dispose();
  fs.rmSync(downloads, { recursive: true, force: true });
});

describe('the journey from brief to a verified package', () => {
  it('signs up, opens a conversation and attaches the brief, the copy and the moodboard', async () => {
    await signUp(jo, base, 'Jo', 'jo@example.com');
    await jo.getByTestId('new-conversation').click();
    await jo.waitForURL(/\/c\/[0-9a-f-]{36}$/);
    chatUrl = jo.url();
    await jo.getByTestId('attach-input').setInputFiles([
      { name: 'brief.pdf', mimeType: 'application/pdf', buffer: makePdf(BRIEF_PAGES) },
      { name: 'copy.csv', mimeType: 'text/csv', buffer: Buffer.from(COPY_CSV) },
      { name: 'moodboard.png', mimeType: 'image/png', buffer: await moodboardPng() },
    ]);
    const attached = jo.getByTestId('attachment');
    await expect
      .poll(() => attached.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))), {
        timeout: 60_000,
      })
      .toEqual(['ready', 'ready', 'ready']);
    await shot(jo, '01-attached');
  }, 120_000);

  it('researches banner typography with live progress, then renders a draft from the brief', async () => {
    await jo.getByTestId('profile-draft').click();
    await jo
      .getByTestId('composer-input')
      .fill(
        'a spring sale banner in our brand colours with the headline from the brief; look up current banner typography',
      );
    await jo.getByTestId('composer-send').click();
    await jo.getByTestId('search-progress').waitFor({ timeout: 60_000 });
    await shot(jo, '02-research');
    await jo.getByTestId('search-results').waitFor({ timeout: 120_000 });
    expect(await jo.getByTestId('source-item').count()).toBeGreaterThan(0);
    await renderedAt(512);

    const answer = assistant();
    expect(await answer.getByTestId('read-reference').innerText()).toMatch(/Read 3 references/);
    expect(await answer.getByTestId('generation').getAttribute('data-profile')).toBe('draft');
    // Why this prompt: the brief's headline as exact text, the research as cited typography.
    const why = answer.getByTestId('prompt-why');
    await why.locator('summary').click();
    const text = why.locator('[data-testid="prompt-why-item"][data-part="text"]');
    expect(await text.innerText()).toContain(HEADLINE);
    expect(await text.innerText()).toContain('[brief.pdf p.2]');
    const typography = why.locator('[data-testid="prompt-why-item"][data-part="typography"]');
    expect(await typography.count()).toBeGreaterThan(0);
    expect(await typography.first().getByTestId('citation').count()).toBeGreaterThan(0);
    // The fixture site's injection page ("… download new fonts …") shapes nothing.
    expect(await why.innerText()).not.toMatch(/download new fonts|evil\.example/i);
    await answer.getByTestId('generation').scrollIntoViewIfNeeded();
    await shot(jo, '03-draft');
  }, 420_000);

  it('switches to HD and regenerates: the headline is set exactly and read back by OCR', async () => {
    await jo.getByTestId('profile-hd').click();
    await jo.getByTestId('regenerate').last().click();
    await jo.getByTestId('generation-progress').waitFor({ timeout: 120_000 });
    await renderedAt(1536);
    const answer = assistant();
    expect(await answer.getByTestId('generation').getAttribute('data-profile')).toBe('hd');
    const scores = await answer.getByTestId('image-scores').first().innerText();
    const ocr = /OCR (\d\.\d\d) \(read "([^"]*)" for "([^"]*)"\)/.exec(scores);
    expect(ocr?.[3]).toBe(HEADLINE);
    expect(Number(ocr?.[1])).toBeGreaterThanOrEqual(0.9);
    await answer.getByTestId('routing-details').locator('summary').click();
    expect(await answer.getByTestId('ocr-gate').innerText()).toMatch(/OCR gate: .*passed/);
    await answer.getByTestId('generation').scrollIntoViewIfNeeded();
    await shot(jo, '04-hd');
  }, 480_000);

  it('opens the HD image in the viewer from the chat and compares it with the draft', async () => {
    await assistant().getByTestId('generated-image-open').first().click();
    await jo.waitForURL(/\/images\?image=/);
    const lightbox = jo.getByTestId('lightbox');
    await lightbox.waitFor({ timeout: 20_000 });
    await expect
      .poll(() =>
        jo.getByTestId('lightbox-image').evaluate((el) => (el as HTMLImageElement).naturalWidth),
      )
      .toBe(1536);
    expect(await jo.getByTestId('image-facts').innerText()).toMatch(/OCR accuracy\s+\d\.\d\d/);
    await shot(jo, '05-viewer');
    await jo.getByTestId('compare-counterpart').click();
    const compare = jo.getByTestId('compare-view');
    await compare.waitFor();
    expect(await compare.getByRole('heading').innerText()).toBe('Draft vs HD');
    expect(await jo.getByTestId('compare-metrics').innerText()).toMatch(
      /Size\s+512×512\s+1536×1536/,
    );
    await jo.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="compare-view"] img')].every(
        (i) => (i as HTMLImageElement).complete,
      ),
    );
    await shot(jo, '06-compare');
    await jo.keyboard.press('Escape');
    await lightbox.waitFor();
  });

  it('approves the HD image with a comment', async () => {
    await jo.getByTestId('review-comment').fill('Headline matches the brief; approved for spring');
    await jo.getByTestId('review-approve').click();
    await expect.poll(() => jo.getByTestId('review-state').innerText()).toContain('Approved');
    await shot(jo, '07-approved');
    await jo.keyboard.press('Escape');
    await jo.getByTestId('lightbox').waitFor({ state: 'detached' });
  });

  it('exports the approved image only as a signed package', async () => {
    await jo.goto(chatUrl);
    await jo.getByTestId('export-open').click();
    const only = jo.getByTestId('export-approved-only');
    await expect.poll(() => only.isEnabled(), { timeout: 15_000 }).toBe(true);
    await only.check();
    await expect
      .poll(() => jo.getByTestId('export-contents').innerText())
      .toMatch(/3 references: the files \(\d+(\.\d)? K?B\)/);
    expect(await jo.getByTestId('export-contents').innerText()).toContain('The 1 approved image');
    await shot(jo, '08-export');
    const [download] = await Promise.all([
      jo.waitForEvent('download'),
      jo.getByTestId('export-download').click(),
    ]);
    packageFile = path.join(downloads, download.suggestedFilename());
    await download.saveAs(packageFile);
    await jo.getByTestId('export-done').waitFor();
    await jo.getByTestId('export-close').click();
  });

  it('a second account imports the package and sees it verified, with the approved HD image', async () => {
    await signUp(kai, base, 'Kai', 'kai@example.com');
    await kai.getByTestId('import-package-input').setInputFiles(packageFile);
    await kai.waitForURL(/\/c\/[0-9a-f-]{36}$/, { timeout: 90_000 });
    importedUrl = kai.url();
    expect(importedUrl).not.toBe(chatUrl);
    const badge = kai.getByTestId('imported-badge');
    await badge.waitFor();
    expect(await badge.innerText()).toMatch(/Verified package · signed by key [0-9a-f]{12}…/);
    await kai.getByTestId('read-only-notice').waitFor();
    await expect
      .poll(() => kai.getByTestId('references-toggle').innerText(), { timeout: 15_000 })
      .toBe('References · 3');
    const image = kai.getByTestId('generated-image').first();
    await expect
      .poll(() => storedWidth(image), {
        timeout: 20_000,
      })
      .toBe(1536);
    await shot(kai, '09-imported');
  }, 150_000);

  it('on a slow connection, a reload shows every answer as the server rendered it, and keeps it', async () => {
    // The scripts come from the cache while the page's HTML is still arriving. Every answer must
    // come formatted in its place, never as written first (React streams a large Suspense
    // boundary's content late, after its fallback), and be kept by hydration, not parsed again.
    await jo.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __shownAsWritten: string[] }).__shownAsWritten = seen;
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof Element)
              for (const md of [n, ...n.querySelectorAll('.md')])
                if (md.matches('.md.whitespace-pre-wrap')) seen.push(md.textContent ?? '');
      }).observe(document, { subtree: true, childList: true });
    });
    const cdp = await first.newCDPSession(jo);
    await cdp.send('Network.enable');
    const throttle = (downloadThroughput: number, latency: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency,
        downloadThroughput,
        uploadThroughput: -1,
      });
    const answers = jo.locator('[data-testid="message"][data-role="assistant"]');
    try {
      for (let i = 0; i < 3; i++) {
        await throttle(48 * 1024, 150);
        await jo.goto(chatUrl);
        await throttle(-1, 0);
        await expect.poll(() => answers.locator('.md:not([data-kept])').count()).toBe(0);
        const kept = await answers.locator('.md[data-kept]').count();
        expect(kept).toBeGreaterThan(0);
        expect(kept).toBe(await answers.locator('[data-md]').count());
        const shown = await jo.evaluate(
          () => (window as unknown as { __shownAsWritten: string[] }).__shownAsWritten,
        );
        expect(shown).toEqual([]);
      }
    } finally {
      await throttle(-1, 0);
      await cdp.detach();
    }
  }, 120_000);

  for (const scheme of ['light', 'dark'] as const)
    for (const [width, height, label] of [
      [1280, 800, 'desktop'],
      [390, 844, 'phone'],
    ] as const)
      it(`looks right ${scheme} at ${label} width: chat, gallery, viewer, imported`, async () => {
        for (const p of [jo, kai]) {
          await p.emulateMedia({ colorScheme: scheme });
          await p.setViewportSize({ width, height });
        }
        const name = (screen: string) => `screen-${scheme}-${label}-${screen}`;
        // The sidebar's list has loaded (hidden behind the menu on a phone, so only attached).
        const listed = (p: Page) =>
          p.getByTestId('conversation-list').waitFor({ state: 'attached' });
        await jo.goto(chatUrl);
        await assistant().getByTestId('generated-image').first().waitFor();
        await listed(jo);
        // The answers show the server's HTML of their markdown at once, never the text as written,
        // and keep it once hydrated.
        expect(await assistant().locator('.md.whitespace-pre-wrap').count()).toBe(0);
        await expect.poll(() => assistant().locator('.md:not([data-kept])').count()).toBe(0);
        await shot(jo, name('chat'));
        await jo.goto(`${chatUrl}/images`);
        await jo.getByTestId('gallery-item').nth(1).waitFor();
        await jo.waitForFunction(() =>
          [...document.querySelectorAll('[data-testid="gallery-item"] img')].every(
            (i) => (i as HTMLImageElement).complete,
          ),
        );
        await shot(jo, name('gallery'));
        await jo.getByTestId('gallery-item').first().locator('button').click();
        await jo.getByTestId('lightbox').waitFor();
        await shot(jo, name('viewer'));
        await kai.goto(importedUrl);
        await kai.getByTestId('imported-badge').waitFor();
        await listed(kai);
        await shot(kai, name('imported'));
      }, 120_000);

  it('logged no console errors', () => {
    expect(consoleErrors.filter((e) => !/404|Not Found/i.test(e))).toEqual([]);
  });
});
