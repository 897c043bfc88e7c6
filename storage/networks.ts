// Advertiser networks in MongoDB: network documents (members and links with evidence), the
// `networkId` of each ad, guarded contacts, and the graph the review app draws.
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { NotFoundError } from '../core/errors.ts';
import { type AdDoc, COLLECTIONS, type GuardedContactDoc, type NetworkDoc } from './documents.ts';

/** Writes per bulkWrite call. */
export const NETWORK_WRITE_BATCH = 1000;
/** Ads drawn in one network graph; a larger network is drawn by its first ads (by risk). */
export const MAX_GRAPH_ADS = 500;
/** Characters of an ad's name or title used as its node label. */
const LABEL_CHARS = 40;

export type GraphNodeKind = 'ad' | 'phone' | 'handle' | 'email' | 'image';

export interface NetworkGraph {
  networkId: string;
  nodes: Array<{ id: string; kind: GraphNodeKind; label: string; risk?: number; level?: string }>;
  edges: Array<{ source: string; target: string; type: 'phone' | 'handle' | 'email' | 'image' | 'text' }>;
  /** True when the network has more ads than were drawn. */
  truncated: boolean;
}

async function inBatches<T>(
  items: T[],
  size: number,
  write: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await write(items.slice(i, i + size));
}

/** Upserts network documents by id (createdAt kept from the first write). */
export async function upsertNetworks(db: Db, docs: NetworkDoc[]): Promise<void> {
  const col = db.collection<NetworkDoc>(COLLECTIONS.networks);
  await inBatches(docs, NETWORK_WRITE_BATCH, (batch) =>
    col.bulkWrite(
      batch.map(({ _id, createdAt, mergedFrom, ...rest }) => ({
        updateOne: {
          filter: { _id },
          update: {
            $set: rest,
            $setOnInsert: { createdAt: createdAt ?? rest.updatedAt },
            // Merges accumulate: the history of which networks joined stays with the survivor.
            ...(mergedFrom && mergedFrom.length > 0
              ? { $addToSet: { mergedFrom: { $each: mergedFrom } } }
              : {}),
          },
          upsert: true,
        },
      })),
      { ordered: false },
    ),
  );
}

export async function deleteNetworks(db: Db, ids: string[]): Promise<void> {
  const col = db.collection<NetworkDoc>(COLLECTIONS.networks);
  await inBatches(ids, NETWORK_WRITE_BATCH, (batch) => col.deleteMany({ _id: { $in: batch } }));
}

/** Ids and sizes of every stored network. */
export async function networkSizes(db: Db): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const cursor = db
    .collection<NetworkDoc>(COLLECTIONS.networks)
    .find({}, { projection: { _id: 1, size: 1 } });
  for await (const doc of cursor) out.set(doc._id, doc.size);
  return out;
}

/** Sets (or, with null, removes) the `networkId` of ads. */
export async function setAdNetworkIds(
  db: Db,
  assignments: Array<{ adId: string; networkId: string | null }>,
) {
  const col = db.collection<AdDoc>(COLLECTIONS.ads);
  await inBatches(assignments, NETWORK_WRITE_BATCH, (batch) =>
    col.bulkWrite(
      batch.map(
        ({ adId, networkId }): AnyBulkWriteOperation<AdDoc> => ({
          updateOne: {
            filter: { _id: adId },
            update: networkId === null ? { $unset: { networkId: '' } } : { $set: { networkId } },
          },
        }),
      ),
      { ordered: false },
    ),
  );
}

/** Replaces the list of guarded contacts with the current one. */
export async function saveGuardedContacts(
  db: Db,
  contacts: Array<Omit<GuardedContactDoc, '_id' | 'updatedAt'>>,
) {
  const col = db.collection<GuardedContactDoc>(COLLECTIONS.guardedContacts);
  const now = new Date();
  const ids = contacts.map((c) => `${c.type}:${c.value}`);
  await inBatches(contacts, NETWORK_WRITE_BATCH, (batch) =>
    col.bulkWrite(
      batch.map((c) => ({
        replaceOne: {
          filter: { _id: `${c.type}:${c.value}` },
          replacement: { ...c, updatedAt: now },
          upsert: true,
        },
      })),
      { ordered: false },
    ),
  );
  await col.deleteMany({ _id: { $nin: ids } });
}

/**
 * The graph of one network for the review app: ads and the entities linking them (phones,
 * handles, emails, images) as nodes; shared entities as ad→entity edges, near-duplicate images and
 * texts as ad→ad edges.
 */
export async function networkGraph(db: Db, networkId: string): Promise<NetworkGraph> {
  const network = await db.collection<NetworkDoc>(COLLECTIONS.networks).findOne({ _id: networkId });
  if (!network) throw new NotFoundError(`network ${networkId} not found`);
  const ads = await db
    .collection<AdDoc>(COLLECTIONS.ads)
    .find(
      { networkId },
      {
        projection: { _id: 1, name: 1, title: 1, risk: 1, level: 1 },
        sort: { risk: -1, _id: 1 },
        limit: MAX_GRAPH_ADS,
      },
    )
    .toArray();
  const drawn = new Set(ads.map((a) => a._id));
  const nodes: NetworkGraph['nodes'] = ads.map((a) => ({
    id: `ad:${a._id}`,
    kind: 'ad',
    label: (a.name ?? a.title ?? a._id).slice(0, LABEL_CHARS),
    ...(a.risk !== undefined ? { risk: a.risk } : {}),
    ...(a.level ? { level: a.level } : {}),
  }));
  const edges: NetworkGraph['edges'] = [];
  const seenEdge = new Set<string>();
  const entityNodes = new Set<string>();
  const edge = (source: string, target: string, type: NetworkGraph['edges'][number]['type']) => {
    const key = `${source}|${target}|${type}`;
    if (seenEdge.has(key)) return;
    seenEdge.add(key);
    edges.push({ source, target, type });
  };
  for (const link of network.links) {
    const members = link.ads.filter((a) => drawn.has(a));
    if (members.length < 2) continue;
    if (link.type === 'text') {
      // A template has no entity of its own: chain its ads so the drawing stays light.
      for (let i = 1; i < members.length; i++) edge(`ad:${members[i - 1]}`, `ad:${members[i]}`, 'text');
      continue;
    }
    const id = `${link.type}:${link.value}`;
    if (!entityNodes.has(id)) {
      entityNodes.add(id);
      nodes.push({
        id,
        kind: link.type,
        label: link.type === 'image' ? `image ${link.value.slice(0, 16)}` : link.value,
      });
    }
    for (const a of members) edge(`ad:${a}`, id, link.type);
  }
  return { networkId, nodes, edges, truncated: network.size > ads.length };
}
