// Phone numbers as ads write them to dodge filters: spaced or dotted groups, digits as words in
// eight languages, O/l/I for 0/1, full-width or keycap digits, numbers broken over lines. Text is
// cut into digit-ish units joined by separators; runs of units are tried against libphonenumber
// (valid, mobile preferred) and each accepted number records how it was hidden.
import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Obfuscation, PhoneEntity } from '../types.ts';
import { asciiWordFilter, DIGIT, LETTER, SPACE, type Token, tokenize } from './char-class.ts';
import { type FoldedText, foldDigits, originalOffset, wasFolded } from './folded-text.ts';
import { execAll } from './lookbehind.ts';
import { mayBeValidNational } from './national-number-check.ts';
import {
  foldWord,
  NUMBER_JOINERS,
  NUMBER_WORD_INITIALS,
  NUMBER_WORD_SPELLINGS,
  numberWordOf,
  PLUS_WORDS,
  REPEAT_WORDS,
} from './number-words.ts';

/** Fewest digits tried as a number (national significant numbers are ≥ 7 in the OSCE area). */
const MIN_PHONE_DIGITS = 7;
/** E.164 allows 15 digits; +2 for an international "00" prefix. */
const MAX_PHONE_DIGITS = 17;
/** Units combined into one candidate at most ("0 6 1 2 3 4 5 6 7 8 9" plus a prefix). */
const MAX_UNITS_PER_NUMBER = 18;
/** libphonenumber calls per text: bounds the work an adversarial wall of digits can cause. */
const MAX_PARSES_PER_TEXT = 300;
/** Between two units of one number: at most this many separator characters, and newlines. */
const MAX_GAP_PUNCTUATION = 3;
const MAX_GAP_WHITESPACE = 8;
const MAX_GAP_NEWLINES = 2;
/** Digits of an unbroken group read as an international number missing its '+'. */
const MIN_BARE_INTERNATIONAL_DIGITS = 11;
/** A fixed line counts only when written plainly with a prefix and at least this many digits. */
const MIN_FIXED_LINE_DIGITS = 9;

/** Separators of ordinary phone formatting; anything else between digit groups is obfuscation. */
const PLAIN_SEPARATORS = new Set([' ', '-', '.', '/', '(', ')', '\u00a0']);
/** Characters that may sit between the groups of one number. */
const GAP_CHARS = new Set([
  ...PLAIN_SEPARATORS,
  ',',
  '*',
  '_',
  '~',
  '#',
  '·',
  '•',
  '–',
  '—',
  '[',
  ']',
  "'",
  '=',
  '>',
]);
/** Words ads put between digit groups ("0612 then 345 678"); treated as an odd separator. */
const GLUE_WORDS = new Set(
  'then and dann und puis ensuite luego despues después poi potem apoi potom потом затем dash space'.split(
    ' ',
  ),
);

/** First characters of the words a phone number may be spelled with or glued by (see `mayBeNumberWord`). */
const WORD_INITIALS: ReadonlySet<string> = new Set([
  ...NUMBER_WORD_INITIALS,
  ...[...GLUE_WORDS].map((w) => w[0]!),
]);
/** Most words of an ad are told to be no such word without building a string (see `asciiWordFilter`). */
const mayBeNumberWordSpelling = asciiWordFilter([...NUMBER_WORD_SPELLINGS, ...GLUE_WORDS]);
const UNKNOWN_INITIAL = 255;
/** Per BMP code unit: 1 when a word starting with it may be a number, plus, repeat or glue word. */
const INITIAL_TABLE = new Uint8Array(0x10000).fill(UNKNOWN_INITIAL);

/**
 * False when the word starting at `start` cannot be any number, plus, repeat or glue word, so
 * the lookups (lower-casing and folding a copy of every word of every ad) are skipped. Exact: it
 * checks the first character as lower-casing and folding the whole word would see it.
 */
function mayBeNumberWord(text: string, start: number): boolean {
  const code = text.charCodeAt(start);
  let known = INITIAL_TABLE[code]!;
  if (known === UNKNOWN_INITIAL) {
    known = initialMayStartWord(String.fromCharCode(code)) ? 1 : 0;
    INITIAL_TABLE[code] = known;
  }
  return known === 1;
}

