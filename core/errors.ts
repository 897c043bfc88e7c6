// Base of every error adrisk raises on purpose. The CLI turns an AdriskError into one line on stderr
// and its exit code; anything else is a bug and is reported as such (still without a stack trace
// unless ADRISK_DEBUG is set).

export type ExitCode = 1 | 2;

export class AdriskError extends Error {
  /** Stable machine-readable code, e.g. `config_invalid`. */
  readonly code: string;
  /** 2 for usage/configuration/input problems the user can fix; 1 for runtime failures. */
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: { cause?: unknown; exitCode?: ExitCode } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad configuration (file, environment or flags). Exit code 2. */
export class ConfigError extends AdriskError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('config_invalid', message, { ...options, exitCode: 2 });
  }
}

/** Bad input given by the user (arguments, input files). Exit code 2. */
export class InputError extends AdriskError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('input_invalid', message, { ...options, exitCode: 2 });
  }
}

/** A thing the user asked for does not exist (ad id, network id, user). Exit code 1. */
export class NotFoundError extends AdriskError {
  constructor(message: string) {
    super('not_found', message, { exitCode: 1 });
  }
}

/** Formats a zod-style issue list as one readable line. */
export function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  return issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
