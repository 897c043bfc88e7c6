// An error a route raises on purpose, with the HTTP status the reviewer gets and a message that is
// safe to show (never an echo of the request).
import { AdriskError } from '../core/errors.ts';

export class HttpError extends AdriskError {
  readonly status: number;
  constructor(status: number, message: string) {
    super(`http_${status}`, message);
    this.status = status;
  }
}
