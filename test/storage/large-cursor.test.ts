// Cursors over 100,000 documents: every document arrives exactly once, in order, across getMores.
import { beforeAll, expect, it } from 'vitest';
import { useEmbedded } from './target.ts';

const COUNT = 100_000;
const embedded = useEmbedded();

beforeAll(async () => {
  const docs = embedded.client.db('t').collection<{ _id: number; v: number; pad: string }>('docs');
  await docs.createIndex({ v: -1 });
  for (let start = 0; start < COUNT; start += 10_000) {
    await docs.insertMany(
      Array.from({ length: 10_000 }, (_, i) => ({
        _id: start + i,
        v: (start + i) % 1000,
        pad: 'p'.repeat(50),
      })),
    );
  }
});

it('streams 100,000 documents in natural order through getMore batches', async () => {
  const docs = embedded.client.db('t').collection<{ _id: number }>('docs');
  let expected = 0;
  for await (const doc of docs.find({}, { batchSize: 5_000, projection: { _id: 1 } })) {
    expect(doc._id).toBe(expected);
    expected++;
  }
  expect(expected).toBe(COUNT);
});

it('streams 100,000 documents sorted by an indexed field', async () => {
  const docs = embedded.client.db('t').collection<{ _id: number; v: number }>('docs');
  let last = Number.POSITIVE_INFINITY;
  let seen = 0;
  for await (const doc of docs.find({ v: { $gte: 0 } }).sort({ v: -1 })) {
    expect(doc.v).toBeLessThanOrEqual(last);
    last = doc.v;
    seen++;
  }
  expect(seen).toBe(COUNT);
});
