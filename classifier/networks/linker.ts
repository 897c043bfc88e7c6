// Links ads into advertiser networks: shared contacts (phone, email, handle), perceptually equal
// images and near-duplicate template text. Candidates come from indexes (contact groups, pHash
// bands, MinHash LSH bands), never from comparing all pairs, so a million ads link in minutes.
// Networks are the connected components (union-find); ads are added incrementally and the result
// equals linking all ads at once: guards are re-decided on the final counts after each batch, and
// a change of guard rebuilds the components from the recorded groups and edges.
import { DEFAULT_LINK_PHASH_THRESHOLD, PhashIndex, parsePhash } from './phash-index.ts';
import { bandKeys, estimateJaccard, LSH_BANDS, MINHASH_SIZE } from './text-signature.ts';
import type {
  GuardedContact,
  GuardReason,
  Link,
  LinkableAd,
  LinkerOptions,
  LinkType,
  Network,
} from './types.ts';
import { UnionFind } from './union-find.ts';

export const DEFAULT_TEXT_THRESHOLD = 0.7;
export const DEFAULT_GUARD_MIN_ADS = 10;
/** A phone or email on this many ads or more… */
const SECONDARY_MIN_ADS = 5;
/** …with this share of its ads on one site… */
const SECONDARY_SITE_SHARE = 0.9;
/** …where this share of its ads carry another contact of their own, is the site's line. */
const SECONDARY_CONTACT_SHARE = 0.6;
export const DEFAULT_GUARD_SITE_SHARE = 0.5;
export const DEFAULT_GUARD_MAX_ADS = 500;
export const DEFAULT_MOVEMENT_WINDOW_MS = 14 * 24 * 3600 * 1000;
export const DEFAULT_MAX_BUCKET_COMPARE = 200;

const KEY_TYPES = ['phone', 'email', 'handle', 'image'] as const;
type KeyType = (typeof KEY_TYPES)[number];
const EDGE_IMAGE = 0;
const EDGE_TEXT = 1;

/** The key of a contact or image in the linker and in `siteContacts`: `phone:+4915…`, `handle:telegram:x`. */
export function contactKey(type: KeyType, value: string, platform?: string): string {
  if (type === 'handle') return `handle:${(platform ?? '').toLowerCase()}:${value.toLowerCase()}`;
  if (type === 'email') return `email:${value.toLowerCase()}`;
  return `${type}:${value}`;
}

/** A bare domain or a one-letter value is a misread link, not an account: never link through it. */
const NOT_AN_ACCOUNT = /^(?:www\.)?[\p{L}\p{N}-]+\.(?:com|me|net|org|app|io|ly|tv|fans)$/iu;

function isAccountName(value: string): boolean {
  const v = value.trim();
  return v.length >= 2 && !NOT_AN_ACCOUNT.test(v);
}

function splitKey(key: string): { type: KeyType; value: string } {
  const i = key.indexOf(':');
  return { type: key.slice(0, i) as KeyType, value: key.slice(i + 1) };
}

/** A group of ads sharing one key, with the spread that makes it a network signal. */
export interface KeyStats {
  key: string;
  type: KeyType;
  value: string;
  ads: number;
  names: number;
  ages: number;
  cities: number;
  sites: number;
  /** Distinct texts (not near-duplicates of each other) among its ads, sampled. */
  texts: number;
}

/** Members of a contact group whose texts are compared to count distinct texts. */
const TEXT_VARIANT_SAMPLE = 50;

interface Edge {
  a: number;
  b: number;
  kind: number;
  value: number;
  imgA: number;
  imgB: number;
}

export class NetworkLinker {
  private readonly phashThreshold: number;
  private readonly textThreshold: number;
  private readonly guardMinAds: number;
  private readonly guardSiteShare: number;
  private readonly guardMaxAds: number;
  private readonly siteContacts: Set<string>;
  readonly movementWindowMs: number;
  private readonly maxBucketCompare: number;

