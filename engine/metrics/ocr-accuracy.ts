// How readable an expected text is in an image: OCR character accuracy,
// 1 − (edit distance to the best-matching recognised text) / (length of the expected text).
import { z } from 'zod';
import { invalid } from '../errors';
import type { RgbImage } from '../pipelines/types';
import { parse, parseImage } from './input';
import { readText, type TextLine } from './ocr';
import { bestSubstringMatch, normaliseText } from './text-match';

export interface OcrAccuracy {
  /** 0..1; 1 when the expected text was read exactly (after `normaliseText`). */
  accuracy: number;
  /** The part of the recognised text the expected text was matched with, normalised. */
  recognised: string;
  /** The recogniser's confidence in the lines that match covers, weighted by characters; 0 if none. */
  confidence: number;
  lines: TextLine[];
}

export const expectedTextSchema = z.string().max(2000);

export async function ocrAccuracy(expected: string, image: RgbImage): Promise<OcrAccuracy> {
  const text = checkExpected(expected);
  const lines = await readText(parseImage(image));
  return { ...accuracyOf(text, lines), lines };
}

export function checkExpected(expected: string): string {
  const text = normaliseText(parse(expectedTextSchema, expected, 'expectedText'));
  if (!text) throw invalid('expectedText must contain something other than whitespace');
  return text;
}

/**
 * The expected text against the recognised lines joined in reading order with a space (so a text
 * set on two lines matches both), taking the best substring of that: other text in the image
 * costs nothing, missing, extra or wrong characters inside the match one each.
 */
export function accuracyOf(expected: string, lines: TextLine[]): Omit<OcrAccuracy, 'lines'> {
  const pattern = [...normaliseText(expected)];
  if (!pattern.length) throw invalid('expectedText must contain something other than whitespace');
  const chars: string[] = [];
  const owner: number[] = []; // the line each character came from; -1 for the joining spaces
  for (const [index, line] of lines.entries()) {
    const text = [...normaliseText(line.text)];
    if (!text.length) continue;
    if (chars.length) {
      chars.push(' ');
      owner.push(-1);
    }
    for (const c of text) {
      chars.push(c);
      owner.push(index);
    }
  }
  const match = bestSubstringMatch(pattern, chars);
  let weight = 0;
  let sum = 0;
  for (let j = match.start; j < match.end; j++) {
    if (owner[j] < 0) continue;
    weight += 1;
    sum += lines[owner[j]].confidence;
  }
  return {
    accuracy: Math.min(1, Math.max(0, 1 - match.distance / pattern.length)),
    recognised: chars.slice(match.start, match.end).join(''),
    confidence: weight ? sum / weight : 0,
  };
}
