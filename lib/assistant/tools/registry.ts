import type { Tool, ToolSet } from 'ai';
import type { Db } from '../../../db/client';
import type { Profile } from '../../../engine/models/family';
import type { Principal } from '../../workspaces/access';
import type { ImageSettings } from '../image-settings';
import { TurnSources } from './turn-sources';

export type ToolContext = {
  db: Db;
  principal: Principal;
  workspaceId: string;
  conversationId: string;
  assistantMessageId: string;
  profile: Profile;
  /** The person's image settings for this message: each wins over the profile and the tool call. */
  image?: ImageSettings | null;
  /** Resolves once the turn's message rows are committed: await it before writing rows that refer to them. */
  recorded: Promise<void>;
  /** What this turn's tools have read, shared by them (one per turn). */
  sources: TurnSources;
};

export type ToolFactory = (ctx: ToolContext) => Tool;

const KEY = Symbol.for('atelier.toolFactories');
type Holder = { [KEY]?: Map<string, ToolFactory> };
const factories = (): Map<string, ToolFactory> => ((globalThis as Holder)[KEY] ??= new Map());

/**
 * The one place assistant tools are registered (search_web, read_reference, generate_image and
 * compare land here as their capabilities are built). The offline composer only plans calls to
 * tools present in the set it is given.
 */
export function registerTool(name: string, factory: ToolFactory): () => void {
  factories().set(name, factory);
  return () => factories().delete(name);
}

/** One turn's tools. */
export function buildTools(turn: Omit<ToolContext, 'sources'>): ToolSet {
  const ctx = { ...turn, sources: new TurnSources() };
  return Object.fromEntries([...factories()].map(([name, make]) => [name, make(ctx)]));
}
