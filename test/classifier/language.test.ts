import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../classifier/language.ts';

describe('detectLanguage', () => {
  const paragraphs: Array<[string, string]> = [
    ['en', 'Hello gentlemen, I am a friendly and elegant companion waiting for you in my private apartment.'],
    [
      'de',
      'Hallo, ich bin eine freundliche und elegante Begleiterin und freue mich auf deinen Besuch in meiner Wohnung.',
    ],
    [
      'fr',
      'Bonjour messieurs, je suis une accompagnatrice élégante et je vous attends dans mon appartement privé.',
    ],
    ['es', 'Hola caballeros, soy una acompañante elegante y simpática, os espero en mi apartamento privado.'],
    [
      'it',
      'Ciao signori, sono una accompagnatrice elegante e simpatica, vi aspetto nel mio appartamento privato.',
    ],
    ['ru', 'Привет, я элегантная и приятная девушка, жду тебя в моей уютной квартире в центре города.'],
    ['pl', 'Cześć panowie, jestem elegancką i miłą towarzyszką, czekam na was w moim prywatnym mieszkaniu.'],
    [
      'ro',
      'Bună ziua domnilor, sunt o însoțitoare elegantă și prietenoasă, vă aștept în apartamentul meu privat.',
    ],
  ];
  for (const [lang, text] of paragraphs) {
    it(`recognises a ${lang} paragraph`, () => expect(detectLanguage(text)).toBe(lang));
  }

  it('calls a short Cyrillic text Russian', () => expect(detectLanguage('Новенькая, звони')).toBe('ru'));
  it('decides short Latin texts by unique letters and function words', () => {
    expect(detectLanguage('Neu in der Stadt, süß')).toBe('de');
    expect(detectLanguage('Nowa w mieście, zadzwoń')).toBe('pl');
    expect(detectLanguage('Nouă în oraș')).toBe('ro');
  });
  it("answers 'und' when there is nothing to read", () => {
    expect(detectLanguage('+49 171 2345678')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
  it('returns only ISO 639-1 codes of supported languages', () => {
    expect(['en', 'de', 'fr', 'es', 'it', 'ru', 'pl', 'ro', 'und']).toContain(
      detectLanguage('Olá, sou uma acompanhante elegante e simpática, espero por você no meu apartamento.'),
    );
  });
});
