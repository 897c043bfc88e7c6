import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  queueFilter,
  queueLink,
  queueQuerySchema,
} from '../../review/queue-query.ts';

const parse = (q: Record<string, unknown>) => queueQuerySchema.safeParse(q);

describe('queue query parameters', () => {
  it('accepts the documented filters and maps them to indexed fields', () => {
    const q = parse({
      site: 'Lounge.Example.test',
      city: 'Saint-Étienne',
      level: 'high',
      indicator: 'minor_age',
      status: 'pending',
    });
    expect(q.success).toBe(true);
    expect(queueFilter(q.data!)).toEqual({
      site: 'lounge.example.test',
      city: 'Saint-Étienne',
      level: 'high',
      indicatorCodes: 'minor_age',
      reviewStatus: { $in: ['pending', null] },
    });
  });

  it('rejects operator keys, objects, arrays and operator-looking strings', () => {
    for (const bad of [
      { 'site[$ne]': 'x' },
      { site: { $ne: 1 } },
      { site: ['a', 'b'] },
      { site: '{"$ne":1}' },
      { city: '$where' },
      { network: '{"$gt":""}' },
      { level: 'critical' },
      { limit: '{"$gt":0}' },
      { after: '1~0.5~{"$gt":""}' },
      { $where: '1' },
    ]) {
      expect(parse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('treats empty form fields as no filter and bounds the page size', () => {
    const q = parse({ site: '', level: '', limit: '5000' });
    expect(q.data).toMatchObject({ site: undefined, level: undefined, limit: 100 });
  });
});

describe('queue cursor', () => {
  it('round-trips urgent, risk and id, and validates under the schema', () => {
    const cursor = encodeCursor({ _id: 'ad_12ab', urgent: true, risk: 0.8125 });
    expect(decodeCursor(cursor)).toEqual({ urgent: true, risk: 0.8125, id: 'ad_12ab' });
    expect(parse({ after: cursor }).success).toBe(true);
  });

  it('keeps filters and replaces the cursor in links', () => {
    const q = queueQuerySchema.parse({
      site: 'a.test',
      after: encodeCursor({ _id: 'x', urgent: false, risk: 0.5 }),
    });
    expect(queueLink(q, 'c')).toBe('/?site=a.test&after=c');
    expect(queueLink(q)).toBe('/?site=a.test');
  });
});
