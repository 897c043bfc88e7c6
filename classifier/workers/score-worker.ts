// A scoring worker thread: receives batches of ads, scores each with scoreAdText (no OCR; OCR text
// arrives with the ad) and answers with one result or error per ad, in the order received; prices
// are judged against the batch's median per site, as in process.
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel } from '../model/model.ts';
import { cachedProfile } from '../profiles/index.ts';
import { scoreBatchText } from '../score.ts';
import type { ScoreBatchReply, ScoreBatchRequest, WorkerSettings } from './protocol.ts';

const settings = workerData as WorkerSettings;
const profile = cachedProfile(settings.profile);
const model = settings.modelPath ? loadModel(settings.modelPath) : undefined;

parentPort!.on('message', (request: ScoreBatchRequest) => {
  const reply: ScoreBatchReply = {
    batch: request.batch,
    results: scoreBatchText(request.ads, {
      profile,
      thresholds: settings.thresholds,
      priceNorms: request.priceNorms,
      networkHitsById: request.networkHits,
      model,
    }),
  };
  parentPort!.postMessage(reply);
});
