const orig = RegExp.prototype.exec;
const stats = new Map<string, { n: number; ms: number }>();
RegExp.prototype.exec = function (s: string) {
  const t = performance.now();
  const r = orig.call(this, s);
  const d = performance.now() - t;
  if (this.source.length > 200) {
    const k = this.source.slice(0, 60) + '|' + this.source.length + '|' + this.flags;
    const e = stats.get(k) ?? { n: 0, ms: 0 }; e.n++; e.ms += d; stats.set(k, e);
  }
  return r;
};
const { analyzePage } = await import('./crawler/analysis/index.ts');
const page = (i: number) => ({ url: `https://x.test/ad/${i}`, status: 200, contentType: 'text/html', headers: {}, rendered: false,
  html: `<html lang="en"><head><title>Anna ${i} escort Berlin</title></head><body><h1>Anna, 23</h1><p>Independent escort in Berlin, incall and outcall, massage. Call +49 151 23456789</p><a href="/list">list</a><a href="https://other.test/">Other escorts</a></body></html>` });
for (let i = 0; i < 5; i++) { const s = performance.now(); analyzePage(page(i), { host: 'x.test', baseUrl: 'https://x.test' }); console.log('call', i, (performance.now() - s).toFixed(1), 'ms'); }
console.log([...stats].sort((a,b)=>b[1].ms-a[1].ms).slice(0,12).map(([k,v])=>`${v.ms.toFixed(0)}ms n=${v.n} ${k}`).join('\n'));
