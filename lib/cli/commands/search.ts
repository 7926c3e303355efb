import { getDb } from '../../runtime/database';
import { parseProviders } from '../../search/config';
import type { DeepProgress } from '../../search/deep';
import { describeEvent } from '../../search/progress';
import { runSearch } from '../../search/service';
import { OPERATOR, operatorWorkspaceId } from '../../workspaces/operator';
import { parse } from '../args';
import { CliError, log, printable, printJson } from '../output';

export async function searchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    deep: { type: 'boolean' },
    breadth: { type: 'string' },
    depth: { type: 'string' },
    providers: { type: 'string' },
    seed: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new CliError('usage', 'search takes exactly one QUERY (quote it)');
  if (!values.deep && (values.breadth || values.depth))
    throw new CliError('usage', '--breadth and --depth apply to --deep searches');
  const options = {
    query: positionals[0],
    deep: values.deep ?? false,
    breadth: count(values.breadth, 'breadth', 8),
    depth: count(values.depth, 'depth', 4),
    providers: values.providers ? parseProviders(values.providers) : undefined,
    seeds: values.seed,
    onProgress: progressLine,
  };
  const db = await getDb();
  const outcome = await runSearch(db, OPERATOR, await operatorWorkspaceId(db), options);
  if (values.json) {
    printJson({
      query: outcome.query,
      answer: outcome.answer,
      citations: outcome.citations.map((c) => ({
        n: c.n,
        url: c.url,
        passage: c.passage,
        title: c.title,
        status: c.status,
        sourceId: c.sourceId,
        start: c.start,
        end: c.end,
      })),
      sources: outcome.sources.map((s) => ({
        url: s.finalUrl,
        title: s.title,
        fetchedAt: s.fetchedAt,
        sha256: s.sha256,
      })),
      runId: outcome.runId,
      stats: outcome.stats,
    });
  } else {
    process.stdout.write(printable(`${outcome.answer}\n`));
    if (outcome.citations.length)
      process.stdout.write(
        printable(
          `\n${outcome.citations.map((c) => `[${c.n}] ${c.title} — ${c.url}${c.status === 'flagged' ? ' (flagged: weak support)' : ''}`).join('\n')}\n`,
        ),
      );
    log(
      `[search run ${outcome.runId} · ${outcome.sources.length} sources · ${outcome.citations.length} citations]`,
    );
  }
  return 0;
}

function count(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new CliError('usage', `--${name} must be a whole number from 1 to ${max}`);
  return n;
}

function progressLine({ event: e, totals: t }: DeepProgress): void {
  const tally = `${t.completed + t.failed}/${t.queries} queries, ${t.pagesRead} pages, ${t.learnings} learnings`;
  if (e.type === 'query-started') log(`[depth ${e.depth}] ${describeEvent(e)} (${tally})`);
  else if (e.type === 'query-failed' || e.type === 'plan-failed')
    log(`[depth ${e.depth}] ${describeEvent(e)}`);
  else if (e.type === 'page-read' || e.type === 'page-failed') log(`  ${describeEvent(e)}`);
}
