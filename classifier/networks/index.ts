// Public surface of the networks stage: linking ads into advertiser networks and the network
// indicators that feed their scores. Pure: no database.
export * from './linker.ts';
export * from './network-ids.ts';
export * from './network-indicators.ts';
export * from './phash-index.ts';
export * from './text-signature.ts';
export type * from './types.ts';
export { UnionFind } from './union-find.ts';
