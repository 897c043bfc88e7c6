// A scoring worker thread: receives batches of ads, scores each with scoreAdText (no OCR; OCR text
// arrives with the ad) and answers with one result or error per ad, in the order received (as
// objects, or as JSON strings when asked); prices are judged against the batch's median per site,
// as in process.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../model/model.ts';
import { cachedProfile } from '../profiles/index.ts';
import { scoreBatchText } from '../score.ts';
import type { ScoreBatchReply, ScoreBatchRequest, WorkerSettings } from './protocol.ts';

const settings = workerData as WorkerSettings;
const profile = cachedProfile(settings.profile);
const model = settings.modelPath ? loadModel(settings.modelPath) : undefined;

parentPort!.on('message', (request: ScoreBatchRequest) => {
  const results = scoreBatchText(request.ads, {
    profile,
    thresholds: settings.thresholds,
    priceNorms: request.priceNorms,
    networkHitsById: request.networkHits,
    model,
  });
  let reply: ScoreBatchReply;
  if (request.format === 'json') {
    const failed: number[] = [];
    const lines = results.map((result, i) => {
      if ('error' in result) failed.push(i);
      return JSON.stringify(result);
    });
    reply = { batch: request.batch, results: lines, failed };
  } else reply = { batch: request.batch, results };
  parentPort!.postMessage(reply);
});
