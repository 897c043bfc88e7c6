// Index pushdown must never change a result: the same queries on an indexed and an unindexed copy
// of awkward data (mixed types, arrays, nulls, missing fields, nested paths) return the same
// documents in the same order. And the review-queue query must be answered from an index.
import { type Collection, type Document, ObjectId, type Sort } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { parseSort } from '../../storage/embedded/bson-order.ts';
import { explainFind } from '../../storage/embedded/query-executor.ts';
import { ensureIndexes } from '../../storage/index.ts';
import { useEmbedded } from './target.ts';

const embedded = useEmbedded();

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
}

const DAY = 86_400_000;

const SCALAR_PICKS = [0, 1, 2, 3, 4, 8, 9, 10];

function awkwardValue(r: () => number, scalarOnly = false): unknown {
  const pick = scalarOnly ? SCALAR_PICKS[Math.floor(r() * SCALAR_PICKS.length)]! : Math.floor(r() * 12);
  const values: unknown[] = [
    Math.floor(r() * 5),
    r() * 5,
    `s${Math.floor(r() * 4)}`,
    null,
    undefined,
    [Math.floor(r() * 5), `s${Math.floor(r() * 4)}`],
    [],
    { x: Math.floor(r() * 3) },
    r() < 0.5,
    new Date(1_700_000_000_000 + Math.floor(r() * 5) * DAY),
    new ObjectId(`65${'0'.repeat(21)}${Math.floor(r() * 5)}`),
    [{ x: Math.floor(r() * 3) }],
  ];
  return values[pick];
}

function awkwardDocs(count: number): Document[] {
  const r = rng(7);
  return Array.from({ length: count }, (_, i) => {
    const doc: Document = { _id: i };
    for (const field of ['a', 'b']) {
      const v = awkwardValue(r);
      if (v !== undefined) doc[field] = v;
    }
    const nested = awkwardValue(r);
    if (nested !== undefined) doc.n = { x: nested };
    // A field that never holds arrays or objects, so sorts on it are pushed down to SQLite.
    const scalar = awkwardValue(r, true);
    if (scalar !== undefined) doc.c = scalar;
    return doc;
  });
}

type Query = { filter: Document; sort?: Document; skip?: number; limit?: number };

/** Every query gives the same documents, in the same order, on both collections. */
async function expectSameAnswers(actual: Collection, expected: Collection, queries: Query[]): Promise<void> {
  for (const q of queries) {
    const run = (c: Collection) =>
      c
        .find(q.filter)
        .sort((q.sort ?? { _id: 1 }) as Sort)
        .skip(q.skip ?? 0)
        .limit(q.limit ?? 0)
        .toArray();
    expect(await run(actual), JSON.stringify(q)).toEqual(await run(expected));
  }
}

const QUERIES: Query[] = [
  { filter: { a: 1 } },
  { filter: { a: 's1' } },
  { filter: { a: null } },
  { filter: { a: { $in: [1, 's2', null] } } },
  { filter: { a: { $gt: 2 } } },
  { filter: { a: { $gte: 1, $lt: 3 } } },
  { filter: { a: { $lte: 's2' } } },
  { filter: { a: { $gt: new Date(1_700_000_000_000 + DAY) } } },
  { filter: { a: { $gte: new ObjectId(`65${'0'.repeat(21)}2`) } } },
  { filter: { a: true } },
  { filter: { a: { x: 1 } } },
  { filter: { 'n.x': 2 } },
  { filter: { 'n.x': { $lt: 3 } } },
  { filter: { 'a.x': 1 } },
  { filter: { a: 1, b: { $in: ['s1', 's3'] } } },
  { filter: { $and: [{ a: { $gte: 0 } }, { b: { $lte: 2 } }] } },
  { filter: {}, sort: { a: 1, _id: 1 } },
  { filter: {}, sort: { a: -1, _id: 1 } },
  { filter: { b: { $gte: 0 } }, sort: { b: -1, _id: -1 }, limit: 7 },
  { filter: { a: { $exists: true } }, sort: { 'n.x': 1, _id: 1 }, skip: 3, limit: 10 },
  { filter: {}, sort: { _id: -1 }, skip: 5, limit: 5 },
  { filter: {}, sort: { c: 1, _id: 1 } },
  { filter: { c: { $ne: null } }, sort: { c: -1, _id: -1 }, limit: 20 },
  { filter: { c: { $gte: 1 } }, sort: { c: 1, _id: 1 }, skip: 2, limit: 9 },
  { filter: { c: { $in: [true, 's1', 2] } }, sort: { c: -1, _id: 1 } },
];

