// Ages the ad states about the advertised person ("I am 22", "22 y.o.", "Ich bin 22 Jahre",
// "j'ai 22 ans", "мне 22 года", "am 22 de ani", "age: 22") in the eight lexicon languages.
// Legal notices ("18+ only", "over 18", "ab 18") are not ages, nor are prices, hours or years of
// experience. Ages are also read when written as words ("seventeen years old", "mam szesnaście
// lat") and as a birth year ("born in 2008", "2009 года рождения") against the posting year:
// spelling an age out or giving a year is how ads hide a minor's age from filters.
import { execAll, isAsciiDigit, nextCodePoint, noDigitBefore, noLetterBefore, scan } from './lookbehind.ts';
import { nameAgeMatches } from './name-age.ts';
import { foldWord, NUMBER_JOINERS, numberWordOf } from './number-words.ts';

const MIN_AGE = 10;
const HAS_DIGIT = /\d/;
const MAX_AGE = 99;

const NOT_LETTER_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
// The whole-text patterns below leave out their leading lookbehind (it makes a regex about 4×
// slower): `scan` applies it by hand, which finds exactly the matches the pattern with it would.

/** `(?<![\d+.,])` at `index`. */
function noNumberCharBefore(text: string, index: number): boolean {
  if (index === 0) return true;
  const code = text.charCodeAt(index - 1);
  return !(isAsciiDigit(code) || code === 0x2b || code === 0x2e || code === 0x2c);
}

const NOT_LETTER_AFTER = String.raw`(?![\p{L}\p{N}])`;

/** Words that introduce an age: "I am 22", "age: 22", "мне 22". */
const PREFIXES = (
  String.raw`i\s?am i['’]m my\s+age\s+is age aged ich\s+bin alter âge age\s+de edad età eta мне возраст ` +
  String.raw`wiek vârsta varsta vârstă vârsta\s+mea j['’]ai ` +
  // "just turned 17", "erst 16", "tengo 16", "мне только исполнилось 17", "właśnie skończyłam 17"
  String.raw`turned just\s+turned erst bin\s+erst tengo cumplí acabo\s+de\s+cumplir ho\s+compiuto ` +
  String.raw`viens\s+d['’]avoir исполнилось skończyłam skonczylam am\s+împlinit am\s+implinit`
).split(' ');
/** Year words after the number: "22 years", "22 Jahre", "22 ans", "22 года", "22 de ani". */
const SUFFIXES = (
  String.raw`years?\s+old years? yrs? y\.?\s?o\.? y/o -?year-old jahre(?:\s+alt)? jahren j\. ` +
  '-?jährige[rn]? jährig ans años añitos anitos anos anni года год лет -?летняя lata lat ' +
  String.raw`-?letnia (?:de\s+)?ani`
).split(' ');
/** After a prefix, a number followed by these is a price, time, size or count, not an age. */
const NOT_AGE_AFTER = new RegExp(
  String.raw`^\s*(?:[+%/:€$£₽]|[.,]\d|(?:min|mins|minute[sn]?|minutos|minuti|минут|minut|km|m|cm|kg|h|hr|hrs|hours?|std|stunden?|uhr|heures?|horas?|ore|ora|час[аов]*|godz|godzin[ay]?|eur|euros?|chf|pln|zł|lei|ron|руб\S*|usd|gbp|x|girls?|mädchen|filles|chicas|ragazze|девушки|dziewczyny|fete)${NOT_LETTER_AFTER})`,
  'iu',
);
/** Before the number: legal minimums ("over 18", "ab 18", "plus de 18 ans", "от 18 лет"). */
const NOT_AGE_BEFORE = new RegExp(
  String.raw`(?:${NOT_LETTER_BEFORE}(?:over|above|min|minimum|least|from|only|under|ab|über|ueber|mindestens|nur|plus\s+de|dès|des|partir\s+de|más\s+de|mas\s+de|mayores\s+de|desde|più\s+di|piu\s+di|sopra|dai|от|старше|с|powyżej|powyzej|od|peste|de\s+la|minim|strict|` +
    // durations, not ages: "for 15 years", "depuis quinze ans", "seit 16 Jahren", "уже 15 лет"
    String.raw`for|since|after|depuis|pendant|seit|vor|hace|durante|da|per|przez|timp\s+de|de\s+peste|уже|более|через|в\s+течение|` +
    // experience, not age: "опыт десять лет", "experiență de zece ani", "experience 12 years"
    String.raw`опыт|стаж|experience|experiencia(?:\s+de)?|expérience(?:\s+de)?|erfahrung|esperienza(?:\s+di)?|doświadczenie|doswiadczenie|experiență(?:\s+de)?|experienta(?:\s+de)?)\s*[:\-–]?\s*|[+])$`,
  'iu',
);
/** After the year word: "22 years of experience", "22 ans d'expérience", "22 лет опыта". */
const NOT_AGE_CONTEXT =
  /^\s*(?:of\s+experience|experience|ago|in\s+business|erfahrung|d['’]expérience|d['’]experience|de\s+experiencia|di\s+esperienza|опыта|doświadczenia|doswiadczenia|de\s+experiență|de\s+experienta|\+|(?:and|or)\s+(?:over|older|up|above)|und\s+älter|et\s+plus|y\s+más|e\s+più|и\s+старше|i\s+więcej|și\s+peste)/iu;

