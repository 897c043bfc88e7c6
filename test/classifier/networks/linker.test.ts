import { describe, expect, it } from 'vitest';
import {
  contactKey,
  estimateJaccard,
  type LinkableAd,
  NetworkLinker,
  networkHits,
  PhashIndex,
  parsePhash,
  textSignature,
  UnionFind,
} from '../../../classifier/networks/index.ts';

const TEMPLATE =
  'Hello gentlemen, my name is NAME and I am new in town for a few days only. I offer a relaxing time ' +
  'in a discreet apartment near the station, call or write me for an appointment, I am waiting for you.';

function ad(id: string, extra: Partial<LinkableAd> = {}): LinkableAd {
  return { id, site: 'a.example', ...extra };
}

function partition(linker: NetworkLinker): string[] {
  return linker
    .networks()
    .map((n) => n.ads.join(','))
    .sort();
}

describe('union-find', () => {
  it('joins sets and reports their size', () => {
    const uf = new UnionFind();
    uf.grow(5);
    uf.union(0, 1);
    uf.union(3, 4);
    uf.union(1, 4);
    expect(uf.find(0)).toBe(uf.find(3));
    expect(uf.setSize(4)).toBe(4);
    expect(uf.setSize(2)).toBe(1);
  });
});

describe('text signatures', () => {
  it('matches one template written with different names, cities and prices', () => {
    const a = textSignature(`${TEMPLATE.replace('NAME', 'Alina')} Only 150 euro in Berlin.`, ['Alina']);
    const b = textSignature(`${TEMPLATE.replace('NAME', 'Marta')} Only 90 euro in Hamburg.`, ['Marta']);
    expect(a && b && estimateJaccard(a, b)).toBeGreaterThan(0.9);
  });

  it('keeps unrelated texts apart', () => {
    const a = textSignature(TEMPLATE.replace('NAME', 'Alina'), ['Alina']);
    const b = textSignature(
      'Private lady offers massage sessions at her own studio, please read the rules first and book ' +
        'at least one day ahead, no messages after midnight and no calls from hidden numbers please.',
    );
    expect(a && b && estimateJaccard(a, b)).toBeLessThan(0.2);
  });

  it('gives no signature to a text too short to be a template', () => {
    expect(textSignature('Call me now')).toBeUndefined();
  });
});

describe('pHash index', () => {
  it('finds hashes within the threshold through band probing, not others', () => {
    const index = new PhashIndex(6);
    const base = parsePhash('f0e1d2c3b4a59687')!;
    index.add(...base);
    // Flip 6 bits spread over all four bands, and 8 bits (beyond the threshold).
    index.add(base[0] ^ 0x00030003, base[1] ^ 0x00010001);
    index.add(base[0] ^ 0x000f000f, base[1]);
    const near = index.near(...base).map((n) => [n.id, n.distance]);
    expect(near).toEqual([
      [0, 0],
      [1, 6],
    ]);
  });
});

