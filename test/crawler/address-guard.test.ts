import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeUrl, isPrivateAddress } from '../../crawler/address-guard.ts';
import { UnsafeUrlError } from '../../crawler/errors.ts';
import { Fetcher } from '../../crawler/fetch.ts';
import { type Loopback, startLoopback } from './loopback.ts';

describe('isPrivateAddress', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.9',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fc00::5',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '1.1.1.1', '2606:4700::1111'])('accepts public %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('assertSafeUrl', () => {
  it('refuses private, link-local and loopback literals without the flag', async () => {
    for (const url of [
      'http://10.0.0.8/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/',
      'http://127.0.0.9/',
    ]) {
      await expect(assertSafeUrl(url)).rejects.toBeInstanceOf(UnsafeUrlError);
    }
  });

  it('refuses localhost names after resolving them', async () => {
    await expect(assertSafeUrl('http://localhost:9/')).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://x.test/',
      'gopher://x.test/',
      'data:text/html,hi',
      'javascript:1',
    ]) {
      await expect(assertSafeUrl(url, { allowPrivateHosts: true })).rejects.toBeInstanceOf(UnsafeUrlError);
    }
  });

  it('allows private targets with allowPrivateHosts', async () => {
    await expect(assertSafeUrl('http://127.0.0.9/', { allowPrivateHosts: true })).resolves.toBeInstanceOf(
      URL,
    );
  });
});

describe('redirects through the guard', () => {
  let origin: Loopback;
  let target: Loopback;
  beforeAll(async () => {
    target = await startLoopback('127.0.0.6', (_req, res) => res.end('secret'));
    origin = await startLoopback('127.0.0.5', (req, res) => {
      const to =
        req.url === '/to-metadata'
          ? 'http://169.254.169.254/latest/meta-data/'
          : req.url === '/to-loopback'
            ? `${target.origin}/`
            : 'file:///etc/passwd';
      res.writeHead(302, { location: to }).end();
    });
  });
  afterAll(async () => {
    await origin.close();
    await target.close();
  });

  // Only the first server is allowed, as a user's public site would be.
  const fetcher = () =>
    new Fetcher({
      userAgent: 'adrisk-test',
      timeoutMs: 2000,
      maxBodyBytes: 1000,
      maxRedirects: 5,
      guard: { allowAddresses: ['127.0.0.5'] },
    });

  it('refuses a redirect to the link-local metadata address before connecting', async () => {
    const f = fetcher();
    await expect(f.fetch({ url: `${origin.origin}/to-metadata` })).rejects.toBeInstanceOf(UnsafeUrlError);
    await f.close();
  });

  it('refuses a redirect to another loopback host and never connects to it', async () => {
    const f = fetcher();
    await expect(f.fetch({ url: `${origin.origin}/to-loopback` })).rejects.toBeInstanceOf(UnsafeUrlError);
    await f.close();
    expect(target.connections).toBe(0);
    expect(target.requests).toEqual([]);
  });

  it('refuses a redirect to a file: URL', async () => {
    const f = fetcher();
    await expect(f.fetch({ url: `${origin.origin}/to-file` })).rejects.toBeInstanceOf(UnsafeUrlError);
    await f.close();
  });
});