  private readonly uf = new UnionFind();
  private readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly interned = new Map<string, number>();
  private readonly internedValues: string[] = [];
  private readonly siteOf: number[] = [];
  private readonly nameOf: number[] = [];
  private readonly ageOf: number[] = [];
  private readonly cityOf: number[] = [];
  private readonly timeOf: number[] = [];
  private readonly adKeys: number[][] = [];
  private readonly siteCount = new Map<number, number>();

  private readonly keyIndex = new Map<string, number>();
  private readonly keyStrings: string[] = [];
  private readonly keyAds: number[][] = [];
  private readonly guarded = new Map<number, { reason: GuardReason; site?: number }>();
  private readonly guardCandidates = new Set<number>();

  private readonly phash: PhashIndex;
  private readonly imgAd: number[] = [];
  private readonly imgKey: number[] = [];

  private sigs = new Uint32Array(MINHASH_SIZE * 1024);
  private readonly textAd: number[] = [];
  /** Text signature slot of each ad, -1 when it has none. */
  private readonly textOf: number[] = [];
  private readonly textStamp: number[] = [];
  private textQuery = 0;
  /** Per LSH band: band key → latest text slot; `textNext[slot * LSH_BANDS + band]` chains the bucket. */
  private readonly bands: Array<Map<number, number>> = Array.from({ length: LSH_BANDS }, () => new Map());
  private textNext = new Int32Array(LSH_BANDS * 1024);

  private readonly edges: Edge[] = [];
  private adjacency: Map<number, number[]> | undefined;
  private keyStatsCache = new Map<number, KeyStats>();
  /** How many times a change of guard rebuilt the components (for tests and logs). */
  rebuilds = 0;

