// The byte-level upsert of new records must store what the general update path stores: the same
// documents, the same key columns (so the same query answers), the same upserted ids; and it must
// hand anything unusual or malformed to the general path instead of storing it.
import { Binary, type Document, deserialize, Long, ObjectId, serialize } from 'bson';
import type { IndexDescription } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../storage/embedded/commands/index.ts';
import { CursorRegistry } from '../../storage/embedded/cursors.ts';
import { tryFastUpsert } from '../../storage/embedded/fast-upsert.ts';
import { useEmbedded } from './target.ts';

const embedded = useEmbedded();

function record(i: number): Document {
  return {
    site: `site${i % 3}.example`,
    risk: i / 10,
    urgent: i % 4 === 0,
    level: i % 2 ? 'high' : 'low',
    tags: i % 3 ? ['a', `t${i}`] : [],
    nested: { at: new Date(1_700_000_000_000 + i), list: [{ x: i }] },
    big: Long.fromNumber(2 ** 40 + i),
    blob: new Binary(Buffer.from([i, 1, 2])),
    ...(i % 5 ? { networkId: `net${i % 2}` } : {}),
    note: 'grüße ✓',
  };
}

const upsertOp = (id: unknown, i: number) => ({
  q: { _id: id },
  u: { $set: record(i), $setOnInsert: { firstSeen: new Date(1_800_000_000_000 + i) } },
  upsert: true,
});

