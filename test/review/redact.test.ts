import { describe, expect, it } from 'vitest';
import { pseudonymizer } from '../../core/pseudonym.ts';
import { MASK, pseudonymizeContacts, textMasker } from '../../review/redact.ts';

const known = {
  phones: ['+4915123456789'],
  emails: ['lena.example@example.org'],
  handles: [{ platform: 'telegram', value: 'lena_t' }],
  raw: ['0151 2345 6789'],
};

describe('textMasker', () => {
  const mask = textMasker(known);

  it('masks the ad’s known contacts in the spellings the page used', () => {
    for (const text of [
      'Call 0151 2345 6789',
      'Call +49 151 23456789',
      'Call 0151-2345-6789',
      'call 015123456789',
      'tg lena_t',
    ]) {
      const out = mask(text);
      expect(out, text).toContain(MASK);
      expect(out.replace(/\D/g, ''), text).not.toContain('2345678');
      expect(out).not.toContain('lena_t');
    }
  });

  it('shows one contact masked in pieces as a single mask', () => {
    expect(mask('Call 0151 2345 6789 today')).toBe(`Call ${MASK} today`);
  });

  it('masks other phone-like digit runs, emails, @handles and messenger links', () => {
    expect(mask('or +39 347 123 4567')).toBe(`or ${MASK}`);
    expect(mask('mail anna(at)example.org')).toBe(`mail ${MASK}`);
    expect(mask('insta @someone_new')).toBe(`insta ${MASK}`);
    expect(mask('t.me/someone')).toBe(MASK);
  });

  it('leaves ordinary text, ages and prices alone', () => {
    expect(mask('Lena, 24, new in town, 150 EUR per hour')).toBe('Lena, 24, new in town, 150 EUR per hour');
  });
});

describe('pseudonymizeContacts', () => {
  it('replaces contacts by stable keyed tokens', () => {
    const ps = pseudonymizer('k'.repeat(32));
    const a = pseudonymizeContacts(known, ps);
    expect(a.phones[0]).toMatch(/^ps_[0-9a-f]{20}$/);
    expect(pseudonymizeContacts(known, ps)).toEqual(a);
    expect(pseudonymizeContacts(known, pseudonymizer('j'.repeat(32))).phones[0]).not.toBe(a.phones[0]);
  });
});
