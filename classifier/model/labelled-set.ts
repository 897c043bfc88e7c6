// Reviewers' decisions as training examples for `adrisk train`: the latest decision on an ad is its
// label (confirmed, escalated, reported: worth review; dismissed: not), its title and text the
// input, read exactly as scoring reads them so the model learns what it will later see.
import { InputError } from '../../core/errors.ts';
import { analyseAd, indicatorSignals } from '../score.ts';
import type { AdInput } from '../types.ts';
import type { LabelledText } from './trainer.ts';

export type ReviewDecision = 'confirmed' | 'dismissed' | 'escalated' | 'reported';

/** Decisions that say the ad deserved a reviewer's attention: the model's positive class. */
export const POSITIVE_DECISIONS: readonly ReviewDecision[] = ['confirmed', 'escalated', 'reported'];

/** @default of `adrisk train --min-decisions`: fewer would teach the model noise. */
export const DEFAULT_MIN_DECISIONS = 20;

/** A reviewed ad as storage hands it over (plain fields, no database types). */
export interface ReviewedAd {
  id: string;
  title?: string;
  text?: string;
  site?: string;
  country?: string;
  city?: string;
  /** The latest decision on the ad. */
  decision: ReviewDecision;
}

/** A training example that keeps its ad, so the fusion can be fitted and models compared on it. */
export interface LabelledExample extends LabelledText {
  ad: AdInput;
  label: 0 | 1;
  language: string;
  signals: string[];
}

export interface LabelledSet {
  examples: LabelledExample[];
  positives: number;
  negatives: number;
  /** Reviewed ads without text (purged under retention): nothing to learn from. */
  skipped: number;
}

export function decisionLabel(decision: ReviewDecision): 0 | 1 {
  return POSITIVE_DECISIONS.includes(decision) ? 1 : 0;
}

/** Turns reviewed ads into examples with the language and indicator signals scoring would use. */
export function buildLabelledSet(ads: ReviewedAd[]): LabelledSet {
  const examples: LabelledExample[] = [];
  let skipped = 0;
  for (const reviewed of ads) {
    const ad: AdInput = {
      id: reviewed.id,
      title: reviewed.title,
      text: reviewed.text,
      site: reviewed.site,
      country: reviewed.country,
      city: reviewed.city,
    };
    const analysis = analyseAd(ad);
    if (analysis.adText.trim() === '') {
      skipped++;
      continue;
    }
    examples.push({
      ad,
      text: analysis.adText,
      label: decisionLabel(reviewed.decision),
      language: analysis.language,
      signals: indicatorSignals(analysis.indicators),
    });
  }
  const positives = examples.filter((e) => e.label === 1).length;
  return { examples, positives, negatives: examples.length - positives, skipped };
}

/** Refuses a set too small or one-sided to train on, with what is missing (exit code 2). */
export function assertTrainable(set: LabelledSet, minDecisions: number): void {
  const n = set.examples.length;
  if (n < minDecisions) {
    throw new InputError(
      `train: ${n} reviewed ads with text, fewer than --min-decisions ${minDecisions}; review more ads first`,
    );
  }
  if (set.positives === 0 || set.negatives === 0) {
    const missing = set.positives === 0 ? 'confirmed/escalated/reported' : 'dismissed';
    throw new InputError(`train: all ${n} decisions are of one kind; the model needs ${missing} ads too`);
  }
}
