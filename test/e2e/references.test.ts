import type { JSHandle, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, shotPath, signUp } from '../helpers/browser';
import { makePdf } from '../helpers/pdf';
import {
  BRIEF_PAGES,
  COPY_CSV,
  MOODBOARD_COLOURS,
  moodboardPng,
  textPng,
} from '../helpers/reference-files';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
const consoleErrors: string[] = [];

type FileSpec = { name: string; type: string; bytes: Uint8Array | string };

/** A DataTransfer in the page holding `files`, as a drop or a paste carries them. */
async function transfer(files: FileSpec[]): Promise<JSHandle<DataTransfer>> {
  const specs = files.map((f) => ({
    name: f.name,
    type: f.type,
    b64: Buffer.from(f.bytes).toString('base64'),
  }));
  return page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list)
      dt.items.add(
        new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }),
      );
    return dt;
  }, specs);
}

/** A new conversation, once its session (not the one before it) is on the page. */
async function newConversation() {
  const before = page.url();
  await page.getByTestId('new-conversation').click();
  // The URL must change: on a conversation page the old one already matches the pattern.
  await page.waitForURL((url) => url.href !== before && /\/c\/[0-9a-f-]{36}$/.test(url.pathname));
  const id = new URL(page.url()).pathname.split('/').pop();
  await page.locator(`[data-testid="chat-session"][data-conversation-id="${id}"]`).waitFor();
}

