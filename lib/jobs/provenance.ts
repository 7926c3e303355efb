// Prompt provenance: the reference passages and search citations a generate_image prompt was
// written from, stored on the generation beside its record. Ids and digests, never a source's text;
// the only words kept are the prompt's own phrases that a fact shaped.
import { z } from 'zod';

/** The parts of a composed image prompt that a cited fact can shape. */
export const PromptPart = z.enum(['subject', 'style', 'palette', 'typography', 'text']);
export type PromptPart = z.infer<typeof PromptPart>;

/**
 * A phrase the prompt's writer said this fact gave to a part of the prompt. Both flags are checked
 * here, not taken on trust: the phrase is in the prompt, and its words are in the cited text.
 */
const Shaped = z.object({
  part: PromptPart,
  phrase: z.string().max(200),
  inPrompt: z.boolean(),
  inSource: z.boolean(),
});
const shaped = z.array(Shaped).default([]);

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const offset = z.number().int().nonnegative();

/** An indexed passage (a `chunks` row) and its range in its source's text. */
const ChunkRef = z.object({
  id: z.uuid(),
  ordinal: offset,
  charStart: offset,
  charEnd: offset,
});

/** A fact read_reference handed the model, located in the reference it came from. */
export const ReferencePassage = z.object({
  referenceId: z.uuid(),
  name: z.string(),
  kind: z.enum(['pdf', 'csv', 'png']),
  /** Of the stored file. */
  sha256,
  fact: z.enum(['headline', 'requirement', 'page', 'copy', 'row', 'palette', 'text', 'recipe']),
  /** The label the model was told to cite it by, e.g. `[brief.pdf p.2]`, and the place it names. */
  cite: z.string(),
  at: z.union([
    z.object({ page: z.number().int().positive() }),
    z.object({ row: z.number().int().positive() }),
    z.object({ part: z.enum(['palette', 'recipe', 'text']) }),
  ]),
  /** Where the fact is in the reference's source text; null past its indexed passages (a CSV's later rows). */
  charStart: offset.nullable(),
  charEnd: offset.nullable(),
  /** The indexed passages that hold it. */
  chunks: z.array(ChunkRef),
  /** Its words are in the prompt (a palette: one of its colours). */
  quoted: z.boolean(),
  shaped,
});
export type ReferencePassage = z.infer<typeof ReferencePassage>;

/** A citation of a search_web answer the model was given. */
export const SearchCitation = z.object({
  runId: z.uuid(),
  n: z.number().int().positive(),
  status: z.enum(['valid', 'flagged', 'dropped']),
  url: z.string(),
  sourceKind: z.enum(['web', 'reference']),
  sourceId: z.uuid(),
  chunk: ChunkRef,
  /** The cited range in the source's text. */
  charStart: offset,
  charEnd: offset,
  /** A web page: sha256 of the extracted text the ranges point into. */
  textSha256: sha256.nullable(),
  /** A web page: of the bytes fetched; a reference: of its stored file. */
  fileSha256: sha256.nullable(),
  /** The cited passage's words are in the prompt. */
  quoted: z.boolean(),
  shaped,
});
export type SearchCitation = z.infer<typeof SearchCitation>;

/**
 * What the model had read, in this turn, when it wrote the prompt: the results of the tool calls
 * in the messages it was given for that step (a call it made at the same time is not among them).
 */
export const PromptProvenance = z.object({
  references: z.array(ReferencePassage),
  citations: z.array(SearchCitation),
  /** Phrases the writer attributed to a citation it had not been given. */
  unresolved: z
    .array(z.object({ part: PromptPart, phrase: z.string().max(200), cite: z.string().max(200) }))
    .optional(),
});
export type PromptProvenance = z.infer<typeof PromptProvenance>;

/** A prompt written without tools: the CLI, a direct job. */
export const NO_PROVENANCE: PromptProvenance = { references: [], citations: [] };
