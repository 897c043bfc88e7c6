// Every index adrisk relies on, declared in one place and created idempotently at start-up
// (createIndexes with the same name and key is a no-op). Each queue, filter and claim query in
// adrisk must be backed by one of these.
import { COLLECTIONS } from './documents.ts';

export interface IndexSpec {
  collection: string;
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  expireAfterSeconds?: number;
  sparse?: boolean;
}

export const INDEXES: IndexSpec[] = [
  // Review queue: urgent first, then by risk; filters narrow it.
  { collection: COLLECTIONS.ads, name: 'queue', key: { urgent: -1, risk: -1, _id: 1 } },
  { collection: COLLECTIONS.ads, name: 'site_risk', key: { site: 1, risk: -1 } },
  { collection: COLLECTIONS.ads, name: 'level_risk', key: { level: 1, risk: -1 } },
  { collection: COLLECTIONS.ads, name: 'network', key: { networkId: 1 } },
  { collection: COLLECTIONS.ads, name: 'review_status', key: { reviewStatus: 1, risk: -1 } },
  { collection: COLLECTIONS.ads, name: 'city', key: { city: 1, risk: -1 } },
  { collection: COLLECTIONS.ads, name: 'language', key: { language: 1, risk: -1 } },
  { collection: COLLECTIONS.ads, name: 'indicator_codes', key: { indicatorCodes: 1, risk: -1 } },
  { collection: COLLECTIONS.ads, name: 'last_seen', key: { lastSeen: 1 } },
  { collection: COLLECTIONS.sites, name: 'type', key: { type: 1 } },
];
