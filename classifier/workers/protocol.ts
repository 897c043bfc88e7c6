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
  results: Array<ScoreResult | ScoreFailure>;
}
