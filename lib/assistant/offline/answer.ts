// The offline composer's final message: the composed prompt, what grounded it, and the tool results
// it used, each cited.

import { parseFacts } from '../tools/reference-facts';
import type { Grounding } from './grounding';
import type { ImagePrompt } from './image-prompt';

export type ToolResultSeen = { toolName: string; output: unknown };

type Rendered = {
  status: 'complete';
  model: { label: string };
  profile: string;
  images: Array<{ seed: number; width: number; height: number }>;
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
    return `${what} rendered with the ${o.model.label} (${o.profile}, ${first ? `${first.width}×${first.height}, seed ${o.images.map((i) => i.seed).join(', ')}` : 'no output'})`;
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
  const text = typeof r.output === 'string' ? r.output : JSON.stringify(r.output ?? null);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const citeResults = (results: ToolResultSeen[]) =>
  results.map((r, i) => `[${i + 1}] \`${r.toolName}\`: ${summarise(r)}`);
const withCite = (image: ImagePrompt, text: string, quoted: boolean) => {
  const shown = quoted ? `"${text}"` : text;
  return image.cites?.[text] ? `${shown} ${image.cites[text]}` : shown;
};

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
    lines.push(
      `Here is the image prompt I composed from your request${grounding ? " and the conversation's references" : ''}.`,
      '',
    );
    lines.push(`- **Subject:** ${image.subject || '(none given)'}`);
    lines.push(`- **Style:** ${image.style}`);
    lines.push(
      `- **Palette:** ${image.palette.length ? image.palette.map((c) => withCite(image, c, false)).join(', ') : 'not specified'}`,
    );
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
