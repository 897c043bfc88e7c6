// Explicit or euphemistic selling, counted per page from the lexicon (sexual-services wording vs
// "massage", "companionship", "relax"); the mapper weighs the counts over the whole site.
import type { PageAnalysis } from '../types.ts';
import type { PageDocument } from './document.ts';
import { EXPLICITNESS_TERMS } from './lexicon.ts';
import { compileTerms, countMatches, snippetAround } from './terms.ts';

const EXPLICIT = compileTerms(EXPLICITNESS_TERMS.explicit);
const EUPHEMISTIC = compileTerms(EXPLICITNESS_TERMS.euphemistic);
/** Hits counted per page. */
const MAX_HITS = 20;

export function pageExplicitness(doc: PageDocument): NonNullable<PageAnalysis['explicitness']> | undefined {
  const explicit = countMatches(EXPLICIT, doc.text, MAX_HITS);
  const euphemistic = countMatches(EUPHEMISTIC, doc.text, MAX_HITS);
  if (explicit === 0 && euphemistic === 0) return undefined;
  const quote = snippetAround(explicit > 0 ? EXPLICIT : EUPHEMISTIC, doc.text);
  return { explicit, euphemistic, ...(quote ? { evidence: { url: doc.url, text: quote } } : {}) };
}
