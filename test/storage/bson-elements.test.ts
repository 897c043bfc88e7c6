// The in-place BSON walker: every BSON type found and rebuilt byte for byte; malformed bytes are
// refused, not guessed.
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  deserialize,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  serialize,
  Timestamp,
} from 'bson';
import { describe, expect, it } from 'vitest';
import {
  documentElements,
  documentFrom,
  isWellFormed,
  NOT_SCALAR,
  scalarValue,
} from '../../storage/embedded/bson-elements.ts';
import { deserializeDoc } from '../../storage/embedded/documents.ts';

const EVERY_TYPE = {
  double: new Double(1.5),
  string: 'grüße, 挨拶',
  doc: { nested: { deeper: [1, 'two'] } },
  array: [1, { a: null }, []],
  binary: new Binary(Buffer.from([0, 1, 2, 250]), 4),
  undef: undefined,
  oid: new ObjectId('65aaaaaaaaaaaaaaaaaaaaaa'),
  bool: true,
  date: new Date(1_700_000_000_000),
  nil: null,
  regex: new BSONRegExp('^a.c$', 'im'),
  emptyRegex: new BSONRegExp('', ''),
  code: new Code('function () {}'),
  symbol: new BSONSymbol('sym'),
  scoped: new Code('x', { x: 1 }),
  int32: new Int32(7),
  timestamp: new Timestamp({ t: 5, i: 1 }),
  int64: Long.fromString('9007199254740993'),
  decimal: Decimal128.fromString('1.25'),
  min: new MinKey(),
  max: new MaxKey(),
};

describe('documentElements', () => {
  it('finds every element of every BSON type, and rebuilds the same bytes from them', () => {
    const bytes = Buffer.from(serialize(EVERY_TYPE, { ignoreUndefined: false }));
    const elements = documentElements(bytes)!;
    expect(elements.map((e) => e.name)).toEqual(Object.keys(EVERY_TYPE));
    expect(documentFrom(bytes, elements).equals(Buffer.from(bytes))).toBe(true);
    // A subset, out of its place: the same fields as decoding would give.
    const picked = elements.filter((e) => ['regex', 'scoped', 'int64', 'max'].includes(e.name));
    const rebuilt = deserialize(documentFrom(bytes, picked), { promoteLongs: false, bsonRegExp: true });
    expect(Object.keys(rebuilt)).toEqual(['regex', 'scoped', 'int64', 'max']);
    expect(rebuilt.int64.toString()).toBe('9007199254740993');
    expect(rebuilt.regex.pattern).toBe('^a.c$');
  });

  it('refuses bytes that do not add up', () => {
    const bytes = Buffer.from(serialize({ a: 'text', b: 2 }));
    expect(documentElements(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    const lying = Buffer.from(bytes);
    lying.writeInt32LE(1000, 7); // the string's length runs past the document
    expect(documentElements(lying)).toBeUndefined();
    const badType = Buffer.from(bytes);
    badType[4] = 0x42;
    expect(documentElements(badType)).toBeUndefined();
    expect(documentElements(Buffer.from([1, 2]))).toBeUndefined();
  });
});

describe('isWellFormed', () => {
  it('accepts every BSON type and refuses broken UTF-8, lengths and nesting', () => {
    expect(isWellFormed(Buffer.from(serialize(EVERY_TYPE)))).toBe(true);
    for (const text of ['short ü', `long ${'ü'.repeat(80)}`]) {
      const bytes = Buffer.from(serialize({ a: { b: [text] } }));
      expect(isWellFormed(bytes)).toBe(true);
      const broken = Buffer.from(bytes);
      broken[broken.indexOf(Buffer.from('ü')) + 1] = 0x41; // a lead byte without its continuation
      expect(isWellFormed(broken), text.slice(0, 10)).toBe(false);
    }
    const nested = Buffer.from(serialize({ a: { b: 1 }, c: 2 }));
    const shorter = Buffer.from(nested);
    shorter.writeInt32LE(nested.readInt32LE(7) - 1, 7); // the inner document's length
    expect(isWellFormed(shorter)).toBe(false);
    let deep: Record<string, unknown> = { x: 1 };
    for (let i = 0; i < 150; i++) deep = { d: deep };
    expect(isWellFormed(Buffer.from(serialize(deep)))).toBe(false);
  });
});

describe('scalarValue', () => {
  it('reads scalars exactly as the store decodes them, and leaves every other type to the decoder', () => {
    const scalars = {
      ...EVERY_TYPE,
      negativeZero: -0,
      nan: Number.NaN,
      huge: 1.7976931348623157e308,
      beforeEpoch: new Date(-86_400_000 * 365 * 300 - 1),
      farFuture: new Date(8.64e15),
      badDate: new Date(Number.NaN),
      negativeInt: new Int32(-2_147_483_648),
      emptyString: '',
      emoji: '0️⃣ 📞 one',
      no: false,
    };
    const bytes = Buffer.from(serialize(scalars, { ignoreUndefined: false }));
    const decoded = deserializeDoc(bytes);
    const read = new Set<string>();
    for (const e of documentElements(bytes)!) {
      const value = scalarValue(bytes, e);
      if (value === NOT_SCALAR) continue;
      read.add(e.name);
      expect(value, e.name).toStrictEqual(decoded[e.name]);
    }
    // (bson writes undefined as null.)
    expect([...read].sort()).toEqual(
      [
        'double',
        'string',
        'bool',
        'date',
        'nil',
        'int32',
        'negativeZero',
        'nan',
        'huge',
        'beforeEpoch',
        'farFuture',
        'badDate',
        'negativeInt',
        'emptyString',
        'emoji',
        'no',
        'undef',
      ].sort(),
    );
  });
});
