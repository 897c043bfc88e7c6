// The one place the embedded server calls mingo: filters, projections, update operators and
// aggregation pipelines, with scripts disabled (`$where`, `$function` run attacker-reachable code)
// and mingo's errors turned into MongoDB-style command errors naming the operator.
import type { Document } from 'bson';
import { Aggregator, update as mingoUpdate, Query } from 'mingo';
import type { Options } from 'mingo/types';
import { badValue, CommandError, notSupported } from './command-error.ts';
import { isPlainObject } from './key-encoding.ts';
import { applyFast } from './update-operators.ts';

export type CollectionResolver = (name: string) => Document[];

const BASE_OPTIONS: Partial<Options> = { scriptEnabled: false, useStrictMode: true };

/** Operators adrisk's update commands may use; anything else is refused, not guessed. */
export const UPDATE_OPERATORS = new Set([
  '$set',
  '$setOnInsert',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$rename',
  '$currentDate',
]);

/** Pipeline stages the embedded store runs (through mingo); others are refused by name. */
export const PIPELINE_STAGES = new Set([
  '$match',
  '$group',
  '$sort',
  '$limit',
  '$skip',
  '$project',
  '$unwind',
  '$lookup',
  '$count',
  '$facet',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$sortByCount',
  '$bucket',
  '$bucketAuto',
  '$sample',
]);

/** Runs fn, turning mingo's plain errors into a BadValue / NotImplemented reply. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /unknown (?:\w+ )*operator:? '?(\$\w+)/i.exec(message);
    if (unknown) throw notSupported(`operator ${unknown[1]}`);
    const script = /(\$\w+) operator requires 'scriptEnabled'/.exec(message);
    if (script) throw notSupported(`operator ${script[1]} (scripts)`);
    throw badValue(message);
  }
}

export type Matcher = (doc: Document) => boolean;

export function compileFilter(filter: Document | undefined): Matcher {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  const query = guarded(() => new Query(filter, BASE_OPTIONS));
  return (doc) => guarded(() => query.test(doc));
}

/** Like compileFilter, but compiles only when first used (most upserts never test a document). */
export function lazyFilter(filter: Document | undefined): Matcher {
  let compiled: Matcher | undefined;
  return (doc) => {
    compiled ??= compileFilter(filter);
    return compiled(doc);
  };
}

export function compileProjection(projection: Document | undefined): (docs: Document[]) => Document[] {
  if (!projection || Object.keys(projection).length === 0) return (docs) => docs;
  const query = guarded(() => new Query({}, BASE_OPTIONS));
  return (docs) => guarded(() => query.find<Document>(docs, projection).all());
}

/** Applies an operator update in place; returns whether anything changed. */
export function applyOperators(doc: Document, operators: Document, arrayFilters?: Document[]): boolean {
  for (const op of Object.keys(operators)) {
    if (!UPDATE_OPERATORS.has(op)) throw notSupported(`update operator ${op}`);
    if (!isPlainObject(operators[op])) throw badValue(`${op} needs a document of fields`);
  }
  const { $setOnInsert: _ignored, ...rest } = operators;
  if (Object.keys(rest).length === 0) return false;
  if (!arrayFilters && applyFast(doc, rest) === 'applied') return true;
  const changed = guarded(() => mingoUpdate(doc, rest, arrayFilters, undefined, { cloneMode: 'deep' }));
  return changed.length > 0;
}

export function runPipeline(
  source: Iterable<Document>,
  pipeline: Document[],
  resolver: CollectionResolver,
): Document[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (!PIPELINE_STAGES.has(name)) throw notSupported(`aggregation stage ${name}`);
  }
  const aggregator = guarded(
    () =>
      new Aggregator(pipeline, {
        ...BASE_OPTIONS,
        collectionResolver: (name: string) => resolver(name),
      }),
  );
  return guarded(() => aggregator.run(source) as Document[]);
}
