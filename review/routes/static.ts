// The stylesheet and the small script, served from this folder (no CDN: the app works offline).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const STATIC_DIR = join(import.meta.dirname, '..', 'static');
const FILES: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
};

export function registerStaticRoutes(app: FastifyInstance): void {
  // Browsers ask for it on every page; answering keeps it out of the login redirect.
  app.get('/favicon.ico', { config: { public: true } }, async (_request, reply) => reply.code(204).send());
  for (const [name, type] of Object.entries(FILES)) {
    const body = readFileSync(join(STATIC_DIR, name));
    app.get(`/static/${name}`, { config: { public: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
}
