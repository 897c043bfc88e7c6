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
