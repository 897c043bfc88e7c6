// Worker-thread scoring for throughput (many ads, no OCR in the workers).

export { ScorePool, type ScorePoolOptions } from './pool.ts';
export type { ScoreFailure } from './protocol.ts';