function initialMayStartWord(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return true;
  const lower = ch.toLowerCase();
  const folded = foldWord(lower);
  // A character that folds away (a combining mark) leaves the next one first: cannot tell.
  if (folded === '') return true;
  return WORD_INITIALS.has(lower[0]!) || WORD_INITIALS.has(folded[0]!);
}

const MOBILE_TYPES: ReadonlySet<NumberType> = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER']);
const FIXED_TYPES: ReadonlySet<NumberType> = new Set(['FIXED_LINE', 'VOIP', 'UAN']);
/** Letters standing in for digits: O/o → 0, I/l → 1, S → 5, B → 8 (capitals only for S and B). */
const LOOKALIKE = /^[OoIlSB]{1,8}$/;
const REFERENCE_LABEL = /(?:^|[^\p{L}])(?:id|ref|iban|bic|order|code|nr|no|n°|№|#)\s*[.:#-]?\s*$/iu;
const DATE_LIKE = /^\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})$/;

type UnitKind = 'digits' | 'word' | 'lookalike';

interface Unit {
  digits: string;
  kind: UnitKind;
  /** Offsets in the folded text. */
  start: number;
  end: number;
  /** Gap before this unit (from the previous unit of the run). */
  gapNewline: boolean;
  gapOdd: boolean;
  /** A "(0)" trunk marker inside an international number: dropped from the digits. */
  parenZero: boolean;
}

interface Run {
  units: Unit[];
  /** Offset of a '+' (or "plus") just before the first unit, else -1. */
  plusAt: number;
}

/** Keeps libphonenumber's verdicts across ads: the same numbers recur across many ads. */
const verdicts = new Map<string, Verdict | null>();
const MAX_CACHED_VERDICTS = 20_000;

interface Verdict {
  e164: string;
  mobile: boolean;
}

