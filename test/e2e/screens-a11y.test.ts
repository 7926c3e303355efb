// Named to run after chat.test.ts, whose first sign-up must be the server's admin.
// axe-core on the main screens, light and dark, desktop and 390 px: no serious or critical WCAG
// 2.1 A/AA violation. The screens: sign-up, the chat with a rendered image, the composer's Advanced
// settings, the references panel, the export dialog, the audit drawer, the gallery and its viewer,
// and the settings.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AxeFinding, seriousViolations } from '../helpers/axe';
import { openBrowser, renderOneDraft, signUp } from '../helpers/browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let chatUrl = '';

type Screen = { name: string; open: (p: Page) => Promise<void> };

const SCREENS: Screen[] = [
  {
    name: 'chat',
    open: async (p) => {
      await p.goto(chatUrl);
      await p.getByTestId('composer-input').waitFor();
    },
  },
  {
    name: 'composer advanced settings',
    open: async (p) => {
      await p.goto(chatUrl);
      await p.getByTestId('advanced-toggle').click();
      await p.getByTestId('advanced-settings').waitFor();
    },
  },
  {
    name: 'references panel',
    open: async (p) => {
      await p.goto(chatUrl);
      await p.getByRole('button', { name: 'References' }).first().click();
      await p.waitForTimeout(300);
    },
  },
  {
    name: 'export dialog',
    open: async (p) => {
      await p.goto(chatUrl);
      await p.getByTestId('export-open').click();
      await p.getByTestId('export-dialog').waitFor();
    },
  },
  {
    name: 'gallery',
    open: async (p) => {
      await p.goto(`${chatUrl}/images`);
      await p.getByTestId('gallery-item').first().waitFor();
    },
  },
  {
    name: 'viewer',
    open: async (p) => {
      await p.goto(`${chatUrl}/images`);
      await p.getByTestId('gallery-item').first().locator('button').click();
      await p.getByTestId('lightbox').waitFor();
    },
  },
  {
    name: 'settings',
    open: async (p) => {
      await p.goto(`${base}/settings`);
      await p.waitForLoadState('networkidle');
    },
  },
];

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${base}/signup`);
  await page.getByTestId('signup-name').waitFor();
}, 60_000);
afterAll(() => browser?.dispose());

const report = (found: AxeFinding[]) =>
  found.map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.join(' | ')}`);

describe('accessibility of the main screens', () => {
  it('sign-up has no serious or critical violation, light or dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.reload();
      await page.getByTestId('signup-name').waitFor();
      expect(report(await seriousViolations(page)), `sign-up, ${scheme}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await signUp(page, base, 'Ines', 'ines@example.com');
    chatUrl = await renderOneDraft(page);
  });

  for (const scheme of ['light', 'dark'] as const)
    for (const [width, label] of [
      [1280, 'desktop'],
      [390, 'phone'],
    ] as const)
      it(`the signed-in screens pass, ${scheme} at ${label} width`, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
        const problems: string[] = [];
        for (const screen of SCREENS) {
          await screen.open(page);
          for (const line of report(await seriousViolations(page)))
            problems.push(`${screen.name}: ${line}`);
        }
        expect(problems).toEqual([]);
      });
});
