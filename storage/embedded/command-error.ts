// Errors a command answers with `{ ok: 0, errmsg, code, codeName }`, using MongoDB's codes so that
// the driver raises the same MongoServerError it would against a real server.

export const ERROR_CODES = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidNamespace: 73,
  NamespaceNotFound: 26,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  IndexNotFound: 27,
  NotImplemented: 238,
  DuplicateKey: 11000,
  InternalError: 1,
} as const;

export type ErrorCodeName = keyof typeof ERROR_CODES;

export class CommandError extends Error {
  readonly code: number;
  readonly codeName: ErrorCodeName;
  /** Extra fields for the reply (e.g. keyPattern/keyValue of a duplicate key). */
  readonly extra: Record<string, unknown>;

  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.codeName = codeName;
    this.code = ERROR_CODES[codeName];
    this.extra = extra;
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** The one way to refuse something we do not implement, rather than give a wrong result. */
export function notSupported(what: string): CommandError {
  return new CommandError('NotImplemented', `${what} not supported by the adrisk embedded store`);
}

export function badValue(message: string): CommandError {
  return new CommandError('BadValue', message);
}
