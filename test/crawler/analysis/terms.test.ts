import { describe, expect, it } from 'vitest';
import { compileTerms, countMatches, firstMatch } from '../../../crawler/analysis/terms.ts';

describe('compileTerms', () => {
  const re = compileTerms(['escort', 'massage*', 'escort agency', '18+', 'салон']);

  it('matches whole words and phrases only, in any case and script', () => {
    expect(firstMatch(re, 'Our Escort team')).toBe('Escort');
    expect(firstMatch(re, 'escorting')).toBeUndefined();
    expect(firstMatch(re, 'deescort')).toBeUndefined();
    expect(firstMatch(re, 'Лучший САЛОН города')).toBe('САЛОН');
    expect(firstMatch(re, 'салоны')).toBeUndefined();
  });

  it('prefers the longer phrase and lets whitespace vary inside it', () => {
    expect(firstMatch(re, 'an escort\n  agency here')).toBe('escort\n  agency');
  });

  it('reads a trailing star as any word ending, and terms ending in a symbol', () => {
    expect(firstMatch(re, 'Massages and more')).toBe('Massages');
    expect(firstMatch(re, 'only 18+ visitors')).toBe('18+');
    expect(countMatches(re, 'escort, massage, 18+, escort agency, massagetherapie')).toBe(5);
  });
});
