// Partial indexes: MongoDB's `partialFilterExpression`, in the one form adrisk declares, a set of
// `{ path: { $exists: true } }` terms. A document lacking such a path costs no write to the index,
// which matters for fields most documents lack (an ad's networkId). In SQLite the index gets a
// WHERE over the paths' key columns; SQLite uses it only for queries whose WHERE repeats that
// condition word for word, so the planner adds it whenever the pushed-down terms imply it.
import type { CollectionInfo, IndexInfo } from './catalog.ts';
import { badValue, notSupported } from './command-error.ts';
import { isPlainObject } from './key-encoding.ts';

/**
 * The paths of a partial filter; other expressions are refused by name, never approximated.
 * Null and missing share one key (-Infinity), so the SQLite index also leaves out documents whose
 * field is null; no query that the planner pushes to it can match those.
 */
export function partialPaths(filter: unknown): string[] {
  if (!isPlainObject(filter) || Object.keys(filter).length === 0)
    throw badValue('partialFilterExpression must be a non-empty document');
  const paths: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value) && value.length > 0) {
      for (const part of value) paths.push(...partialPaths(part));
      continue;
    }
    const exists = isPlainObject(value) && Object.keys(value).length === 1 && value.$exists === true;
    if (key.startsWith('$') || !exists || key.split('.').some((p) => p === '')) {
      throw notSupported(
        `partialFilterExpression ${JSON.stringify({ [key]: value })} (only { path: { $exists: true } } terms)`,
      );
    }
    paths.push(key);
  }
  return [...new Set(paths)];
}

/** One SQL term per path, in path order: `k3 > -9e999` (every key but null/missing's -Infinity). */
export function partialTerms(info: CollectionInfo, index: IndexInfo): string[] {
  if (!index.partialFilterExpression) return [];
  return partialPaths(index.partialFilterExpression).map((path) => {
    const column = path === '_id' ? 'id' : info.fields.get(path)?.column;
    if (!column) throw new Error(`partial index ${index.name} has no key column for ${path}`);
    return `${column} > -9e999`;
  });
}