  constructor(options: LinkerOptions = {}) {
    this.phashThreshold = options.phashThreshold ?? DEFAULT_LINK_PHASH_THRESHOLD;
    this.textThreshold = options.textThreshold ?? DEFAULT_TEXT_THRESHOLD;
    this.guardMinAds = options.guardMinAds ?? DEFAULT_GUARD_MIN_ADS;
    this.guardSiteShare = options.guardSiteShare ?? DEFAULT_GUARD_SITE_SHARE;
    this.guardMaxAds = options.guardMaxAds ?? DEFAULT_GUARD_MAX_ADS;
    this.siteContacts = new Set(options.siteContacts ?? []);
    this.movementWindowMs = options.movementWindowMs ?? DEFAULT_MOVEMENT_WINDOW_MS;
    this.maxBucketCompare = options.maxBucketCompare ?? DEFAULT_MAX_BUCKET_COMPARE;
    this.phash = new PhashIndex(this.phashThreshold);
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Adds ads (an id already added is ignored: ads are immutable to the linker) and re-decides guards. */
  add(ads: Iterable<LinkableAd>): void {
    for (const ad of ads) this.addOne(ad);
    this.adjacency = undefined;
    this.keyStatsCache = new Map();
    this.refreshGuards();
  }

  private intern(value: string | undefined): number {
    if (value === undefined || value === '') return -1;
    const norm = value.trim().toLowerCase();
    let id = this.interned.get(norm);
    if (id === undefined) {
      id = this.internedValues.length;
      this.internedValues.push(value.trim());
      this.interned.set(norm, id);
    }
    return id;
  }

  private addOne(ad: LinkableAd): void {
    if (this.index.has(ad.id)) return;
    const i = this.ids.length;
    this.ids.push(ad.id);
    this.index.set(ad.id, i);
    this.uf.grow(i + 1);
    const site = this.intern(ad.site);
    this.siteOf.push(site);
    this.nameOf.push(this.intern(ad.name));
    this.ageOf.push(ad.age ?? -1);
    this.cityOf.push(this.intern(ad.city));
    this.timeOf.push(ad.time ?? Number.NaN);
    this.siteCount.set(site, (this.siteCount.get(site) ?? 0) + 1);

    const keys = new Set<string>();
    for (const p of ad.phones ?? []) keys.add(contactKey('phone', p));
    for (const e of ad.emails ?? []) keys.add(contactKey('email', e));
    for (const h of ad.handles ?? [])
      if (isAccountName(h.value)) keys.add(contactKey('handle', h.value, h.platform));
    const imageKeys: Array<{ key: number; halves?: [number, number] }> = [];
    for (const img of ad.images ?? []) {
      const halves = img.phash ? parsePhash(img.phash) : undefined;
      const value = halves ? img.phash!.toLowerCase() : img.sha256;
      if (!value) continue;
      const k = contactKey('image', value);
      if (keys.has(k)) continue;
      keys.add(k);
      imageKeys.push({ key: this.keyId(k), halves });
    }
    const own: number[] = [];
    for (const k of keys) {
      const key = this.keyId(k);
      own.push(key);
      const group = this.keyAds[key]!;
      group.push(i);
      if (group.length >= Math.min(this.guardMinAds, SECONDARY_MIN_ADS) || this.siteContacts.has(k)) {
        this.guardCandidates.add(key);
      }
      if (group.length > 1 && !this.guarded.has(key)) this.uf.union(i, group[0]!);
    }
    this.adKeys.push(own);

    const seenImagePartner = new Set<number>();
    for (const { key, halves } of imageKeys) {
      if (!halves) continue;
      const [hi, lo] = halves;
      for (const { id: j, distance } of this.phash.near(hi, lo)) {
        const other = this.imgAd[j]!;
        // Distance 0 is the same key group, already linked; one edge per partner ad is evidence enough.
        if (other === i || distance === 0 || seenImagePartner.has(other)) continue;
        seenImagePartner.add(other);
        this.addEdge({ a: other, b: i, kind: EDGE_IMAGE, value: distance, imgA: j, imgB: this.imgAd.length });
      }
      this.phash.add(hi, lo);
      this.imgAd.push(i);
      this.imgKey.push(key);
    }

    if (ad.textSignature && ad.textSignature.length === MINHASH_SIZE) {
      this.textOf.push(this.textAd.length);
      this.addText(i, ad.textSignature);
    } else {
      this.textOf.push(-1);
    }
  }

  /** Greedy clusters of near-duplicate texts among a group's first ads. */
  private textVariants(group: number[]): number {
    const reps: number[] = [];
    for (const i of group.slice(0, TEXT_VARIANT_SAMPLE)) {
      const t = this.textOf[i]!;
      if (t < 0) continue;
      const same = reps.some(
        (r) =>
          estimateJaccard(this.sigs, this.sigs, t * MINHASH_SIZE, r * MINHASH_SIZE) >= this.textThreshold,
      );
      if (!same) reps.push(t);
    }
    return reps.length;
  }

  private addText(i: number, sig: Uint32Array): void {
    const t = this.textAd.length;
    if ((t + 1) * MINHASH_SIZE > this.sigs.length) {
      const grown = new Uint32Array(this.sigs.length * 2);
      grown.set(this.sigs);
      this.sigs = grown;
      const next = new Int32Array(this.textNext.length * 2);
      next.set(this.textNext);
      this.textNext = next;
    }
    this.sigs.set(sig, t * MINHASH_SIZE);
    this.textAd.push(i);
    this.textStamp.push(0);
    const q = ++this.textQuery;
    const keys = bandKeys(sig);
    for (let b = 0; b < LSH_BANDS; b++) {
      const band = this.bands[b]!;
      const head = band.get(keys[b]!);
      // Walk the bucket from its latest member; a huge bucket (one template on thousands of ads)
      // is sampled by its most recent members.
      let compared = 0;
      for (
        let u = head ?? -1;
        u >= 0 && compared < this.maxBucketCompare;
        u = this.textNext[u * LSH_BANDS + b]!
      ) {
        compared++;
        if (this.textStamp[u] === q) continue;
        this.textStamp[u] = q;
        const other = this.textAd[u]!;
        if (other === i) continue;
        const sim = estimateJaccard(this.sigs, this.sigs, t * MINHASH_SIZE, u * MINHASH_SIZE);
        if (sim >= this.textThreshold) {
          this.addEdge({ a: other, b: i, kind: EDGE_TEXT, value: sim, imgA: -1, imgB: -1 });
        }
      }
      this.textNext[t * LSH_BANDS + b] = head ?? -1;
      band.set(keys[b]!, t);
    }
  }

  private keyId(k: string): number {
    let id = this.keyIndex.get(k);
    if (id === undefined) {
      id = this.keyStrings.length;
      this.keyStrings.push(k);
      this.keyAds.push([]);
      this.keyIndex.set(k, id);
    }
    return id;
  }

  private edgeLinks(e: Edge): boolean {
    if (e.kind !== EDGE_IMAGE) return true;
    return !this.guarded.has(this.imgKey[e.imgA]!) && !this.guarded.has(this.imgKey[e.imgB]!);
  }

  private addEdge(e: Edge): void {
    this.edges.push(e);
    if (this.edgeLinks(e)) this.uf.union(e.a, e.b);
  }

  /**
   * The guard a key deserves on the current counts, or undefined. A site's own contact shows as:
   * listed in the site's chrome; carried by a large share of one site's ads; or concentrated on
   * one site as a second contact beside each ad's own (a support line printed under every ad).
   */
  private guardOf(key: number): { reason: GuardReason; site?: number } | undefined {
    const group = this.keyAds[key]!;
    if (this.siteContacts.has(this.keyStrings[key]!)) {
      return { reason: 'site_chrome', site: group.length > 0 ? this.siteOf[group[0]!] : undefined };
    }
    if (group.length < Math.min(this.guardMinAds, SECONDARY_MIN_ADS)) return undefined;
    if (group.length >= this.guardMaxAds) return { reason: 'too_frequent' };
    const perSite = new Map<number, number>();
    for (const i of group) perSite.set(this.siteOf[i]!, (perSite.get(this.siteOf[i]!) ?? 0) + 1);
    let top = -1;
    let topCount = 0;
    for (const [site, n] of perSite) {
      if (n > topCount) {
        top = site;
        topCount = n;
      }
    }
    if (topCount >= this.guardMinAds && topCount >= this.guardSiteShare * (this.siteCount.get(top) ?? 0)) {
      return { reason: 'site_concentration', site: top };
    }
    if (
      group.length >= SECONDARY_MIN_ADS &&
      topCount >= SECONDARY_SITE_SHARE * group.length &&
      /^(?:phone|email):/.test(this.keyStrings[key]!)
    ) {
      // Count the ads that also carry a contact of the same kind of their own (a second phone
      // that most of the group does not share): the line is printed beside the advertiser's own.
      const kind = this.keyStrings[key]!.slice(0, this.keyStrings[key]!.indexOf(':') + 1);
      const shared = new Map<number, number>();
      for (const i of group) for (const k of this.adKeys[i]!) shared.set(k, (shared.get(k) ?? 0) + 1);
      let secondary = 0;
      for (const i of group) {
        const own = this.adKeys[i]!.some(
          (k) => k !== key && this.keyStrings[k]!.startsWith(kind) && shared.get(k)! < group.length / 2,
        );
        if (own) secondary++;
      }
      if (secondary >= SECONDARY_CONTACT_SHARE * group.length)
        return { reason: 'site_concentration', site: top };
    }
    return undefined;
  }

  private refreshGuards(): void {
    let changed = false;
    for (const key of this.guardCandidates) {
      const guard = this.guardOf(key);
      const had = this.guarded.has(key);
      if (guard) this.guarded.set(key, guard);
      else this.guarded.delete(key);
      if (had !== (guard !== undefined)) changed = true;
    }
    if (changed) this.rebuild();
  }

  /** Recomputes the components from the key groups and edges under the current guards. */
  private rebuild(): void {
    this.rebuilds++;
    this.uf.reset();
    for (let key = 0; key < this.keyAds.length; key++) {
      if (this.guarded.has(key)) continue;
      const group = this.keyAds[key]!;
      for (let m = 1; m < group.length; m++) this.uf.union(group[0]!, group[m]!);
    }
    for (const e of this.edges) if (this.edgeLinks(e)) this.uf.union(e.a, e.b);
  }

  /** A stable representative of an ad's component (changes only when components merge). */
  componentOf(id: string): number | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.uf.find(i);
  }

