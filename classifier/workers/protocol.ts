// Messages between the scoring pool and its worker threads (structured-clone plain objects).
// Measured on 256-ad batches: the clone of result objects costs less on both threads (~3 µs/ad in
// the worker, ~4 in the parent) than JSON.stringify + JSON.parse of the batch, and the clone of
// ads less than their JSON, so only callers that want JSON anyway get strings.
import type { PriceNorms } from '../indicators/index.ts';
import type { Thresholds } from '../score.ts';
import type { AdInput, IndicatorHit, ScoreResult } from '../types.ts';

export interface WorkerSettings {
  profile: string;
  thresholds: Thresholds;
  /** Risk model file; the bundled model when absent. */
  modelPath?: string;
}

export interface ScoreBatchRequest {
  kind: 'score';
  batch: number;
  ads: AdInput[];
  /**
   * 'json': answer each ad with its result as a JSON string, for callers that write JSONL; an
   * array of strings crosses threads far cheaper than result objects (and than one joined string
   * split again). @default 'objects'
   */
  format?: 'objects' | 'json';
  priceNorms?: PriceNorms;
  networkHits?: Record<string, IndicatorHit[]>;
}

/** Asks a worker for the CPU time its own thread has used, for benchmarks. */
export interface CpuTimeRequest {
  kind: 'cpu';
  batch: number;
}

export type WorkerRequest = ScoreBatchRequest | CpuTimeRequest;

/** A per-ad failure: scoring one hostile ad must not take its batch down. */
export interface ScoreFailure {
  id: string;
  error: string;
}

export interface ScoreBatchReply {
  kind: 'score';
  batch: number;
  /** Results, or with format 'json' their JSON strings. */
  results: Array<ScoreResult | ScoreFailure> | string[];
  /** With format 'json': the indexes (in the batch) of the ads that failed. */
  failed?: number[];
}

export interface CpuTimeReply {
  kind: 'cpu';
  batch: number;
  /** Microseconds of CPU the worker's thread has used; undefined where it cannot be measured. */
  micros?: number;
}

export type WorkerReply = ScoreBatchReply | CpuTimeReply;

/** A batch scored to JSON: one JSON line per ad, and which of them are failures. */
export interface JsonBatch {
  lines: string[];
  failed: ReadonlySet<number>;
}
