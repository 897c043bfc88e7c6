// A scoring worker thread: receives batches of ads, scores each with scoreAdText (no OCR; OCR text
// arrives with the ad) and answers with one result or error per ad, in the order received; prices
// are judged against the batch's median per site, as in process.
import { parentPort, workerData } from 'node:worker_threads';
import { cachedProfile } from '../profiles/index.ts';
import { scoreBatchText } from '../score.ts';
import type { ScoreBatchReply, ScoreBatchRequest, WorkerSettings } from './protocol.ts';

const settings = workerData as WorkerSettings;
const profile = cachedProfile(settings.profile);

parentPort!.on('message', (request: ScoreBatchRequest) => {
  const reply: ScoreBatchReply = {
    batch: request.batch,
    results: scoreBatchText(request.ads, {
      profile,
      thresholds: settings.thresholds,
      priceNorms: request.priceNorms,
      networkHitsById: request.networkHits,
    }),
  };
  parentPort!.postMessage(reply);
});
