// Network indicators of one ad, from the links the linker found: `shared_contact`,
// `reused_images`, `template_text` and `movement`. Each hit's weight is a strength in 0..1 that
// scoreAd scales by the profile's weight for the code; its evidence says what was shared.
import type { IndicatorHit } from '../types.ts';
import type { NetworkLinker } from './linker.ts';

/** Evidence lines listed per indicator; the rest is summarised. */
const MAX_EVIDENCE = 5;
/** Distinct cities (or sites) within the movement window that count as movement. */
export const MOVEMENT_MIN_PLACES = 2;

const DAY_MS = 24 * 3600 * 1000;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function push(
  hits: Map<string, IndicatorHit>,
  code: IndicatorHit['code'],
  strength: number,
  line: string,
  rule: string,
) {
  const hit = hits.get(code);
  if (!hit) {
    hits.set(code, { code, weight: strength, evidence: [line], rules: [rule] });
    return;
  }
  hit.weight = Math.max(hit.weight, strength);
  if (hit.evidence.length < MAX_EVIDENCE && !hit.evidence.includes(line)) hit.evidence.push(line);
  if (!hit.rules!.includes(rule)) hit.rules!.push(rule);
}

/** The network indicators that fire for an ad, or [] when it is linked to nothing. */
export function networkHits(linker: NetworkLinker, id: string): IndicatorHit[] {
  const i = linker.adIndex(id);
  if (i === undefined) return [];
  const self = linker.attributes(i);
  const hits = new Map<string, IndicatorHit>();

  for (const group of linker.contactGroups(i)) {
    if (group.type === 'image') continue;
    const stats = linker.keyStats(group.key)!;
    // "Different names, ages or cities": one advertiser repeating their own ad is not a signal.
    // Ads without any name (imported datasets) count different texts instead of names.
    const spread = Math.max(stats.names, stats.ages, stats.cities, stats.names === 0 ? stats.texts : 0);
    if (spread >= 2) {
      const strength = Math.min(
        1,
        0.5 + 0.15 * (stats.names - 1) + 0.1 * (stats.cities - 1) + 0.05 * (stats.ads - 2),
      );
      push(
        hits,
        'shared_contact',
        strength,
        `${group.type} ${group.value} on ${plural(stats.ads, 'ad')} with ${
          stats.names === 0 ? plural(stats.texts, 'different text') : plural(stats.names, 'name')
        }, ${plural(stats.ages, 'age')}, ${stats.cities === 1 ? '1 city' : `${stats.cities} cities`}`,
        `network.shared_${group.type}`,
      );
    }
    const movement = movementOf(linker, group.ads, self.time);
    if (movement) {
      push(
        hits,
        'movement',
        Math.min(1, 0.5 + 0.25 * (movement.places - MOVEMENT_MIN_PLACES)),
        `${group.type} ${group.value} in ${movement.what} within ${movement.days} days`,
        'network.contact_movement',
      );
    }
  }

  const imagePartners = new Map<string, { ads: number; other: number; maxDistance: number }>();
  const textPartners: Array<{ other: number; sim: number }> = [];
  for (const e of linker.edgesOf(i)) {
    const o = linker.attributes(e.other);
    if (e.kind === 'image') {
      // Reused across unrelated ads: another name, site or city.
      const unrelated = o.name !== self.name || o.site !== self.site || o.city !== self.city;
      if (!unrelated) continue;
      const p = imagePartners.get(e.phash!) ?? { ads: 0, other: 0, maxDistance: 0 };
      p.ads++;
      if (o.name !== self.name) p.other++;
      p.maxDistance = Math.max(p.maxDistance, e.value);
      imagePartners.set(e.phash!, p);
    } else if (o.name !== self.name || self.name < 0) {
      textPartners.push({ other: e.other, sim: e.value });
    }
  }
  for (const group of linker.contactGroups(i)) {
    if (group.type !== 'image') continue;
    const unrelated = group.ads.filter((j) => {
      if (j === i) return false;
      const o = linker.attributes(j);
      return o.name !== self.name || o.site !== self.site || o.city !== self.city;
    });
    if (unrelated.length === 0) continue;
    const p = imagePartners.get(group.value) ?? { ads: 0, other: 0, maxDistance: 0 };
    p.ads += unrelated.length;
    imagePartners.set(group.value, p);
  }
  for (const [phash, p] of imagePartners) {
    push(
      hits,
      'reused_images',
      Math.min(1, 0.6 + 0.1 * p.ads),
      `image ${phash} also on ${plural(p.ads, 'other ad')} (pHash distance ≤ ${p.maxDistance})`,
      'network.reused_image',
    );
  }
  if (textPartners.length > 0) {
    const best = Math.max(...textPartners.map((t) => t.sim));
    const names = new Set(textPartners.map((t) => linker.attributes(t.other).name).filter((n) => n >= 0));
    // Without names on either side the template may be one advertiser's own re-post: weaker.
    const strength = self.name < 0 && names.size === 0 ? 0.5 : Math.min(1, 0.6 + 0.1 * textPartners.length);
    push(
      hits,
      'template_text',
      strength,
      `text near-duplicate of ${plural(textPartners.length, 'other ad')}${names.size > 0 ? ` with ${plural(names.size, 'other name')}` : ''} (estimated Jaccard up to ${best.toFixed(2)})`,
      'network.template_text',
    );
  }
  return [...hits.values()].map((h) => ({ ...h, weight: Math.round(h.weight * 1000) / 1000 }));
}

/** Distinct cities or sites of a contact's ads within the window around `time`. */
function movementOf(
  linker: NetworkLinker,
  ads: number[],
  time: number,
): { places: number; what: string; days: number } | undefined {
  if (Number.isNaN(time)) return undefined;
  const cities = new Set<number>();
  const sites = new Set<number>();
  let first = time;
  let last = time;
  for (const j of ads) {
    const o = linker.attributes(j);
    if (Number.isNaN(o.time) || Math.abs(o.time - time) > linker.movementWindowMs) continue;
    if (o.city >= 0) cities.add(o.city);
    sites.add(o.site);
    first = Math.min(first, o.time);
    last = Math.max(last, o.time);
  }
  const days = Math.max(1, Math.ceil((last - first) / DAY_MS));
  const names = (set: Set<number>) => [...set].map((c) => linker.label(c)).join(', ');
  if (cities.size >= MOVEMENT_MIN_PLACES) {
    return { places: cities.size, what: `${cities.size} cities (${names(cities)})`, days };
  }
  if (sites.size > MOVEMENT_MIN_PLACES) {
    return { places: sites.size - 1, what: `${sites.size} sites (${names(sites)})`, days };
  }
  return undefined;
}