describe('fast upserts of new records', () => {
  it('store the same documents and keys as the general path, and report the same upserts', async () => {
    const db = embedded.client.db('fast');
    const indexes: IndexDescription[] = [
      { key: { site: 1, risk: -1 }, name: 'site_risk' },
      { key: { tags: 1 }, name: 'tags' },
      { key: { 'nested.at': 1 }, name: 'nested_at' },
      { key: { networkId: 1 }, name: 'net', partialFilterExpression: { networkId: { $exists: true } } },
    ];
    const fast = db.collection<{ _id: string | number | ObjectId }>('fast');
    const general = db.collection<{ _id: string | number | ObjectId }>('general');
    await fast.createIndexes(indexes);
    await general.createIndexes(indexes);
    const ids = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0 ? new ObjectId() : i % 3 === 1 ? `ad-${i}` : i,
    );
    // A bulk write sends its statements as an OP_MSG document sequence: the byte-level path.
    const bulk = await fast.bulkWrite(
      ids.map((id, i) => ({ updateOne: { filter: { _id: id }, update: upsertOp(id, i).u, upsert: true } })),
      { ordered: false },
    );
    // Statements inside the command document: decoded, the general path.
    const inline = await db.command({ update: 'general', updates: ids.map((id, i) => upsertOp(id, i)) });
    expect(bulk.upsertedCount).toBe(40);
    expect(inline.n).toBe(40);
    expect(Object.values(bulk.upsertedIds)).toEqual(ids);
    expect(await fast.find().sort({ _id: 1 }).toArray()).toEqual(
      await general.find().sort({ _id: 1 }).toArray(),
    );
    const fastInfo = embedded.server.store.collection('fast', 'fast')!;
    const generalInfo = embedded.server.store.collection('fast', 'general')!;
    for (const id of ids) {
      const a = embedded.server.store.byId(fastInfo, id)!;
      const b = embedded.server.store.byId(generalInfo, id)!;
      expect(a.keys).toEqual(b.keys);
      // The byte-level path keeps the Int64 the client sent; decoding and encoding again makes
      // it a double (the same number): proof that each collection took its own path.
      expect(deserialize(a.doc, { promoteLongs: false }).big).toBeInstanceOf(Long);
      expect(typeof deserialize(b.doc, { promoteLongs: false }).big).toBe('number');
    }
    for (const filter of [
      { site: 'site1.example' },
      { tags: 't4' },
      { networkId: 'net1' },
      { 'nested.at': { $gt: new Date(1_700_000_000_010) } },
    ]) {
      const run = (c: typeof fast) => c.find(filter).sort({ _id: 1 }).toArray();
      expect(await run(fast), JSON.stringify(filter)).toEqual(await run(general));
    }
    // Existing _ids take the general path: a recrawl updates and counts as modified.
    const again = await fast.bulkWrite(
      ids.slice(0, 5).map((id, i) => ({
        updateOne: { filter: { _id: id }, update: { $set: { ...record(i), risk: 0.99 } }, upsert: true },
      })),
    );
    expect(again.upsertedCount).toBe(0);
    expect(again.modifiedCount).toBe(5);
    // The same recrawl through the general path (inline statements) stores the same documents,
    // with a new field appended, and the same keys.
    const recrawl = (i: number) => ({ $set: { ...record(i), risk: 0.99, seenBy: 'run-2' } });
    await fast.bulkWrite(
      ids
        .slice(5, 10)
        .map((id, i) => ({ updateOne: { filter: { _id: id }, update: recrawl(i), upsert: true } })),
    );
    await db.command({
      update: 'general',
      updates: [
        ...ids
          .slice(0, 5)
          .map((id, i) => ({ q: { _id: id }, u: { $set: { ...record(i), risk: 0.99 } }, upsert: true })),
        ...ids.slice(5, 10).map((id, i) => ({ q: { _id: id }, u: recrawl(i), upsert: true })),
      ],
    });
    expect(await fast.find().sort({ _id: 1 }).toArray()).toEqual(
      await general.find().sort({ _id: 1 }).toArray(),
    );
    for (const id of ids.slice(0, 10))
      expect(embedded.server.store.byId(fastInfo, id)!.keys).toEqual(
        embedded.server.store.byId(generalInfo, id)!.keys,
      );
    // Rewritten from the bytes (the client's Int64 kept), not decoded and encoded again.
    for (const id of ids.slice(5, 10))
      expect(
        deserialize(embedded.server.store.byId(fastInfo, id)!.doc, { promoteLongs: false }).big,
      ).toBeInstanceOf(Long);
    // Values binary-equal to the stored ones change nothing.
    const same = await fast.bulkWrite(
      ids.slice(0, 5).map((id) => ({
        updateOne: { filter: { _id: id }, update: { $set: { risk: 0.99 } }, upsert: true },
      })),
    );
    expect(same.matchedCount).toBe(5);
    expect(same.modifiedCount).toBe(0);
  });

  it('leaves unusual statements and malformed bytes to the general path', () => {
    const info = embedded.server.store.ensureCollection('fast', 'refusals').info;
    const bytes = (statement: Document) => Buffer.from(serialize(statement));
    expect(tryFastUpsert(embedded.server.store, info, bytes(upsertOp('ok', 1)))).toEqual({
      upsertedId: 'ok',
    });
    const unusual: Document[] = [
      { ...upsertOp('a', 1), upsert: false },
      { ...upsertOp('b', 1), multi: true },
      { ...upsertOp('c', 1), arrayFilters: [] },
      { q: { _id: 'd', site: 'x' }, u: { $set: { a: 1 } }, upsert: true },
      { q: { _id: { $in: ['e'] } }, u: { $set: { a: 1 } }, upsert: true },
      { q: { _id: 'f' }, u: { $set: { 'a.b': 1 } }, upsert: true },
      { q: { _id: 'g' }, u: { $set: { a: 1 }, $setOnInsert: { a: 2 } }, upsert: true },
      { q: { _id: 'h' }, u: { $set: { a: 1 }, $inc: { n: 1 } }, upsert: true },
      { q: { _id: 'i' }, u: { a: 1 }, upsert: true },
      { q: { _id: 1.5 }, u: { $set: { a: 1 } }, upsert: true },
    ];
    for (const statement of unusual)
      expect(
        tryFastUpsert(embedded.server.store, info, bytes(statement)),
        JSON.stringify(statement),
      ).toBeUndefined();
    // An _id that exists: the row, for the general path to update.
    const existing = tryFastUpsert(embedded.server.store, info, bytes(upsertOp('ok', 2)));
    expect(existing && 'existing' in existing && existing.existing.rid).toBeGreaterThan(0);
    // Invalid UTF-8 inside a value: never stored from the bytes.
    const broken = bytes({ q: { _id: 'j' }, u: { $set: { note: 'abcd' } }, upsert: true });
    broken[broken.indexOf(Buffer.from('abcd'))] = 0xff;
    expect(tryFastUpsert(embedded.server.store, info, broken)).toBeUndefined();
    expect(embedded.server.store.byId(info, 'j')).toBeUndefined();
  });
});

