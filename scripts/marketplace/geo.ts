// Countries and cities of the synthetic marketplace: real major cities of OSCE participating
// states, with the languages ads there are written in, the local currency, a typical hourly rate
// (the norm `low_price` is measured against) and real mobile prefixes to draw phone numbers from.
import type { Lang } from './lang/types.ts';

export interface Country {
  code: string;
  /** Languages of ads in this country, with weights. */
  languages: ReadonlyArray<readonly [Lang, number]>;
  currency: string;
  /** Typical price of one hour in `currency`; `low_price` ads ask well under half of it. */
  hourlyNorm: number;
  /** National significant number prefixes of mobile ranges, and the total national lengths. */
  mobile: { prefixes: string[]; lengths: number[] };
}

export interface City {
  slug: string;
  country: string;
  /** Name as written locally, in English and in Russian (Cyrillic). */
  local: string;
  en: string;
  ru: string;
}

export const COUNTRIES: Record<string, Country> = {
  GB: {
    code: 'GB',
    languages: [['en', 1]],
    currency: 'GBP',
    hourlyNorm: 150,
    mobile: { prefixes: ['74', '75', '77', '78', '79'], lengths: [10] },
  },
  IE: {
    code: 'IE',
    languages: [['en', 1]],
    currency: 'EUR',
    hourlyNorm: 160,
    mobile: { prefixes: ['83', '85', '86', '87', '89'], lengths: [9] },
  },
  DE: {
    code: 'DE',
    languages: [
      ['de', 0.85],
      ['en', 0.1],
      ['ru', 0.05],
    ],
    currency: 'EUR',
    hourlyNorm: 150,
    mobile: {
      prefixes: [
        '151',
        '152',
        '157',
        '160',
        '162',
        '170',
        '171',
        '172',
        '173',
        '174',
        '175',
        '176',
        '177',
        '178',
        '179',
      ],
      lengths: [11, 10],
    },
  },
  AT: {
    code: 'AT',
    languages: [
      ['de', 0.85],
      ['en', 0.15],
    ],
    currency: 'EUR',
    hourlyNorm: 160,
    mobile: { prefixes: ['650', '660', '664', '676', '680', '681', '699'], lengths: [10, 11] },
  },
  CH: {
    code: 'CH',
    languages: [
      ['de', 0.5],
      ['fr', 0.3],
      ['it', 0.1],
      ['en', 0.1],
    ],
    currency: 'CHF',
    hourlyNorm: 300,
    mobile: { prefixes: ['75', '76', '77', '78', '79'], lengths: [9] },
  },
  FR: {
    code: 'FR',
    languages: [
      ['fr', 0.9],
      ['en', 0.1],
    ],
    currency: 'EUR',
    hourlyNorm: 150,
    mobile: { prefixes: ['6', '73', '75', '76', '77', '78'], lengths: [9] },
  },
  BE: {
    code: 'BE',
    languages: [
      ['fr', 0.7],
      ['en', 0.3],
    ],
    currency: 'EUR',
    hourlyNorm: 150,
    mobile: {
      prefixes: [
        '460',
        '470',
        '471',
        '472',
        '473',
        '474',
        '475',
        '476',
        '477',
        '478',
        '479',
        '483',
        '484',
        '485',
        '486',
        '487',
        '488',
        '489',
        '490',
        '491',
        '492',
        '493',
        '494',
        '495',
        '496',
        '497',
        '498',
        '499',
      ],
      lengths: [9],
    },
  },
  NL: {
    code: 'NL',
    languages: [
      ['en', 0.9],
      ['de', 0.1],
    ],
    currency: 'EUR',
    hourlyNorm: 150,
    mobile: { prefixes: ['61', '62', '63', '64', '65', '68'], lengths: [9] },
  },
  ES: {
    code: 'ES',
    languages: [
      ['es', 0.9],
      ['en', 0.1],
    ],
    currency: 'EUR',
    hourlyNorm: 120,
    mobile: { prefixes: ['6', '71', '72', '73', '74'], lengths: [9] },
  },
  PT: {
    code: 'PT',
    languages: [
      ['es', 0.2],
      ['en', 0.8],
    ],
    currency: 'EUR',
    hourlyNorm: 100,
    mobile: { prefixes: ['91', '92', '93', '96'], lengths: [9] },
  },
  IT: {
    code: 'IT',
    languages: [
      ['it', 0.9],
      ['en', 0.1],
    ],
    currency: 'EUR',
    hourlyNorm: 150,
    mobile: {
      prefixes: [
        '320',
        '327',
        '328',
        '329',
        '333',
        '334',
        '338',
        '339',
        '340',
        '345',
        '347',
        '348',
        '349',
        '351',
        '366',
        '371',
        '380',
        '388',
        '389',
        '391',
        '392',
      ],
      lengths: [10],
    },
  },
  GR: {
    code: 'GR',
    languages: [
      ['en', 0.8],
      ['ru', 0.2],
    ],
    currency: 'EUR',
    hourlyNorm: 100,
    mobile: { prefixes: ['690', '693', '694', '695', '697', '698', '699'], lengths: [10] },
  },
  CZ: {
    code: 'CZ',
    languages: [
      ['en', 0.6],
      ['ru', 0.3],
      ['de', 0.1],
    ],
    currency: 'CZK',
    hourlyNorm: 3000,
    mobile: {
      prefixes: [
        '601',
        '602',
        '603',
        '604',
        '605',
        '606',
        '607',
        '608',
        '720',
        '721',
        '722',
        '723',
        '724',
        '725',
        '730',
        '731',
        '732',
        '733',
        '734',
        '736',
        '737',
        '739',
        '770',
        '773',
        '774',
        '775',
        '776',
        '777',
        '790',
        '799',
      ],
      lengths: [9],
    },
  },
  PL: {
    code: 'PL',
    languages: [
      ['pl', 0.9],
      ['en', 0.05],
      ['ru', 0.05],
    ],
    currency: 'PLN',
    hourlyNorm: 400,
    mobile: {
      prefixes: ['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'],
      lengths: [9],
    },
  },
  RO: {
    code: 'RO',
    languages: [
      ['ro', 0.9],
      ['en', 0.1],
    ],
    currency: 'RON',
    hourlyNorm: 500,
    mobile: { prefixes: ['72', '73', '74', '75', '76', '77', '78'], lengths: [9] },
  },
  MD: {
    code: 'MD',
    languages: [
      ['ro', 0.6],
      ['ru', 0.4],
    ],
    currency: 'MDL',
    hourlyNorm: 1500,
    mobile: { prefixes: ['60', '62', '67', '68', '69', '78', '79'], lengths: [8] },
  },
  HU: {
    code: 'HU',
    languages: [
      ['en', 0.8],
      ['de', 0.2],
    ],
    currency: 'HUF',
    hourlyNorm: 40000,
    mobile: { prefixes: ['20', '30', '70'], lengths: [9] },
  },
  SE: {
    code: 'SE',
    languages: [['en', 1]],
    currency: 'SEK',
    hourlyNorm: 1800,
    mobile: { prefixes: ['70', '72', '73', '76', '79'], lengths: [9] },
  },
  RU: {
    code: 'RU',
    languages: [['ru', 1]],
    currency: 'RUB',
    hourlyNorm: 8000,
    mobile: {
      prefixes: ['903', '905', '909', '915', '916', '925', '926', '929', '965', '977', '985', '999'],
      lengths: [10],
    },
  },
  KZ: {
    code: 'KZ',
    languages: [['ru', 1]],
    currency: 'KZT',
    hourlyNorm: 40000,
    mobile: { prefixes: ['701', '702', '705', '707', '747', '771', '775', '777', '778'], lengths: [10] },
  },
};

