// The chat page of the production build as a browser gets it (issue 17): the JavaScript it ships
// (gzip; goal ≤ 250 KB) and Lighthouse's performance score (goal ≥ 90), median of BENCH_RUNS runs
// (default 3), on a conversation with one rendered image. Writes bench/results/ui.json.
import { machine } from '../lib/util/machine';
import { openBrowser, signUp } from '../test/helpers/browser';
import { ensureBuild, startServer } from './load-server';
import { runBench, writeResult } from './results';
import { round, summary } from './stats';
import { scriptBytes } from './ui-bundle';
import { type LighthouseRun, lighthouseRun } from './ui-lighthouse';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => summary(xs).p50;

runBench(async () => {
  const build = ensureBuild();
  const server = await startServer({ ATELIER_OFFLINE_DELAY_MS: '0' });
  const browser = await openBrowser();
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await signUp(page, server.base, 'Bench', 'bench@example.com');
    await page.getByTestId('new-conversation').click();
    await page.waitForURL(/\/c\/[0-9a-f-]{36}/);
    const chatUrl = page.url();
    await page.getByTestId('composer-input').fill('a red circle on a blue background');
    await page.getByTestId('composer-send').click();
    await page
      .locator('[data-testid="message"][data-role="assistant"][data-status="complete"]')
      .waitFor({ timeout: 120_000 });
    const cookie = (await browser.cookies(server.base))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');

    // A cold load: a new page of the signed-in browser with its cache turned off.
    const fresh = await browser.newPage();
    const cdp = await browser.newCDPSession(fresh);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const js = await scriptBytes(fresh, chatUrl);

    const runs: LighthouseRun[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await lighthouseRun(chatUrl, cookie));
    const pick = (k: keyof LighthouseRun) => round(median(runs.map((r) => r[k])));
    writeResult('ui', {
      machine: machine(),
      build,
      page: 'chat (/c/:id) with one draft image, signed in',
      javascript: {
        ...js,
        gzipKB: round(js.gzipBytes / 1024),
        goal: 'gzip ≤ 250 KB',
      },
      lighthouse: {
        version: '12.8.2',
        runs: RUNS,
        median: {
          performance: pick('performance'),
          fcpMs: pick('fcpMs'),
          lcpMs: pick('lcpMs'),
          tbtMs: pick('tbtMs'),
          cls: pick('cls'),
          speedIndexMs: pick('speedIndexMs'),
        },
        each: runs,
        goal: 'performance ≥ 90',
      },
    });
  } finally {
    await browser.dispose();
    await server.stop();
  }
});
