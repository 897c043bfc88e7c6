import type { CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../classifier/entities/index.ts';
import type { Obfuscation } from '../../../classifier/types.ts';

interface PhoneCase {
  text: string;
  region?: CountryCode;
  phones: string[];
  /** Obfuscations expected on the first phone (exactly). */
  hidden?: Obfuscation[];
}

// Positives and hard negatives per language. Numbers are valid mobiles per libphonenumber-js.
const CASES: Record<string, PhoneCase[]> = {
  en: [
    { text: 'Call me on 07912 345678 anytime', region: 'GB', phones: ['+447912345678'], hidden: [] },
    {
      text: 'zero seven nine one two three four five six seven eight',
      region: 'GB',
      phones: ['+447912345678'],
      hidden: ['words'],
    },
    {
      text: 'zero seven four double zero 123 four five six',
      region: 'GB',
      phones: ['+447400123456'],
      hidden: ['words'],
    },
    {
      text: 'O79l2 345678 text only',
      region: 'GB',
      phones: ['+447912345678'],
      hidden: ['lookalike_letters'],
    },
    {
      text: 'my number: 0 7 9 1 2 3 4 5 6 7 8',
      region: 'GB',
      phones: ['+447912345678'],
      hidden: ['separators'],
    },
    { text: 'text 07912\n345678', region: 'GB', phones: ['+447912345678'], hidden: ['split_lines'] },
    { text: '+44 7912 345678 or +44 7400 123456', phones: ['+447912345678', '+447400123456'], hidden: [] },
    { text: '0044 7912 345678', phones: ['+447912345678'] },
    { text: '07912 then 345678', region: 'GB', phones: ['+447912345678'], hidden: ['separators'] },
    { text: 'Rates: 30 min 100, 1 hour 150, 2 hours 250, overnight 1000', region: 'GB', phones: [] },
    { text: 'I am 22, 165 cm, 55 kg, available 10:00-22:00 since 2019', region: 'GB', phones: [] },
    { text: 'Postcode SW1A 1AA, London. Born 12/05/2001', region: 'GB', phones: [] },
    { text: 'Only 100 200 300 pounds', region: 'GB', phones: [] },
  ],
  de: [
    { text: 'Tel. 0151 23456789, ruf an', region: 'DE', phones: ['+4915123456789'], hidden: [] },
    { text: 'null eins fünf eins - 2345 6789', region: 'DE', phones: ['+4915123456789'], hidden: ['words'] },
    {
      text: 'Null Eins Sieben Sechs Zwölf 34 fünfundsechzig 78',
      region: 'DE',
      phones: ['+4917612346578'],
      hidden: ['words'],
    },
    { text: '+49 (0) 176 1234 5678', phones: ['+4917612345678'], hidden: [] },
    { text: 'WhatsApp 4917612345678', region: 'DE', phones: ['+4917612345678'] },
    { text: '0l76/l2345678', region: 'DE', phones: ['+4917612345678'], hidden: ['lookalike_letters'] },
    { text: 'Termin 12.05.2024 ab 18 Uhr, PLZ 10115 Berlin, 200 Euro', region: 'DE', phones: [] },
    { text: 'Ich bin 23 Jahre, 170 cm, Preise 150 200 250', region: 'DE', phones: [] },
  ],
  fr: [
    { text: 'Appelle-moi au 06 12 34 56 78', region: 'FR', phones: ['+33612345678'], hidden: [] },
    {
      text: 'zéro six douze trente-quatre cinquante-six soixante-dix-huit',
      region: 'FR',
      phones: ['+33612345678'],
      hidden: ['words'],
    },
    { text: 'zero sept quatre-vingt-un 23 45 67', region: 'FR', phones: ['+33781234567'], hidden: ['words'] },
    { text: '06.12.34.56.78', region: 'FR', phones: ['+33612345678'], hidden: [] },
    {
      text: '０６１２３４５６７８',
      region: 'FR',
      phones: ['+33612345678'],
      hidden: ['fullwidth_or_emoji_digits'],
    },
    { text: '0️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣', region: 'FR', phones: ['+33612345678'], hidden: ['fullwidth_or_emoji_digits'] },
    { text: '06*98*76*54*32', region: 'FR', phones: ['+33698765432'], hidden: ['separators'] },
    { text: 'Rendez-vous le 06/12/2024, 75001 Paris, 150 € la demi-heure', region: 'FR', phones: [] },
    { text: "j'ai 24 ans, 1m65, 100 150 200 roses", region: 'FR', phones: [] },
  ],
  es: [
    { text: 'Llámame 612 345 678', region: 'ES', phones: ['+34612345678'], hidden: [] },
    {
      text: 'seis uno dos tres cuatro cinco seis siete ocho',
      region: 'ES',
      phones: ['+34612345678'],
      hidden: ['words'],
    },
    { text: 'siete veintidós 123 cuatrocientos', region: 'ES', phones: [] },
    { text: '+34 722-123-456', phones: ['+34722123456'] },
    { text: 'tengo 25 años, 100 euros media hora, 28001 Madrid', region: 'ES', phones: [] },
  ],
  it: [
    { text: 'Chiamami al 312 345 6789', region: 'IT', phones: ['+393123456789'], hidden: [] },
    {
      text: 'tre quattro sette 123 quattro cinque sei sette',
      region: 'IT',
      phones: ['+393471234567'],
      hidden: ['words'],
    },
    { text: 'tre uno due | tre quattro cinque | sei sette otto nove', region: 'IT', phones: [] },
    { text: 'wa.me/393471234567', phones: ['+393471234567'] },
    { text: 'ho 21 anni, 150 euro, 20121 Milano, dal 2020', region: 'IT', phones: [] },
  ],
  ru: [
    { text: 'Звоните 8 916 123-45-67', region: 'RU', phones: ['+79161234567'], hidden: [] },
    { text: 'восемь девять два пять 123 45 67', region: 'RU', phones: ['+79251234567'], hidden: ['words'] },
    { text: '+7 (925) 123-45-67', phones: ['+79251234567'] },
    { text: 'мне 20 лет, 5000 руб час, 10000 ночь, рост 170', region: 'RU', phones: [] },
  ],
  pl: [
    { text: 'Zadzwoń 512 345 678', region: 'PL', phones: ['+48512345678'], hidden: [] },
    {
      text: 'pięć jeden dwa trzy cztery pięć sześć siedem osiem',
      region: 'PL',
      phones: ['+48512345678'],
      hidden: ['words'],
    },
    { text: 'szesc zero jeden 234 567', region: 'PL', phones: ['+48601234567'], hidden: ['words'] },
    { text: 'mam 22 lata, 200 zł, 00-001 Warszawa, 2023 r.', region: 'PL', phones: [] },
  ],
  ro: [
    { text: 'Sună-mă 0721 234 567', region: 'RO', phones: ['+40721234567'], hidden: [] },
    { text: 'zero șapte doi unu 234 567', region: 'RO', phones: ['+40721234567'], hidden: ['words'] },
    {
      text: 'zero sapte patru patru unu doi trei patru cinci sase',
      region: 'RO',
      phones: ['+40744123456'],
      hidden: ['words'],
    },
    { text: 'am 23 de ani, 300 lei, 010011 București', region: 'RO', phones: [] },
  ],
  mixed: [
    { text: 'Anna, Paris. WhatsApp +33 6 12 34 56 78 et Telegram', phones: ['+33612345678'] },
    // No region given: the city in the text decides.
    { text: 'Neu in Wien! 0664 123456', phones: ['+43664123456'] },
    { text: 'new in Zurich 079 123 45 67', phones: ['+41791234567'] },
    // A French-language ad (default FR) naming Brussels: the Belgian mobile is still found.
    { text: 'Nouvelle à Bruxelles, appelle 0470 12 34 56', region: 'FR', phones: ['+32470123456'] },
    { text: 'ID 123456789012345678901234567890', region: 'FR', phones: [] },
  ],
  // Written after the extractor, without tuning (one miss, the labelled ID, was fixed afterwards).
  unseen: [
    { text: '☎️ 06-12-34-56-78 ☎️', region: 'FR', phones: ['+33612345678'] },
    { text: 'Tél : 06 12 34 56 78 (pas de sms)', region: 'FR', phones: ['+33612345678'] },
    { text: 'call/text 0 7 9 1 2 - 3 4 5 6 7 8', region: 'GB', phones: ['+447912345678'] },
    { text: '07912.345.678 or 07400.123.456', region: 'GB', phones: ['+447912345678', '+447400123456'] },
    { text: 'Handy: 0151-2345 6789 (auch WhatsApp)', region: 'DE', phones: ['+4915123456789'] },
    { text: 'nummer: 0 1 5 1 / 2 3 4 5 6 7 8 9', region: 'DE', phones: ['+4915123456789'] },
    {
      text: 'mi numero es seis uno dos, tres cuatro cinco, seis siete ocho',
      region: 'ES',
      phones: ['+34612345678'],
    },
    { text: 'cell 347.123.45.67', region: 'IT', phones: ['+393471234567'] },
    { text: 'тел. +7-916-123-45-67 (вотсап)', region: 'RU', phones: ['+79161234567'] },
    { text: 'telefon: 512-345-678', region: 'PL', phones: ['+48512345678'] },
    { text: 'tel 0721.234.567 non stop', region: 'RO', phones: ['+40721234567'] },
    { text: '+33 (0)6 12 34 56 78', phones: ['+33612345678'] },
    { text: '06 12 34\n56 78', region: 'FR', phones: ['+33612345678'] },
    { text: '⓪⑥①②③④⑤⑥⑦⑧', region: 'FR', phones: ['+33612345678'] },
    { text: 'tel: 0six 12 34 56 78', region: 'FR', phones: ['+33612345678'] },
    { text: 'Tarifs: 30min 80€ / 1h 150€ / 2h 280€', region: 'FR', phones: [] },
    { text: 'Disponible du 01/12 au 15/12 de 10h à 22h', region: 'FR', phones: [] },
    { text: 'Größe 168, Gewicht 55, KF 75B, Alter 23', region: 'DE', phones: [] },
    { text: 'O7B2l l23 4S6 call', region: 'GB', phones: ['+447821123456'], hidden: ['lookalike_letters'] },
    { text: 'bra 75B, size 36, 1.65 m', region: 'GB', phones: [] },
    { text: 'Since 2015, 3000 happy clients, 24/7', region: 'GB', phones: [] },
    { text: 'Ref. 1029384756', region: 'FR', phones: [] },
    { text: 'ID: 4471 2938 1234', region: 'GB', phones: [] },
    { text: 'Price: 100, 150, 200, 250, 300 EUR', region: 'DE', phones: [] },
  ],
};

const all = Object.entries(CASES).flatMap(([lang, cases]) => cases.map((c) => ({ lang, ...c })));

describe('phone extraction', () => {
  it.each(all)('[$lang] $text', ({ text, region, phones, hidden }) => {
    const entities = extractEntities(text, region ? { defaultRegion: region } : {});
    expect(entities.phones).toEqual(phones);
    if (hidden) expect(entities.phoneDetails[0]?.obfuscations.sort()).toEqual([...hidden].sort());
  });

  it('reaches phone F1 ≥ 0.98 over the whole table', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { text, region, phones } of all) {
      const found = extractEntities(text, region ? { defaultRegion: region } : {}).phones;
      tp += found.filter((p) => phones.includes(p)).length;
      fp += found.filter((p) => !phones.includes(p)).length;
      fn += phones.filter((p) => !found.includes(p)).length;
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps the raw text of the number for evidence', () => {
    const [detail] = extractEntities('call O6 l2 34 56 78 now', { defaultRegion: 'FR' }).phoneDetails;
    expect(detail).toMatchObject({ e164: '+33612345678', raw: 'O6 l2 34 56 78', source: 'text' });
  });

  it('stays fast and bounded on a long wall of digits and number words', () => {
    const wall = '1 2 3 4 5 6 7 8 9 0 one two three '.repeat(2_000);
    const entities = extractEntities(wall, { defaultRegion: 'FR' });
    expect(entities.phones.length).toBeLessThan(200);
  });
});
