import { describe, expect, it } from 'vitest';
import { batchPriceNorms, entitySignals } from '../../../classifier/indicators/index.ts';
import { cachedProfile, profileFor } from '../../../classifier/profiles/index.ts';
import { noEntities } from './no-entities.ts';

const profile = cachedProfile().base;

const entities = noEntities;

describe('entitySignals', () => {
  it('reads a stated age under 18 as minor_age and 18–19 as youth', () => {
    const minor = entitySignals(entities({ ages: [16] }), profile);
    expect(minor.map((s) => s.code)).toEqual(['minor_age']);
    expect(minor[0]!.evidence).toEqual(['stated age 16']);
    expect(entitySignals(entities({ ages: [19] }), profile).map((s) => s.code)).toEqual(['youth']);
    expect(entitySignals(entities({ ages: [25] }), profile)).toEqual([]);
  });

  it('records how each hidden contact was hidden as coded_language evidence', () => {
    const hits = entitySignals(
      entities({
        phones: ['+491712345678'],
        phoneDetails: [
          {
            e164: '+491712345678',
            raw: 'null eins sieben eins 2345678',
            source: 'text',
            obfuscations: ['words'],
          },
        ],
        contactObfuscations: ['at_dot_spelling'],
      }),
      profile,
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]!.code).toBe('coded_language');
    expect(hits[0]!.strength).toBe(1);
    expect(hits[0]!.evidence.join(' ')).toContain('digits written as words');
    expect(hits[0]!.evidence.join(' ')).toContain('null eins sieben');
    expect(hits[0]!.evidence.join(' ')).toContain('"at"/"dot"');
  });

  it('does not treat a plainly written number as hidden', () => {
    const plain = entities({
      phones: ['+491712345678'],
      phoneDetails: [{ e164: '+491712345678', raw: '0171 2345678', source: 'text', obfuscations: [] }],
    });
    expect(entitySignals(plain, profile)).toEqual([]);
  });

  it('fires low_price relative to the currency norm, per hour', () => {
    const cheap = entities({ prices: [{ amount: 30, currency: 'EUR', minutes: 30, raw: '30€ 30min' }] });
    const hits = entitySignals(cheap, profile);
    expect(hits.map((s) => s.code)).toEqual(['low_price']);
    expect(hits[0]!.evidence[0]).toContain('60 EUR/h');
    const normal = entities({ prices: [{ amount: 80, currency: 'EUR', minutes: 30, raw: '80€ 30min' }] });
    expect(entitySignals(normal, profile)).toEqual([]);
  });

  it('prefers the batch norm, then the city norm of the region, over the currency norm', () => {
    const ad = entities({ prices: [{ amount: 90, currency: 'EUR', minutes: 60, raw: '90€' }] });
    expect(entitySignals(ad, profile)).toEqual([]);
    expect(entitySignals(ad, profile, { priceNorms: { EUR: 250 } }).map((s) => s.code)).toEqual([
      'low_price',
    ]);
    const de = profileFor(cachedProfile(), 'DE');
    expect(entitySignals(ad, de, { city: 'München' }).map((s) => s.code)).toEqual(['low_price']);
  });

  it('computes a batch median per currency once there are enough prices', () => {
    const batch = [100, 120, 150, 200, 300].map((amount) => [{ amount, currency: 'eur', raw: `${amount}` }]);
    expect(batchPriceNorms(batch)).toEqual({ EUR: 150 });
    expect(batchPriceNorms(batch.slice(0, 2))).toEqual({});
  });
});
