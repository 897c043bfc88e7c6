import { it } from 'vitest';
import { extractEntities, inferRegion } from '../../../classifier/entities/index.ts';
import { generateAds } from '../../../scripts/marketplace/index.ts';

it('corpus', () => {
  let tp = 0,
    fp = 0,
    fn = 0,
    n = 0;
  const misses: string[] = [];
  const styles: Record<string, [number, number]> = {};
  let eTp = 0,
    eFn = 0,
    eFp = 0,
    hTp = 0,
    hFn = 0,
    aTp = 0,
    aFn = 0,
    aFp = 0;
  const t0 = performance.now();
  let extractMs = 0;
  for (const { ad, truth } of generateAds({ seed: 7, count: 3000 })) {
    n++;
    const text = `${ad.title}\n${ad.text}`;
    const region = inferRegion({ site: ad.site, url: ad.url, language: truth.language });
    const t = performance.now();
    const e = extractEntities(text, { defaultRegion: region });
    extractMs += performance.now() - t;
    const exp = truth.phones.filter((p) => p.style !== 'image').map((p) => p.e164);
    for (const p of truth.phones.filter((p) => p.style !== 'image')) {
      const s = (styles[p.style] ??= [0, 0]);
      s[1]++;
      if (e.phones.includes(p.e164)) s[0]++;
      else if (p.style !== 'plain' && misses.length < 25)
        misses.push(
          `FN [${p.style}] ${JSON.stringify(p.shown)} region=${region} lang=${truth.language} country=${truth.country}`,
        );
    }
    for (const p of e.phones)
      if (exp.includes(p)) tp++;
      else {
        fp++;
        if (false) misses.push(`FP ${p} in ${JSON.stringify(text.slice(0, 300))}`);
      }
    fn += exp.filter((p) => !e.phones.includes(p)).length;
    const ee = truth.emails.map((x) => x.value.toLowerCase());
    eTp += e.emails.filter((x) => ee.includes(x)).length;
    eFp += e.emails.filter((x) => !ee.includes(x)).length;
    eFn += ee.filter((x) => !e.emails.includes(x)).length;
    for (const x of truth.emails)
      if (!e.emails.includes(x.value.toLowerCase()) && misses.length < 50)
        misses.push(`EMAIL ${x.value} shown ${JSON.stringify(x.shown)}`);
    for (const h of truth.handles) {
      if (
        e.handles.some(
          (x) => x.platform === h.platform && x.value === h.value.toLowerCase().replace(/^[@+]/, ''),
        )
      )
        hTp++;
      else {
        hFn++;
        if (misses.length < 25) misses.push(`HFN ${h.platform}:${h.value} shown ${JSON.stringify(h.shown)}`);
      }
    }
    if (truth.age !== undefined && text.includes(String(truth.age))) {
      if (e.ages.includes(truth.age)) aTp++;
      else {
        aFn++;
        if (false) misses.push(`AGE ${truth.age} ${JSON.stringify(text.slice(0, 200))}`);
      }
    }
  }
  console.log(
    JSON.stringify({
      ads: n,
      phone: { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn) },
      styles,
      email: { eTp, eFp, eFn },
      handles: { hTp, hFn },
      ages: { aTp, aFn },
      usPerAd: ((extractMs * 1000) / n).toFixed(1),
    }),
  );
  console.log(misses.join('\n'));
});
