// Driver-level conformance: every command and operator adrisk uses, against the embedded server,
// or against a real MongoDB when MONGODB_URI is set (same tests). Tests of refusals
// ("not supported by the adrisk embedded store") run only against the embedded server.
import { type Collection, type Document, MongoBulkWriteError, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTarget, type Target } from './target.ts';

let target: Target;
/** Documents with any `_id`, as the tests use numbers and strings. */
type TestDoc = Document & { _id?: number | string | ObjectId };

let coll: Collection<TestDoc>;
let n = 0;

beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});
beforeEach(() => {
  coll = target.db.collection<TestDoc>(`c${++n}`);
});

const ids = (docs: Document[]) => docs.map((d) => d._id);

describe('handshake and server commands', () => {
  it('answers ping, hello and buildInfo', async () => {
    expect((await target.db.command({ ping: 1 })).ok).toBe(1);
    const hello = await target.db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(8);
    expect(typeof (await target.db.admin().command({ buildInfo: 1 })).version).toBe('string');
  });
});

describe('insert and find', () => {
  beforeEach(async () => {
    await coll.insertMany([
      { _id: 1, name: 'ana', age: 31, city: 'Graz', tags: ['a', 'b'], nested: { x: 1 } },
      { _id: 2, name: 'bea', age: 25, city: 'Linz', tags: ['b'], nested: { x: 2 } },
      { _id: 3, name: 'cid', age: 40, city: 'Graz', tags: [], nested: { x: 3 } },
      { _id: 4, name: 'dot', city: null, nested: { x: [4, 5] } },
      { _id: 5, name: 'eve', age: '31' },
    ]);
  });

  it('filters with comparison, set, element and logical operators', async () => {
    expect(ids(await coll.find({ age: { $gt: 30 } }).toArray())).toEqual([1, 3]);
    expect(ids(await coll.find({ age: { $gte: 25, $lt: 40 } }).toArray())).toEqual([1, 2]);
    expect(ids(await coll.find({ city: { $in: ['Linz', null] } }).toArray())).toEqual([2, 4, 5]);
    expect(ids(await coll.find({ city: { $nin: ['Graz'] } }).toArray())).toEqual([2, 4, 5]);
    expect(ids(await coll.find({ age: { $exists: false } }).toArray())).toEqual([4]);
    expect(ids(await coll.find({ city: null }).toArray())).toEqual([4, 5]);
    expect(ids(await coll.find({ $or: [{ age: 25 }, { name: 'eve' }] }).toArray())).toEqual([2, 5]);
    expect(ids(await coll.find({ $and: [{ city: 'Graz' }, { age: { $ne: 40 } }] }).toArray())).toEqual([1]);
    expect(ids(await coll.find({ name: { $regex: '^[ab]' } }).toArray())).toEqual([1, 2]);
    expect(ids(await coll.find({ age: { $type: 'string' } }).toArray())).toEqual([5]);
  });

  it('matches array elements and dotted paths as MongoDB does', async () => {
    expect(ids(await coll.find({ tags: 'b' }).toArray())).toEqual([1, 2]);
    expect(ids(await coll.find({ tags: { $size: 0 } }).toArray())).toEqual([3]);
    expect(ids(await coll.find({ tags: { $all: ['a', 'b'] } }).toArray())).toEqual([1]);
    expect(ids(await coll.find({ 'nested.x': 5 }).toArray())).toEqual([4]);
    expect(ids(await coll.find({ 'nested.x': { $gte: 3 } }).toArray())).toEqual([3, 4]);
    expect(ids(await coll.find({ tags: { $elemMatch: { $eq: 'a' } } }).toArray())).toEqual([1]);
  });

  it('projects, sorts, skips and limits', async () => {
    expect(await coll.find({ _id: 1 }, { projection: { name: 1 } }).toArray()).toEqual([
      { _id: 1, name: 'ana' },
    ]);
    expect(await coll.find({ _id: 2 }, { projection: { name: 1, _id: 0 } }).toArray()).toEqual([
      { name: 'bea' },
    ]);
    expect(await coll.find({ _id: 2 }, { projection: { tags: 0, nested: 0, age: 0 } }).toArray()).toEqual([
      { _id: 2, name: 'bea', city: 'Linz' },
    ]);
    expect(await coll.find({ _id: 1 }, { projection: { 'nested.x': 1 } }).toArray()).toEqual([
      { _id: 1, nested: { x: 1 } },
    ]);
    // Numbers sort before strings; a missing field sorts first ascending.
    expect(ids(await coll.find().sort({ age: 1 }).toArray())).toEqual([4, 2, 1, 3, 5]);
    expect(ids(await coll.find().sort({ city: 1, age: -1 }).toArray())).toEqual([5, 4, 3, 1, 2]);
    expect(ids(await coll.find().sort({ _id: -1 }).skip(1).limit(2).toArray())).toEqual([4, 3]);
  });

  it('pages through cursors with getMore and closes them early with killCursors', async () => {
    const big = target.db.collection<TestDoc>(`big${n}`);
    await big.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, v: i % 7 })));
    const all = await big.find({}, { batchSize: 10 }).toArray();
    expect(all.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    const sorted = await big
      .find({ v: { $gte: 3 } }, { batchSize: 7 })
      .sort({ v: -1, _id: 1 })
      .toArray();
    expect(sorted.length).toBe(250 - [0, 1, 2].reduce((s, v) => s + Math.ceil((250 - v) / 7), 0));
    expect(sorted[0]).toEqual({ _id: 6, v: 6 });
    const cursor = big.find({}, { batchSize: 5 });
    await cursor.next();
    const id = cursor.id!;
    await cursor.close();
    const error = await target.db.command({ getMore: id, collection: big.collectionName }).catch((e) => e);
    expect(error.code).toBe(43); // CursorNotFound: killCursors removed it
  });

  it('rejects a duplicate _id with code 11000', async () => {
    const error = await coll.insertOne({ _id: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error.code).toBe(11000);
  });

  it('keeps BSON types: ObjectId, Date, nested documents, binary', async () => {
    const oid = new ObjectId();
    const when = new Date('2026-01-02T03:04:05.006Z');
    await coll.insertOne({ _id: oid, when, bin: Buffer.from([1, 2, 3]), deep: { a: [{ b: 1 }] } });
    const doc = await coll.findOne({ _id: oid });
    expect(doc?.when).toEqual(when);
    expect(doc?.deep).toEqual({ a: [{ b: 1 }] });
    expect(Buffer.from(doc?.bin.buffer)).toEqual(Buffer.from([1, 2, 3]));
    expect(await coll.countDocuments({ when: { $gt: new Date('2026-01-01') } })).toBe(1);
  });
});

