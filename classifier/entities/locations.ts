// Places named in ad text, looked up in the gazetteer (`cities.ts`). Used to infer the phone
// region and the ad's city when the site gives none.

import { asciiWordFilter, LETTER, tokenize } from './char-class.ts';
import { CITIES } from './cities.ts';
import { foldWord } from './number-words.ts';

export interface Location {
  /** Canonical (English) city name. */
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The words as they appeared in the text. */
  raw: string;
}

interface Entry {
  city: string;
  country: string;
  /** Also an ordinary word or first name: needs a capital and a place preposition before it. */
  ambiguous: boolean;
}

/** Longest city name in words ("Monaco di Baviera", "San Pietroburgo"). */
const MAX_NAME_WORDS = 3;
/** Longest text scanned; place names in an ad come early. */
const MAX_LOCATION_TEXT_CHARS = 20_000;
/** Prepositions that make an ambiguous name a place ("in Nice", "à Nice", "в Самаре"). */
const PLACE_PREPOSITIONS = new Set(
  (
    'in at near from to im nach aus bei a à de en près pres desde cerca di da vicino в из под w we z ' +
    'ze koło kolo în din la lângă langa around centre center zentrum centro центр centrum city'
  ).split(' '),
);

/** Folds a city spelling or a run of words to the lookup key: lower-case, no diacritics, single spaces. */
export function cityKey(name: string): string {
  return foldWord(
    name
      .replace(/[-'’.]/g, ' ')
      .trim()
      .replace(/\s+/g, ' '),
  );
}

/** Lower-case key without folding: Cyrillic and exact spellings are found without NFD. */
function plainKey(name: string): string {
  return name
    .replace(/[-'’.]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

const GAZETTEER: ReadonlyMap<string, Entry> = (() => {
  const map = new Map<string, Entry>();
  for (const [country, canonical, ...spellings] of CITIES) {
    const city = canonical.replace(/^\*/, '');
    for (const spelling of [canonical, ...spellings]) {
      const ambiguous = spelling.startsWith('*');
      const name = spelling.replace(/^\*/, '');
      for (const key of [cityKey(name), plainKey(name)])
        if (!map.has(key)) map.set(key, { city, country, ambiguous });
    }
  }
  return map;
})();
/**
 * First words of all names, each with the word counts of the names it starts (bit n for n words):
 * most words of an ad are rejected by one lookup, and most others start only one-word names.
 */
const FIRST_WORDS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const key of GAZETTEER.keys()) {
    const words = key.split(' ');
    map.set(words[0]!, (map.get(words[0]!) ?? 0) | (1 << words.length));
  }
  return map;
})();
const LATIN_DIACRITICS = /[\u00c0-\u024f\u1e00-\u1eff]/;
/** Most words of an ad are told to start no name without building a string (see `asciiWordFilter`). */
const mayStartName = asciiWordFilter(FIRST_WORDS.keys());

function startsName(word: string): boolean {
  const lower = word.toLowerCase();
  return FIRST_WORDS.has(lower) || (LATIN_DIACRITICS.test(lower) && FIRST_WORDS.has(foldWord(lower)));
}

/**
 * The word counts (bit n for n words) of the names that may start with `word`, 0 when
 * `startsName` rejects it. Both keys of a run of words (`plainKey`, `cityKey`) are its words
 * lower-cased (and folded) one by one and joined by single spaces, so a name of n words is found
 * only under a key of n words whose first word is the first word so treated.
 */
function nameLengths(word: string): number {
  if (!startsName(word)) return 0;
  const lower = word.toLowerCase();
  return (FIRST_WORDS.get(lower) ?? 0) | (FIRST_WORDS.get(foldWord(lower)) ?? 0);
}

/**
 * Words joined by other than spaces, hyphens or apostrophes are no name. A single word of the text
 * passes, unless it carries a lone surrogate, and such a word is in no key either.
 */
const NOT_IN_NAME = /[^\p{L}\p{M}\s\-'’.]/u;

/**
 * Answers per spelling as written, kept across ads (ads share most of their words): the names a
 * word may start, and the entry a run of words names (null for none). Cleared when full.
 */
const NAME_LENGTHS = new Map<string, number>();
const NAMED = new Map<string, Entry | null>();
const MAX_CACHED_SPELLINGS = 50_000;

function nameLengthsCached(word: string): number {
  let known = NAME_LENGTHS.get(word);
  if (known === undefined) {
    known = nameLengths(word);
    if (NAME_LENGTHS.size >= MAX_CACHED_SPELLINGS) NAME_LENGTHS.clear();
    NAME_LENGTHS.set(word, known);
  }
  return known;
}

/** The entry `raw` (one or more words as written) names; a run of words only when joined as a name. */
function entryNamed(raw: string): Entry | null {
  let entry = NAMED.get(raw);
  if (entry === undefined) {
    entry = NOT_IN_NAME.test(raw)
      ? null
      : (GAZETTEER.get(plainKey(raw)) ?? GAZETTEER.get(cityKey(raw)) ?? null);
    if (NAMED.size >= MAX_CACHED_SPELLINGS) NAMED.clear();
    NAMED.set(raw, entry);
  }
  return entry;
}

/** The gazetteer entry for a city name as a site or the crawler gives it. */
export function lookupCity(name: string): { city: string; country: string } | undefined {
  const entry = GAZETTEER.get(cityKey(name));
  return entry ? { city: entry.city, country: entry.country } : undefined;
}

/**
 * The last text read and its places: scoring asks twice for one ad (the phone region, then the
 * countries to try for numbers invalid there), and reading the gazetteer costs more than comparing.
 */
let lastText: string | undefined;
let lastPlaces: readonly Location[] = [];

/** Places named in `text`, first named first. The answer is shared: do not modify it. */
export function extractLocations(text: string): readonly Location[] {
  if (text === lastText) return lastPlaces;
  lastPlaces = readLocations(text);
  lastText = text;
  return lastPlaces;
}

function readLocations(text: string): Location[] {
  const input = text.length > MAX_LOCATION_TEXT_CHARS ? text.slice(0, MAX_LOCATION_TEXT_CHARS) : text;
  const words = tokenize(input).filter((t) => t.kind === LETTER);
  const out: Location[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const first = words[i]!;
    if (!mayStartName(input, first.start, first.end)) continue;
    const lengths = nameLengthsCached(input.slice(first.start, first.end));
    if (lengths === 0) continue;
    for (let n = Math.min(MAX_NAME_WORDS, words.length - i); n >= 1; n--) {
      if ((lengths & (1 << n)) === 0) continue;
      const last = words[i + n - 1]!;
      const raw = input.slice(first.start, last.end);
      const entry = entryNamed(raw);
      if (!entry) continue;
      if (entry.ambiguous) {
        const capitalised = /^\p{Lu}/u.test(raw);
        const before = words[i - 1];
        const preposition =
          before !== undefined && PLACE_PREPOSITIONS.has(input.slice(before.start, before.end).toLowerCase());
        if (!capitalised || !preposition) continue;
      }
      if (!seen.has(entry.city)) {
        seen.add(entry.city);
        out.push({ city: entry.city, country: entry.country, raw });
      }
      i += n - 1;
      break;
    }
  }
  return out;
}
