// Public surface of site discovery.
export {
  DEFAULT_HOST_BUDGET,
  DEFAULT_MAX_HOPS,
  type ExpandDecision,
  type ExpandPolicy,
  pickExpansions,
  shouldExpand,
} from './expand-policy.ts';
export {
  type Candidate,
  type CandidateScore,
  isPlatformHost,
  MARKETPLACE_THRESHOLD,
  scoreCandidate,
} from './score-candidate.ts';