describe('update', () => {
  it('applies $set, $inc, $unset, $min, $max, $push and $addToSet', async () => {
    await coll.insertOne({ _id: 'a', n: 1, lo: 5, hi: 5, gone: true, list: [1], set: ['x'] });
    const res = await coll.updateOne(
      { _id: 'a' },
      {
        $set: { 'deep.field': 'v', n2: 2 },
        $inc: { n: 2, fresh: 1 },
        $unset: { gone: '' },
        $min: { lo: 3 },
        $max: { hi: 4 },
        $push: { list: { $each: [2, 3] } } as Document,
        $addToSet: { set: { $each: ['x', 'y'] } },
      },
    );
    expect(res.matchedCount).toBe(1);
    expect(res.modifiedCount).toBe(1);
    expect(await coll.findOne({ _id: 'a' })).toEqual({
      _id: 'a',
      n: 3,
      lo: 3,
      hi: 5,
      list: [1, 2, 3],
      set: ['x', 'y'],
      deep: { field: 'v' },
      n2: 2,
      fresh: 1,
    });
  });

  it('reports an update that changes nothing as matched but not modified', async () => {
    await coll.insertOne({ _id: 1, v: 1 });
    const res = await coll.updateOne({ _id: 1 }, { $set: { v: 1 } });
    expect([res.matchedCount, res.modifiedCount]).toEqual([1, 0]);
  });

  it('upserts from the filter equalities and applies $setOnInsert only on insert', async () => {
    const first = await coll.updateOne(
      { _id: 'k', site: 's1' },
      { $set: { seen: 1 }, $setOnInsert: { firstSeen: 'then' } },
      { upsert: true },
    );
    expect(first.upsertedId).toBe('k');
    await coll.updateOne(
      { _id: 'k', site: 's1' },
      { $set: { seen: 2 }, $setOnInsert: { firstSeen: 'now' } },
      { upsert: true },
    );
    expect(await coll.findOne({ _id: 'k' })).toEqual({ _id: 'k', site: 's1', seen: 2, firstSeen: 'then' });
    const generated = await coll.updateOne({ code: 'x' }, { $inc: { n: 1 } }, { upsert: true });
    expect(generated.upsertedId).toBeInstanceOf(ObjectId);
  });

  it('updates many, replaces one and refuses to change _id', async () => {
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);
    const many = await coll.updateMany({ g: 1 }, { $set: { h: true } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    expect(await coll.countDocuments({ h: true })).toBe(2);
    const one = await coll.findOne({ g: 2 });
    await coll.replaceOne({ g: 2 }, { g: 3, r: 1 });
    expect(await coll.findOne({ _id: one!._id })).toEqual({ _id: one!._id, g: 3, r: 1 });
    const error = await coll.updateOne({ g: 3 }, { $set: { _id: 'other' } }).catch((e) => e);
    expect(error).toBeInstanceOf(MongoServerError);
  });

  it('runs unordered bulk upserts and reports duplicate keys with their operation index', async () => {
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ _id: 0, email: 'a@example.org' });
    const error = await coll
      .bulkWrite(
        [
          { insertOne: { document: { _id: 1, email: 'b@example.org' } } },
          { insertOne: { document: { _id: 2, email: 'a@example.org' } } },
          { updateOne: { filter: { _id: 3 }, update: { $set: { email: 'c@example.org' } }, upsert: true } },
        ],
        { ordered: false },
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error.writeErrors.map((w: { index: number; code: number }) => [w.index, w.code])).toEqual([
      [1, 11000],
    ]);
    expect(await coll.countDocuments()).toBe(3);
  });

  it('stops an ordered bulk write at the first duplicate', async () => {
    await coll.insertOne({ _id: 1 });
    const error = await coll.insertMany([{ _id: 2 }, { _id: 1 }, { _id: 3 }]).catch((e) => e);
    expect(error.code).toBe(11000);
    expect(ids(await coll.find().toArray())).toEqual([1, 2]);
  });

  it('matches an _id filter with more conditions only when they all hold', async () => {
    await coll.insertMany([
      { _id: 'u1', lease: { owner: 'w1' }, state: 'leased' },
      { _id: 'u2', state: 'queued' },
    ]);
    const lost = await coll.updateOne({ _id: 'u1', 'lease.owner': 'w2' }, { $set: { state: 'done' } });
    expect([lost.matchedCount, lost.modifiedCount]).toEqual([0, 0]);
    const won = await coll.updateOne(
      { _id: 'u1', 'lease.owner': 'w1' },
      { $set: { state: 'done' }, $unset: { lease: '' } },
    );
    expect([won.matchedCount, won.modifiedCount]).toEqual([1, 1]);
    expect(await coll.findOne({ _id: 'u1' })).toEqual({ _id: 'u1', state: 'done' });
    // The sort cannot matter with one candidate; a failing extra condition means no match.
    expect(
      await coll.findOneAndUpdate({ _id: 'u2', state: 'leased' }, { $set: { x: 1 } }, { sort: { state: 1 } }),
    ).toBeNull();
    // An upsert whose extra condition fails on an existing _id tries to insert that _id again.
    const dup = await coll
      .updateOne({ _id: 'u2', state: 'leased' }, { $set: { x: 1 } }, { upsert: true })
      .catch((e) => e);
    expect(dup.code).toBe(11000);
    expect(await coll.findOne({ _id: 'u2' })).toEqual({ _id: 'u2', state: 'queued' });
  });
});

