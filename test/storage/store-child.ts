// A child process for the storage tests, run with `node --import tsx`:
//   hold DIR          opens the store on DIR, inserts one marker document, prints "ready <uri>"
//                     and keeps serving until SIGTERM;
//   write DIR BATCH   opens the store on DIR and upserts batches of BATCH documents forever,
//                     printing "ack <n>" after batch n is acknowledged (the test kill -9s it).
import { openStore } from '../../storage/index.ts';

const [mode, dataDir, batchArg] = process.argv.slice(2);
const store = await openStore({ dataDir: dataDir! });

if (mode === 'hold') {
  await store.db
    .collection<{ _id: string }>('marks')
    .updateOne({ _id: 'holder' }, { $set: { pid: process.pid } }, { upsert: true });
  process.stdout.write(`ready ${store.uri}\n`);
  process.once('SIGTERM', () => {
    void store.close().then(() => process.exit(0));
  });
} else if (mode === 'write') {
  const batch = Number(batchArg);
  const docs = store.db.collection<{ _id: string; batch: number; text: string }>('crash');
  for (let n = 0; ; n++) {
    await docs.bulkWrite(
      Array.from({ length: batch }, (_, i) => ({
        updateOne: {
          filter: { _id: `b${n}-${i}` },
          update: { $set: { batch: n, text: 'x'.repeat(200) } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    process.stdout.write(`ack ${n}\n`);
  }
}
