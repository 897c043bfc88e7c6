// Worker-thread scoring for throughput (many ads, no OCR in the workers).

export { type BatchExtras, ScorePool, type ScorePoolOptions } from './pool.ts';
export type { JsonBatch, ScoreFailure } from './protocol.ts';
export { threadCpuMicros } from './thread-cpu.ts';
