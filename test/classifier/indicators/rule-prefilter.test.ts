import { describe, expect, it } from 'vitest';
import { matchRules } from '../../../classifier/indicators/engine.ts';
import { defaultLexicon } from '../../../classifier/indicators/lexicon.ts';
import { buildRulePrefilter, requiredLiterals } from '../../../classifier/indicators/rule-prefilter.ts';

describe('requiredLiterals', () => {
  it('takes the most selective required part of a sequence', () => {
    expect(requiredLiterals(String.raw`(two|2|\d+)\s+(girls|ladies)`)).toEqual(['girls', 'ladies']);
  });

  it('unites the branches of an alternation', () => {
    expect(requiredLiterals(String.raw`our\s+agency|agency\s+girls?`)).toEqual(['agency']);
  });

  it('drops optional characters and groups', () => {
    expect(requiredLiterals(String.raw`girls?\s+(are\s+)?waiting`)).toEqual(['waiting']);
    expect(requiredLiterals('colou?r')).toEqual(['colo']);
  });

  it('gives up when a branch requires nothing or the pattern is not understood', () => {
    expect(requiredLiterals(String.raw`agency|\d+`)).toBeNull();
    expect(requiredLiterals('(?:a|)')).toBeNull();
    expect(requiredLiterals('✈️?|🛫')).toBeNull();
  });
});

describe('buildRulePrefilter', () => {
  const patterns = [String.raw`our\s+girls`, 'girl', String.raw`\d+\s*roses|\d`];
  const prefilter = buildRulePrefilter(patterns);

  it('keeps only rules whose required words occur, case-insensitively', () => {
    expect([...prefilter.candidates('OUR GIRLS are here')].sort()).toEqual([0, 1, 2]);
    expect([...prefilter.candidates('nothing to see')]).toEqual([2]);
  });

  it('finds a literal that is a prefix of a longer one at the same place', () => {
    expect(prefilter.candidates('girls').has(1)).toBe(true);
  });

  it('matches literals with the rules own case folding (long s, Kelvin sign)', () => {
    const folded = buildRulePrefilter(['kiss']);
    expect(folded.candidates('\u212Aiſſ').has(0)).toBe(true);
    expect(/kiss/iu.test('\u212Aiſſ')).toBe(true);
  });
});

describe('matchRules with the prefilter', () => {
  it('finds the same rules as running every rule on each lexicon example', () => {
    const lexicon = defaultLexicon();
    for (const lang of lexicon.languages.values()) {
      for (const rule of lang.rules) {
        for (const example of [...rule.examples.positive, ...rule.examples.negative]) {
          const all = { ...lang, prefilter: { candidates: () => new Set(lang.rules.map((_, i) => i)) } };
          const withPrefilter = matchRules(example, [lang]).map((m) => [m.rule.id, m.evidence]);
          const withoutPrefilter = matchRules(example, [all]).map((m) => [m.rule.id, m.evidence]);
          expect(withPrefilter).toEqual(withoutPrefilter);
        }
      }
    }
  });
});