describe('delete, count, distinct', () => {
  it('deletes one or many and counts', async () => {
    await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 3 }]);
    expect((await coll.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ k: { $gte: 2 } })).deletedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(1);
    expect(await coll.estimatedDocumentCount()).toBe(1);
    expect(await coll.countDocuments({ k: 1 }, { limit: 5 })).toBe(1);
  });

  it('returns distinct values, flattening arrays', async () => {
    await coll.insertMany([{ t: ['a', 'b'] }, { t: 'b' }, { t: 'c', skip: true }, { u: 1 }]);
    expect((await coll.distinct('t')).sort()).toEqual(['a', 'b', 'c']);
    expect((await coll.distinct('t', { skip: { $ne: true } })).sort()).toEqual(['a', 'b']);
  });
});

describe('findAndModify', () => {
  it('finds in sort order and returns the document before or after', async () => {
    await coll.insertMany([
      { _id: 1, state: 'queued', p: 1 },
      { _id: 2, state: 'queued', p: 5 },
    ]);
    const claimed = await coll.findOneAndUpdate(
      { state: 'queued' },
      { $set: { state: 'leased' } },
      { sort: { p: -1 }, returnDocument: 'after' },
    );
    expect(claimed).toEqual({ _id: 2, state: 'leased', p: 5 });
    const before = await coll.findOneAndUpdate({ _id: 1 }, { $inc: { p: 1 } }, { returnDocument: 'before' });
    expect(before).toEqual({ _id: 1, state: 'queued', p: 1 });
    const upserted = await coll.findOneAndUpdate(
      { _id: 9 },
      { $set: { state: 'new' } },
      { upsert: true, returnDocument: 'after', projection: { state: 1, _id: 0 } },
    );
    expect(upserted).toEqual({ state: 'new' });
    expect(await coll.findOneAndDelete({ _id: 9 })).toEqual({ _id: 9, state: 'new' });
    expect(await coll.findOneAndReplace({ _id: 1 }, { p: 0 }, { returnDocument: 'after' })).toEqual({
      _id: 1,
      p: 0,
    });
    expect(await coll.findOneAndUpdate({ _id: 'none' }, { $set: { a: 1 } })).toBeNull();
  });
});

