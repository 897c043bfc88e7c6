// Number words that ads use to spell phone digits past filters ("zero six 12 three four…"), in the
// eight languages of the lexicon. Data only; `phones.ts` reads it through `numberWordValue`.

/**
 * Per language: the words for 0..19 (space-separated, alternatives joined by '/', '-' for none)
 * and for the tens 20..90. Written with diacritics; `foldWord` is applied when indexing.
 */
const UNITS_AND_TEENS: Record<string, string> = {
  en: 'zero/oh/nought/nil one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen',
  de: 'null eins zwei/zwo drei vier fünf/fuenf sechs sieben acht neun zehn elf zwölf/zwoelf dreizehn vierzehn fünfzehn/fuenfzehn sechzehn siebzehn achtzehn neunzehn',
  // French 17–19 are two tokens ("dix-sept"), merged by phones.ts.
  fr: 'zéro un/une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize - - -',
  es: 'cero uno/una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve',
  it: 'zero uno/una due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove',
  ru: 'ноль/нуль один/одна два/две три четыре пять шесть семь восемь девять десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать',
  pl: 'zero jeden/jedna dwa/dwie trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście dwanaście trzynaście czternaście piętnaście szesnaście siedemnaście osiemnaście dziewiętnaście',
  ro: 'zero unu/una doi/două trei patru cinci șase/şase șapte/şapte opt nouă zece unsprezece doisprezece/douăsprezece treisprezece paisprezece cincisprezece șaisprezece șaptesprezece optsprezece nouăsprezece',
};
const TENS: Record<string, string> = {
  en: 'twenty thirty forty/fourty fifty sixty seventy eighty ninety',
  de: 'zwanzig dreißig/dreissig vierzig fünfzig/fuenfzig sechzig siebzig achtzig neunzig',
  fr: 'vingt/vingts trente quarante cinquante soixante septante huitante/octante nonante',
  es: 'veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa',
  it: 'venti trenta quaranta cinquanta sessanta settanta ottanta novanta',
  ru: 'двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто',
  pl: 'dwadzieścia trzydzieści czterdzieści pięćdziesiąt sześćdziesiąt siedemdziesiąt osiemdziesiąt dziewięćdziesiąt',
  ro: 'douăzeci treizeci patruzeci cincizeci șaizeci șaptezeci optzeci nouăzeci',
};

function tableWords(): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (list: string, value: (index: number) => number) =>
    list.split(' ').forEach((alternatives, index) => {
      for (const word of alternatives.split('/')) if (word !== '-') out[word] = value(index);
    });
  for (const list of Object.values(UNITS_AND_TEENS)) add(list, (i) => i);
  for (const list of Object.values(TENS)) add(list, (i) => (i + 2) * 10);
  return out;
}

/** Words that join tens and units ("vingt et un", "treinta y cinco", "douăzeci și doi"). */
export const NUMBER_JOINERS: ReadonlySet<string> = new Set(['et', 'y', 'e', 'si', 'i', 'и', 'and', 'und']);

/** English repeat words: "double seven" = 77. */
export const REPEAT_WORDS: Readonly<Record<string, number>> = { double: 2, triple: 3, doppel: 2 };

/** Words for the international prefix ("plus four nine…"). */
export const PLUS_WORDS: ReadonlySet<string> = new Set(['plus', 'плюс']);

const COMBINING_MARKS = /\p{M}/gu;
/** Folded forms of the words that needed folding (ads repeat their words); cleared when full. */
const FOLDED = new Map<string, string>();
const MAX_FOLDED = 20_000;

/** Only a-z (what `/^[a-z]*$/` accepts), tested by code unit: this runs for most words of an ad. */
function isPlainWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 0x61 || code > 0x7a) return false;
  }
  return true;
}

