// A direct implementation of the update operators adrisk uses most ($set, $unset, $inc, $min, $max,
// $push, $addToSet) on plain dotted paths. It exists for speed: mingo's updater costs tens of
// microseconds per call. Anything it does not handle exactly (positional paths, $push modifiers,
// other operators) returns 'fallback' and goes to mingo instead.
import type { Document } from 'bson';
import { compareValues } from './bson-order.ts';
import { badValue, CommandError } from './command-error.ts';
import { isPlainObject } from './key-encoding.ts';

const FAST_OPERATORS = new Set(['$set', '$unset', '$inc', '$min', '$max', '$push', '$addToSet']);

export type FastResult = 'applied' | 'fallback';

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string;
}

function isIndex(segment: string): boolean {
  return /^\d+$/.test(segment);
}

/** The container and key a path ends in, creating objects on the way when asked; null when absent. */
function locate(doc: Document, parts: string[], create: boolean): Slot | null | 'fallback' {
  let current: Record<string, unknown> | unknown[] = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    let next: unknown;
    if (Array.isArray(current)) {
      if (!isIndex(part)) return 'fallback';
      next = current[Number(part)];
    } else {
      next = current[part];
    }
    if (next === undefined || next === null) {
      if (!create) return null;
      if (next === null) {
        throw new CommandError(
          'BadValue',
          `Cannot create field '${parts[i + 1]}' in element {${part}: null}`,
        );
      }
      if (Array.isArray(current)) return 'fallback';
      next = {};
      current[part] = next;
    } else if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!create) return null;
      throw new CommandError(
        'BadValue',
        `Cannot create field '${parts[i + 1]}' in element {${part}: ${JSON.stringify(next)}}`,
      );
    }
    current = next as Record<string, unknown> | unknown[];
  }
  const key = parts[parts.length - 1]!;
  if (Array.isArray(current) && !isIndex(key)) return 'fallback';
  return { parent: current, key };
}

function read(slot: Slot): unknown {
  return Array.isArray(slot.parent) ? slot.parent[Number(slot.key)] : slot.parent[slot.key];
}

function write(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.parent)) {
    const index = Number(slot.key);
    while (slot.parent.length < index) slot.parent.push(null);
    slot.parent[index] = value;
  } else {
    slot.parent[slot.key] = value;
  }
}

function isNumeric(value: unknown): value is number {
  return typeof value === 'number';
}

/** Throws MongoDB's conflict error when one path is another's prefix (or repeated). */
function checkConflicts(paths: string[]): void {
  const seen = new Set<string>();
  // Proper prefixes of the paths seen so far: linear time, as updates set dozens of fields.
  const parents = new Set<string>();
  const conflict = (path: string, prefix: string) =>
    Object.assign(
      new CommandError('BadValue', `Updating the path '${path}' would create a conflict at '${prefix}'`),
      { code: 40 },
    );
  for (const path of paths) {
    let end = path.indexOf('.');
    while (end >= 0) {
      const prefix = path.slice(0, end);
      if (seen.has(prefix)) throw conflict(path, prefix);
      end = path.indexOf('.', end + 1);
    }
    if (seen.has(path) || parents.has(path)) throw conflict(path, path);
    seen.add(path);
    end = path.indexOf('.');
    while (end >= 0) {
      parents.add(path.slice(0, end));
      end = path.indexOf('.', end + 1);
    }
  }
}

/** Applies operators in place when every one can be done here exactly. */
export function applyFast(doc: Document, operators: Document): FastResult {
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(operators)) {
    if (!FAST_OPERATORS.has(op) || !isPlainObject(fields)) return 'fallback';
    for (const [path, value] of Object.entries(fields)) {
      if (path.includes('$') || hasEmptySegment(path)) return 'fallback';
      if ((op === '$push' || op === '$addToSet') && isPlainObject(value)) {
        const keys = Object.keys(value);
        if (keys.some((k) => k.startsWith('$')) && !(keys.length === 1 && keys[0] === '$each'))
          return 'fallback';
      }
      paths.push(path);
    }
  }
  checkConflicts(paths);
  // Resolve every target first, so that a fallback never leaves the document half-updated.
  // A top-level path always resolves (doc is a plain object), so only dotted ones are located.
  for (const fields of Object.values(operators)) {
    for (const path of Object.keys(fields as Document)) {
      if (path.includes('.') && locate(doc, path.split('.'), false) === 'fallback') return 'fallback';
    }
  }
  for (const [op, fields] of Object.entries(operators)) {
    for (const [path, value] of Object.entries(fields as Document)) applyOne(doc, op, path, value);
  }
  return 'applied';
}

/** `a..b`, `.a`, `a.` and `` have an empty segment (mingo decides what those mean). */
function hasEmptySegment(path: string): boolean {
  return path === '' || path.startsWith('.') || path.endsWith('.') || path.includes('..');
}

function applyOne(doc: Document, op: string, path: string, value: unknown): void {
  // The most common case by far (an upsert's $set of a whole ad): a top-level field.
  if (op === '$set' && !path.includes('.')) {
    doc[path] = value;
    return;
  }
  const parts = path.split('.');
  if (op === '$unset') {
    const slot = locate(doc, parts, false);
    if (!slot || slot === 'fallback') return;
    if (Array.isArray(slot.parent)) {
      if (Number(slot.key) < slot.parent.length) slot.parent[Number(slot.key)] = null;
    } else {
      delete slot.parent[slot.key];
    }
    return;
  }
  const slot = locate(doc, parts, true);
  if (!slot || slot === 'fallback') throw badValue(`cannot update path ${path}`);
  const current = read(slot);
  switch (op) {
    case '$set':
      write(slot, value);
      return;
    case '$inc': {
      if (!isNumeric(value))
        throw badValue(`Cannot increment with non-numeric argument: {${path}: ${String(value)}}`);
      if (current === undefined) write(slot, value);
      else if (!isNumeric(current)) {
        throw new CommandError(
          'TypeMismatch',
          `Cannot apply $inc to a value of non-numeric type. {_id: ...} has the field '${path}' of non-numeric type`,
        );
      } else write(slot, current + value);
      return;
    }
    case '$min':
    case '$max': {
      const sign = op === '$min' ? -1 : 1;
      if (current === undefined || compareValues(value, current) * sign > 0) write(slot, value);
      return;
    }
    case '$push':
    case '$addToSet': {
      const items = isPlainObject(value) && Array.isArray(value.$each) ? value.$each : [value];
      if (current !== undefined && !Array.isArray(current)) {
        throw badValue(`The field '${path}' must be an array but is of type ${typeof current}`);
      }
      const array = (current as unknown[] | undefined) ?? [];
      for (const item of items) {
        if (op === '$addToSet' && array.some((existing) => compareValues(existing, item) === 0)) continue;
        array.push(item);
      }
      write(slot, array);
      return;
    }
  }
}