/** "I am 22" and "I am twenty-two": digits in group 1, or up to four words in group 2. */
const PREFIX_AGE = new RegExp(
  // NOT_LETTER_BEFORE checked in code (see `scan`)
  String.raw`(?:${PREFIXES.join('|')})\s{0,3}[:=\-–]?\s{0,3}(?:(\d{1,2})(?![\d+])|(\p{L}+(?:[\s-]+\p{L}+){0,3}))`,
  'giu',
);
/** `(?<![\d+.,])` at its head checked in code (see `scan`). */
const SUFFIX_AGE = new RegExp(String.raw`(\d{1,2})\s{0,2}(?:${SUFFIXES.join('|')})(?![\p{L}\p{N}+])`, 'giu');
/** Chars of context inspected before a number for a legal-minimum word. */
const BEFORE_WINDOW = 24;
const AFTER_WINDOW = 30;

/**
 * A year word after a space ("…sixteen years"); the words before it are then read. (Whether a
 * letter precedes is checked in code: a lookbehind at the head would make this regex 4× slower.)
 */
const SUFFIX_AFTER_WORD = new RegExp(String.raw`\s{1,2}(?:${SUFFIXES.join('|')})(?![\p{L}\p{N}+])`, 'giu');
const LETTER_CHAR = /\p{L}/u;
const SPACE_CHAR = /\s/u;
/** The last words before a year word, as many as a spelled number can have. */
const WORDS_BEFORE = /(?<![\p{L}\p{N}])(?:\p{L}+[\s-]+){0,3}\p{L}+$/u;
/** Characters looked at before a year word for the spelled number. */
const WORDS_BEFORE_CHARS = 60;
/** A four-digit year; the words before it say whether it is a birth year. */
const YEAR = /((?:19|20)\d\d)(?!\d)/gu; // `(?<!\d)` checked in code (see `scan`)
/** "born in 2008", "Jahrgang 2008", "née en 2008", "nací en 2008", "nata nel 2008", "rocznik 2008"… */
const BIRTH_YEAR_BEFORE = new RegExp(
  String.raw`${NOT_LETTER_BEFORE}(?:born(?:\s+in)?|geboren(?:\s+im\s+jahr|\s+in)?|jahrgang|baujahr|n[ée]e?\s+en|nac[ií]\s+en(?:\s+el)?|nacida\s+en(?:\s+el)?|nata\s+nel|classe|` +
    String.raw`rocznik|urodzona\s+w|urodziłam\s+się\s+w|urodzilam\s+sie\s+w|născută\s+în|nascuta\s+in|născută\s+in|родилась\s+в)\s{0,3}[:\-–]?\s{0,3}$`,
  'iu',
);
/** Characters before a year searched for the words of BIRTH_YEAR_BEFORE. */
const BIRTH_WORDS_CHARS = 32;
/** "2009 года рождения", "2009 г.р.", "2009 r.ur.". */
const BIRTH_YEAR_AFTER = /((?:19|20)\d\d)\s{0,2}(?:года\s+рождения|г\.\s?р\.|г\.р|r\.\s?ur\.)/giu; // `(?<!\d)` in code
/** Longest spelled number read ("vingt et un", "treinta y uno"). */
const MAX_WORDS_IN_NUMBER = 4;

/**
 * The value of the number spelled by the last words of `words` (as many as form one number), or
 * undefined. `fromEnd` reads the number that ends the phrase (before "years"), otherwise the one
 * that starts it (after "I am").
 */
export function wordsNumber(words: string[], fromEnd: boolean): { value: number; count: number } | undefined {
  const n = Math.min(words.length, MAX_WORDS_IN_NUMBER);
  for (let k = n; k >= 1; k--) {
    const slice = fromEnd ? words.slice(words.length - k) : words.slice(0, k);
    const value = parseNumberWords(slice);
    if (value !== undefined) return { value, count: k };
  }
  return undefined;
}

/** All of `words` as one number 10..99: "twenty two", "vingt et un", "dix sept", "siebzehn". */
function parseNumberWords(words: string[]): number | undefined {
  const values: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = foldWord(words[i]!);
    if (i > 0 && i < words.length - 1 && NUMBER_JOINERS.has(word)) continue;
    const value = numberWordOf(word).value;
    if (value === undefined) return undefined;
    values.push(value);
  }
  if (values.length === 1) return values[0];
  if (values.length !== 2) return undefined;
  const [tens, unit] = values as [number, number];
  // "twenty two", "vingt-deux"; French "dix-sept" is 10 + 7.
  if (tens >= 20 && tens % 10 === 0 && unit >= 1 && unit <= 9) return tens + unit;
  if (tens === 10 && unit >= 7 && unit <= 9) return tens + unit;
  return undefined;
}

