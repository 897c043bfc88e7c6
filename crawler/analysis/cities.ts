// Cities named in a text, from the lexicon's list of major cities (local, English and Russian
// spellings). Proper nouns: matched case-sensitively so "nice" or "rom" in prose do not count.
import { CITIES } from './lexicon.ts';

/** Cities reported per page. */
export const MAX_CITIES_PER_PAGE = 50;

const CANONICAL = new Map<string, { name: string; country: string }>();
for (const city of CITIES) for (const spelling of city.spellings) CANONICAL.set(spelling, city);

const CITY_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${[...CANONICAL.keys()]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);

/** Canonical (English) names of the cities in `text`, in order of first mention. */
export function citiesIn(text: string, max = MAX_CITIES_PER_PAGE): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(CITY_RE)) {
    found.add(CANONICAL.get(match[1]!)!.name);
    if (found.size >= max) break;
  }
  return [...found];
}

/** Country of a city given in any known spelling. */
export function countryOfCity(name: string): string | undefined {
  return CANONICAL.get(name.trim())?.country;
}