describe('network linker', () => {
  it('links ads sharing a phone, an email or a handle, and keeps the evidence', () => {
    const linker = new NetworkLinker();
    linker.add([
      ad('a1', { phones: ['+4915112345678'], name: 'Alina' }),
      ad('a2', { phones: ['+4915112345678'], emails: ['X@Example.org'], name: 'Marta' }),
      ad('a3', { emails: ['x@example.org'], name: 'Ines' }),
      ad('a4', { handles: [{ platform: 'telegram', value: 'rosa_22' }] }),
      ad('a5', { handles: [{ platform: 'Telegram', value: 'Rosa_22' }] }),
      ad('a6', { phones: ['+4915199999999'] }),
    ]);
    expect(partition(linker)).toEqual(['a1,a2,a3', 'a4,a5']);
    const big = linker.networks().find((n) => n.ads.length === 3)!;
    expect(big.links.map((l) => [l.type, l.value, l.ads.join(',')]).sort()).toEqual([
      ['email', 'x@example.org', 'a2,a3'],
      ['phone', '+4915112345678', 'a1,a2'],
    ]);
  });

  it('never merges through a site-wide support number, and records it as guarded', () => {
    const linker = new NetworkLinker({ guardMinAds: 8 });
    const support = '+4930123456789';
    const ads = Array.from({ length: 20 }, (_, i) =>
      ad(`s${String(i).padStart(2, '0')}`, { site: 'big.example', name: `Name${i}`, phones: [support] }),
    );
    // Two real networks on the same site, each sharing its own phone besides the support number.
    ads[0]!.phones!.push('+4915100000001');
    ads[1]!.phones!.push('+4915100000001');
    ads[2]!.phones!.push('+4915100000002');
    ads[3]!.phones!.push('+4915100000002');
    linker.add(ads);
    expect(partition(linker)).toEqual(['s00,s01', 's02,s03']);
    expect(linker.guardedContacts()).toEqual([
      { type: 'phone', value: support, ads: 20, reason: 'site_concentration', site: 'big.example' },
    ]);
  });

  it('guards contacts the site shows in its own chrome whatever their count', () => {
    const linker = new NetworkLinker({ siteContacts: [contactKey('email', 'help@site.example')] });
    linker.add([ad('x1', { emails: ['help@site.example'] }), ad('x2', { emails: ['HELP@site.example'] })]);
    expect(partition(linker)).toEqual([]);
    expect(linker.guardedContacts()[0]).toMatchObject({ reason: 'site_chrome', value: 'help@site.example' });
  });

  it('links perceptually equal images and near-duplicate templates', () => {
    const linker = new NetworkLinker();
    linker.add([
      ad('i1', { images: [{ phash: 'f0e1d2c3b4a59687' }], name: 'Alina', city: 'Berlin' }),
      ad('i2', { images: [{ phash: 'f0e1d2c3b4a59686' }], name: 'Marta', city: 'Hamburg' }),
      ad('t1', { textSignature: textSignature(TEMPLATE.replace('NAME', 'Vera'), ['Vera']), name: 'Vera' }),
      ad('t2', { textSignature: textSignature(TEMPLATE.replace('NAME', 'Olga'), ['Olga']), name: 'Olga' }),
    ]);
    expect(partition(linker)).toEqual(['i1,i2', 't1,t2']);
    const types = linker
      .networks()
      .flatMap((n) => n.links.map((l) => `${l.type}:${l.evidence}`))
      .sort();
    expect(types[0]).toMatch(/^image:pHash distance 1–1/);
    expect(types[1]).toMatch(/^text:estimated Jaccard 1.00/);
    expect(networkHits(linker, 'i1').map((h) => h.code)).toEqual(['reused_images']);
    expect(networkHits(linker, 't2').map((h) => h.code)).toEqual(['template_text']);
  });

  it('raises shared_contact and movement for one phone in several cities within days', () => {
    const day = 24 * 3600 * 1000;
    const linker = new NetworkLinker();
    linker.add([
      ad('m1', { phones: ['+48501234567'], name: 'Alina', city: 'Berlin', time: 0 }),
      ad('m2', { phones: ['+48501234567'], name: 'Marta', city: 'Köln', time: 3 * day }),
      ad('m3', { phones: ['+48501234567'], name: 'Ines', city: 'Bonn', time: 5 * day }),
    ]);
    const hits = networkHits(linker, 'm1');
    expect(hits.map((h) => h.code).sort()).toEqual(['movement', 'shared_contact']);
    expect(hits.find((h) => h.code === 'shared_contact')!.evidence[0]).toBe(
      'phone +48501234567 on 3 ads with 3 names, 0 ages, 3 cities',
    );
    expect(hits.find((h) => h.code === 'movement')!.evidence[0]).toBe(
      'phone +48501234567 in 3 cities (Berlin, Köln, Bonn) within 5 days',
    );
  });

  it('does not call one advertiser repeating their own ad a shared contact', () => {
    const linker = new NetworkLinker();
    linker.add([
      ad('r1', { phones: ['+48501234567'], name: 'Alina', city: 'Berlin', site: 'a.example' }),
      ad('r2', { phones: ['+48501234567'], name: 'Alina', city: 'Berlin', site: 'b.example' }),
    ]);
    expect(partition(linker)).toEqual(['r1,r2']);
    expect(networkHits(linker, 'r1')).toEqual([]);
  });

  it('gives the same networks when ads arrive in batches as when linked at once', () => {
    const ads: LinkableAd[] = [];
    for (let i = 0; i < 60; i++) {
      ads.push(
        ad(`b${String(i).padStart(2, '0')}`, {
          site: i % 3 === 0 ? 'big.example' : 'small.example',
          phones: [
            `+49151000000${String(i % 13).padStart(2, '0')}`,
            ...(i % 3 === 0 ? ['+4930123456789'] : []),
          ],
          name: `N${i}`,
        }),
      );
    }
    const batch = new NetworkLinker({ guardMinAds: 5, guardSiteShare: 0.2 });
    batch.add(ads);
    const incremental = new NetworkLinker({ guardMinAds: 5, guardSiteShare: 0.2 });
    for (let from = 0; from < ads.length; from += 7) incremental.add(ads.slice(from, from + 7));
    expect(partition(incremental)).toEqual(partition(batch));
    expect(incremental.guardedContacts()).toEqual(batch.guardedContacts());
    expect(batch.guardedContacts().map((g) => g.value)).toEqual(['+4930123456789']);
    expect(incremental.rebuilds).toBeGreaterThan(0);
  });
});
