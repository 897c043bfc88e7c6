export * from './errors.ts';
export * from './html.ts';
export * from './ids.ts';
export * from './log.ts';
export * from './pseudonym.ts';
