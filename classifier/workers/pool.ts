// A pool of worker threads that score batches of ads in parallel. Each batch goes to the worker
// with the fewest batches in flight; replies come back per batch, so callers keep their own order.
// A worker that dies fails its batches (the caller reports them) and is not replaced: the pool is
// for one run, and a crashing worker means a bug to look at, not load to spread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PriceNorms } from '../indicators/index.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../score.ts';
import type { AdInput, IndicatorHit, ScoreResult } from '../types.ts';
import type {
  CpuTimeReply,
  JsonBatch,
  ScoreBatchReply,
  ScoreBatchRequest,
  ScoreFailure,
  WorkerReply,
  WorkerRequest,
  WorkerSettings,
} from './protocol.ts';

const WORKER_ENTRY = new URL('./score-worker.mjs', import.meta.url);

export interface ScorePoolOptions {
  /** @default os.availableParallelism() */
  threads?: number;
  /** @default 'default' */
  profile?: string;
  thresholds?: Thresholds;
  /** Risk model file the workers load; the bundled model when absent. */
  modelPath?: string;
}

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

/** What a batch may carry besides its ads. */
export interface BatchExtras {
  priceNorms?: PriceNorms;
  networkHits?: Record<string, IndicatorHit[]>;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  dead?: Error;
}

export class ScorePool {
  private readonly slots: Slot[] = [];
  private nextBatch = 0;

  constructor(options: ScorePoolOptions = {}) {
    const threads = Math.max(1, options.threads ?? availableParallelism());
    const settings: WorkerSettings = {
      profile: options.profile ?? 'default',
      thresholds: options.thresholds ?? { ...DEFAULT_THRESHOLDS },
      ...(options.modelPath ? { modelPath: options.modelPath } : {}),
    };
    for (let i = 0; i < threads; i++) {
      // execArgv: [] because the parent's loader flags (vitest, --import tsx) are not ours to copy.
      const worker = new Worker(WORKER_ENTRY, { workerData: settings, execArgv: [] });
      const slot: Slot = { worker, inFlight: new Map() };
      worker.on('message', (reply: WorkerReply) => {
        const pending = slot.inFlight.get(reply.batch);
        slot.inFlight.delete(reply.batch);
        pending?.resolve(reply);
      });
      const fail = (error: Error) => {
        slot.dead = error;
        for (const pending of slot.inFlight.values()) pending.reject(error);
        slot.inFlight.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`scoring worker exited with code ${code}`)));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Scores a batch; results are in the batch's order, one per ad. */
  async score(ads: AdInput[], extras: BatchExtras = {}): Promise<Array<ScoreResult | ScoreFailure>> {
    const reply = await this.scoreBatch({ ads, ...extras });
    return reply.results as Array<ScoreResult | ScoreFailure>;
  }

  /**
   * Scores a batch to JSON: each ad's result (or failure) as `JSON.stringify` gives it, in the
   * batch's order, serialised in the worker (for JSONL output, the cheapest way across threads).
   */
  async scoreToJson(ads: AdInput[], extras: BatchExtras = {}): Promise<JsonBatch> {
    const reply = await this.scoreBatch({ ads, ...extras, format: 'json' });
    return { lines: reply.results as string[], failed: new Set(reply.failed) };
  }

  /**
   * Scores every batch on every worker and drops the results: a benchmark's warm-up, so that each
   * isolate has tiered up its own code and regular expressions before timing starts.
   */
  async warmUp(batches: AdInput[][]): Promise<void> {
    const live = this.slots.filter((s) => !s.dead);
    await Promise.all(
      live.flatMap((slot) =>
        batches.map((ads) => this.send(slot, { kind: 'score', batch: this.nextBatch++, ads })),
      ),
    );
  }

  /**
   * CPU time each worker's thread has used so far, in microseconds (undefined where the platform
   * cannot tell one thread's time), for benchmarks that separate the workers from the main thread.
   */
  async workerCpuMicros(): Promise<Array<number | undefined>> {
    const live = this.slots.filter((s) => !s.dead);
    const replies = await Promise.all(
      live.map((slot) => this.send(slot, { kind: 'cpu', batch: this.nextBatch++ })),
    );
    return replies.map((reply) => (reply as CpuTimeReply).micros);
  }

  private async scoreBatch(request: Omit<ScoreBatchRequest, 'batch' | 'kind'>): Promise<ScoreBatchReply> {
    const live = this.slots.filter((s) => !s.dead);
    if (live.length === 0) throw new Error('no scoring worker is running');
    const slot = live.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
    return (await this.send(slot, { kind: 'score', batch: this.nextBatch++, ...request })) as ScoreBatchReply;
  }

  /** Posts a request; its reply (matched by `batch`) settles the promise. */
  private send(slot: Slot, request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      slot.inFlight.set(request.batch, { resolve, reject });
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.dead ??= new Error('pool closed');
        await slot.worker.terminate();
      }),
    );
  }
}
