import { getDb } from '../../runtime/database';
import { readUrl } from '../../search/service';
import { OPERATOR, operatorWorkspaceId } from '../../workspaces/operator';
import { parse } from '../args';
import { CliError, log, printable, printJson } from '../output';

export async function readCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new CliError('usage', 'read takes exactly one URL');
  const db = await getDb();
  const page = await readUrl(db, OPERATOR, await operatorWorkspaceId(db), positionals[0]);
  const passages = page.passages.map((p) => ({
    ordinal: p.ordinal,
    heading: p.heading,
    text: p.text,
    start: p.start,
    end: p.end,
  }));
  if (values.json) {
    printJson({
      url: page.url,
      finalUrl: page.finalUrl,
      status: page.status,
      title: page.title,
      text: page.text,
      passages,
      sourceId: page.sourceId,
      contentType: page.contentType,
      sha256: page.sha256,
      fetchedAt: page.fetchedAt.toISOString(),
      byline: page.byline,
      publishedAt: page.publishedAt,
      lang: page.lang,
      canonicalUrl: page.canonicalUrl,
      note: page.note,
    });
  } else {
    process.stdout.write(printable(`${page.title}\n${page.finalUrl}\n\n${page.text}\n`));
    log(
      `[${page.status} · ${page.contentType} · ${passages.length} passages · sha256 ${page.sha256.slice(0, 12)} · source ${page.sourceId}]`,
    );
  }
  if (page.note) log(`note: ${page.note}`);
  return 0;
}
