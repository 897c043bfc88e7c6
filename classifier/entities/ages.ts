// Ages the ad states about the advertised person ("I am 22", "22 y.o.", "Ich bin 22 Jahre",
// "j'ai 22 ans", "мне 22 года", "am 22 de ani", "age: 22") in the eight lexicon languages.
// Legal notices ("18+ only", "over 18", "ab 18") are not ages, nor are prices, hours or years of
// experience.

const MIN_AGE = 10;
const HAS_DIGIT = /\d/;
const MAX_AGE = 99;

const NOT_LETTER_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const NOT_LETTER_AFTER = String.raw`(?![\p{L}\p{N}])`;

/** Words that introduce an age: "I am 22", "age: 22", "мне 22". */
const PREFIXES = (
  String.raw`i\s?am i['’]m my\s+age\s+is age aged ich\s+bin alter âge age\s+de edad età eta мне возраст ` +
  String.raw`wiek vârsta varsta vârstă vârsta\s+mea j['’]ai`
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
  String.raw`(?:${NOT_LETTER_BEFORE}(?:over|above|min|minimum|least|from|only|under|ab|über|ueber|mindestens|nur|plus\s+de|dès|des|partir\s+de|más\s+de|mas\s+de|mayores\s+de|desde|più\s+di|piu\s+di|sopra|dai|от|старше|с|powyżej|powyzej|od|peste|de\s+la|minim|strict)\s*|[+])$`,
  'iu',
);
/** After the year word: "22 years of experience", "22 ans d'expérience", "22 лет опыта". */
const NOT_AGE_CONTEXT =
  /^\s*(?:of\s+experience|experience|ago|in\s+business|erfahrung|d['’]expérience|d['’]experience|de\s+experiencia|di\s+esperienza|опыта|doświadczenia|doswiadczenia|de\s+experiență|de\s+experienta|\+|(?:and|or)\s+(?:over|older|up|above)|und\s+älter|et\s+plus|y\s+más|e\s+più|и\s+старше|i\s+więcej|și\s+peste)/iu;

const PREFIX_AGE = new RegExp(
  String.raw`${NOT_LETTER_BEFORE}(?:${PREFIXES.join('|')})\s{0,3}[:=\-–]?\s{0,3}(\d{1,2})(?![\d+])`,
  'giu',
);
const SUFFIX_AGE = new RegExp(
  String.raw`(?<![\d+.,])(\d{1,2})\s{0,2}(?:${SUFFIXES.join('|')})(?![\p{L}\p{N}+])`,
  'giu',
);
/** Chars of context inspected before a number for a legal-minimum word. */
const BEFORE_WINDOW = 24;
const AFTER_WINDOW = 30;

function plausible(n: number): boolean {
  return n >= MIN_AGE && n <= MAX_AGE;
}

/** "Greta (33)", "Holly, 22 –", "TIA 22 |": a capitalised name followed by the age, as in ad titles. */
const NAME_AGE =
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’-]{1,20},?\s?(?:\((\d{2})\)|(\d{2})\s?(?=[–—|•]|-\s|\n|$))/gmu;

export function extractAges(text: string): number[] {
  const ages: number[] = [];
  if (!HAS_DIGIT.test(text)) return ages;
  const add = (n: number) => {
    if (plausible(n) && !ages.includes(n)) ages.push(n);
  };
  for (const m of text.matchAll(PREFIX_AGE)) {
    const end = m.index + m[0].length;
    const after = text.slice(end, end + AFTER_WINDOW);
    if (NOT_AGE_AFTER.test(after) || NOT_AGE_CONTEXT.test(after)) continue;
    add(Number(m[1]));
  }
  for (const m of text.matchAll(NAME_AGE)) {
    const end = m.index + m[0].length;
    if (!NOT_AGE_AFTER.test(text.slice(end, end + AFTER_WINDOW))) add(Number(m[1] ?? m[2]));
  }
  for (const m of text.matchAll(SUFFIX_AGE)) {
    const before = text.slice(Math.max(0, m.index - BEFORE_WINDOW), m.index);
    if (NOT_AGE_BEFORE.test(before)) continue;
    const end = m.index + m[0].length;
    if (NOT_AGE_CONTEXT.test(text.slice(end, end + AFTER_WINDOW))) continue;
    add(Number(m[1]));
  }
  return ages;
}
