// A scoring worker thread: receives batches of ads, scores each with scoreAdText (no OCR; OCR text
// arrives with the ad) and answers with one result or error per ad, in the order received (as
// objects, or as JSON strings when asked); prices are judged against the batch's median per site,
// as in process. It also answers for its own thread's CPU time, for benchmarks.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../model/model.ts';
import { cachedProfile } from '../profiles/index.ts';
import { scoreBatchText } from '../score.ts';
import type {
  ScoreBatchReply,
  ScoreBatchRequest,
  WorkerReply,
  WorkerRequest,
  WorkerSettings,
} from './protocol.ts';
import { threadCpuMicros } from './thread-cpu.ts';

const settings = workerData as WorkerSettings;
const profile = cachedProfile(settings.profile);
const model = settings.modelPath ? loadModel(settings.modelPath) : undefined;

parentPort!.on('message', (request: WorkerRequest) => {
  const reply: WorkerReply =
    request.kind === 'cpu'
      ? { kind: 'cpu', batch: request.batch, micros: threadCpuMicros() }
      : score(request);
  parentPort!.postMessage(reply);
});

function score(request: ScoreBatchRequest): ScoreBatchReply {
  const results = scoreBatchText(request.ads, {
    profile,
    thresholds: settings.thresholds,
    priceNorms: request.priceNorms,
    networkHitsById: request.networkHits,
    model,
  });
  if (request.format !== 'json') return { kind: 'score', batch: request.batch, results };
  const failed: number[] = [];
  const lines = results.map((result, i) => {
    if ('error' in result) failed.push(i);
    return JSON.stringify(result);
  });
  return { kind: 'score', batch: request.batch, results: lines, failed };
}
