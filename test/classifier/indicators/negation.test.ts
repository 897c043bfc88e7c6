// Hard negatives and negation, per language: wording that looks like an indicator but says the
// opposite ("no agency", "not new in town", "18+ only", "I am 25", a city named in passing).
import { describe, expect, it } from 'vitest';
import { detectIndicators } from '../../../classifier/indicators/index.ts';
import { defaultLexicon } from '../../../classifier/indicators/lexicon.ts';
import { detectLanguage } from '../../../classifier/language.ts';
import { cachedProfile } from '../../../classifier/profiles/index.ts';
import type { IndicatorCode } from '../../../classifier/types.ts';
import { noEntities } from './no-entities.ts';

function codes(text: string): IndicatorCode[] {
  const options = { lexicon: defaultLexicon(), profile: cachedProfile().base };
  return detectIndicators(text, detectLanguage(text), noEntities(), options).map((h) => h.code);
}

type Case = [text: string, silent: IndicatorCode[], fires?: IndicatorCode[]];

const CASES: Record<string, Case[]> = {
  en: [
    ['Independent escort, no agency, I answer my own phone.', ['third_party']],
    ['18+ only. I am 25 years old and I live in London.', ['minor_age', 'youth', 'movement']],
    ['Not new in town, I have lived in Manchester for ten years.', ['movement']],
    ['No bareback, always with condom.', ['risky_services']],
    // A negator governs its own list item, not the next one after a comma.
    ['Kissing ok, no rushing, bareback welcome.', [], ['risky_services']],
    ['No agency, no manager, I work alone.', ['third_party']],
    ['New in town! Sweet young girl, no limits.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
  de: [
    ['Unabhängig und privat, keine Agentur. Ich wohne in Köln.', ['third_party', 'movement']],
    ['Nur ab 18. Ich bin 25 Jahre alt.', ['minor_age', 'youth']],
    ['Ich bin nicht neu in der Stadt, seit Jahren in Berlin.', ['movement']],
    ['Neu in der Stadt, sehr junge Studentin, tabulos.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
  fr: [
    ['Indépendante, pas d’agence. J’habite à Lyon depuis longtemps.', ['third_party', 'movement']],
    ['Je ne suis pas nouvelle en ville, je vis à Paris.', ['movement']],
    ['Réservé aux plus de 18 ans, j’ai 25 ans.', ['minor_age', 'youth']],
    ['Nouvelle en ville, très jeune, sans tabous.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
  es: [
    ['Independiente, sin agencia. Vivo en Madrid desde hace años.', ['third_party', 'movement']],
    ['No soy nueva en la ciudad, tengo 25 años.', ['movement', 'youth']],
    ['Nueva en la ciudad, jovencita, sin límites.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
  it: [
    ['Indipendente, niente agenzia. Vivo a Milano da anni.', ['third_party', 'movement']],
    ['Non sono nuova in città, ho 25 anni.', ['movement', 'youth']],
    ['Nuova in città, giovanissima, senza limiti.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
  ru: [
    ['Индивидуалка, без агентства. Живу в Москве уже 10 лет.', ['third_party', 'movement']],
    ['Я не новая в городе, мне 25 лет.', ['movement', 'youth']],
    ['Новенькая, молоденькая, без ограничений.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
  pl: [
    ['Niezależna, bez agencji. Mieszkam w Krakowie od lat.', ['third_party', 'movement']],
    ['Nie jestem nowa w mieście, mam 25 lat.', ['movement', 'youth']],
    ['Nowa w mieście, młodziutka, bez ograniczeń.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
  ro: [
    ['Independentă, fără agenție. Locuiesc în Cluj de ani buni.', ['third_party', 'movement']],
    ['Nu sunt nouă în oraș, am 25 de ani.', ['movement', 'youth']],
    ['Nouă în oraș, foarte tânără, fără limite.', [], ['movement', 'youth', 'restricted_autonomy']],
  ],
};

for (const [language, cases] of Object.entries(CASES)) {
  describe(`hard negatives (${language})`, () => {
    for (const [text, silent, fires = []] of cases) {
      it(`reads "${text}" without ${silent.join(', ') || 'false negatives'}`, () => {
        expect(detectLanguage(text)).toBe(language);
        const found = codes(text);
        for (const code of silent) expect(found).not.toContain(code);
        for (const code of fires) expect(found).toContain(code);
      });
    }
  });
}

describe('negation window', () => {
  it('undoes a match only within a few words of the negator', () => {
    expect(codes('No agency')).not.toContain('third_party');
    expect(codes('No time wasters please, I work with our agency girls')).toContain('third_party');
  });

  it('stops at the end of the clause', () => {
    expect(codes('Not a problem. New in town!')).toContain('movement');
  });
});
