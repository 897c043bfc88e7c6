// A network of linked ads: the graph page and its JSON, both presented for the viewer.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { COLLECTIONS, type NetworkDoc } from '../../storage/index.ts';
import { networkGraph } from '../../storage/networks.ts';
import { viewerOf } from '../auth.ts';
import type { ReviewContext } from '../context.ts';
import { presentGraph } from '../present-network.ts';
import { parseInput } from '../validate.ts';
import { networkPage } from '../views/network.ts';

const idParams = z.object({ id: z.string().min(1).max(256) }).strict();

export function registerNetworkRoutes(app: FastifyInstance, ctx: ReviewContext): void {
  app.get('/networks/:id', async (request, reply) => {
    const viewer = viewerOf(request);
    const { id } = parseInput(idParams, request.params, 'network id');
    const graph = presentGraph(await networkGraph(ctx.db, id), viewer, ctx.ps);
    const doc = await ctx.db
      .collection<NetworkDoc>(COLLECTIONS.networks)
      .findOne({ _id: id }, { projection: { size: 1, sites: 1, cities: 1 } });
    await ctx.audit.append(viewer.user, 'view_network', id, { role: viewer.role });
    const summary = { size: doc?.size ?? 0, sites: doc?.sites ?? [], cities: doc?.cities ?? [] };
    return reply.type('text/html; charset=utf-8').send(String(networkPage(viewer, graph, summary)));
  });

  app.get('/api/networks/:id', async (request) => {
    const viewer = viewerOf(request);
    const { id } = parseInput(idParams, request.params, 'network id');
    const graph = presentGraph(await networkGraph(ctx.db, id), viewer, ctx.ps);
    await ctx.audit.append(viewer.user, 'view_network', id, { role: viewer.role, via: 'api' });
    return graph;
  });
}
