import { rmSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { ensureIndexes } from '../storage/index.ts';
import { EmbeddedServer } from '../storage/embedded/index.ts';
import { explainFind } from '../storage/embedded/query-executor.ts';
import { parseSort } from '../storage/embedded/bson-order.ts';
rmSync('/tmp/expl', { recursive: true, force: true });
const server = await EmbeddedServer.start({ dataDir: '/tmp/expl' });
const client = await MongoClient.connect(server.uri);
const db = client.db('adrisk');
await ensureIndexes(db);
const ads = db.collection('ads');
await ads.insertMany(Array.from({ length: 5000 }, (_, i) => ({ _id: `a${i}`, site: `s${i % 50}`, level: ['high', 'low', 'medium'][i % 3], urgent: i % 40 === 0, risk: (i * 7919 % 1000) / 1000, indicatorCodes: ['x'] })) as any);
const info = server.store.collection('adrisk', 'ads')!;
for (const [f, s] of [[{ level: 'high', site: 's3' }, { urgent: -1, risk: -1 }], [{ level: 'high' }, { urgent: -1, risk: -1 }], [{}, { urgent: -1, risk: -1, _id: 1 }], [{ site: { $in: ['s1', 's2'] }, risk: { $gte: 0.5 } }, {}], [{ indicatorCodes: 'x' }, { urgent: -1, risk: -1 }]] as any) {
  console.log(JSON.stringify(f), JSON.stringify(s), explainFind(server.store, info, f, parseSort(s)));
}
await client.close(); await server.close();
