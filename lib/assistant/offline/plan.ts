import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { composeImagePrompt, type ImagePrompt } from './image-prompt';
import { detectIntent } from './intent';

export type ToolResultSeen = { toolName: string; output: unknown };
export type Plan =
  | { kind: 'tool'; toolName: string; input: Record<string, unknown> }
  | { kind: 'answer'; text: string };

/** The latest user text, and the tool results produced after it in this turn. */
export function readTurn(prompt: LanguageModelV3Prompt): { request: string; results: ToolResultSeen[] } {
  let lastUser = -1;
  prompt.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  const user = prompt[lastUser];
  const request =
    user && user.role === 'user'
      ? user.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n').trim()
      : '';
  const results: ToolResultSeen[] = [];
  for (const m of prompt.slice(lastUser + 1)) {
    if (m.role !== 'tool') continue;
    for (const p of m.content) {
      if (p.type === 'tool-result') results.push({ toolName: p.toolName, output: 'value' in p.output ? p.output.value : null });
    }
  }
  return { request, results };
}

export function plan(prompt: LanguageModelV3Prompt, tools: Set<string>): Plan {
  const { request, results } = readTurn(prompt);
  const intent = detectIntent(request);
  const called = new Set(results.map((r) => r.toolName));
  const image = composeImagePrompt(request);
  if (intent.research && tools.has('search_web') && !called.has('search_web')) {
    return { kind: 'tool', toolName: 'search_web', input: { query: request.slice(0, 300) } };
  }
  if (intent.asset && tools.has('generate_image') && !called.has('generate_image')) {
    return { kind: 'tool', toolName: 'generate_image', input: { prompt: image.prompt, negative: image.negative } };
  }
  return { kind: 'answer', text: answer(request, image, intent.asset, results, tools) };
}

type Rendered = { status: 'complete'; model: { label: string }; profile: string; images: Array<{ seed: number; width: number; height: number }> };
const isRendered = (o: unknown): o is Rendered => !!o && typeof o === 'object' && (o as Rendered).status === 'complete' && Array.isArray((o as Rendered).images);

function summarise(r: ToolResultSeen): string {
  if (r.toolName === 'generate_image' && isRendered(r.output)) {
    const o = r.output;
    const first = o.images[0];
    const what = `${o.images.length} image${o.images.length === 1 ? '' : 's'}`;
    return `${what} rendered with the ${o.model.label} (${o.profile}, ${first ? `${first.width}×${first.height}, seed ${o.images.map((i) => i.seed).join(', ')}` : 'no output'})`;
  }
  const text = typeof r.output === 'string' ? r.output : JSON.stringify(r.output ?? null);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const citeResults = (results: ToolResultSeen[]) => results.map((r, i) => `[${i + 1}] \`${r.toolName}\`: ${summarise(r)}`);

function answer(request: string, image: ImagePrompt, asset: boolean, results: ToolResultSeen[], tools: Set<string>): string {
  if (!request) return 'Send a message describing the asset you need, and I will compose a grounded image prompt for it.';
  const lines: string[] = [];
  if (asset) {
    lines.push('Here is the image prompt I composed from your request.', '');
    lines.push(`- **Subject:** ${image.subject || '(none given)'}`);
    lines.push(`- **Style:** ${image.style}`);
    lines.push(`- **Palette:** ${image.palette.length ? image.palette.join(', ') : 'not specified'}`);
    lines.push(`- **Exact text:** ${image.exactText.length ? image.exactText.map((t) => `"${t}"`).join(', ') : 'none'}`);
    lines.push(`- **Negative prompt:** ${image.negative}`, '');
    lines.push(`**Prompt:** ${image.prompt}`);
    if (!tools.has('generate_image')) {
      lines.push('', 'Rendering is not enabled in this workspace yet, so no image was generated; the prompt is ready for it.');
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
