import { describe, expect, it } from 'vitest';
import { assignNetworkIds, newNetworkId } from '../../../classifier/networks/index.ts';

const net = (...ads: string[]) => ({ ads, links: [] });

describe('stable network ids', () => {
  it('names a new network after its smallest member, the same on every run', () => {
    const { identities } = assignNetworkIds(
      [net('a2', 'a7')],
      () => undefined,
      () => 0,
    );
    expect(identities).toEqual([
      { id: newNetworkId('a2'), network: net('a2', 'a7'), mergedFrom: [], changed: true },
    ]);
    expect(newNetworkId('a2')).toBe(newNetworkId('a2'));
  });

  it('keeps the id when new ads join, and reports the network as changed', () => {
    const previous = new Map([
      ['a1', 'net_x'],
      ['a2', 'net_x'],
    ]);
    const { identities } = assignNetworkIds(
      [net('a0', 'a1', 'a2')],
      (a) => previous.get(a),
      () => 2,
    );
    expect(identities[0]).toMatchObject({ id: 'net_x', mergedFrom: [], changed: true });
  });

  it('keeps the larger network’s id on a merge and records the merged one', () => {
    const previous = new Map([
      ['a1', 'net_small'],
      ['a2', 'net_big'],
      ['a3', 'net_big'],
    ]);
    const sizes = new Map([
      ['net_small', 1],
      ['net_big', 2],
    ]);
    const { identities, retired } = assignNetworkIds(
      [net('a1', 'a2', 'a3', 'a4')],
      (a) => previous.get(a),
      (id) => sizes.get(id) ?? 0,
    );
    expect(identities[0]).toMatchObject({ id: 'net_big', mergedFrom: ['net_small'] });
    expect(retired).toEqual(['net_small']);
  });

  it('leaves an unchanged network unchanged', () => {
    const previous = new Map([
      ['a1', 'net_x'],
      ['a2', 'net_x'],
    ]);
    const { identities } = assignNetworkIds(
      [net('a1', 'a2')],
      (a) => previous.get(a),
      () => 2,
    );
    expect(identities[0]).toMatchObject({ id: 'net_x', changed: false });
  });

  it('gives the old id to the larger part when a network splits', () => {
    const previous = new Map(['a1', 'a2', 'a3', 'a4', 'a5'].map((a) => [a, 'net_x'] as const));
    const { identities } = assignNetworkIds(
      [net('a1', 'a2'), net('a3', 'a4', 'a5')],
      (a) => previous.get(a),
      () => 5,
    );
    expect(identities.map((i) => [i.id, i.network.ads.length])).toEqual([
      ['net_x', 3],
      [newNetworkId('a1'), 2],
    ]);
  });
});
