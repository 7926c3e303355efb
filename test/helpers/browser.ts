import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

/** How Debian's chromium runs here: headless, and quiet on this machine's closed network. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's chromium with a fresh profile: each context is a separate person. */
export async function openBrowser(): Promise<BrowserContext & { dispose(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  return Object.assign(context, {
    async dispose() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  });
}

export const SHOTS = path.resolve('test-results', 'screens');
export const shotPath = (name: string) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, `${name}.png`);
};

/** Signs up through the form and waits for the workspace. */
export async function signUp(p: Page, base: string, name: string, email: string) {
  await p.goto(`${base}/signup`);
  await p.getByTestId('signup-name').fill(name);
  await p.getByTestId('signup-email').fill(email);
  await p.getByTestId('signup-password').fill('correct horse battery');
  await p.getByTestId('signup-submit').click();
  await p.waitForURL(/\/c(\/|$)/);
}

/** Opens a new conversation, asks for one draft and waits for the answer; returns its address. */
export async function renderOneDraft(p: Page, request = 'a red circle on a blue background') {
  await p.getByTestId('new-conversation').click();
  await p.waitForURL(/\/c\/[0-9a-f-]{36}/);
  await p.getByTestId('composer-input').fill(request);
  await p.getByTestId('composer-send').click();
  await p
    .locator('[data-testid="message"][data-role="assistant"][data-status="complete"]')
    .waitFor({ timeout: 120_000 });
  return p.url();
}

/**
 * The width of the stored file behind a chat image (its `data-full`; the chat shows a WebP preview),
 * read by decoding that file in the page; 0 while the preview has not loaded.
 */
export const storedWidth = (image: Locator) =>
  image.evaluate(async (el) => {
    const img = el as HTMLImageElement;
    if (!img.complete || !img.naturalWidth || !img.dataset.full) return 0;
    const file = await fetch(img.dataset.full);
    return (await createImageBitmap(await file.blob())).width;
  });
