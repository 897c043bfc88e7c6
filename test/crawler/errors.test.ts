import { describe, expect, it } from 'vitest';
import {
  BlockedByRobotsError,
  decide,
  FatalCrawlError,
  HttpStatusError,
  RedirectError,
  ServerError,
  ThrottledError,
  TimeoutError,
  UnsafeUrlError,
} from '../../crawler/errors.ts';

describe('failure decisions', () => {
  it('fails for good on policy refusals and permanent statuses', () => {
    expect(decide(new BlockedByRobotsError('http://x.test/p'))).toBe('fail');
    expect(decide(new UnsafeUrlError('no', 'http://10.0.0.1/'))).toBe('fail');
    expect(decide(new RedirectError('redirect_loop', 'loop', 'http://x.test/'))).toBe('fail');
    expect(decide(new HttpStatusError('http://x.test/', 404))).toBe('fail');
  });

  it('retries transient failures and unknown errors', () => {
    expect(decide(new TimeoutError('http://x.test/', 'headers'))).toBe('retry');
    expect(decide(new ServerError('http://x.test/', 502))).toBe('retry');
    expect(decide(new TypeError('parser bug'))).toBe('retry');
  });

  it('throttles on slow-down answers and stops on fatal ones', () => {
    expect(decide(new ThrottledError('http://x.test/', 429, 1000))).toBe('throttle');
    expect(decide(new FatalCrawlError('db_gone', 'database unreachable'))).toBe('fatal');
  });
});
