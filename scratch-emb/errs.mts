import { rmSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { EmbeddedServer } from '../storage/embedded/index.ts';
rmSync('/tmp/errs', { recursive: true, force: true });
const server = await EmbeddedServer.start({ dataDir: '/tmp/errs' });
const client = await MongoClient.connect(server.uri);
const c = client.db('t').collection<any>('x');
await c.insertOne({ a: 1, t: 'hello world' });
for (const f of [{ $text: { $search: 'x' } }, { a: { $near: [1, 2] } }, { a: { $foo: 1 } }, { $expr: { $gt: ['$a', 0] } }, { $where: 'true' }]) {
  console.log(JSON.stringify(f), await c.find(f).toArray().then((r) => `ok ${r.length}`, (e) => `err ${e.code} ${e.message}`));
}
console.log(await c.updateOne({ a: 1 }, { $rename: { a: 'b' } }).then((r) => r.modifiedCount, (e) => e.message), await c.findOne());
console.log(await c.updateOne({ b: 1 }, [{ $set: { z: 1 } }]).catch((e) => e.message));
console.log(await c.createIndex({ t: 'text' }).catch((e) => e.message));
console.log(await client.db('t').command({ aggregate: 1, pipeline: [{ $currentOp: {} }], cursor: {} }).catch((e) => e.message));
await client.close(); await server.close();