  /** Size of the ad's network (1 when it is linked to nothing). */
  networkSize(id: string): number {
    const i = this.index.get(id);
    return i === undefined ? 0 : this.uf.setSize(i);
  }

  /** Every network of two or more ads, with its links and their evidence. */
  networks(): Network[] {
    const byRoot = new Map<number, { ads: number[]; links: Map<string, Link> }>();
    const entry = (root: number) => {
      let e = byRoot.get(root);
      if (!e) {
        e = { ads: [], links: new Map() };
        byRoot.set(root, e);
      }
      return e;
    };
    for (let i = 0; i < this.ids.length; i++) {
      if (this.uf.setSize(i) > 1) entry(this.uf.find(i)).ads.push(i);
    }
    for (let key = 0; key < this.keyAds.length; key++) {
      const group = this.keyAds[key]!;
      if (group.length < 2 || this.guarded.has(key)) continue;
      const { type, value } = splitKey(this.keyStrings[key]!);
      entry(this.uf.find(group[0]!)).links.set(this.keyStrings[key]!, {
        type,
        value,
        ads: group.map((i) => this.ids[i]!),
        ...(type === 'image' ? { evidence: 'identical image hash' } : {}),
      });
    }
    for (const cluster of this.edgeClusters()) {
      const links = entry(this.uf.find(cluster.ads[0]!)).links;
      links.set(`${cluster.type}#${cluster.value}`, {
        type: cluster.type,
        value: cluster.value,
        ads: cluster.ads.map((i) => this.ids[i]!),
        evidence: cluster.evidence,
      });
    }
    const out: Network[] = [];
    for (const { ads, links } of byRoot.values()) {
      out.push({
        ads: ads.map((i) => this.ids[i]!).sort(),
        links: [...links.values()].map((l) => ({ ...l, ads: [...new Set(l.ads)].sort() })),
      });
    }
    return out;
  }