const answer = () => page.locator('[data-testid="message"][data-role="assistant"]').last();
const viewer = () => page.getByTestId('reference-viewer');
const closeViewer = async () => {
  await viewer().getByTestId('reference-viewer-close').click();
  await viewer().waitFor({ state: 'detached' });
};

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on(
    'console',
    (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} (${m.location().url})`),
  );
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await signUp(page, base, 'Rita', 'rita@example.com');
});
afterAll(() => browser?.dispose());

describe('references in the chat', () => {
  it('shows upload progress for a large file (on a throttled connection) and lets it be cancelled', async () => {
    await newConversation();
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 64 * 1024,
    });
    const rows = [
      'sku,copy',
      ...Array.from(
        { length: 12_000 },
        (_, i) => `SKU-${i},Line of copy number ${i} for the catalogue`,
      ),
    ].join('\n');
    await page
      .getByTestId('attach-input')
      .setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
    const bar = page.getByTestId('attachment-progress');
    await bar.waitFor();
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 15_000 })
      .toBeGreaterThan(5);
    expect(await page.getByTestId('attachment').innerText()).toMatch(/Uploading… \d+%/);
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true);
    await page.screenshot({ path: shotPath('references-01-upload-progress') });
    await page.getByTestId('attachment-remove').click();
    expect(await page.getByTestId('attachment').count()).toBe(0);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
    // Cancelled before it arrived: nothing was stored.
    await page.getByTestId('references-toggle').click();
    await page.getByTestId('references-panel').getByText('No references yet').waitFor();
  });

  it('takes a dropped PDF, a pasted CSV and a picked PNG; a file that is not what its name says is refused with the reason', async () => {
    await newConversation();
    const zone = page.getByTestId('drop-zone');
    const pdf = await transfer([
      {
        name: 'brief.pdf',
        type: 'application/pdf',
        bytes: makePdf(BRIEF_PAGES, { title: 'Spring Launch Brief', author: 'Ann Planner' }),
      },
    ]);
    const drag = (type: string) =>
      zone.evaluate(
        (el, [t, dt]) =>
          el.dispatchEvent(
            new DragEvent(t as string, {
              dataTransfer: dt as DataTransfer,
              bubbles: true,
              cancelable: true,
            }),
          ),
        [type, pdf] as const,
      );
    expect(await drag('dragenter')).toBe(false); // the zone took it (preventDefault)
    await drag('dragover');
    await page.getByTestId('drop-overlay').waitFor();
    await page.screenshot({ path: shotPath('references-02-drop-overlay') });
    await drag('drop');
    expect(await page.getByTestId('drop-overlay').count()).toBe(0);

    const csv = await transfer([{ name: 'copy.csv', type: 'text/csv', bytes: COPY_CSV }]);
    await page
      .getByTestId('composer-input')
      .evaluate(
        (el, dt) =>
          el.dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
          ),
        csv,
      );
    await page.getByTestId('attach-input').setInputFiles([
      { name: 'moodboard.png', mimeType: 'image/png', buffer: await moodboardPng() },
      {
        name: 'logo.png',
        mimeType: 'image/png',
        buffer: Buffer.from('this is plain text, not a PNG at all\n'),
      },
    ]);

    const items = page.getByTestId('attachment');
    await expect
      .poll(
        async () =>
          (await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).sort(),
        { timeout: 30_000 },
      )
      .toEqual(['failed', 'ready', 'ready', 'ready']);
    expect(
      (await items.allInnerTexts()).map((t) => t.split('\n').filter(Boolean).slice(0, 2).join(' ')),
    ).toEqual(['PDF brief.pdf', 'CSV copy.csv', 'PNG moodboard.png', 'FILE logo.png']);
    const refusal = await page.getByTestId('attachment-error').innerText();
    expect(refusal).toBe(
      'The file is named .png but its content is CSV text; rename it to .csv if that is what it is',
    );
    const panel = page.getByTestId('references-panel');
    await expect.poll(() => panel.getByTestId('reference-item').count()).toBe(3);
    await page.screenshot({ path: shotPath('references-03-attached') });
    await items.filter({ hasText: 'logo.png' }).getByTestId('attachment-remove').click();
    expect(await items.count()).toBe(3);
  });

  it('a banner request reads them and cites each use; the chips open the reference where it was used', async () => {
    await page
      .getByTestId('composer-input')
      .fill('Make a banner for the spring launch using row 14 of the copy');
    await page.getByTestId('composer-send').click();
    await expect
      .poll(() => answer().getAttribute('data-status'), { timeout: 90_000 })
      .toBe('complete');
    expect(await page.getByTestId('attachment').count()).toBe(0);
    const sent = page.getByTestId('message-attachments').last();
    expect(
      (await sent.getByTestId('message-attachment').allInnerTexts()).map((t) =>
        t.replace(/\s+/g, ''),
      ),
    ).toEqual(['PDFbrief.pdf', 'CSVcopy.csv', 'PNGmoodboard.png']);

    const read = answer().getByTestId('read-reference');
    expect(await read.innerText()).toMatch(/Read 3 references/);
    expect(await read.innerText()).toContain('Crisp greens, delivered daily');
    const text = answer().locator('.md').last();
    const labels = await text
      .getByTestId('reference-cite')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    expect(new Set(labels)).toEqual(
      new Set(['[brief.pdf p.2]', '[copy.csv row 14]', '[moodboard.png palette]']),
    );
    expect(await answer().locator('img').count()).toBeGreaterThan(0);
    await read.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shotPath('references-04-answer') });

    await text.locator('[data-label="[copy.csv row 14]"]').first().click();
    await viewer().getByTestId('csv-row-cited').waitFor();
    expect(await viewer().getAttribute('data-kind')).toBe('csv');
    expect(await viewer().getByTestId('csv-row-cited').getAttribute('data-row')).toBe('14');
    expect(await viewer().getByTestId('csv-row-cited').innerText()).toContain(
      'Crisp greens, delivered daily',
    );
    expect(await viewer().getByTestId('csv-range').innerText()).toBe('Rows 1–20 of 20');
    await page.screenshot({ path: shotPath('references-05-csv-row') });
    await closeViewer();

    await text.locator('[data-label="[brief.pdf p.2]"]').first().click();
    await viewer().getByTestId('pdf-page-text').waitFor();
    expect(await viewer().getByTestId('pdf-page').getAttribute('data-page')).toBe('2');
    expect(await viewer().getByTestId('pdf-page-text').innerText()).toContain(
      'Headline: Fresh Greens Daily',
    );
    expect(await viewer().getByTestId('pdf-mark').allInnerTexts()).toContain('Fresh Greens Daily');
    const image = viewer().getByTestId('pdf-page-image');
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 30_000,
      })
      .toBe(1200);
    await page.screenshot({ path: shotPath('references-06-pdf-page') });
    await viewer().getByTestId('pdf-next').click();
    await expect
      .poll(() => viewer().getByTestId('pdf-page-text').innerText())
      .toContain('Drafts due in week 2');
    await closeViewer();

    await text.locator('[data-label="[moodboard.png palette]"]').first().click();
    await viewer().getByTestId('png-palette').waitFor();
    expect(
      (
        await viewer()
          .getByTestId('swatch')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-hex')))
      ).slice(0, 3),
    ).toEqual(MOODBOARD_COLOURS);
    await expect
      .poll(() =>
        viewer()
          .getByTestId('png-image')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBe(120);
    await page.screenshot({ path: shotPath('references-07-png-palette') });
    await closeViewer();
  });

  it('the panel opens and deletes references; nothing went wrong in the console', async () => {
    const panel = page.getByTestId('references-panel');
    await panel
      .getByTestId('reference-item')
      .filter({ hasText: 'copy.csv' })
      .getByTestId('reference-open')
      .click();
    await viewer().getByTestId('csv-table').waitFor();
    expect(await viewer().getAttribute('data-kind')).toBe('csv');
    await closeViewer();
    // Previews of the PDF and the PNG, drawn by the server on first request.
    const thumbs = panel.getByTestId('reference-thumbnail');
    await expect
      .poll(
        () =>
          thumbs.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth).sort()),
        { timeout: 30_000 },
      )
      .toEqual([120, 160]);

    // A picture with words in it: the panel takes it, and the viewer shows the text read in it.
    await panel.getByTestId('references-add-input').setInputFiles({
      name: 'tagline.png',
      mimeType: 'image/png',
      buffer: await textPng(['Fresh Greens Daily', 'Spring launch 2025']),
    });
    const tagline = panel.getByTestId('reference-item').filter({ hasText: 'tagline.png' });
    await tagline.getByTestId('reference-open').click({ timeout: 30_000 });
    await viewer().getByTestId('png-text').waitFor();
    expect(await viewer().getByTestId('png-text').innerText()).toMatch(
      /Fresh Greens Daily[\s\S]*Spring launch 2025/,
    );
    await page.screenshot({ path: shotPath('references-08-png-ocr') });
    await closeViewer();
    await page.getByTestId('attachment-remove').click();

    // A catalogue over 4 MB, read by both parse workers: a row far past the cut reads back by number.
    const big = [
      'id,sku,copy,price',
      ...Array.from(
        { length: 100_000 },
        (_, k) => `${k + 1},SKU-${k + 1},"Copy for row ${k + 1}, fresh ✓",${(k % 500) / 4}`,
      ),
    ].join('\n');
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    await panel
      .getByTestId('references-add-input')
      .setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
    await panel
      .getByTestId('reference-item')
      .filter({ hasText: 'catalogue.csv' })
      .getByTestId('reference-open')
      .click({ timeout: 60_000 });
    await viewer().getByTestId('csv-goto').fill('87654');
    await viewer().getByTestId('csv-goto').press('Enter');
    await expect
      .poll(() => viewer().getByTestId('csv-row-cited').getAttribute('data-row'), {
        timeout: 15_000,
      })
      .toBe('87654');
    expect(await viewer().getByTestId('csv-row-cited').innerText()).toContain(
      'Copy for row 87654, fresh ✓',
    );
    await viewer().getByText('4 columns · utf-8').click();
    const stats = await viewer().getByTestId('csv-columns').innerText();
    expect(stats).toMatch(/id\s+integer\s+0\s+1,000\+\s+1\s+100,000/);
    expect(stats).toMatch(/price\s+number\s+0\s+500\s+0\s+124\.75/);
    await page.screenshot({ path: shotPath('references-08b-large-csv') });
    await closeViewer();
    await page.getByTestId('attachment-remove').click();

    const png = panel.getByTestId('reference-item').filter({ hasText: 'moodboard.png' });
    await png.hover();
    await png.getByTestId('reference-delete').click();
    await page.screenshot({ path: shotPath('references-09-panel-delete') });
    await png.getByTestId('reference-delete-confirm').click();
    await expect.poll(() => panel.getByTestId('reference-item').count()).toBe(4);
    expect(await page.getByTestId('references-toggle').innerText()).toBe('References · 4');
    // A citation of the deleted PNG still opens the viewer, which says the reference is gone.
    await answer()
      .locator('.md')
      .last()
      .locator('[data-label="[moodboard.png palette]"]')
      .first()
      .click();
    const gone = viewer().getByRole('alert');
    await gone.waitFor();
    expect(await gone.innerText()).toBe('Reference not found');
    await page.screenshot({ path: shotPath('references-09b-deleted-citation') });
    await closeViewer();

    // On a phone-sized screen the panel starts closed and, when opened, covers the chat.
    await page.setViewportSize({ width: 390, height: 780 });
    await page.reload();
    await page.getByTestId('references-toggle').waitFor();
    expect(await panel.count()).toBe(0);
    await page.getByTestId('references-toggle').click();
    await expect.poll(() => panel.getByTestId('reference-item').count()).toBe(4);
    const box = (await panel.boundingBox())!;
    expect(box.x + box.width).toBeCloseTo(390, 0);
    await page.screenshot({ path: shotPath('references-10-narrow-panel') });
    await page.setViewportSize({ width: 1280, height: 800 });
    // Reloaded on a wide screen, the panel opens after hydration: the answer's markdown is the
    // server's HTML (no parser ran for it), and its labels open the reference where they point.
    await page.reload();
    await answer().locator('.md[data-kept]').first().waitFor();
    await panel.waitFor();
    expect(await answer().locator('.md:not([data-kept])').count()).toBe(0);
    expect(await answer().locator('.md strong').count()).toBeGreaterThan(0);
    await answer()
      .locator('.md')
      .last()
      .locator('[data-label="[copy.csv row 14]"]')
      .first()
      .click();
    expect(await viewer().getByTestId('csv-row-cited').getAttribute('data-row')).toBe('14');
    await closeViewer();
    // The browser logs the refused logo.png upload (HTTP 400) and the deleted PNG's lookup (HTTP 404)
    // as failed resources; those were meant.
    const meant = [
      /status of 400 .*\/api\/references\?conversationId=[0-9a-f-]{36}\)$/,
      /status of 404 .*\/api\/references\/[0-9a-f-]{36}\)$/,
    ];
    expect(consoleErrors.filter((e) => !meant.some((m) => m.test(e)))).toEqual([]);
  });
});
