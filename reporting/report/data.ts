// Gathers the mapping report's figures from the store with aggregations, so the report of a
// million ads reads grouped counts, not the ads themselves.
import type { Db, Document } from 'mongodb';
import { type AdDoc, COLLECTIONS, type NetworkDoc, type SiteDoc } from '../../storage/documents.ts';
import { type SiteExportRecord, siteExportRecord } from '../exports/site-record.ts';

/** Compliance rows and chart rows are capped so a huge map still renders. */
export const MAX_TABLE_ROWS = 2000;
const TOP_N = 25;
const RISK_BINS = 10;
/** Takedown durations are estimated from at most this many removed ads. */
const MAX_TAKEDOWN_SAMPLE = 100_000;

export interface Count {
  key: string;
  count: number;
}

export interface ReportData {
  generatedAt: Date;
  totals: {
    sites: number;
    ads: number;
    scored: number;
    high: number;
    medium: number;
    low: number;
    urgent: number;
    networks: number;
    multiSiteNetworks: number;
    removed: number;
  };
  sitesByType: Count[];
  explicitness: Count[];
  siteCountries: Count[];
  siteLanguages: Count[];
  adLanguages: Count[];
  adCities: Count[];
  adsPerSite: Array<{ host: string; ads: number; high: number }>;
  riskHistogram: Array<{ label: string; value: number }>;
  /** Share of ads (0..1) showing each indicator, per site type and per language. */
  indicatorsBySiteType: Prevalence;
  indicatorsByLanguage: Prevalence;
  compliance: SiteExportRecord[];
  multiSiteNetworks: Array<{
    networkId: string;
    ads: number;
    sites: string[];
    cities: string[];
    riskMax: number;
  }>;
  takedown: {
    removed: number;
    medianDays: number | null;
    byLevel: Array<{ level: string; count: number; medianDays: number | null }>;
  };
  versions: { lexicon: string[]; model: string[] };
  crawlRuns: Array<{ id: string; startedAt?: Date; finishedAt?: Date; pages?: number; robots: string }>;
}

export interface Prevalence {
  groups: Array<{ key: string; ads: number }>;
  codes: string[];
  /** share[code][group] */
  share: Record<string, Record<string, number>>;
}

async function countBy(db: Db, collection: string, pipeline: Document[]): Promise<Count[]> {
  const rows = await db.collection(collection).aggregate(pipeline).toArray();
  return rows.map((r) => ({ key: String(r._id ?? 'unknown'), count: Number(r.count) }));
}

const groupCount = (field: string): Document[] => [
  { $group: { _id: field, count: { $sum: 1 } } },
  { $sort: { count: -1, _id: 1 } },
];

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function prevalence(
  rows: Array<{ group: string; code: string; count: number }>,
  totals: Map<string, number>,
): Prevalence {
  const codes = [...new Set(rows.map((r) => r.code))].sort();
  const groups = [...totals].map(([key, ads]) => ({ key, ads })).sort((a, b) => b.ads - a.ads);
  const share: Prevalence['share'] = {};
  for (const code of codes) share[code] = {};
  for (const r of rows) {
    const total = totals.get(r.group) ?? 0;
    share[r.code]![r.group] = (share[r.code]![r.group] ?? 0) + (total > 0 ? r.count / total : 0);
  }
  return { groups, codes, share };
}