describe('aggregate', () => {
  beforeEach(async () => {
    await coll.insertMany([
      { _id: 1, site: 'a', risk: 0.9, codes: ['x', 'y'] },
      { _id: 2, site: 'a', risk: 0.2, codes: ['y'] },
      { _id: 3, site: 'b', risk: 0.5, codes: [] },
    ]);
    await target.db.collection<TestDoc>(`sites${n}`).insertMany([
      { _id: 'a', country: 'AT' },
      { _id: 'b', country: 'DE' },
    ]);
  });

  it('runs $match, $group, $sort, $project, $skip and $limit', async () => {
    const out = await coll
      .aggregate([
        { $match: { risk: { $gte: 0.2 } } },
        { $group: { _id: '$site', n: { $sum: 1 }, max: { $max: '$risk' } } },
        { $sort: { _id: 1 } },
        { $project: { _id: 0, site: '$_id', n: 1, max: 1 } },
        { $skip: 0 },
        { $limit: 5 },
      ])
      .toArray();
    expect(out).toEqual([
      { n: 2, max: 0.9, site: 'a' },
      { n: 1, max: 0.5, site: 'b' },
    ]);
  });

  it('runs $unwind, $count, $facet and $lookup', async () => {
    const unwound = await coll
      .aggregate([
        { $unwind: '$codes' },
        { $group: { _id: '$codes', n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(unwound).toEqual([
      { _id: 'x', n: 1 },
      { _id: 'y', n: 2 },
    ]);
    expect(await coll.aggregate([{ $match: { site: 'a' } }, { $count: 'n' }]).toArray()).toEqual([{ n: 2 }]);
    const [facets] = await coll
      .aggregate([
        {
          $facet: {
            top: [{ $sort: { risk: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
            total: [{ $count: 'n' }],
          },
        },
      ])
      .toArray();
    expect(facets).toEqual({ top: [{ _id: 1 }], total: [{ n: 3 }] });
    const joined = await coll
      .aggregate([
        { $match: { _id: 3 } },
        { $lookup: { from: `sites${n}`, localField: 'site', foreignField: '_id', as: 'siteDoc' } },
        { $project: { country: { $first: '$siteDoc.country' } } },
      ])
      .toArray();
    expect(joined).toEqual([{ _id: 3, country: 'DE' }]);
  });

  it('takes a sorted, limited head of the pipeline in order', async () => {
    const out = await coll
      .aggregate([{ $match: { site: 'a' } }, { $sort: { risk: -1 } }, { $limit: 1 }])
      .toArray();
    expect(ids(out)).toEqual([1]);
  });
});

describe('indexes and collections', () => {
  it('creates indexes idempotently and lists them', async () => {
    await coll.createIndexes([
      { key: { site: 1, risk: -1 }, name: 'site_risk' },
      { key: { at: 1 }, name: 'ttl', expireAfterSeconds: 60 },
    ]);
    await coll.createIndexes([{ key: { site: 1, risk: -1 }, name: 'site_risk' }]);
    const list = await coll.listIndexes().toArray();
    expect(list.map((i) => i.name)).toEqual(['_id_', 'site_risk', 'ttl']);
    expect(list[2]!.expireAfterSeconds).toBe(60);
    const error = await coll.createIndex({ other: 1 }, { name: 'site_risk' }).catch((e) => e);
    expect(error).toBeInstanceOf(MongoServerError);
  });

  it('refuses a unique index over existing duplicates', async () => {
    await coll.insertMany([{ e: 1 }, { e: 1 }]);
    const error = await coll.createIndex({ e: 1 }, { unique: true }).catch((e) => e);
    expect(error.code).toBe(11000);
  });

  it('treats a missing field as null in a unique index, unless it is sparse', async () => {
    await coll.createIndex({ u: 1 }, { unique: true });
    await coll.insertOne({ a: 1 });
    expect((await coll.insertOne({ a: 2 }).catch((e) => e)).code).toBe(11000);
    const sparse = target.db.collection<TestDoc>(`sparse${n}`);
    await sparse.createIndex({ u: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { u: 'x' }]);
    expect((await sparse.insertOne({ u: 'x' }).catch((e) => e)).code).toBe(11000);
  });

  it('creates a partial index, lists its filter and answers queries on it like a full scan', async () => {
    const filter = { networkId: { $exists: true } };
    await coll.createIndex({ networkId: 1, risk: -1 }, { name: 'net', partialFilterExpression: filter });
    await coll.insertMany([
      { _id: 1, networkId: 'n1', risk: 0.2 },
      { _id: 2, risk: 0.9 },
      { _id: 3, networkId: 'n1', risk: 0.7 },
      { _id: 4, networkId: 'n2', risk: 0.5 },
      { _id: 5, networkId: null, risk: 0.4 },
    ]);
    const listed = (await coll.listIndexes().toArray()).find((i) => i.name === 'net');
    expect(listed?.partialFilterExpression).toEqual(filter);
    const sorted = (f: Document) => coll.find(f).sort({ risk: -1 }).toArray().then(ids);
    expect(await sorted({ networkId: 'n1' })).toEqual([3, 1]);
    expect(await sorted({ networkId: { $in: ['n1', 'n2'] } })).toEqual([3, 4, 1]);
    expect(await sorted({ networkId: null })).toEqual([2, 5]);
    expect(await sorted({ networkId: { $exists: false } })).toEqual([2]);
    expect(await sorted({})).toEqual([2, 3, 4, 5, 1]);
    // The same name with another filter is a conflict, as MongoDB reports it.
    const error = await coll
      .createIndex(
        { networkId: 1, risk: -1 },
        { name: 'net', partialFilterExpression: { risk: { $exists: true } } },
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect([85, 86]).toContain(error.code);
  });

  it('lists, drops collections and drops the database', async () => {
    await coll.insertOne({ a: 1 });
    const names = (await target.db.listCollections().toArray()).map((c) => c.name);
    expect(names).toContain(coll.collectionName);
    expect(await coll.drop()).toBe(true);
    const after = (await target.db.listCollections({ name: coll.collectionName }).toArray()).length;
    expect(after).toBe(0);
  });
});

describe.skipIf(Boolean(process.env.MONGODB_URI))('refusals of the embedded store', () => {
  it('names an unsupported command', async () => {
    const error = await target.db.command({ mapReduce: 'x' }).catch((e) => e);
    expect(error.message).toContain('mapReduce not supported by the adrisk embedded store');
  });

  it('names an unsupported query or update operator instead of guessing', async () => {
    await coll.insertOne({ a: 1 });
    expect(
      (
        await coll
          .find({ $where: 'true' })
          .toArray()
          .catch((e) => e)
      ).message,
    ).toMatch(/where/);
    const bit = await coll.updateOne({ a: 1 }, { $bit: { a: { and: 1 } } }).catch((e) => e);
    expect(bit.message).toContain('$bit not supported by the adrisk embedded store');
    const stage = await coll
      .aggregate([{ $out: 'x' }])
      .toArray()
      .catch((e) => e);
    expect(stage.message).toContain('$out not supported');
  });

  it('names a partial filter it cannot index instead of approximating it', async () => {
    const error = await coll
      .createIndex({ a: 1 }, { partialFilterExpression: { a: { $gt: 5 } } })
      .catch((e) => e);
    expect(error.message).toContain('partialFilterExpression {"a":{"$gt":5}}');
    expect(error.message).toContain('not supported by the adrisk embedded store');
    const unique = await coll
      .createIndex({ a: 1 }, { unique: true, partialFilterExpression: { a: { $exists: true } } })
      .catch((e) => e);
    expect(unique.message).toContain('unique indexes with a partialFilterExpression');
  });

  it('removes expired documents of a TTL index when the monitor sweeps', async () => {
    const { sweepExpired } = await import('../../storage/embedded/ttl.ts');
    await coll.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    const now = Date.now();
    await coll.insertMany([
      { _id: 'old', at: new Date(now - 120_000) },
      { _id: 'new', at: new Date(now) },
      { _id: 'old-array', at: [new Date(now - 3_600_000), new Date(now)] },
      { _id: 'none' },
    ]);
    sweepExpired(target.embedded!.store);
    expect(ids(await coll.find().sort({ _id: 1 }).toArray())).toEqual(['new', 'none']);
  });
});
