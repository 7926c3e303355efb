// The chat page of the production build as a browser gets it (issue 17): the JavaScript it ships
// (gzip; goal ≤ 250 KB) and Lighthouse's performance score (goal ≥ 90), median of BENCH_RUNS runs
// (default 3), on a conversation with one rendered image. Writes bench/results/ui.json. Lighthouse
// simulates a slow phone from the timings it observes here, so other load on this machine lowers
// the score: the load average before and after is written beside it. A second figure, Lighthouse's
// desktop preset, comes after the headline one.
import os from 'node:os';
import { machine } from '../lib/util/machine';
import { openBrowser, renderOneDraft, signUp } from '../test/helpers/browser';
import { ensureBuild, startServer } from './load-server';
import { runBench, writeResult } from './results';
import { round, summary } from './stats';
import { scriptBytes } from './ui-bundle';
import { type LighthouseRun, lighthouseRun } from './ui-lighthouse';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => summary(xs).p50;

const loadAverage = () => os.loadavg().map((n) => round(n)) as [number, number, number];

runBench(async () => {
  const build = ensureBuild();
  const loadBefore = loadAverage();
  const server = await startServer({ ATELIER_OFFLINE_DELAY_MS: '0' });
  const browser = await openBrowser();
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await signUp(page, server.base, 'Bench', 'bench@example.com');
    const chatUrl = await renderOneDraft(page);
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
    const desktop: LighthouseRun[] = [];
    for (let i = 0; i < RUNS; i++) desktop.push(await lighthouseRun(chatUrl, cookie, 'desktop'));
    const medianOf = (rs: LighthouseRun[]) => {
      const pick = (k: keyof LighthouseRun) => round(median(rs.map((r) => r[k])));
      return {
        performance: pick('performance'),
        fcpMs: pick('fcpMs'),
        lcpMs: pick('lcpMs'),
        tbtMs: pick('tbtMs'),
        cls: pick('cls'),
        speedIndexMs: pick('speedIndexMs'),
      };
    };
    writeResult('ui', {
      machine: machine(),
      // 1, 5 and 15 minute load averages (os.loadavg) as the runs began and ended
      loadAverage: { before: loadBefore, after: loadAverage() },
      build,
      page: 'chat (/c/:id) with one draft image, signed in',
      javascript: {
        ...js,
        gzipKB: round(js.gzipBytes / 1024),
        goal: 'gzip ≤ 250 KB',
      },
      lighthouse: {
        version: '12.8.2',
        settings: 'default (mobile, simulated throttling)',
        runs: RUNS,
        median: medianOf(runs),
        each: runs,
        goal: 'performance ≥ 90',
      },
      lighthouseDesktop: {
        note: 'second figure only: Lighthouse desktop preset (no CPU slowdown, fast network)',
        runs: RUNS,
        median: medianOf(desktop),
        each: desktop,
      },
    });
  } finally {
    await browser.dispose();
    await server.stop();
  }
});
