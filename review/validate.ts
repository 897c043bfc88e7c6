// Input from the browser is hostile: every query string, path parameter and body is parsed with a
// zod schema, and anything that does not fit (unknown keys, arrays, objects, operators) is a 400.
import type { z } from 'zod';
import { describeIssues } from '../core/errors.ts';
import { HttpError } from './http-error.ts';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new HttpError(400, `invalid ${what}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
