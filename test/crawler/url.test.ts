import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, hostOf, urlFingerprint } from '../../crawler/url.ts';

describe('canonicalizeUrl', () => {
  it('lower-cases scheme and host, drops default port and fragment', () => {
    expect(canonicalizeUrl('HTTP://Example.COM:80/a/b#top')).toBe('http://example.com/a/b');
  });

  it('sorts query parameters and drops tracking and session parameters', () => {
    expect(canonicalizeUrl('https://x.test/list?b=2&utm_source=n&a=1&PHPSESSID=abc')).toBe(
      'https://x.test/list?a=1&b=2',
    );
  });

  it('resolves relative links and dot segments against a base', () => {
    expect(canonicalizeUrl('../ads/7?', 'http://x.test/city/page/')).toBe('http://x.test/city/ads/7');
  });

  it('refuses non-http schemes and absurdly long URLs', () => {
    expect(canonicalizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalizeUrl('mailto:a@b.test')).toBeUndefined();
    expect(canonicalizeUrl(`http://x.test/?q=${'a'.repeat(3000)}`)).toBeUndefined();
  });

  it('gives two spellings of one page the same fingerprint', () => {
    const a = urlFingerprint(canonicalizeUrl('http://X.test/p?b=1&a=2#x')!);
    const b = urlFingerprint(canonicalizeUrl('http://x.test:80/p?a=2&b=1')!);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keys hosts with their non-default port', () => {
    expect(hostOf('http://127.0.0.2:8080/x')).toBe('127.0.0.2:8080');
    expect(hostOf('https://Site.test:443/')).toBe('site.test');
  });
});
