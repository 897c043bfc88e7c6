import { describe, expect, it } from 'vitest';
import { matchRules } from '../../../classifier/indicators/engine.ts';
import { type CompiledLanguage, defaultLexicon } from '../../../classifier/indicators/lexicon.ts';
import {
  buildRulePrefilter,
  leadingLiterals,
  scanAll,
} from '../../../classifier/indicators/rule-prefilter.ts';

describe('leadingLiterals', () => {
  it('reads the words every match starts with, through optional parts', () => {
    expect(leadingLiterals(String.raw`(my\s+|the\s+)?(number|phone)`)?.sort()).toEqual(
      ['my', 'number', 'phone', 'the'].sort(),
    );
    expect(leadingLiterals('under-?age|below')?.sort()).toEqual(['below', 'under-age', 'underage']);
  });

  it('spells out small classes and digits to reach two characters', () => {
    expect(leadingLiterals(String.raw`1[2-4]\s*yo`)).toEqual(['12', '13', '14']);
    expect(leadingLiterals('wom[ae]n')).toEqual(['wom']);
  });

  it('continues a short alternative with what follows its group', () => {
    expect(leadingLiterals('(a|we)(b|c)')?.sort()).toEqual(['ab', 'ac', 'web', 'wec']);
  });

  it('gives up when a match may start with anything or be empty', () => {
    expect(leadingLiterals(String.raw`\d+\s+roses`)).toBeNull();
    expect(leadingLiterals(String.raw`(we|i)\s+have`)).toBeNull();
    expect(leadingLiterals('(?:ab)?')).toBeNull();
    expect(leadingLiterals('[^a]bc')).toBeNull();
    expect(leadingLiterals(String.raw`\p{L}+ous`)).toBeNull();
  });

  it('skips assertions, which consume nothing', () => {
    expect(leadingLiterals(String.raw`\b(?=o)our`)).toEqual(['our']);
  });
});

describe('scanAll', () => {
  const prefilter = buildRulePrefilter([String.raw`(my|our)\s+girls`, 'girl']);

  it('gives the places where an anchored rule may start, in order', () => {
    const [scan] = scanAll([prefilter], 'our girls, my girls');
    expect([...scan!.candidates].sort()).toEqual([0, 1]);
    expect(scan!.starts?.(0)).toEqual([0, 11]);
  });

  it('drops an anchored rule none of whose leading words occurs', () => {
    const [scan] = scanAll([prefilter], 'girls only');
    expect([...scan!.candidates]).toEqual([1]);
  });

  it('gives no places when lower-casing changes the length of the text', () => {
    const [scan] = scanAll([prefilter], 'İ our girls');
    expect(scan!.starts).toBeUndefined();
    expect(scan!.candidates.has(0)).toBe(true);
  });
});

describe('matchRules with anchored rules', () => {
  const lexicon = defaultLexicon();
  const everyRule = (lang: CompiledLanguage): CompiledLanguage => ({
    ...lang,
    prefilter: { candidates: () => new Set(lang.rules.map((_, i) => i)) },
  });
  const texts = [
    'Call my manager for the girls, our girls are waiting. New in town!',
    'MY GIRLS and ſweet OUR GIRLS', // long s: a character that lower-cases unlike its `iu` match
    'İstanbul girl, our girls new in town',
    '👑 boss 🌹🌹 100 🌹 new arrival ✈️ on tour, 😀our girls',
    'someone in town: xnew in town, snew in town',
  ];

  it('finds what running every rule over the whole text finds', () => {
    for (const lang of lexicon.languages.values()) {
      for (const text of texts) {
        const summary = (languages: CompiledLanguage[]) =>
          matchRules(text, languages).map((m) => [m.rule.id, m.evidence]);
        expect(summary([lang])).toEqual(summary([everyRule(lang)]));
      }
    }
  });
});