describe('index pushdown', () => {
  it('returns exactly what an unindexed scan returns, for awkward data', async () => {
    const db = embedded.client.db('equivalence');
    const docs = awkwardDocs(400);
    const plain = db.collection('plain');
    const indexed = db.collection('indexed');
    await indexed.createIndexes([
      { key: { a: 1, b: -1 } },
      { key: { b: 1 } },
      { key: { 'n.x': 1 } },
      { key: { 'a.x': 1 } },
      { key: { c: 1, _id: 1 } },
    ]);
    await plain.insertMany(docs.map((d) => ({ ...d })));
    await indexed.insertMany(docs.map((d) => ({ ...d })));
    await expectSameAnswers(indexed, plain, QUERIES);
    const info = embedded.server.store.collection('equivalence', 'indexed')!;
    expect(explainFind(embedded.server.store, info, {}, parseSort({ c: 1, _id: 1 })).sortPushed).toBe(true);
    expect(explainFind(embedded.server.store, info, {}, parseSort({ a: 1 })).sortPushed).toBe(false);
  });

  it('uses a partial index only where the query implies its filter, and changes no result', async () => {
    const db = embedded.client.db('partial');
    const docs = awkwardDocs(400);
    const plain = db.collection('plain');
    const partial = db.collection('partial');
    await partial.createIndexes([
      { key: { a: 1, c: -1, _id: 1 }, name: 'a_part', partialFilterExpression: { a: { $exists: true } } },
      {
        key: { c: 1, _id: 1 },
        name: 'c_part',
        partialFilterExpression: { $and: [{ c: { $exists: true } }] },
      },
    ]);
    await plain.insertMany(docs.map((d) => ({ ...d })));
    await partial.insertMany(docs.map((d) => ({ ...d })));
    const extra: typeof QUERIES = [
      { filter: { a: { $in: [null], $gte: null } } },
      { filter: { a: { $exists: false } } },
      { filter: { a: 2 }, sort: { c: -1, _id: 1 }, limit: 5 },
      { filter: { c: { $ne: 2 } }, sort: { c: 1, _id: 1 }, limit: 30 },
      { filter: { c: { $lte: null } }, sort: { c: 1, _id: 1 } },
    ];
    await expectSameAnswers(partial, plain, [...QUERIES, ...extra]);
    const info = embedded.server.store.collection('partial', 'partial')!;
    const [aIndex, cIndex] = info.indexes.slice(1).map((i) => i.sqlName!);
    // Documents without the field (or with null, which shares its key) take no index entry.
    const entries = (index: string, column: string) =>
      (
        embedded.server.store
          .prepare(`SELECT count(*) AS n FROM ${info.table} INDEXED BY ${index} WHERE ${column} > -9e999`)
          .get() as { n: number }
      ).n;
    const present = (field: string) => docs.filter((d) => d[field] !== undefined && d[field] !== null).length;
    expect(entries(aIndex!, info.fields.get('a')!.column)).toBe(present('a'));
    expect(present('a')).toBeLessThan(docs.length);
    const planOf = (filter: Document, sort: Document = {}) =>
      explainFind(embedded.server.store, info, filter, parseSort(sort)).plan.join('\n');
    expect(planOf({ c: 2 })).toContain(`USING INDEX ${cIndex}`);
    expect(planOf({ c: { $gte: 1 } }, { c: 1, _id: 1 })).toContain(`INDEX ${cIndex}`);
    expect(planOf({ a: 's1' }, { c: -1, _id: 1 })).toContain(`INDEX ${aIndex}`);
    // null, a missing field and sorts without a filter need the documents the index leaves out.
    expect(planOf({ c: null })).not.toContain(cIndex);
    expect(planOf({}, { c: 1, _id: 1 })).not.toContain(cIndex);
    expect(planOf({ a: { $in: ['s1', null] } })).not.toContain(aIndex);
  });

  it('answers the review queue query from an index, without sorting', async () => {
    const db = embedded.client.db('adrisk');
    await ensureIndexes(db);
    const ads = db.collection('ads');
    await ads.insertMany(
      Array.from({ length: 3000 }, (_, i) => ({
        _id: `ad${i}` as never,
        site: `site${i % 60}`,
        level: ['high', 'medium', 'low'][i % 3],
        urgent: i % 50 === 0,
        risk: ((i * 7919) % 1000) / 1000,
      })),
    );
    const top = await ads
      .find({ level: 'high', site: 'site3' })
      .sort({ urgent: -1, risk: -1 })
      .limit(50)
      .toArray();
    expect(top.length).toBeGreaterThan(0);
    const info = embedded.server.store.collection('adrisk', 'ads')!;
    const explained = explainFind(
      embedded.server.store,
      info,
      { level: 'high', site: 'site3' },
      parseSort({ urgent: -1, risk: -1 }),
    );
    expect(explained.sortPushed).toBe(true);
    expect(explained.plan.join('\n')).toMatch(/SEARCH c\d+ USING INDEX/);
    expect(explained.plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    const range = explainFind(
      embedded.server.store,
      info,
      { risk: { $gte: 0.5 }, site: { $in: ['site1', 'site2'] } },
      [],
    );
    expect(range.plan.join('\n')).toMatch(/USING INDEX/);
  });

  it('reads a limited sorted query in index order even when the statistics tempt SQLite to sort', async () => {
    // The frontier's claim query: one state value everywhere (so ANALYZE reports it unselective),
    // a range on the last index column. SQLite then preferred a skip-scan plus a sort of every
    // queued row; the planner names the index that gives the order instead.
    const db = embedded.client.db('ordered');
    const indexed = db.collection('indexed');
    const plain = db.collection('plain');
    await indexed.createIndexes([
      { key: { state: 1, priority: -1, nextFetchAt: 1 }, name: 'claim' },
      { key: { state: 1, until: 1 }, name: 'expiry' },
      { key: { tags: 1, priority: -1 }, name: 'tags' },
    ]);
    const base = 1_700_000_000_000;
    const docs = Array.from({ length: 3000 }, (_, i) => ({
      _id: i as never,
      state: i % 10 === 0 ? 'done' : 'queued',
      priority: -(i % 4),
      nextFetchAt: new Date(base + ((i * 7919) % 3000) * 1000),
      ...(i % 3 === 0 ? {} : { until: new Date(base + i) }),
      tags: i % 2 === 0 ? ['a', 'b'] : 'a',
    }));
    await indexed.insertMany(docs.map((d) => ({ ...d })));
    await plain.insertMany(docs.map((d) => ({ ...d })));
    const due = new Date(base + 2000 * 1000);
    const cases: Array<{ filter: Document; sort: Document; limit: number }> = [
      {
        filter: { state: 'queued', nextFetchAt: { $lte: due } },
        sort: { priority: -1, nextFetchAt: 1 },
        limit: 25,
      },
      {
        filter: { state: 'queued', nextFetchAt: { $gt: due } },
        sort: { priority: 1, nextFetchAt: -1 },
        limit: 40,
      },
      { filter: { state: 'queued', priority: -2 }, sort: { priority: -1, nextFetchAt: 1 }, limit: 10 },
      // Wildcard rows (arrays) make an equality a range: no index order can be promised there.
      { filter: { tags: 'a' }, sort: { priority: -1, _id: 1 }, limit: 30 },
    ];
    const info = embedded.server.store.collection('ordered', 'indexed')!;
    for (const q of cases) {
      const run = (c: typeof plain) => c.find(q.filter).sort(q.sort).limit(q.limit).toArray();
      const got = await run(indexed);
      expect(got.length, JSON.stringify(q)).toBe(q.limit);
      expect(got, JSON.stringify(q)).toEqual(await run(plain));
    }
    const claim = explainFind(
      embedded.server.store,
      info,
      { state: 'queued', nextFetchAt: { $lte: due } },
      parseSort({ priority: -1, nextFetchAt: 1 }),
    );
    expect(claim.sortPushed).toBe(true);
    expect(claim.plan.join('\n')).toMatch(/USING INDEX/);
    expect(claim.plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
