// The `export networks` record of ../shared/CONTRACTS.md.
import type { Pseudonymizer } from '../../core/pseudonym.ts';
import type { NetworkDoc } from '../../storage/documents.ts';

export interface NetworkExportRecord {
  networkId: string;
  ads: number;
  sites: string[];
  cities: string[];
  names: string[];
  phones: string[];
  handles: string[];
  links: Array<{ type: string; value: string }>;
  risk: { max: number; mean: number };
}

export function networkExportRecord(n: NetworkDoc, ps?: Pseudonymizer): NetworkExportRecord {
  // Link values are contacts, image hashes or text fingerprints; only contacts are personal data.
  const linkValue = (type: string, value: string) =>
    ps && (type === 'phone' || type === 'email' || type === 'handle') ? ps(`${type}:${value}`) : value;
  return {
    networkId: n._id,
    ads: n.size ?? n.ads.length,
    sites: n.sites,
    cities: n.cities,
    names: ps ? n.names.map((name) => ps(`name:${name}`)) : n.names,
    phones: ps ? n.phones.map((p) => ps(`phone:${p}`)) : n.phones,
    handles: ps ? n.handles.map((h) => ps(`handle:${h}`)) : n.handles,
    links: n.links.map((l) => ({ type: l.type, value: linkValue(l.type, l.value) })),
    risk: n.risk,
  };
}

export const NETWORK_CSV_COLUMNS = [
  'networkId',
  'ads',
  'sites',
  'cities',
  'names',
  'phones',
  'handles',
  'links',
  'riskMax',
  'riskMean',
] as const;

export function networkCsvValues(r: NetworkExportRecord): unknown[] {
  return [
    r.networkId,
    r.ads,
    r.sites.join(';'),
    r.cities.join(';'),
    r.names.join(';'),
    r.phones.join(';'),
    r.handles.join(';'),
    r.links.map((l) => `${l.type}:${l.value}`).join(';'),
    r.risk.max,
    r.risk.mean,
  ];
}