export async function gatherReportData(db: Db): Promise<ReportData> {
  const adsCol = db.collection<AdDoc>(COLLECTIONS.ads);
  const sites = await db
    .collection<SiteDoc>(COLLECTIONS.sites)
    .find({})
    .sort({ _id: 1 })
    .limit(MAX_TABLE_ROWS)
    .toArray();
  const siteType = new Map(sites.map((s) => [s.host, s.type]));

  const [levels] = await adsCol
    .aggregate([
      {
        $facet: {
          total: [{ $count: 'n' }],
          byLevel: [{ $group: { _id: '$level', count: { $sum: 1 } } }],
          urgent: [{ $match: { urgent: true } }, { $count: 'n' }],
          removed: [{ $match: { removedAt: { $exists: true } } }, { $count: 'n' }],
        },
      },
    ])
    .toArray();
  const levelCount = (level: string) =>
    Number((levels?.byLevel as Document[] | undefined)?.find((r) => r._id === level)?.count ?? 0);
  const firstN = (rows: unknown) => Number((rows as Document[] | undefined)?.[0]?.n ?? 0);

  // Per-site and per-language indicator counts; site types are joined in memory (few sites).
  const perSite = await adsCol
    .aggregate([
      {
        $group: {
          _id: '$site',
          ads: { $sum: 1 },
          high: { $sum: { $cond: [{ $eq: ['$level', 'high'] }, 1, 0] } },
        },
      },
      { $sort: { ads: -1, _id: 1 } },
    ])
    .toArray();
  const codeBySite = await adsCol
    .aggregate([
      { $unwind: '$indicatorCodes' },
      { $group: { _id: { site: '$site', code: '$indicatorCodes' }, count: { $sum: 1 } } },
    ])
    .toArray();
  const adLanguages = await countBy(db, COLLECTIONS.ads, [
    { $match: { language: { $exists: true } } },
    ...groupCount('$language'),
  ]);
  const codeByLanguage = await adsCol
    .aggregate([
      { $unwind: '$indicatorCodes' },
      { $group: { _id: { language: '$language', code: '$indicatorCodes' }, count: { $sum: 1 } } },
    ])
    .toArray();

  const typeTotals = new Map<string, number>();
  for (const row of perSite) {
    const type = siteType.get(String(row._id)) ?? 'unknown';
    typeTotals.set(type, (typeTotals.get(type) ?? 0) + Number(row.ads));
  }
  const byType = codeBySite.map((r) => ({
    group: siteType.get(String(r._id.site)) ?? 'unknown',
    code: String(r._id.code),
    count: Number(r.count),
  }));
  const byLanguage = codeByLanguage.map((r) => ({
    group: String(r._id.language ?? 'und'),
    code: String(r._id.code),
    count: Number(r.count),
  }));

  const bins = await adsCol
    .aggregate([
      { $match: { risk: { $type: 'number' } } },
      {
        $group: {
          _id: { $min: [RISK_BINS - 1, { $floor: { $multiply: ['$risk', RISK_BINS] } }] },
          count: { $sum: 1 },
        },
      },
    ])
    .toArray();
  const riskHistogram = Array.from({ length: RISK_BINS }, (_, i) => ({
    label: `${(i / RISK_BINS).toFixed(1)}–${((i + 1) / RISK_BINS).toFixed(1)}`,
    value: Number(bins.find((b) => Number(b._id) === i)?.count ?? 0),
  }));

  const networks = db.collection<NetworkDoc>(COLLECTIONS.networks);
  const multiSite = await networks
    .find({ 'sites.1': { $exists: true } })
    .sort({ 'risk.max': -1, _id: 1 })
    .limit(TOP_N)
    .toArray();
  const multiSiteCount = await networks.countDocuments({ 'sites.1': { $exists: true } });

  const removedAds = await adsCol
    .find({ removedAt: { $exists: true } }, { projection: { firstSeen: 1, removedAt: 1, level: 1 } })
    .limit(MAX_TAKEDOWN_SAMPLE)
    .toArray();
  const days = (a: AdDoc) => (a.removedAt!.getTime() - a.firstSeen.getTime()) / 86_400_000;
  const levelsSeen = [...new Set(removedAds.map((a) => a.level ?? 'unscored'))].sort();

  const crawlRuns = await db
    .collection(COLLECTIONS.crawlRuns)
    .find({})
    .sort({ startedAt: -1 })
    .limit(50)
    .toArray();

  return {
    generatedAt: new Date(),
    totals: {
      sites: await db.collection(COLLECTIONS.sites).countDocuments(),
      ads: firstN(levels?.total),
      scored: levelCount('high') + levelCount('medium') + levelCount('low'),
      high: levelCount('high'),
      medium: levelCount('medium'),
      low: levelCount('low'),
      urgent: firstN(levels?.urgent),
      networks: await networks.countDocuments(),
      multiSiteNetworks: multiSiteCount,
      removed: firstN(levels?.removed),
    },
    sitesByType: await countBy(db, COLLECTIONS.sites, groupCount('$type')),
    explicitness: await countBy(db, COLLECTIONS.sites, groupCount('$explicitness')),
    siteCountries: await countBy(db, COLLECTIONS.sites, groupCount('$country')),
    siteLanguages: await countBy(db, COLLECTIONS.sites, [
      { $unwind: '$languages' },
      ...groupCount('$languages'),
    ]),
    adLanguages,
    adCities: (
      await countBy(db, COLLECTIONS.ads, [
        { $match: { city: { $exists: true } } },
        ...groupCount('$city'),
        { $limit: TOP_N },
      ])
    ).slice(0, TOP_N),
    adsPerSite: perSite
      .slice(0, TOP_N)
      .map((r) => ({ host: String(r._id), ads: Number(r.ads), high: Number(r.high) })),
    riskHistogram,
    indicatorsBySiteType: prevalence(byType, typeTotals),
    indicatorsByLanguage: prevalence(byLanguage, new Map(adLanguages.map((l) => [l.key, l.count]))),
    compliance: sites.map(siteExportRecord),
    multiSiteNetworks: multiSite.map((n) => ({
      networkId: n._id,
      ads: n.size ?? n.ads.length,
      sites: n.sites,
      cities: n.cities,
      riskMax: n.risk.max,
    })),
    takedown: {
      removed: removedAds.length,
      medianDays: median(removedAds.map(days)),
      byLevel: levelsSeen.map((level) => {
        const group = removedAds.filter((a) => (a.level ?? 'unscored') === level);
        return { level, count: group.length, medianDays: median(group.map(days)) };
      }),
    },
    versions: {
      lexicon: (await adsCol.distinct('score.lexiconVersion')).map(String),
      model: (await adsCol.distinct('score.model.version')).map(String),
    },
    crawlRuns: crawlRuns.map((r) => ({
      id: String(r._id),
      startedAt: r.startedAt instanceof Date ? r.startedAt : undefined,
      finishedAt: r.finishedAt instanceof Date ? r.finishedAt : undefined,
      pages: typeof r.stats?.pages === 'number' ? r.stats.pages : undefined,
      robots:
        r.options?.respectRobots === false || r.options?.ignoreRobots
          ? 'robots.txt overridden (recorded)'
          : 'robots.txt honoured',
    })),
  };
}