  /** Image and text edges grouped into clusters (one link per reused image or template). */
  private edgeClusters(): Array<{ type: LinkType; value: string; ads: number[]; evidence: string }> {
    const clusters: Array<{ type: LinkType; value: string; ads: number[]; evidence: string }> = [];
    for (const kind of [EDGE_IMAGE, EDGE_TEXT]) {
      const local = new Map<number, number>();
      const parent: number[] = [];
      const find = (x: number): number => {
        while (parent[x] !== x) {
          parent[x] = parent[parent[x]!]!;
          x = parent[x]!;
        }
        return x;
      };
      const node = (ad: number) => {
        let n = local.get(ad);
        if (n === undefined) {
          n = parent.length;
          parent.push(n);
          local.set(ad, n);
        }
        return n;
      };
      const linking = this.edges.filter((e) => e.kind === kind && this.edgeLinks(e));
      for (const e of linking) {
        const ra = find(node(e.a));
        const rb = find(node(e.b));
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
      const groups = new Map<number, { ads: number[]; min: number; max: number; img: number }>();
      for (const e of linking) {
        const r = find(node(e.a));
        let g = groups.get(r);
        if (!g) {
          g = { ads: [], min: e.value, max: e.value, img: e.imgA };
          groups.set(r, g);
        }
        g.ads.push(e.a, e.b);
        g.min = Math.min(g.min, e.value);
        g.max = Math.max(g.max, e.value);
      }
      for (const g of groups.values()) {
        let first = g.ads[0]!;
        for (const a of g.ads) if (a < first) first = a;
        if (kind === EDGE_IMAGE) {
          const { value } = splitKey(this.keyStrings[this.imgKey[g.img]!]!);
          clusters.push({
            type: 'image',
            value,
            ads: g.ads,
            evidence: `pHash distance ${g.min}–${g.max} of 64 bits`,
          });
        } else {
          clusters.push({
            type: 'text',
            value: `template:${this.ids[first]}`,
            ads: g.ads,
            evidence: `estimated Jaccard ${g.min.toFixed(2)}–${g.max.toFixed(2)} of template shingles`,
          });
        }
      }
    }
    return clusters;
  }

  guardedContacts(): GuardedContact[] {
    const out: GuardedContact[] = [];
    for (const [key, g] of this.guarded) {
      const { type, value } = splitKey(this.keyStrings[key]!);
      out.push({
        type,
        value,
        ads: this.keyAds[key]!.length,
        reason: g.reason,
        ...(g.site !== undefined && g.site >= 0 ? { site: this.internedValues[g.site] } : {}),
      });
    }
    return out.sort((a, b) => b.ads - a.ads || a.value.localeCompare(b.value));
  }

  // ---- What the indicators need (network-indicators.ts) -------------------------------------

  /** Index of an ad, for the accessors below. */
  adIndex(id: string): number | undefined {
    return this.index.get(id);
  }

  adId(i: number): string {
    return this.ids[i]!;
  }

  attributes(i: number): { site: number; name: number; age: number; city: number; time: number } {
    return {
      site: this.siteOf[i]!,
      name: this.nameOf[i]!,
      age: this.ageOf[i]!,
      city: this.cityOf[i]!,
      time: this.timeOf[i]!,
    };
  }

  /** The display form of an interned site, name or city. */
  label(interned: number): string | undefined {
    return interned < 0 ? undefined : this.internedValues[interned];
  }

  /** The ad's contact groups that link (not guarded), with their members. */
  contactGroups(i: number): Array<{ key: string; type: KeyType; value: string; ads: number[] }> {
    const out: Array<{ key: string; type: KeyType; value: string; ads: number[] }> = [];
    for (const key of this.adKeys[i] ?? []) {
      if (this.guarded.has(key)) continue;
      const ads = this.keyAds[key]!;
      if (ads.length < 2) continue;
      out.push({ key: this.keyStrings[key]!, ...splitKey(this.keyStrings[key]!), ads });
    }
    return out;
  }

  /** Whether a contact key of the ad is guarded (to explain why it did not link). */
  guardedKeys(i: number): string[] {
    return (this.adKeys[i] ?? []).filter((k) => this.guarded.has(k)).map((k) => this.keyStrings[k]!);
  }

  /** The ad's linking image and text edges: partner ad, kind and value (distance or similarity). */
  edgesOf(i: number): Array<{ other: number; kind: 'image' | 'text'; value: number; phash?: string }> {
    if (!this.adjacency) {
      const adj = new Map<number, number[]>();
      this.edges.forEach((e, n) => {
        if (!this.edgeLinks(e)) return;
        for (const end of [e.a, e.b]) {
          const list = adj.get(end);
          if (list) list.push(n);
          else adj.set(end, [n]);
        }
      });
      this.adjacency = adj;
    }
    return (this.adjacency.get(i) ?? []).map((n) => {
      const e = this.edges[n]!;
      const other = e.a === i ? e.b : e.a;
      if (e.kind === EDGE_TEXT) return { other, kind: 'text' as const, value: e.value };
      const img = e.a === i ? e.imgA : e.imgB;
      return {
        other,
        kind: 'image' as const,
        value: e.value,
        phash: splitKey(this.keyStrings[this.imgKey[img]!]!).value,
      };
    });
  }

  /** Members of a key group, cached per batch. */
  keyStats(key: string): KeyStats | undefined {
    const id = this.keyIndex.get(key);
    if (id === undefined) return undefined;
    const cached = this.keyStatsCache.get(id);
    if (cached) return cached;
    const group = this.keyAds[id]!;
    const distinct = (values: number[]) => new Set(values.filter((v) => v >= 0)).size;
    const stats: KeyStats = {
      key,
      ...splitKey(key),
      ads: group.length,
      names: distinct(group.map((i) => this.nameOf[i]!)),
      ages: distinct(group.map((i) => this.ageOf[i]!)),
      cities: distinct(group.map((i) => this.cityOf[i]!)),
      sites: distinct(group.map((i) => this.siteOf[i]!)),
      texts: this.textVariants(group),
    };
    this.keyStatsCache.set(id, stats);
    return stats;
  }
}
