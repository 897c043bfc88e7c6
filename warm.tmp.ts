const t0 = performance.now();
const { analyzePage } = await import('./crawler/analysis/index.ts');
const t1 = performance.now();
const page = (i: number) => ({ url: `https://x.test/ad/${i}`, status: 200, contentType: 'text/html', headers: {}, rendered: false,
  html: `<html lang="en"><head><title>Anna ${i} escort Berlin</title></head><body><h1>Anna, 23</h1><p>Independent escort in Berlin, incall and outcall, massage. Call +49 151 23456789</p><a href="/list">list</a><a href="https://other.test/">Other escorts</a></body></html>` });
for (let i = 0; i < 5; i++) { const s = performance.now(); analyzePage(page(i), { host: 'x.test', baseUrl: 'https://x.test' }); console.log('call', i, (performance.now() - s).toFixed(1), 'ms'); }
console.log('import', (t1 - t0).toFixed(0), 'ms');