describe('log-ahead upserts', () => {
  /** Runs an update command as the server does, holding back the work it leaves for after its reply. */
  function update(collection: string, statements: Document[]) {
    const after: Array<() => void> = [];
    const sequence = statements.map((statement) => {
      const bytes = Buffer.from(serialize(statement));
      return { bytes, doc: deserialize(bytes) };
    });
    const reply = runCommand({
      store: embedded.server.store,
      cursors: new CursorRegistry(),
      server: { connectionId: 1, address: 'test', startedAt: new Date() },
      dbName: 'ahead',
      body: { update: collection, ordered: false },
      sequences: new Map([['updates', sequence]]),
      afterReply: (work) => after.push(work),
    });
    return { reply, after };
  }

  it('acknowledge a batch of new records from the redo log, and store it right after the reply', () => {
    const info = embedded.server.store.transaction(
      () => embedded.server.store.ensureCollection('ahead', 'ads').info,
    );
    const { reply, after } = update('ads', [upsertOp('n1', 1), upsertOp('n2', 2), upsertOp(7, 3)]);
    expect(reply).toMatchObject({ ok: 1, n: 3, nModified: 0 });
    expect(reply.upserted).toEqual([
      { index: 0, _id: 'n1' },
      { index: 1, _id: 'n2' },
      { index: 2, _id: 7 },
    ]);
    // Durable but not yet stored: the work after the reply stores it, before any other command.
    expect(after).toHaveLength(1);
    expect(embedded.server.store.byId(info, 'n1')).toBeUndefined();
    after[0]!();
    for (const id of ['n1', 'n2', 7]) expect(embedded.server.store.byId(info, id)).toBeDefined();
  });

  it('run anything that could fail or depends on another statement before replying', () => {
    const info = embedded.server.store.transaction(
      () => embedded.server.store.ensureCollection('ahead', 'mixed').info,
    );
    const stored = (id: unknown) => embedded.server.store.byId(info, id) !== undefined;
    // The same _id twice: the second statement updates the first's document.
    const twice = update('mixed', [upsertOp('t1', 1), upsertOp('t1', 2)]);
    expect(twice.after).toHaveLength(0);
    expect(twice.reply).toMatchObject({ n: 2, nModified: 1, upserted: [{ index: 0, _id: 't1' }] });
    // A new _id and an existing one: both outcomes are known before storing, so log-ahead too.
    const before = embedded.server.store.byId(info, 't1')!.doc;
    const recrawl = update('mixed', [upsertOp('t2', 1), upsertOp('t1', 3)]);
    expect(recrawl.reply).toMatchObject({ n: 2, nModified: 1, upserted: [{ index: 0, _id: 't2' }] });
    expect(recrawl.after).toHaveLength(1);
    expect(stored('t2')).toBe(false);
    expect(embedded.server.store.byId(info, 't1')!.doc.equals(before)).toBe(true);
    recrawl.after[0]!();
    expect(stored('t2')).toBe(true);
    expect(deserialize(embedded.server.store.byId(info, 't1')!.doc).risk).toBe(0.3);
    // An update that changes nothing is matched, not modified, and rewrites nothing.
    const same = update('mixed', [upsertOp('t1', 3)]);
    expect(same.reply).toMatchObject({ n: 1, nModified: 0 });
    expect(same.reply.upserted).toBeUndefined();
    // An update the general path must refuse (here: changing _id) makes the batch take that path.
    const refused = update('mixed', [{ q: { _id: 't1' }, u: { $set: { _id: 'other' } }, upsert: true }]);
    expect(refused.after).toHaveLength(0);
    expect(refused.reply.writeErrors).toHaveLength(1);
    // A unique index besides _id's: a new _id may still collide, and the reply must say so.
    const unique = embedded.server.store.transaction(() => {
      const made = embedded.server.store.ensureCollection('ahead', 'unique').info;
      embedded.server.store.createIndex(made, { name: 'url', key: { url: 1 }, unique: true, sparse: false });
      return made;
    });
    const collide = update('unique', [
      { q: { _id: 'u1' }, u: { $set: { url: 'https://a.example/1' } }, upsert: true },
      { q: { _id: 'u2' }, u: { $set: { url: 'https://a.example/1' } }, upsert: true },
    ]);
    expect(collide.after).toHaveLength(0);
    expect(collide.reply.n).toBe(1);
    expect(collide.reply.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(embedded.server.store.byId(unique, 'u1')).toBeDefined();
    expect(embedded.server.store.byId(unique, 'u2')).toBeUndefined();
  });
});
