import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, shotPath, signUp, storedWidth } from '../helpers/browser';
import { COPY_CSV } from '../helpers/reference-files';

const base = inject('baseURL');
let first: Awaited<ReturnType<typeof openBrowser>>;
let second: Awaited<ReturnType<typeof openBrowser>>;
let pia: Page;
let quinn: Page;
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-packages-e2e-'));
const consoleErrors: string[] = [];

const conversationId = (p: Page) => new URL(p.url()).pathname.split('/').pop()!;

async function newConversation(p: Page) {
  const before = p.url();
  await p.getByTestId('new-conversation').click();
  await p.waitForURL((u) => u.href !== before && /\/c\/[0-9a-f-]{36}$/.test(u.pathname));
}

beforeAll(async () => {
  first = await openBrowser();
  second = await openBrowser();
  pia = first.pages()[0] ?? (await first.newPage());
  quinn = second.pages()[0] ?? (await second.newPage());
  for (const p of [pia, quinn]) {
    p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    p.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  }
  await signUp(pia, base, 'Pia', 'pia@example.com');
  await signUp(quinn, base, 'Quinn', 'quinn@example.com');
});
afterAll(async () => {
  await first?.dispose();
  await second?.dispose();
  fs.rmSync(downloads, { recursive: true, force: true });
});

describe('publish packages in the browser', () => {
  it('exports from one account and imports into another as a verified, read-only conversation', async () => {
    await newConversation(pia);
    const secret = conversationId(pia);
    await pia.getByTestId('composer-input').fill('the secret launch plan');
    await pia.getByTestId('composer-send').click();
    await pia.locator('[data-testid="message"][data-role="assistant"]').first().waitFor();

    await newConversation(pia);
    const source = conversationId(pia);
    await pia.getByTestId('attach-input').setInputFiles({
      name: 'copy.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(COPY_CSV),
    });
    await expect
      .poll(() => pia.getByTestId('attachment').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('ready');
    await pia.getByTestId('composer-input').fill('a red circle on a blue background');
    await pia.getByTestId('composer-send').click();
    await pia.getByTestId('generated-image').first().waitFor({ timeout: 90_000 });
    await expect
      .poll(
        () =>
          pia
            .locator('[data-testid="message"][data-role="assistant"]')
            .last()
            .getAttribute('data-status'),
        { timeout: 30_000 },
      )
      .toBe('complete');

    await pia.getByTestId('export-open').click();
    const dialog = pia.getByTestId('export-dialog');
    await dialog.waitFor();
    // The counts follow the conversation as the page last loaded it, which catches up with the turn.
    await expect
      .poll(() => pia.getByTestId('export-contents').innerText(), { timeout: 15_000 })
      .toMatch(/Transcript of 2 messages, every branch/);
    const contents = await pia.getByTestId('export-contents').innerText();
    expect(contents).toMatch(/1 image as PNG/);
    expect(contents).toMatch(/1 reference: the files \(\d+(\.\d)? K?B\)/);
    await pia.getByTestId('export-references-hashes').check();
    expect(await pia.getByTestId('export-contents').innerText()).toMatch(
      /1 reference: names and hashes only/,
    );
    await pia.getByTestId('export-references-files').check();
    await pia.screenshot({ path: shotPath('export-dialog') });
    const [download] = await Promise.all([
      pia.waitForEvent('download'),
      pia.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^atelier-a-red-circle-on-a-blue-background-\d{4}-\d{2}-\d{2}\.zip$/,
    );
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    await pia.getByTestId('export-done').waitFor();
    await pia.getByTestId('export-close').click();

    await quinn.getByTestId('import-package-input').setInputFiles(file);
    await quinn.waitForURL(/\/c\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const imported = conversationId(quinn);
    expect(imported).not.toBe(source);
    const badge = quinn.getByTestId('imported-badge');
    await badge.waitFor();
    // Rendered in the browser, and formatted from the first frame: never the text as written.
    expect(await quinn.locator('.md.whitespace-pre-wrap').count()).toBe(0);
    expect(await quinn.locator('[data-md] > .md li').count()).toBeGreaterThan(0);
    expect(await badge.innerText()).toMatch(/Verified package · signed by key [0-9a-f]{12}…/);
    expect(await quinn.getByTestId('imported-origin').innerText()).toMatch(/Exported .+ by user/);
    await quinn.getByTestId('read-only-notice').waitFor();
    // The reference came along (read again on import); the panel opens by itself on a wide page.
    await expect
      .poll(() => quinn.getByTestId('references-toggle').innerText())
      .toBe('References · 1');
    await quinn.getByTestId('references-panel').getByText('copy.csv').waitFor();
    expect(await quinn.getByTestId('composer-input').count()).toBe(0);
    const image = quinn.getByTestId('generated-image').first();
    await expect
      .poll(() => storedWidth(image), {
        timeout: 15_000,
      })
      .toBe(512);
    await quinn.screenshot({ path: shotPath('imported-badge') });

    for (const id of [secret, source]) {
      await quinn.goto(`${base}/c/${id}`);
      await quinn.getByTestId('conversation-error').waitFor();
      expect(await quinn.getByTestId('conversation-error').innerText()).toMatch(
        /Conversation not found/,
      );
    }
    const list = await quinn.getByTestId('conversation-list').innerText();
    expect(list).toContain('a red circle on a blue background');
    expect(list).not.toContain('secret');
    expect(consoleErrors.filter((e) => !/404|Not Found/i.test(e))).toEqual([]);
  }, 240_000);

  it('says why a package is refused, and imports nothing', async () => {
    const bad = path.join(downloads, 'not-a-package.zip');
    fs.writeFileSync(bad, 'PK not really a zip');
    await quinn.getByTestId('import-package-input').setInputFiles(bad);
    const error = quinn.getByTestId('import-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/package refused: not a readable zip file/);
    expect(await quinn.getByTestId('conversation-list').locator('li').count()).toBe(1);
  });
});
