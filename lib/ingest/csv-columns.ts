// Column types and statistics, inferred conservatively: a value keeps its text unless it is
// unmistakably a number, a boolean or an ISO date (never "007" as 7, never "3/4" as a date).
import type { ColumnState, ColumnStats } from './types';

type ValueType = 'empty' | 'integer' | 'number' | 'boolean' | 'date' | 'text';

const MAX_KEPT_CHARS = 200;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isDigit = (c: number) => c >= 48 && c <= 57;

const digitsAt = (v: string, from: number, count: number) => {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = v.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + c - 48;
  }
  return n;
};

/** `yyyy-mm-dd` naming a real day. */
function isDate(v: string): boolean {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  const y = digitsAt(v, 0, 4);
  const mo = digitsAt(v, 5, 2);
  const d = digitsAt(v, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > DAYS[mo - 1]) return false;
  return mo !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/**
 * `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]{1,3})?`, scanned by hand (a regex per field costs more
 * than parsing the CSV): an integer of at most 15 digits, else a number (a finite double), else text.
 */
function numeric(v: string): ValueType {
  const len = v.length;
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  const first = i;
  while (i < len && isDigit(v.charCodeAt(i))) i++;
  const digits = i - first;
  if (digits === 0 || (digits > 1 && v.charCodeAt(first) === 48)) return 'text';
  if (i === len && digits <= 15) return 'integer';
  if (v.charCodeAt(i) === 46) {
    const f = ++i;
    while (i < len && isDigit(v.charCodeAt(i))) i++;
    if (i === f) return 'text';
  }
  let exponent = false;
  if (i < len && (v.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < len && (v.charCodeAt(i) === 43 || v.charCodeAt(i) === 45)) i++;
    const e = i;
    while (i < len && isDigit(v.charCodeAt(i))) i++;
    if (i === e || i - e > 3) return 'text';
    exponent = true;
  }
  if (i !== len) return 'text';
  // Beyond a double's range ("1e999", 400 digits) it is not a number a column's min or max can hold.
  return (exponent || digits > 300) && !Number.isFinite(Number(v)) ? 'text' : 'number';
}

/** Empty, or only spaces and tabs. */
const isBlank = (v: string) =>
  v.length === 0 || ((v.charCodeAt(0) === 32 || v.charCodeAt(0) === 9) && v.trim() === '');

export function classify(v: string): ValueType {
  if (isBlank(v)) return 'empty';
  const c = v.charCodeAt(0);
  if (isDigit(c) || c === 45) {
    const t = numeric(v);
    return t === 'text' && isDate(v) ? 'date' : t;
  }
  const lower = c | 32;
  if ((lower === 116 && v.length === 4) || (lower === 102 && v.length === 5))
    return /^(?:true|false)$/i.test(v) ? 'boolean' : 'text';
  return 'text';
}

/** A long value's first MAX_KEPT_CHARS characters, never ending in half a surrogate pair. */
function keyOf(v: string): string {
  const c = v.charCodeAt(MAX_KEPT_CHARS - 1);
  return v.slice(0, c >= 0xd800 && c <= 0xdbff ? MAX_KEPT_CHARS - 1 : MAX_KEPT_CHARS);
}

/** Distinct values counted per column at most, fewer when there are many columns (memory stays bounded). */
export const distinctCapFor = (columns: number) =>
  Math.max(20, Math.min(1000, Math.floor(50_000 / Math.max(1, columns))));

/** The narrowest type covering both (a join: the order values come in never matters). */
function join(a: ValueType, b: ValueType): ValueType {
  if (a === b || b === 'empty') return a;
  if (a === 'empty') return b;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'number';
  return 'text';
}

export class ColumnAccumulator {
  private type: ValueType = 'empty';
  private count = 0;
  private empty = 0;
  private readonly seen = new Set<string>();
  private capped = false;
  private minNum = Infinity;
  private maxNum = -Infinity;
  private minStr: string | null = null;
  private maxStr: string | null = null;
  private minLen = Infinity;
  private maxLen = 0;

  constructor(
    readonly name: string,
    private readonly distinctCap: number,
    /** Rows before this column first appeared (a row longer than the header). */
    missing = 0,
  ) {
    this.empty = missing;
  }

  add(v: string): void {
    // A text column stays text whatever comes: only emptiness decides, not the full classification;
    // in a date column, a date is one without the number scan that classify tries first.
    const t =
      this.type === 'text'
        ? isBlank(v)
          ? 'empty'
          : 'text'
        : this.type === 'date' && isDate(v)
          ? 'date'
          : classify(v);
    if (t === 'empty') {
      this.empty++;
      return;
    }
    this.count++;
    if (t !== this.type) this.type = join(this.type, t);
    if (!this.capped) this.see(v.length > MAX_KEPT_CHARS ? keyOf(v) : v);
    if (v.length < this.minLen) this.minLen = v.length;
    if (v.length > this.maxLen) this.maxLen = v.length;
    if (t === 'integer' || t === 'number') {
      const n = Number(v);
      if (n < this.minNum) this.minNum = n;
      if (n > this.maxNum) this.maxNum = n;
    } else if (t === 'date') {
      if (this.minStr === null || v < this.minStr) this.minStr = v;
      if (this.maxStr === null || v > this.maxStr) this.maxStr = v;
    }
  }

  /** Values are told apart by their first MAX_KEPT_CHARS characters. */
  private see(key: string): void {
    if (this.seen.size < this.distinctCap) this.seen.add(key);
    else if (!this.seen.has(key)) this.cap();
  }

  /** More distinct values than the cap: the values need not be kept any longer. */
  private cap(): void {
    this.capped = true;
    this.seen.clear();
  }

  addEmpty(): void {
    this.empty++;
  }

  /** What it has counted, to be merged with the same column of another part of the file. */
  state(): ColumnState {
    const finite = (n: number) => (Number.isFinite(n) ? n : null);
    return {
      name: this.name,
      cap: this.distinctCap,
      type: this.type,
      count: this.count,
      empty: this.empty,
      seen: [...this.seen],
      capped: this.capped,
      minNum: finite(this.minNum),
      maxNum: finite(this.maxNum),
      minStr: this.minStr,
      maxStr: this.maxStr,
      minLength: this.count ? this.minLen : null,
      maxLength: this.count ? this.maxLen : null,
    };
  }

  /**
   * Adds what a later part of the file counted for this column (with the same distinct cap): the
   * result is what one pass over both parts gives, distinct count and cap included.
   */
  absorb(o: ColumnState): void {
    this.type = join(this.type, o.type);
    this.count += o.count;
    this.empty += o.empty;
    if (o.capped && !this.capped) this.cap();
    for (let i = 0; i < o.seen.length && !this.capped; i++) this.see(o.seen[i]);
    if (o.minNum !== null && o.minNum < this.minNum) this.minNum = o.minNum;
    if (o.maxNum !== null && o.maxNum > this.maxNum) this.maxNum = o.maxNum;
    if (o.minStr !== null && (this.minStr === null || o.minStr < this.minStr))
      this.minStr = o.minStr;
    if (o.maxStr !== null && (this.maxStr === null || o.maxStr > this.maxStr))
      this.maxStr = o.maxStr;
    if (o.minLength !== null && o.minLength < this.minLen) this.minLen = o.minLength;
    if (o.maxLength !== null && o.maxLength > this.maxLen) this.maxLen = o.maxLength;
  }

  static from(s: ColumnState): ColumnAccumulator {
    const c = new ColumnAccumulator(s.name, s.cap);
    c.absorb(s);
    return c;
  }

  result(): ColumnStats {
    const numeric = this.type === 'integer' || this.type === 'number';
    return {
      name: this.name,
      type: this.type,
      count: this.count,
      empty: this.empty,
      distinct: this.capped ? this.distinctCap : this.seen.size,
      distinctCapped: this.capped,
      min: numeric ? this.minNum : this.type === 'date' ? this.minStr : null,
      max: numeric ? this.maxNum : this.type === 'date' ? this.maxStr : null,
      minLength: this.count ? this.minLen : null,
      maxLength: this.count ? this.maxLen : null,
    };
  }
}

/** A first row reads as a header when every cell is distinct, non-empty text (not a number, date or boolean). */
export function looksLikeHeader(row: string[]): boolean {
  if (!row.length) return false;
  const seen = new Set<string>();
  for (const cell of row) {
    const v = cell.trim();
    if (!v || classify(v) !== 'text' || seen.has(v.toLowerCase()) || v.length > 200) return false;
    seen.add(v.toLowerCase());
  }
  return true;
}

/** Column names from a header row: trimmed, control characters removed, empty and repeated names made unique. */
export function columnNames(header: string[] | null, count: number): string[] {
  const used = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const base =
      (header?.[i] ?? '')
        .replace(/[\p{Cc}]/gu, ' ')
        .trim()
        .slice(0, 200) || `column ${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}