function plausible(n: number): boolean {
  return n >= MIN_AGE && n <= MAX_AGE;
}

/** Adds a plausible age once. (A module function: a closure per call would be named per call under tsx.) */
function addAge(ages: number[], n: number): void {
  if (plausible(n) && !ages.includes(n)) ages.push(n);
}

/**
 * Ages stated in `text`. `referenceYear` (the year the ad was posted) turns a birth year into the
 * oldest age it allows: someone born in 2009 is at most 17 in 2026.
 */
export function extractAges(text: string, referenceYear?: number): number[] {
  const ages: number[] = [];
  PREFIX_AGE.lastIndex = 0;
  for (let m = PREFIX_AGE.exec(text); m !== null; m = PREFIX_AGE.exec(text)) {
    if (!noLetterBefore(text, m.index, true)) {
      PREFIX_AGE.lastIndex = nextCodePoint(text, m.index);
      continue;
    }
    if (m[1] === undefined) {
      // Words that are not a number may hide a later prefix ("мне только исполнилось 17").
      if (!addPrefixWordAge(text, m, ages)) PREFIX_AGE.lastIndex = m.index + 1;
      continue;
    }
    const end = m.index + m[0].length;
    const after = text.slice(end, end + AFTER_WINDOW);
    if (NOT_AGE_AFTER.test(after) || NOT_AGE_CONTEXT.test(after)) continue;
    addAge(ages, Number(m[1]));
  }
  addSuffixWordAges(text, ages);
  if (!HAS_DIGIT.test(text)) return ages;
  if (referenceYear !== undefined) {
    for (const m of scan(YEAR, text, noDigitBefore)) {
      const before = text.slice(Math.max(0, m.index - BIRTH_WORDS_CHARS), m.index);
      if (!BIRTH_YEAR_BEFORE.test(before)) continue;
      const age = referenceYear - Number(m[1]);
      if (age >= MIN_AGE) addAge(ages, age);
    }
    for (const m of scan(BIRTH_YEAR_AFTER, text, noDigitBefore)) {
      const age = referenceYear - Number(m[1]);
      if (age >= MIN_AGE) addAge(ages, age);
    }
  }
  for (const m of nameAgeMatches(text)) {
    const end = m.index + m[0].length;
    if (!NOT_AGE_AFTER.test(text.slice(end, end + AFTER_WINDOW))) addAge(ages, Number(m[1] ?? m[2]));
  }
  for (const m of scan(SUFFIX_AGE, text, noNumberCharBefore)) {
    const before = text.slice(Math.max(0, m.index - BEFORE_WINDOW), m.index);
    if (NOT_AGE_BEFORE.test(before)) continue;
    const end = m.index + m[0].length;
    if (NOT_AGE_CONTEXT.test(text.slice(end, end + AFTER_WINDOW))) continue;
    addAge(ages, Number(m[1]));
  }
  return ages;
}

const WORD_SPLIT = /[\s-]+/u;

/** "I am seventeen": the number words after a prefix (PREFIX_AGE group 2). */
/** False when the words after the prefix are no number. */
function addPrefixWordAge(text: string, m: RegExpExecArray, ages: number[]): boolean {
  const words = m[2]!.split(WORD_SPLIT);
  const number = wordsNumber(words, false);
  if (number === undefined) return false;
  // What follows the number words, not the words the pattern took after them.
  const rest = words.slice(number.count).join(' ');
  const end = m.index! + m[0].length;
  const after = `${rest ? ` ${rest}` : ''}${text.slice(end, end + AFTER_WINDOW)}`;
  if (!NOT_AGE_AFTER.test(after) && !NOT_AGE_CONTEXT.test(after)) addAge(ages, number.value);
  return true;
}

/** "seventeen years old", "mam szesnaście lat": number words before a year word. */
function addSuffixWordAges(text: string, ages: number[]): void {
  for (const m of execAll(SUFFIX_AFTER_WORD, text)) {
    let at = m.index;
    while (at > 0 && SPACE_CHAR.test(text[at - 1]!)) at--;
    if (at === 0 || !LETTER_CHAR.test(text[at - 1]!)) continue;
    const head = text.slice(Math.max(0, at - WORDS_BEFORE_CHARS), at);
    const phrase = WORDS_BEFORE.exec(head);
    if (!phrase) continue;
    const words = phrase[0].split(WORD_SPLIT);
    const number = wordsNumber(words, true);
    if (number === undefined) continue;
    // "for fifteen years" is a duration: the words before the number are checked as for digits.
    const lead = words.slice(0, words.length - number.count).join(' ');
    const start = head.length - phrase[0].length;
    const before = `${head.slice(Math.max(0, start - BEFORE_WINDOW), start)}${lead ? `${lead} ` : ''}`;
    if (NOT_AGE_BEFORE.test(before)) continue;
    const end = m.index + m[0].length;
    if (NOT_AGE_CONTEXT.test(text.slice(end, end + AFTER_WINDOW))) continue;
    addAge(ages, number.value);
  }
}