function judge(candidate: string, region: CountryCode | undefined): Verdict | null {
  // Most national candidates are no number at all: proving it from the metadata is far cheaper.
  if (region !== undefined && !mayBeValidNational(candidate, region)) return null;
  const key = `${region ?? ''}|${candidate}`;
  const hit = verdicts.get(key);
  if (hit !== undefined) return hit;
  let verdict: Verdict | null = null;
  const parsed = parsePhoneNumberFromString(candidate, region);
  // With the types of the max metadata, `isValid()` is `getType() !== undefined` (the same
  // pattern matching; a plan without types gives no type, which is rejected here anyway), so the
  // type is computed once instead of twice for every valid number.
  const type = parsed?.getType();
  if (parsed !== undefined && type !== undefined) {
    verdict = { e164: parsed.number, mobile: MOBILE_TYPES.has(type) };
    if (!verdict.mobile && !FIXED_TYPES.has(type)) verdict = null;
    else if (!verdict.mobile && parsed.nationalNumber.length + 1 < MIN_FIXED_LINE_DIGITS) verdict = null;
  }
  if (verdicts.size >= MAX_CACHED_VERDICTS) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

/** The E.164 number of a candidate digit string, applying our acceptance policy. */
function accept(digits: string, plus: boolean, regions: PhoneRegions, oneGroup: boolean): string | undefined {
  if (plus) return judge(`+${digits}`, undefined)?.e164;
  if (digits.startsWith('00')) return judge(`+${digits.slice(2)}`, undefined)?.e164;
  const national = regions.primary ? judge(digits, regions.primary) : null;
  if (national?.mobile) return national.e164;
  // A mobile of a country the ad names ("Bruxelles" in a French-language ad read as FR).
  for (const other of regions.fallback?.() ?? []) {
    if (other === regions.primary) continue;
    const alternative = judge(digits, other);
    if (alternative?.mobile) return alternative.e164;
  }
  // "4915112345678" in text is often an international number missing its '+'; only as one unbroken
  // group, since spaced groups ("06/12/2024, 75001") would otherwise turn into foreign numbers.
  if (oneGroup && !digits.startsWith('0') && digits.length >= MIN_BARE_INTERNATIONAL_DIGITS) {
    const international = judge(`+${digits}`, undefined);
    if (international?.mobile) return international.e164;
  }
  // A fixed line only when written with its trunk prefix, never as a bare digit string.
  if (national && digits.startsWith('0')) return national.e164;
  return undefined;
}

/** What a word can be inside a phone number. */
interface WordRole {
  /** Its value as a number word. */
  value: number | undefined;
  /** Its count as a repeat word ("double"). */
  repeat: number | undefined;
  /** A word for the international prefix ("plus"). */
  plus: boolean;
  /** A word ads put between digit groups or between tens and units ("then", "und"). */
  glue: boolean;
}

/** Roles of the words seen, by spelling as written: ads share most of their words. */
const WORD_ROLES = new Map<string, WordRole>();
const MAX_CACHED_WORD_ROLES = 50_000;

function wordRole(raw: string): WordRole {
  let role = WORD_ROLES.get(raw);
  if (role === undefined) {
    const word = numberWordOf(raw);
    role = {
      value: word.value,
      // Own keys only: "constructor" or "toString" in an ad is not a repeat word.
      repeat: Object.hasOwn(REPEAT_WORDS, word.lower) ? REPEAT_WORDS[word.lower] : undefined,
      plus: PLUS_WORDS.has(word.lower),
      glue: GLUE_WORDS.has(word.lower) || NUMBER_JOINERS.has(word.lower),
    };
    if (WORD_ROLES.size >= MAX_CACHED_WORD_ROLES) WORD_ROLES.clear();
    WORD_ROLES.set(raw, role);
  }
  return role;
}

// Local copies: reading an imported binding in a hot loop costs a getter call under tsx.
const K_DIGIT = DIGIT;
const K_LETTER = LETTER;
const K_SPACE = SPACE;

/** Cuts the text into runs of digit-ish units separated only by separator gaps. */
function findRuns(text: string, tokens: readonly Token[]): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  let pendingPlus = -1;
  // The gap since the last unit, kept in scalars: this loop runs for every token of every ad.
  let gapPunct = 0;
  let gapSpace = 0;
  let gapNewlines = 0;
  let gapOdd = false;
  let gapGlue = 0;

  const addUnit = (digits: string, kind: UnitKind, start: number, end: number, parenZero: boolean) => {
    const gapOk =
      gapPunct <= MAX_GAP_PUNCTUATION &&
      gapSpace <= MAX_GAP_WHITESPACE &&
      gapNewlines <= MAX_GAP_NEWLINES &&
      gapGlue <= 1;
    if (!run || !gapOk) {
      if (run) runs.push(run);
      run = { units: [], plusAt: pendingPlus };
    }
    run.units.push({
      digits,
      kind,
      start,
      end,
      parenZero,
      gapNewline: gapNewlines > 0,
      gapOdd: gapOdd || gapGlue > 0,
    });
    pendingPlus = -1;
    gapPunct = gapSpace = gapNewlines = gapGlue = 0;
    gapOdd = false;
  };

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const kind = tok.kind;
    if (kind === K_DIGIT) {
      const parenZero =
        tok.end - tok.start === 1 &&
        text[tok.start] === '0' &&
        text[tok.start - 1] === '(' &&
        text[tok.end] === ')';
      addUnit(text.slice(tok.start, tok.end), 'digits', tok.start, tok.end, parenZero);
      continue;
    }
    if (kind === K_SPACE) {
      if (run === undefined && pendingPlus < 0) continue;
      gapSpace += tok.end - tok.start;
      for (let k = tok.start; k < tok.end; k++) if (text.charCodeAt(k) === 10) gapNewlines++;
      continue;
    }
    let handled = false;
    if (kind === K_LETTER) handled = letterToken(i);
    else {
      const ch = text[tok.start]!;
      if (ch === '+') {
        if (run) runs.push(run);
        run = undefined;
        pendingPlus = tok.start;
        gapPunct = gapSpace = gapNewlines = gapGlue = 0;
        gapOdd = false;
        handled = true;
      } else if (ch === '|' && tokens[i - 1]?.kind === K_DIGIT && tokens[i + 1]?.kind === K_DIGIT) {
        addUnit('1', 'lookalike', tok.start, tok.end, false);
        handled = true;
      } else if (GAP_CHARS.has(ch)) {
        gapPunct++;
        if (!PLAIN_SEPARATORS.has(ch)) gapOdd = true;
        handled = true;
      }
    }
    if (!handled && (run !== undefined || pendingPlus >= 0)) {
      runs.push(...(run ? [run] : []));
      run = undefined;
      pendingPlus = -1;
      gapPunct = gapSpace = gapNewlines = gapGlue = 0;
      gapOdd = false;
    }
  }
  if (run) runs.push(run);
  return runs.map(mergeWordNumbers);

  /** Handles a word token; false when it ends the current run. */
  function letterToken(i: number): boolean {
    const tok = tokens[i]!;
    if (!mayBeNumberWord(text, tok.start) || !mayBeNumberWordSpelling(text, tok.start, tok.end))
      return lookalikeToken(i);
    const role = wordRole(text.slice(tok.start, tok.end));
    if (role.value !== undefined) {
      addUnit(String(role.value), 'word', tok.start, tok.end, false);
      return true;
    }
    if (role.repeat !== undefined) {
      addUnit(`x${role.repeat}`, 'word', tok.start, tok.end, false);
      return true;
    }
    if (lookalikeToken(i)) return true;
    if (role.plus) {
      if (run) runs.push(run);
      run = undefined;
      pendingPlus = tok.start;
      gapPunct = gapSpace = gapNewlines = gapGlue = 0;
      gapOdd = false;
      return true;
    }
    if (run && role.glue) {
      gapGlue++;
      return true;
    }
    return false;
  }

  /** "O7B2": look-alike letters touching digits read as digits; false when the word is not one. */
  function lookalikeToken(i: number): boolean {
    const tok = tokens[i]!;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    const attached =
      (before?.end === tok.start && before.kind === K_DIGIT) ||
      (after?.start === tok.end && after.kind === K_DIGIT);
    if (!attached) return false;
    const raw = text.slice(tok.start, tok.end);
    if (!LOOKALIKE.test(raw)) return false;
    addUnit(
      raw.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5').replace(/B/g, '8'),
      'lookalike',
      tok.start,
      tok.end,
      false,
    );
    return true;
  }
}

