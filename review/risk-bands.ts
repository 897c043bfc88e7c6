// What a score means for triage. Like police indicator matrices, each band carries a suggested
// time-frame for action; it is advice for a human reviewer, never a verdict on the ad.
export const RISK_DISCLAIMER =
  'A risk score is a signal for human review, not a verdict: it says the ad shows indicators seen in trafficking cases, not that anyone is trafficked.';

export interface RiskBand {
  label: string;
  timeFrame: string;
}

export function riskBand(level: string | undefined, urgent: boolean | undefined): RiskBand {
  if (urgent)
    return {
      label: 'urgent: possible minor',
      timeFrame: 'review within 24 hours; escalate at once if confirmed',
    };
  switch (level) {
    case 'high':
      return { label: 'high', timeFrame: 'review within 3 days' };
    case 'medium':
      return { label: 'medium', timeFrame: 'review within 2 weeks' };
    case 'low':
      return { label: 'low', timeFrame: 'no action suggested; sample for quality checks' };
    default:
      return { label: 'not scored', timeFrame: 'score the ad first (adrisk classify)' };
  }
}
