/**
 * Runs `work` and yields its progress reports as they arrive, then returns its result. Reports
 * that arrive faster than they are consumed collapse into the latest one, and nothing is yielded
 * once the work has settled (its final result follows instead).
 */
export async function* latestProgress<P, R>(
  work: (report: (p: P) => void) => Promise<R>,
): AsyncGenerator<P, R> {
  const reports: P[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const job = work((p) => {
    reports.push(p);
    wake?.();
  });
  job
    .finally(() => {
      done = true;
      wake?.();
    })
    .catch(() => undefined);
  while (!done) {
    if (!reports.length) await new Promise<void>((r) => (wake = r));
    wake = null;
    const latest = reports.splice(0);
    if (latest.length && !done) yield latest[latest.length - 1];
  }
  return job;
}
