// Light and dark themes follow the system setting: the chat with an image and the settings page,
// at desktop width and at 390 px, in both schemes (screenshots kept under test-results/screens).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, renderOneDraft, shotPath, signUp } from '../helpers/browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let chatUrl = '';

/** Relative luminance (0 black, 1 white) of a computed CSS colour. */
async function luminanceOf(p: Page, selector: string, prop: 'backgroundColor' | 'color') {
  return p.evaluate(
    ([sel, key]) => {
      const el = document.querySelector(sel) as HTMLElement;
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = getComputedStyle(el)[key as 'color'];
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      const lin = (c: number) => {
        const v = c / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    },
    [selector, prop] as const,
  );
}

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  await signUp(page, base, 'Noor', 'noor@example.com');
  chatUrl = await renderOneDraft(page);
});
afterAll(() => browser?.dispose());

describe('themes', () => {
  for (const scheme of ['light', 'dark'] as const)
    it(`follows a ${scheme} system setting on the chat and settings pages`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height, label] of [
        [1280, 800, 'desktop'],
        [390, 844, 'phone'],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(chatUrl);
        await page.getByTestId('composer-input').waitFor();
        const page_ = await luminanceOf(page, 'body', 'backgroundColor');
        const text = await luminanceOf(page, 'body', 'color');
        if (scheme === 'dark') {
          expect(page_).toBeLessThan(0.05);
          expect(text).toBeGreaterThan(0.6);
        } else {
          expect(page_).toBeGreaterThan(0.9);
          expect(text).toBeLessThan(0.05);
        }
        await page.screenshot({ path: shotPath(`theme-${scheme}-${label}-chat`) });
        await page.getByTestId('references-toggle').click();
        await page.waitForTimeout(300);
        await page.screenshot({ path: shotPath(`theme-${scheme}-${label}-references`) });
        await page.goto(`${base}/settings`);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: shotPath(`theme-${scheme}-${label}-settings`) });
      }
    });
});
