// The fonts the text layer sets type in: Inter (SIL Open Font License 1.1) as TTF files from an npm
// package, so `npm ci` installs them with integrity checking. resvg draws nothing for text whose font
// it cannot load, and a .notdef box for a character the font lacks; both are refused here instead.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import opentype, { type Font } from 'opentype.js';
import { EngineError, firstLine } from '../errors';

export type FontRole = 'headline' | 'subline';

export const FONT_PACKAGE = '@expo-google-fonts/inter';

/**
 * Display text is tracked out a little, and words further apart: PaddleOCR (the OCR check) reads
 * Inter's tight default spacing with letters such as I dropped and words run together.
 */
const FILES: Record<
  FontRole,
  { file: string; weight: number; letterSpacing: number; wordSpacing: number }
> = {
  headline: {
    file: '800ExtraBold/Inter_800ExtraBold.ttf',
    weight: 800,
    letterSpacing: 0.05,
    wordSpacing: 0.12,
  },
  subline: {
    file: '400Regular/Inter_400Regular.ttf',
    weight: 400,
    letterSpacing: 0.02,
    wordSpacing: 0.08,
  },
};

/** What the pixels depend on, as recorded in the params. */
export interface TextFontRecord {
  role: FontRole;
  family: string;
  weight: number;
  /** Added between letters and to each space, in em. */
  letterSpacing: number;
  wordSpacing: number;
  /** `name@version` of the package that ships it. */
  package: string;
  file: string;
  sha256: string;
}

export interface TextFont extends TextFontRecord {
  /** Absolute path, for resvg. */
  path: string;
  /** Whether the font has a glyph for this character (one code point). */
  covers: (char: string) => boolean;
}

export type TextFonts = Record<FontRole, TextFont>;

/** The installed font package's folder. */
export function fontPackageDir(): string {
  const require = createRequire(import.meta.url);
  for (const base of require.resolve.paths(FONT_PACKAGE) ?? []) {
    const dir = path.join(base, FONT_PACKAGE);
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new EngineError(
    'model_missing_file',
    `the font package ${FONT_PACKAGE} is not installed; run npm ci`,
  );
}

type Parsed = Pick<TextFont, 'family' | 'weight' | 'covers'>;
/** Parsed fonts by sha256: parsing costs far more than hashing. */
const parsed = new Map<string, Parsed>();

function parse(bytes: Buffer, role: FontRole, file: string): Parsed {
  let font: Font;
  try {
    font = opentype.parse(new Uint8Array(bytes).buffer, { lowMemory: true });
  } catch (err) {
    throw new EngineError(
      'model_corrupt',
      `the ${role} font ${file} cannot be read: ${firstLine(err)}`,
    );
  }
  const names = font.names.windows ?? font.names.unicode ?? font.names.macintosh ?? {};
  // resvg (fontdb) matches the typographic family first, as CSS does.
  const family = (names.preferredFamily ?? names.fontFamily)?.en ?? '';
  const weight = font.tables.os2?.usWeightClass ?? 0;
  return { family, weight, covers: (char) => font.charToGlyphIndex(char) > 0 };
}

function packageName(dir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return `${FONT_PACKAGE}@${pkg.version ?? 'unknown'}`;
  } catch {
    return `${FONT_PACKAGE}@unknown`;
  }
}

function loadFont(dir: string, role: FontRole, pkg: string): TextFont {
  const { file } = FILES[role];
  const fontPath = path.join(dir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(fontPath);
  } catch {
    throw new EngineError(
      'model_missing_file',
      `the ${role} font ${FONT_PACKAGE}/${file} is missing; reinstall the packages with npm ci`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let font = parsed.get(sha256);
  if (!font) {
    font = parse(bytes, role, file);
    parsed.set(sha256, font);
  }
  const name = path.basename(file);
  if (!font.family || font.weight !== FILES[role].weight)
    throw new EngineError(
      'model_corrupt',
      `the ${role} font ${name} is not the expected weight ${FILES[role].weight} of a named family`,
    );
  const { family, weight, covers } = font;
  const { letterSpacing, wordSpacing } = FILES[role];
  return {
    role,
    family,
    weight,
    letterSpacing,
    wordSpacing,
    package: pkg,
    file: name,
    sha256,
    path: fontPath,
    covers,
  };
}

/** Reads and hashes both fonts on every call, so the sha256 recorded is that of the bytes drawn. */
export function loadTextFonts(dir: string = fontPackageDir()): TextFonts {
  const pkg = packageName(dir);
  return { headline: loadFont(dir, 'headline', pkg), subline: loadFont(dir, 'subline', pkg) };
}

export function fontRecord({ path: _path, covers: _covers, ...record }: TextFont): TextFontRecord {
  return record;
}