const c = (slug: string, country: string, local: string, en: string, ru: string): City => ({
  slug,
  country,
  local,
  en,
  ru,
});

export const CITIES: ReadonlyArray<City> = [
  c('london', 'GB', 'London', 'London', 'Лондон'),
  c('manchester', 'GB', 'Manchester', 'Manchester', 'Манчестер'),
  c('birmingham', 'GB', 'Birmingham', 'Birmingham', 'Бирмингем'),
  c('dublin', 'IE', 'Dublin', 'Dublin', 'Дублин'),
  c('berlin', 'DE', 'Berlin', 'Berlin', 'Берлин'),
  c('hamburg', 'DE', 'Hamburg', 'Hamburg', 'Гамбург'),
  c('muenchen', 'DE', 'München', 'Munich', 'Мюнхен'),
  c('frankfurt', 'DE', 'Frankfurt am Main', 'Frankfurt', 'Франкфурт'),
  c('koeln', 'DE', 'Köln', 'Cologne', 'Кёльн'),
  c('wien', 'AT', 'Wien', 'Vienna', 'Вена'),
  c('zuerich', 'CH', 'Zürich', 'Zurich', 'Цюрих'),
  c('geneve', 'CH', 'Genève', 'Geneva', 'Женева'),
  c('paris', 'FR', 'Paris', 'Paris', 'Париж'),
  c('lyon', 'FR', 'Lyon', 'Lyon', 'Лион'),
  c('marseille', 'FR', 'Marseille', 'Marseille', 'Марсель'),
  c('bruxelles', 'BE', 'Bruxelles', 'Brussels', 'Брюссель'),
  c('amsterdam', 'NL', 'Amsterdam', 'Amsterdam', 'Амстердам'),
  c('rotterdam', 'NL', 'Rotterdam', 'Rotterdam', 'Роттердам'),
  c('madrid', 'ES', 'Madrid', 'Madrid', 'Мадрид'),
  c('barcelona', 'ES', 'Barcelona', 'Barcelona', 'Барселона'),
  c('valencia', 'ES', 'Valencia', 'Valencia', 'Валенсия'),
  c('lisboa', 'PT', 'Lisboa', 'Lisbon', 'Лиссабон'),
  c('roma', 'IT', 'Roma', 'Rome', 'Рим'),
  c('milano', 'IT', 'Milano', 'Milan', 'Милан'),
  c('napoli', 'IT', 'Napoli', 'Naples', 'Неаполь'),
  c('athens', 'GR', 'Athens', 'Athens', 'Афины'),
  c('praha', 'CZ', 'Praha', 'Prague', 'Прага'),
  c('warszawa', 'PL', 'Warszawa', 'Warsaw', 'Варшава'),
  c('krakow', 'PL', 'Kraków', 'Krakow', 'Краков'),
  c('wroclaw', 'PL', 'Wrocław', 'Wroclaw', 'Вроцлав'),
  c('bucuresti', 'RO', 'București', 'Bucharest', 'Бухарест'),
  c('cluj-napoca', 'RO', 'Cluj-Napoca', 'Cluj-Napoca', 'Клуж-Напока'),
  c('timisoara', 'RO', 'Timișoara', 'Timisoara', 'Тимишоара'),
  c('chisinau', 'MD', 'Chișinău', 'Chisinau', 'Кишинёв'),
  c('budapest', 'HU', 'Budapest', 'Budapest', 'Будапешт'),
  c('stockholm', 'SE', 'Stockholm', 'Stockholm', 'Стокгольм'),
  c('moskva', 'RU', 'Москва', 'Moscow', 'Москва'),
  c('sankt-peterburg', 'RU', 'Санкт-Петербург', 'Saint Petersburg', 'Санкт-Петербург'),
  c('almaty', 'KZ', 'Алматы', 'Almaty', 'Алматы'),
];

export function country(code: string): Country {
  const found = COUNTRIES[code];
  if (!found) throw new RangeError(`unknown country ${code}`);
  return found;
}

/** The city's name as an ad in `lang` writes it. */
export function cityName(city: City, lang: Lang): string {
  if (lang === 'ru') return city.ru;
  if (lang === 'en') return city.en;
  // Cyrillic local names read oddly in Latin-script ads: use the English form there.
  return /[А-я]/.test(city.local) ? city.en : city.local;
}