const isWord = (u: Unit | undefined, min: number, max: number) =>
  u !== undefined &&
  u.kind === 'word' &&
  !u.digits.startsWith('x') &&
  Number(u.digits) >= min &&
  Number(u.digits) <= max;

/** Combines spelled tens and units ("twenty five" → 25, "soixante-dix-huit" → 78, "double 7" → 77). */
function mergeWordNumbers(run: Run): Run {
  if (!run.units.some((u) => u.kind === 'word')) return run;
  return { ...run, units: mergeTensAndUnits(mergeFrenchAndRepeats(run.units)) };
}

/** First pass: "double 7" → 77, "quatre vingt(s)" → 80, "dix sept" → 17. */
function mergeFrenchAndRepeats(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const next = units[i + 1];
    if (u.kind === 'word' && u.digits.startsWith('x')) {
      if (next && next.digits.length === 1 && !next.digits.startsWith('x')) {
        out.push({
          ...next,
          digits: next.digits.repeat(Number(u.digits.slice(1))),
          kind: 'word',
          start: u.start,
          gapNewline: u.gapNewline,
          gapOdd: u.gapOdd,
        });
        i++;
      }
      continue;
    }
    if (isWord(u, 4, 4) && isWord(next, 20, 20)) {
      out.push({ ...u, digits: '80', end: next!.end });
      i++;
    } else if (isWord(u, 10, 10) && isWord(next, 7, 9)) {
      out.push({ ...u, digits: String(10 + Number(next!.digits)), end: next!.end });
      i++;
    } else out.push(u);
  }
  return out;
}

/** Second pass: tens + unit ("twenty five"), and French 60/80 + 10..19 ("soixante-dix-huit"). */
function mergeTensAndUnits(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const next = units[i + 1];
    const tens = Number(u.digits);
    const combines =
      (isWord(u, 20, 90) && tens % 10 === 0 && isWord(next, 1, 9)) ||
      ((tens === 60 || tens === 80) && isWord(u, 60, 80) && isWord(next, 10, 19));
    if (combines) {
      out.push({ ...u, digits: String(tens + Number(next!.digits)), end: next!.end });
      i++;
    } else out.push(u);
  }
  return out;
}

