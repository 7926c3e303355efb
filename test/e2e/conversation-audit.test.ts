// The audit timeline of a team conversation: the turn's events (its tool call among them) and a
// rename by another editor, filtered by person and by action. Named to run after chat.test.ts,
// whose first sign-up must be the server's admin.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, shotPath, signUp } from '../helpers/browser';

const base = inject('baseURL');
let tess: Awaited<ReturnType<typeof openBrowser>>;
let uma: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let conversationId = '';
let umaId = '';
const consoleErrors: string[] = [];

/** A JSON call as the signed-in person of `context`, with their CSRF token. */
async function apiAs(context: BrowserContext, method: string, path: string, data?: unknown) {
  const csrf = (await context.cookies(base)).find((c) => c.name === 'atelier_csrf')?.value ?? '';
  const res = await context.request.fetch(`${base}${path}`, {
    method,
    data,
    headers: { 'x-csrf-token': csrf },
  });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return res.status() === 204 ? null : res.json();
}

const rows = () => page.getByTestId('audit-event');
const actionsShown = async () =>
  rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));

beforeAll(async () => {
  tess = await openBrowser();
  uma = await openBrowser();
  page = tess.pages()[0] ?? (await tess.newPage());
  page.on(
    'console',
    (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} (${m.location().url})`),
  );
  await signUp(page, base, 'Tess', 'tess@example.com');
  const umaPage = uma.pages()[0] ?? (await uma.newPage());
  await signUp(umaPage, base, 'Uma', 'uma@example.com');
  umaId = (await apiAs(uma, 'GET', '/api/auth/me')).user.id;
  const { workspace } = await apiAs(tess, 'POST', '/api/workspaces', { name: 'Audit team' });
  await apiAs(tess, 'POST', `/api/workspaces/${workspace.id}/invites`, {
    email: 'uma@example.com',
    role: 'editor',
  });
  const { conversation } = await apiAs(tess, 'POST', '/api/conversations', {
    workspaceId: workspace.id,
  });
  conversationId = conversation.id;
});
afterAll(async () => {
  await tess?.dispose();
  await uma?.dispose();
});

describe('the audit timeline', () => {
  it('lists the turn, its tool call and another editor’s rename, oldest first', async () => {
    await page.goto(`${base}/c/${conversationId}`);
    await page.getByTestId('composer-input').fill('a red circle on a blue background');
    await page.getByTestId('composer-send').click();
    const answer = page.locator('[data-testid="message"][data-role="assistant"]').last();
    await expect
      .poll(() => answer.getAttribute('data-status'), { timeout: 120_000 })
      .toBe('complete');
    await apiAs(uma, 'PATCH', `/api/conversations/${conversationId}`, { title: 'Red circle' });

    await page.getByTestId('conversation-title').waitFor();
    await page.locator('header', { has: page.getByTestId('audit-open') }).screenshot({
      path: shotPath('audit-header'),
    });
    await page.getByTestId('audit-open').click();
    const drawer = page.getByTestId('audit-timeline');
    await drawer.waitFor();
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBeGreaterThan(5);
    const actions = await actionsShown();
    expect(actions.slice(0, 2)).toEqual(['conversation.created', 'message.created']);
    for (const a of ['tool.called', 'generation.started', 'generation.completed', 'tool.result'])
      expect(actions).toContain(a);
    expect(actions.indexOf('tool.called')).toBeLessThan(actions.indexOf('tool.result'));
    expect(actions.at(-1)).toBe('conversation.renamed');
    const call = rows()
      .filter({ has: page.locator('text=tool.called') })
      .first();
    expect(await call.innerText()).toMatch(/Tess[\s\S]*generate_image call/);
    await page.screenshot({ path: shotPath('audit-timeline') });
  });

  it('filters by person and by action', async () => {
    await page.getByTestId('audit-filter-actor').selectOption({ label: 'Uma' });
    await expect
      .poll(async () => (await actionsShown()).join(','), { timeout: 10_000 })
      .toBe('conversation.renamed');
    expect(await rows().first().getAttribute('data-actor')).toBe(`user:${umaId}`);
    expect(await rows().first().innerText()).toContain('Uma');

    await page.getByTestId('audit-filter-action').selectOption('tool.called');
    await page.getByTestId('audit-empty').waitFor({ timeout: 10_000 });
    await page.getByTestId('audit-filter-actor').selectOption('');
    await expect
      .poll(async () => [...new Set(await actionsShown())].join(','), { timeout: 10_000 })
      .toBe('tool.called');
    await page.screenshot({ path: shotPath('audit-timeline-filtered') });

    await page.getByTestId('audit-close').click();
    await page.getByTestId('audit-timeline').waitFor({ state: 'detached' });
  });

  it('logged no console errors', () => {
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
