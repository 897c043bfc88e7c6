// Per-document write errors of insert/update/delete: MongoDB reports them inside an ok:1 reply
// with the index of the failed operation, which bulkWrite maps back to the caller's operations.
import type { Document } from 'bson';
import { CommandError } from '../command-error.ts';

export class WriteErrors {
  readonly errors: Document[] = [];

  constructor(private readonly ordered: boolean) {}

  /** Runs one operation; returns false when the batch must stop (ordered and it failed). */
  run(index: number, op: () => void): boolean {
    try {
      op();
      return true;
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      this.errors.push({ index, code: error.code, errmsg: error.message, ...error.extra });
      return !this.ordered;
    }
  }

  reply(fields: Document): Document {
    return { ...fields, ...(this.errors.length > 0 ? { writeErrors: this.errors } : {}), ok: 1 };
  }
}

export function isOrdered(body: Document): boolean {
  return body.ordered !== false;
}
