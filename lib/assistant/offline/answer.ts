// The offline composer's final message: the composed prompt, what grounded it, and the tool results
// it used, each cited.

import type { StageRecord, TextAttempt } from '../../../engine/pipelines/hd';
import { parseFacts } from '../tools/reference-facts';
import type { Grounding } from './grounding';
import type { ImagePrompt } from './image-prompt';

export type ToolResultSeen = { toolName: string; output: unknown };

type Rendered = {
  status: 'complete';
  model: { label: string };
  profile: string;
  images: Array<{
    seed: number;
    width: number;
    height: number;
    stages?: StageRecord;
    scores?: { sharpness?: { laplacianVariance: number } };
    cell?: { scheduler: string; steps: number; guidance: number };
  }>;
};
const isRendered = (o: unknown): o is Rendered =>
  !!o &&
  typeof o === 'object' &&
  (o as Rendered).status === 'complete' &&
  Array.isArray((o as Rendered).images);

function summarise(r: ToolResultSeen): string {
  if (r.toolName === 'generate_image' && isRendered(r.output)) {
    const o = r.output;
    const first = o.images[0];
    const what = `${o.images.length} image${o.images.length === 1 ? '' : 's'}`;
    const made = `${what} rendered with the ${o.model.label} (${o.profile}, ${first ? `${first.width}×${first.height}, seed ${[...new Set(o.images.map((i) => i.seed))].join(', ')}` : 'no output'})`;
    const stages = first?.stages ? stagesSummary(first.stages) : '';
    return `${made}${stages ? `: ${stages}` : ''}${gridSummary(o.images)}`;
  }
  if (r.toolName === 'read_reference' && typeof r.output === 'string') {
    const count = /read_reference read (\d+) reference/.exec(r.output)?.[1] ?? '0';
    const cites = [
      ...new Set(
        parseFacts(r.output)
          .filter((f) => f.kind !== 'requirement')
          .map((f) => f.cite),
      ),
    ];
    return `read ${count} reference${count === '1' ? '' : 's'}${cites.length ? `: ${cites.join(', ')}` : ''}`;
  }
  const searched =
    r.toolName === 'search_web' && typeof r.output === 'string'
      ? /^search_web found (\d+) sources and (\d+) citations for "(.*)" \(run /.exec(r.output)
      : null;
  if (searched)
    return `searched "${searched[3]}": ${searched[1]} sources, ${searched[2]} citations`;
  const text = typeof r.output === 'string' ? r.output : JSON.stringify(r.output ?? null);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function stagesSummary(s: StageRecord): string {
  const parts: string[] = [];
  if (s.hires)
    parts.push(
      `hires pass ${s.hires.from[0]}×${s.hires.from[1]} → ${s.hires.to[0]}×${s.hires.to[1]} (${s.hires.upscaler ?? 'Lanczos'}, img2img at strength ${s.hires.strength})`,
    );
  if (s.upscaler) parts.push(`${s.upscaler.id} upscaler ×${s.upscaler.scale}`);
  if (s.text) {
    const [firstTry, retry] = s.text.attempts;
    const read = (a: TextAttempt) => a.ocr.accuracy.toFixed(2);
    const text = s.text.lines.map((l) => `"${l}"`).join(', ');
    parts.push(
      retry
        ? `text ${text} read back by OCR at ${read(firstTry)}, below the gate, so set again larger with more contrast: ${read(retry)}`
        : `text ${text} set as vector type and read back by OCR at ${read(firstTry)}`,
    );
  }
  return parts.join('; ');
}

/** Diagnostics: which cell came out sharpest. */
function gridSummary(images: Rendered['images']): string {
  const cells = images.filter((i) => i.cell && i.scores?.sharpness);
  if (cells.length < 2) return '';
  const best = cells.reduce((a, b) =>
    b.scores!.sharpness!.laplacianVariance > a.scores!.sharpness!.laplacianVariance ? b : a,
  );
  return `; sharpest cell: ${best.cell!.scheduler}, ${best.cell!.steps} steps, guidance ${best.cell!.guidance}`;
}

const citeResults = (results: ToolResultSeen[]) =>
  results.map((r, i) => `[${i + 1}] \`${r.toolName}\`: ${summarise(r)}`);
const withCite = (image: ImagePrompt, text: string, quoted: boolean) => {
  const shown = quoted ? `"${text}"` : text;
  const cites = [...new Set(image.sources?.filter((s) => s.text === text).map((s) => s.cite))];
  return cites.length ? `${shown} ${cites.join('')}` : shown;
};
const cited = (image: ImagePrompt, texts: string[]) =>
  texts.map((t) => withCite(image, t, false)).join(', ');

export function answer(
  request: string,
  image: ImagePrompt,
  grounding: Grounding | null,
  { research, asset }: { research: boolean; asset: boolean },
  results: ToolResultSeen[],
  tools: Set<string>,
): string {
  if (!request)
    return 'Send a message describing the asset you need, and I will compose a grounded image prompt for it.';
  const lines: string[] = [];
  // A tool the request needs but this process has not registered is named, never silently skipped.
  if (research && !tools.has('search_web'))
    lines.push('Web search is not available on this server, so nothing was researched.', '');
  if (asset) {
    const from = [
      grounding ? "the conversation's references" : '',
      image.sources?.some((s) => /^\[\d/.test(s.cite)) ? 'the search findings' : '',
    ].filter(Boolean);
    lines.push(
      `Here is the image prompt I composed from your request${from.length ? ` and ${from.join(' and ')}` : ''}.`,
      '',
    );
    lines.push(`- **Subject:** ${image.subject || '(none given)'}`);
    if (image.showing) lines.push(`- **Featuring:** ${cited(image, image.showing)}`);
    lines.push(`- **Style:** ${cited(image, image.style.split(', '))}`);
    lines.push(
      `- **Palette:** ${image.palette.length ? cited(image, image.palette) : 'not specified'}`,
    );
    if (image.typography) lines.push(`- **Typography:** ${cited(image, image.typography)}`);
    lines.push(
      `- **Exact text:** ${image.exactText.length ? image.exactText.map((t) => withCite(image, t, true)).join(', ') : 'none'}`,
    );
    if (grounding?.requirements.length)
      lines.push(
        `- **Brief requirements:** ${grounding.requirements.map((q) => `${q.text} ${q.cite}`).join('; ')}`,
      );
    lines.push(`- **Negative prompt:** ${image.negative}`, '');
    lines.push(`**Prompt:** ${image.prompt}`);
    if (!tools.has('generate_image')) {
      lines.push(
        '',
        'Image generation is not available on this server, so no image was generated; the prompt is ready for it.',
      );
    }
  } else {
    lines.push(`You asked: "${request.length > 160 ? `${request.slice(0, 160)}…` : request}".`, '');
    lines.push(
      'I am the offline composer: I turn requests into grounded image prompts without a language model. ' +
        'Ask for an asset (for example *a poster with the text "Spring Sale" in pastel colours*) and I will compose its prompt' +
        (tools.has('search_web') ? ', or ask me to research a topic first.' : '.'),
    );
  }
  if (results.length) lines.push('', '**Used:**', ...citeResults(results));
  else lines.push('', '_Grounded in: your message only._');
  return lines.join('\n');
}
