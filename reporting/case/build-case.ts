// A case package for authorities: the ads, their network, indicators with evidence, entities, the
// captured snapshots and screenshots, the chain of custody and a manifest hashing every file.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Db } from 'mongodb';
import { InputError, NotFoundError } from '../../core/errors.ts';
import { toBuffer } from '../../storage/binary.ts';
import { type AdDoc, COLLECTIONS, type NetworkDoc, type SnapshotDoc } from '../../storage/documents.ts';
import { adExportRecord } from '../exports/ad-record.ts';
import { networkExportRecord } from '../exports/network-record.ts';
import { buildManifest, MANIFEST_FILE, type Manifest } from './manifest.ts';
import { caseSummary } from './summary.ts';

/** A network larger than this is exported with its highest-risk ads first, up to the cap. */
export const MAX_CASE_ADS = 500;

export interface CaseOptions {
  /** An ad id or a network id. */
  target: string;
  outDir: string;
  /** Who exports: the reviewer's user name or `cli:<os user>`. */
  exportedBy: string;
  toolVersion: string;
}

export interface CaseResult {
  outDir: string;
  ads: number;
  snapshots: number;
  networkId: string | null;
  manifest: Manifest;
}

async function ensureEmptyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new InputError(`output directory ${dir} is not empty: a case package needs a fresh directory`);
  }
}

export async function buildCasePackage(db: Db, options: CaseOptions): Promise<CaseResult> {
  const ads = db.collection<AdDoc>(COLLECTIONS.ads);
  const networks = db.collection<NetworkDoc>(COLLECTIONS.networks);
  let network = await networks.findOne({ _id: options.target });
  const ad = network ? null : await ads.findOne({ _id: options.target });
  if (!network && !ad) throw new NotFoundError(`no ad or network with id "${options.target}"`);
  if (ad?.networkId) network = await networks.findOne({ _id: ad.networkId });

  const members: AdDoc[] = network
    ? await ads.find({ networkId: network._id }).sort({ risk: -1, _id: 1 }).limit(MAX_CASE_ADS).toArray()
    : [ad!];
  if (ad && !members.some((m) => m._id === ad._id)) members.unshift(ad);

  await ensureEmptyDir(options.outDir);
  await mkdir(join(options.outDir, 'snapshots'), { recursive: true });
  const captures: Manifest['captures'] = [];
  const snapshots = db.collection<SnapshotDoc>(COLLECTIONS.snapshots);
  const seen = new Set<string>();
  for (const member of members) {
    const ev = member.evidence;
    if (!ev || seen.has(ev.snapshot)) continue;
    seen.add(ev.snapshot);
    const snap = await snapshots.findOne({ _id: ev.snapshot });
    if (!snap) continue;
    const base = join('snapshots', ev.snapshot);
    const body = snap.encoding === 'gzip' ? gunzipSync(toBuffer(snap.body)) : toBuffer(snap.body);
    await writeFile(join(options.outDir, `${base}.body`), body);
    captures.push({
      path: `snapshots/${ev.snapshot}.body`,
      capturedSha256: ev.sha256,
      capturedAt: ev.capturedAt.toISOString(),
      url: ev.url ?? member.url ?? null,
    });
    if (snap.warc) await writeFile(join(options.outDir, `${base}.warc.gz`), toBuffer(snap.warc));
    if (snap.screenshot) await writeFile(join(options.outDir, `${base}.png`), toBuffer(snap.screenshot));
  }

  const records = members.map((m) => ({
    ...adExportRecord(m),
    name: m.name ?? null,
    statedAge: m.statedAge ?? null,
    images: m.images.map((i) => ({
      url: i.url ?? null,
      sha256: i.sha256,
      phash: i.phash ?? null,
      ocrText: i.ocrText ?? null,
    })),
    crawlRunId: m.crawlRunId ?? null,
  }));
  await writeFile(join(options.outDir, 'ads.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  if (network) {
    await writeFile(
      join(options.outDir, 'network.json'),
      `${JSON.stringify(networkExportRecord(network), null, 2)}\n`,
    );
  }
  const crawlRuns = [...new Set(members.map((m) => m.crawlRunId).filter((id): id is string => Boolean(id)))];
  const exportedAt = new Date().toISOString();
  const custody = {
    exportedBy: options.exportedBy,
    exportedAt,
    tool: `adrisk ${options.toolVersion}`,
    target: options.target,
    crawlRuns,
    scoring: [
      ...new Set(
        members.map((m) => `${m.score?.model.version ?? '-'} / lexicon ${m.score?.lexiconVersion ?? '-'}`),
      ),
    ],
    note: 'Risk scores are signals for human review, not findings of fact.',
  };
  await writeFile(join(options.outDir, 'custody.json'), `${JSON.stringify(custody, null, 2)}\n`);
  await writeFile(
    join(options.outDir, 'summary.md'),
    caseSummary({
      target: options.target,
      network: network ? networkExportRecord(network) : null,
      ads: records,
      custody,
    }),
  );
  const manifest = await buildManifest(options.outDir, captures);
  await writeFile(join(options.outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    outDir: options.outDir,
    ads: members.length,
    snapshots: captures.length,
    networkId: network?._id ?? null,
    manifest,
  };
}