function obfuscationsOf(units: Unit[], folded: FoldedText, rawSpan: string): Obfuscation[] {
  const found = new Set<Obfuscation>();
  let singleDigitGroups = 0;
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    if (u.kind === 'word') found.add('words');
    if (u.kind === 'lookalike') found.add('lookalike_letters');
    // Only groups set apart by a gap: "O7B2" is one group written with look-alike letters.
    const apart = k === 0 || u.start > units[k - 1]!.end;
    if (u.kind === 'digits' && u.digits.length === 1 && !u.parenZero && apart) singleDigitGroups++;
    if (k > 0 && u.gapNewline) found.add('split_lines');
    if (k > 0 && u.gapOdd) found.add('separators');
  }
  // "0 6 1 2 3 4…": one digit per group is not how anyone formats a number.
  if (singleDigitGroups >= 4) found.add('separators');
  if (wasFolded(folded, units[0]!.start, units[units.length - 1]!.end))
    found.add('fullwidth_or_emoji_digits');
  if (/\s{3,}/.test(rawSpan.replace(/\n/g, ''))) found.add('separators');
  return [...found];
}

/** Where to read numbers written without a country code. */
export interface PhoneRegions {
  primary: CountryCode | undefined;
  /** Other countries to try for mobiles, computed only when a candidate fails in `primary`. */
  fallback?: () => readonly CountryCode[];
}

/**
 * Phone numbers in `text`, normalised to E.164. Numbers without a country code are read in the
 * given regions; without any, only international numbers are found.
 */
export function extractPhones(text: string, regions: PhoneRegions, source: 'text' | 'image'): PhoneEntity[] {
  const folded = foldDigits(text);
  const runs = findRuns(folded.text, tokenize(folded.text));
  const out: PhoneEntity[] = [];
  let budget = MAX_PARSES_PER_TEXT;
  for (const run of runs) {
    const units = run.units;
    let total = 0;
    for (const u of units) total += u.digits.length;
    if (total < MIN_PHONE_DIGITS) continue;
    // "ID: 4471 2938 1234", "Ref. 0612…": a labelled reference number is not a phone.
    const before = folded.text.slice(
      Math.max(0, (run.plusAt >= 0 ? run.plusAt : units[0]!.start) - 12),
      units[0]!.start,
    );
    if (REFERENCE_LABEL.test(before)) continue;
    let i = 0;
    while (i < units.length && budget > 0) {
      let matched = 0;
      const plus = i === 0 && run.plusAt >= 0;
      // Longest first, so "06 12 34 56 78" is not cut short at a shorter valid prefix.
      const maxJ = Math.min(units.length, i + MAX_UNITS_PER_NUMBER);
      const digitsUpTo: string[] = [];
      let acc = '';
      for (let j = i; j < maxJ; j++) {
        const u = units[j]!;
        if (!(u.parenZero && j > i)) acc += u.digits;
        digitsUpTo.push(acc);
      }
      for (let j = maxJ; j > i && budget > 0; j--) {
        const digits = digitsUpTo[j - i - 1]!;
        if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) continue;
        const startOffset = plus ? run.plusAt : units[i]!.start;
        const rawStart = originalOffset(folded, startOffset);
        const rawEnd = originalOffset(folded, units[j - 1]!.end);
        const raw = text.slice(rawStart, rawEnd);
        if (j - i === 3 && DATE_LIKE.test(raw)) continue;
        budget--;
        const e164 = accept(digits, plus, regions, j - i === 1 && units[i]!.kind === 'digits');
        if (e164) {
          const span = units.slice(i, j);
          out.push({ e164, raw, source, obfuscations: obfuscationsOf(span, folded, raw) });
          matched = j - i;
          break;
        }
      }
      i += matched > 0 ? matched : 1;
    }
  }
  return out;
}

const WHATSAPP_LINK = /\b(?:wa\.me\/|(?:api\.)?whatsapp\.com\/send\/?\?phone=)\+?(\d{7,15})/gi;

/** Numbers behind wa.me / api.whatsapp.com links (always international, without '+'). */
export function whatsappLinkPhones(text: string): Array<{ e164: string; raw: string }> {
  const out: Array<{ e164: string; raw: string }> = [];
  for (const m of execAll(WHATSAPP_LINK, text)) {
    const e164 = judge(`+${m[1]}`, undefined)?.e164;
    if (e164) out.push({ e164, raw: m[0] });
  }
  return out;
}
