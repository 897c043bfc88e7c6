// Messages between the scoring pool and its worker threads (structured-clone plain objects).
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
  batch: number;
  ads: AdInput[];
  /**
   * 'json': answer each ad with its result as a JSON string, for callers that write JSONL; strings
   * cross threads far cheaper than the structured clone of result objects. @default 'objects'
   */
  format?: 'objects' | 'json';
  priceNorms?: PriceNorms;
  networkHits?: Record<string, IndicatorHit[]>;
}

/** A per-ad failure: scoring one hostile ad must not take its batch down. */
export interface ScoreFailure {
  id: string;
  error: string;
}

export interface ScoreBatchReply {
  batch: number;
  /** Results, or with format 'json' their JSON strings. */
  results: Array<ScoreResult | ScoreFailure> | string[];
  /** With format 'json': the indexes (in the batch) of the ads that failed. */
  failed?: number[];
}

/** A batch scored to JSON: one JSON line per ad, and which of them are failures. */
export interface JsonBatch {
  lines: string[];
  failed: ReadonlySet<number>;
}
