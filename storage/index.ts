// Public surface of the storage stage.
export * from './documents.ts';
export * from './indexes.ts';
export type * from './store.ts';
