// A frozen copy of the marketplace's static sites for the crawl benchmark: pages are captured
// once, then served from memory on the same addresses and ports, so both engines are measured
// against a server that answers instantly rather than against the page generator.
import { createServer, type Server } from 'node:http';
import { request } from 'undici';

interface Captured {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Pages captured per site at most (the benchmark's page budget with a margin). */
const CAPTURE_TIMEOUT_MS = 20_000;

/** Breadth-first capture of every same-host page reachable from the seeds, up to `maxPages` per host. */
export async function capture(
  seeds: string[],
  maxPages: number,
  concurrency = 16,
): Promise<Map<string, Captured>> {
  const pages = new Map<string, Captured>();
  const queue: string[] = [];
  const perHost = new Map<string, number>();
  const enqueue = (url: string) => {
    const key = url.replace(/#.*$/, '');
    if (pages.has(key) || queue.includes(key)) return;
    const host = new URL(key).host;
    if ((perHost.get(host) ?? 0) >= maxPages) return;
    perHost.set(host, (perHost.get(host) ?? 0) + 1);
    queue.push(key);
  };
  for (const seed of seeds) {
    enqueue(seed);
    enqueue(new URL('/robots.txt', seed).toString());
  }
  const hosts = new Set(seeds.map((s) => new URL(s).host));
  const worker = async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      try {
        const res = await request(url, {
          headersTimeout: CAPTURE_TIMEOUT_MS,
          bodyTimeout: CAPTURE_TIMEOUT_MS,
        });
        const body = Buffer.from(await res.body.arrayBuffer());
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (typeof v === 'string' && k !== 'transfer-encoding') headers[k] = v;
        pages.set(url, { status: res.statusCode, headers, body });
        const links = [
          ...(headers.location ? [headers.location] : []),
          ...[...body.toString('utf8').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')),
        ];
        for (const link of links) {
          try {
            const next = new URL(link, url);
            if (hosts.has(next.host) && next.protocol === 'http:') enqueue(next.toString());
          } catch {
            // not a URL
          }
        }
      } catch {
        // slow or broken page: left out of the mirror (answered 404)
      }
    }
  };
  // Workers stop when the queue is momentarily empty; rerun until nothing is left.
  while (queue.length > 0) await Promise.all(Array.from({ length: concurrency }, worker));
  return pages;
}

/** Serves captured pages on their original host:port addresses. */
export async function serveMirror(pages: Map<string, Captured>): Promise<{ close(): Promise<void> }> {
  const byHost = new Map<string, Map<string, Captured>>();
  for (const [url, page] of pages) {
    const u = new URL(url);
    const map = byHost.get(u.host) ?? new Map<string, Captured>();
    map.set(u.pathname + u.search, page);
    byHost.set(u.host, map);
  }
  const servers: Server[] = [];
  for (const [host, map] of byHost) {
    const { hostname, port } = new URL(`http://${host}`);
    const server = createServer((req, res) => {
      const page = map.get(req.url ?? '/');
      if (!page) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res
        .writeHead(page.status, { ...page.headers, 'content-length': String(page.body.length) })
        .end(page.body);
    });
    await new Promise<void>((resolve) => server.listen(Number(port), hostname, resolve));
    servers.push(server);
  }
  return {
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
