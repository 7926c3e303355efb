import { describe, expect, it } from 'vitest';
import { extractQuotedText } from '@/engine/text-layer';

const lines = (prompt: string) => extractQuotedText(prompt).lines;

describe('extractQuotedText', () => {
  it('takes the first quoted string as the headline and removes it from the prompt', () => {
    expect(extractQuotedText('HD banner with the headline "SPRING SALE"')).toEqual({
      lines: ['SPRING SALE'],
      promptWithoutQuotes: 'HD banner with the headline',
    });
  });

  it('keeps further quoted strings, in order, as sub-lines', () => {
    const out = extractQuotedText(
      'poster "SPRING SALE", subtitle “Up to 50% off”, and ‘this week only’ at the bottom.',
    );
    expect(out.lines).toEqual(['SPRING SALE', 'Up to 50% off', 'this week only']);
    expect(out.promptWithoutQuotes).toBe('poster, subtitle, and at the bottom.');
  });

  it('reads straight single quotes without taking apostrophes for them', () => {
    expect(lines("a banner saying 'don't stop' for the 90's crowd")).toEqual(["don't stop"]);
    expect(lines("Mike's bakery banner, 'FRESH BREAD'")).toEqual(['FRESH BREAD']);
    expect(lines('a ‘don’t panic’ sign')).toEqual(['don’t panic']);
    expect(lines("it's a dog's life")).toEqual([]);
  });

  it('keeps quotes of another kind inside a quotation as text', () => {
    expect(lines(`a sign "Joe's 'best' pizza" in neon`)).toEqual(["Joe's 'best' pizza"]);
  });

  it('reads German and French quotation marks', () => {
    expect(lines('Plakat „Großer Sommerschlussverkauf“ und «Soldes d’été»')).toEqual([
      'Großer Sommerschlussverkauf',
      'Soldes d’été',
    ]);
  });

  it('collapses whitespace and skips empty or unclosed quotations', () => {
    expect(lines('a "  SPRING\n  SALE " banner, "" and "   " and "unclosed')).toEqual([
      'SPRING SALE',
    ]);
    expect(extractQuotedText('no quotes at all').promptWithoutQuotes).toBe('no quotes at all');
  });

  it('normalises text to NFC', () => {
    expect(lines('"Cafe\u0301"')).toEqual(['Café']);
  });
});
