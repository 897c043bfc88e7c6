// Every rule's own examples: positives must fire the rule, negatives must not. Analysts extend the
// lexicon by adding examples; this file turns them into tests without further code.
import { describe, expect, it } from 'vitest';
import { matchRules } from '../../../classifier/indicators/engine.ts';
import { defaultLexicon } from '../../../classifier/indicators/lexicon.ts';

const lexicon = defaultLexicon();

for (const lang of lexicon.languages.values()) {
  describe(`lexicon ${lang.language}`, () => {
    for (const rule of lang.rules) {
      const fired = (text: string) => matchRules(text, [lang]).some((m) => m.rule.id === rule.id);
      for (const text of rule.examples.positive) {
        it(`${rule.id} fires on "${text}"`, () => expect(fired(text)).toBe(true));
      }
      for (const text of rule.examples.negative) {
        it(`${rule.id} stays silent on "${text}"`, () => expect(fired(text)).toBe(false));
      }
    }
  });
}

describe('lexicon', () => {
  it('has a version derived from its files', () => {
    expect(lexicon.version).toMatch(/^lex-[0-9a-f]{12}$/);
  });

  it('covers every supported language and shared codes', () => {
    for (const key of ['en', 'de', 'fr', 'es', 'it', 'ru', 'pl', 'ro', 'shared']) {
      expect(lexicon.languages.has(key)).toBe(true);
    }
  });
});
