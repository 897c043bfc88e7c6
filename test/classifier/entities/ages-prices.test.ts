import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../classifier/entities/index.ts';

const AGE_CASES: Array<[lang: string, text: string, ages: number[]]> = [
  ['en', 'Hi, I am 22 and new here', [22]],
  ['en', "I'm 19, sweet and shy", [19]],
  ['en', 'Lily, 21 years old', [21]],
  ['en', 'Sandra 24 y.o. from Riga', [24]],
  ['en', 'Age: 23', [23]],
  ['en', '20yo student', [20]],
  ['en', '18+ only', []],
  ['en', 'Over 18 only, I am 100% real', []],
  ['en', 'I am 5 min from the station', []],
  ['en', 'I am 24/7 available', []],
  ['en', '10 years of experience', []],
  ['en', 'available 22 hours a day', []],
  ['de', 'Ich bin 22 Jahre alt', [22]],
  ['de', 'Mia, 20 Jahre, neu in der Stadt', [20]],
  ['de', 'Alter: 25', [25]],
  ['de', 'nur ab 18 Jahren', []],
  ['de', '15 Jahre Erfahrung', []],
  ['fr', "j'ai 22 ans", [22]],
  ['fr', 'Chloé 19 ans', [19]],
  ['fr', 'plus de 18 ans', []],
  ['es', 'tengo 22 años', [22]],
  ['es', 'mayores de 18 años', []],
  ['it', 'ho 22 anni', [22]],
  ['it', 'Età: 26', [26]],
  ['ru', 'мне 22 года', [22]],
  ['ru', 'Маша, 19 лет', [19]],
  ['ru', 'строго от 18 лет', []],
  ['pl', 'mam 22 lata', [22]],
  ['pl', 'Ola 25 lat', [25]],
  ['pl', 'powyżej 18 lat', []],
  ['ro', 'am 22 de ani', [22]],
  ['ro', 'Ioana, 20 ani', [20]],
  ['ro', 'peste 18 ani', []],
  ['minor', 'I am 16, new here', [16]],
  ['es', '¡Hola! Me llamo Nerea.\n33 añitos.', [33]],
  ['title', 'Greta (33) – diskrete Begleitung in Wien', [33]],
  ['title', 'Holly, 22 – companion in Birmingham', [22]],
  ['title', 'TIA 22 | PRAGUE | INCALL', [22]],
  ['title', 'KF 75B, Größe 168', []],
  ['title', 'Rates (30) minutes', []],
];

describe('age extraction', () => {
  it.each(AGE_CASES)('[%s] %s', (_lang, text, ages) => {
    expect(extractEntities(text).ages).toEqual(ages);
  });
});

/** Ages spelled out, or given after "turned"/"erst"/"tengo": how ads hide a minor's age from filters. */
const WORD_AGE_CASES: Array<[lang: string, text: string, ages: number[]]> = [
  ['en', 'seventeen years old and shy', [17]],
  ['en', 'I am twenty two years old', [22]],
  ['en', 'I just turned 17, call me', [17]],
  ['en', 'I am seventeen, discreet', [17]],
  ['en', 'for fifteen years of experience', []],
  ['en', 'I have two girls for you', []],
  ['en', 'I am ten minutes from the station', []],
  ['de', 'ich bin siebzehn Jahre alt', [17]],
  ['de', 'eigentlich erst 16, sehr schüchtern', [16]],
  ['de', 'seit fünfzehn Jahren im Geschäft', []],
  ['fr', 'Seize ans, soyez gentils', [16]],
  ['fr', "j'ai vingt-deux ans", [22]],
  ['fr', 'dix-sept ans, toute douce', [17]],
  ['fr', 'je travaille depuis quinze ans', []],
  ['es', 'Tengo dieciséis, sed amables', [16]],
  ['es', 'tengo dos chicas para ti', []],
  ['it', 'ho diciassette anni', [17]],
  ['it', 'sono qui da quindici anni', []],
  ['ru', 'мне только исполнилось 17', [17]],
  ['ru', 'опыт десять лет', []],
  ['pl', 'Mam szesnaście lat', [16]],
  ['pl', 'właśnie skończyłam 17', [17]],
  ['ro', 'am șaisprezece ani', [16]],
  ['ro', 'experiență de zece ani', []],
];

describe('ages written as words', () => {
  it.each(WORD_AGE_CASES)('[%s] %s', (_lang, text, ages) => {
    expect(extractEntities(text).ages).toEqual(ages);
  });
});

/** A birth year is read against the year of posting, as the oldest age it allows. */
const BIRTH_YEAR_CASES: Array<[text: string, ages: number[]]> = [
  ['Born in 2009, sweet and shy', [17]],
  ['Jahrgang 2008', [18]],
  ['née en 2000, coquine', [26]],
  ['Nací en 2009, todavía', [17]],
  ['nata nel 2010', [16]],
  ['2009 года рождения', [17]],
  ['rocznik 2009', [17]],
  ['născută în 2001', [25]],
  ['open since 2009, established salon', []],
  ['call 2009 2010 2011', []],
];

describe('birth years', () => {
  it.each(BIRTH_YEAR_CASES)('%s', (text, ages) => {
    expect(extractEntities(text, { referenceYear: 2026 }).ages).toEqual(ages);
  });

  it('counts a birth year from the reference year', () => {
    expect(extractEntities('Born in 2009', { referenceYear: 2030 }).ages).toEqual([21]);
  });
});

const PRICE_CASES: Array<
  [text: string, prices: Array<{ amount: number; currency: string; minutes?: number }>]
> = [
  [
    '30 min 100€, 1h 150€, nuit 800€',
    [
      { amount: 100, currency: 'EUR', minutes: 30 },
      { amount: 150, currency: 'EUR', minutes: 60 },
      { amount: 800, currency: 'EUR', minutes: 720 },
    ],
  ],
  [
    '100€/30min, 150€/1h',
    [
      { amount: 100, currency: 'EUR', minutes: 30 },
      { amount: 150, currency: 'EUR', minutes: 60 },
    ],
  ],
  ['1 Stunde 150 EUR', [{ amount: 150, currency: 'EUR', minutes: 60 }]],
  ['£120 per hour', [{ amount: 120, currency: 'GBP', minutes: 60 }]],
  ['CHF 300.- pro Stunde', [{ amount: 300, currency: 'CHF', minutes: 60 }]],
  ['200 zł za godzinę', [{ amount: 200, currency: 'PLN', minutes: 60 }]],
  ['300 lei/ora', [{ amount: 300, currency: 'RON', minutes: 60 }]],
  [
    '5000 руб/час, ночь 20 000 руб',
    [
      { amount: 5000, currency: 'RUB', minutes: 60 },
      { amount: 20000, currency: 'RUB', minutes: 720 },
    ],
  ],
  ['media hora 80 euros', [{ amount: 80, currency: 'EUR', minutes: 30 }]],
  ['$1,500 overnight', [{ amount: 1500, currency: 'USD', minutes: 720 }]],
  ['99,50 € ', [{ amount: 99.5, currency: 'EUR' }]],
  ['I am 22, 100% real, 06 12 34 56 78', []],
];

describe('price extraction', () => {
  it.each(PRICE_CASES)('%s', (text, prices) => {
    expect(extractEntities(text).prices.map(({ raw: _raw, ...p }) => p)).toEqual(prices);
  });
});
