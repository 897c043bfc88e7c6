import { analyzePage } from '../crawler/analysis/index.ts';
const html = '<html><body><h1>Berlin</h1><a href="/ad/1">Anna, 25</a><p>Escort directory of Berlin. Rates incall outcall.</p></body></html>';
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  analyzePage({ url: 'http://127.0.0.11/city/berlin', status: 200, contentType: 'text/html', html, headers: {}, rendered: false }, { host: '127.0.0.11', baseUrl: 'http://127.0.0.11' });
  console.log((performance.now() - t).toFixed(1), 'ms');
}