/** Lower-case and strip diacritics, so "fünf"/"funf" and "dziewięć"/"dziewiec" meet. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (isPlainWord(lower)) return lower;
  let folded = FOLDED.get(lower);
  if (folded === undefined) {
    // NFD would turn the Cyrillic й into и + breve; no number word has й, so stripping is safe here.
    folded = lower.normalize('NFD').replace(COMBINING_MARKS, '');
    if (FOLDED.size >= MAX_FOLDED) FOLDED.clear();
    FOLDED.set(lower, folded);
  }
  return folded;
}

function compounds(): Record<string, number> {
  const out: Record<string, number> = {};
  const units = (names: string[]) => names.map((n, i) => [n, i + 1] as const);
  // de: einundzwanzig … neunundneunzig
  const deUnits = units(['ein', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun']);
  const deTens = {
    zwanzig: 20,
    dreißig: 30,
    dreissig: 30,
    vierzig: 40,
    fünfzig: 50,
    sechzig: 60,
    siebzig: 70,
    achtzig: 80,
    neunzig: 90,
  };
  for (const [tens, t] of Object.entries(deTens)) for (const [u, v] of deUnits) out[`${u}und${tens}`] = t + v;
  // it: ventuno, ventidue … novantanove (the tens drop their vowel before uno/otto)
  const itUnits = units(['uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove']);
  const itTens = {
    venti: 20,
    trenta: 30,
    quaranta: 40,
    cinquanta: 50,
    sessanta: 60,
    settanta: 70,
    ottanta: 80,
    novanta: 90,
  };
  for (const [tens, t] of Object.entries(itTens)) {
    for (const [u, v] of itUnits) out[(u === 'uno' || u === 'otto' ? tens.slice(0, -1) : tens) + u] = t + v;
  }
  // es: veintiuno … veintinueve
  const esUnits = units(['uno', 'dós', 'trés', 'cuatro', 'cinco', 'séis', 'siete', 'ocho', 'nueve']);
  for (const [u, v] of esUnits) out[`veinti${u}`] = 20 + v;
  // fr: soixante-dix… are two tokens, handled by phones.ts; dix-sept… likewise.
  return out;
}

/** Folded and plain lower-case spellings, so most words are found without folding. */
const INDEX: ReadonlyMap<string, number> = new Map(
  Object.entries({ ...tableWords(), ...compounds() }).flatMap(([w, v]) => [
    [foldWord(w), v],
    [w.toLowerCase(), v],
  ]),
);
/** Longest number word ("dziewięćdziesiąt"); longer words are not looked up. */
const MAX_WORD_LENGTH = 20;
/** Whether a word has Latin letters with diacritics (U+00C0–U+024F, U+1E00–U+1EFF): worth folding. */
function hasLatinDiacritics(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 0x00c0 && code <= 0x024f) || (code >= 0x1e00 && code <= 0x1eff)) return true;
  }
  return false;
}

/** Every indexed spelling and the joiner, repeat and plus words, lower-case. */
export const NUMBER_WORD_SPELLINGS: ReadonlySet<string> = new Set([
  ...INDEX.keys(),
  ...NUMBER_JOINERS,
  ...Object.keys(REPEAT_WORDS),
  ...PLUS_WORDS,
]);

/**
 * First characters of every indexed spelling and of the joiner, repeat and plus words: a word
 * whose lower-cased (or folded) first character is not among them is none of these words.
 */
export const NUMBER_WORD_INITIALS: ReadonlySet<string> = new Set(
  [...NUMBER_WORD_SPELLINGS].map((w) => w[0]!),
);

/** Value 0..99 of a number word (already folded), or undefined. */
export function numberWordValue(folded: string): number | undefined {
  return INDEX.get(folded);
}

/** A word as written → its lower-case form and, if it is a number word, its value. */
export function numberWordOf(raw: string): { lower: string; value: number | undefined } {
  const lower = raw.toLowerCase();
  if (lower.length > MAX_WORD_LENGTH) return { lower, value: undefined };
  let value = INDEX.get(lower);
  if (value === undefined && hasLatinDiacritics(lower)) value = INDEX.get(foldWord(lower));
  return { lower, value };
}
