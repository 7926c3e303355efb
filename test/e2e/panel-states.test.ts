// Every panel that loads data says so when it has none and when the load fails: a fresh account's
// empty states, then each panel's API answering 503 (the browser's own requests, intercepted), a
// message that names what failed, and "Try again" that loads it once the server answers again.
// Named to run after chat.test.ts, whose first sign-up must be the server's admin.
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, renderOneDraft, shotPath, signUp } from '../helpers/browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let chatUrl = '';
const OUTAGE = 'the server is restarting';

const unavailable = (route: Route) =>
  route.fulfill({
    status: 503,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'unavailable', message: OUTAGE } }),
  });

/**
 * Fails the requests matching `url` while `open` shows the panel, checks the alert in `testId`
 * names `what` and the outage, then lets requests through and retries: the alert goes.
 */
async function failsThenRetries(
  url: string | RegExp,
  testId: string,
  what: RegExp,
  open: () => Promise<void>,
  shot: string,
) {
  await page.route(url, unavailable);
  await open();
  const alert = page.getByTestId(testId);
  await alert.waitFor({ timeout: 15_000 });
  expect(await alert.getAttribute('role')).toBe('alert');
  const text = await alert.innerText();
  expect(text).toMatch(what);
  expect(text.toLowerCase()).toContain(OUTAGE);
  await page.screenshot({ path: shotPath(`panel-error-${shot}`) });
  await page.unroute(url, unavailable);
  await alert.getByTestId('retry').click();
  await alert.waitFor({ state: 'detached', timeout: 15_000 });
}

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
});
afterAll(() => browser?.dispose());

describe('empty and error states of the panels', () => {
  it("a fresh account's panels say they are empty", async () => {
    await signUp(page, base, 'Ola', 'ola@example.com');
    await page.getByTestId('conversation-list-empty').waitFor();
    expect(await page.getByTestId('conversation-list-empty').innerText()).toBe(
      'No conversations yet.',
    );
    await page.getByTestId('new-conversation-empty').waitFor();
    await page.screenshot({ path: shotPath('panel-empty-workspace') });
    await page.getByTestId('new-conversation-empty').click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
    await page.getByTestId('references-toggle').click();
    await page.getByTestId('references-panel').getByText('No references yet').waitFor();
    await page.goto(`${page.url()}/images`);
    await page.getByTestId('gallery-empty').waitFor();
    await page.screenshot({ path: shotPath('panel-empty-gallery') });
  });

  it('each panel names a failed load and loads again on "Try again"', async () => {
    chatUrl = await renderOneDraft(page);
    await failsThenRetries(
      /\/api\/conversations\?/,
      'conversation-list-error',
      /^The conversations could not be loaded/,
      // The chat pages' HTML brings the list; the workspace's images page asks the API for it.
      () => page.goto(`${base}/images`).then(() => undefined),
      'conversations',
    );
    await page.getByTestId('conversation-list').locator('li').first().waitFor();

    await failsThenRetries(
      /\/api\/references\?/,
      'references-error',
      /^The references could not be loaded/,
      async () => {
        // The page's HTML brings the references; back at a page the router kept, the chat asks
        // the API for them.
        await page.goto(chatUrl);
        await page.getByTestId('conversation-images').click();
        await page.waitForURL(/\/images$/);
        await page.goBack();
        await page.getByTestId('references-toggle').click();
      },
      'references',
    );
    await page.getByTestId('references-panel').getByText('No references yet').waitFor();

    await failsThenRetries(
      /\/api\/conversations\/[^/]+\/audit/,
      'audit-error',
      /^The audit log could not be loaded/,
      async () => {
        await page.goto(chatUrl);
        await page.getByTestId('audit-open').click();
      },
      'audit',
    );
    await page.getByTestId('audit-event').first().waitFor();

    await failsThenRetries(
      /\/api\/images\?/,
      'gallery-error',
      /^The images could not be loaded/,
      () => page.goto(`${chatUrl}/images`).then(() => undefined),
      'gallery',
    );
    await page.getByTestId('gallery-item').first().waitFor();

    await failsThenRetries(
      /\/api\/workspaces\/[^/]+\/members$/,
      'members-error',
      /server is restarting/,
      () => page.goto(`${base}/settings`).then(() => undefined),
      'members',
    );
    await page.getByTestId('members-section').getByText('ola@example.com').first().waitFor();
  }, 240_000);
});
