// findAndModify: find one (in sort order), then remove it or update it (or upsert), and return the
// document before or after, in one transaction.
import { type Document, serialize } from 'bson';
import { badValue, notSupported } from '../command-error.ts';
import { deserializeDoc } from '../documents.ts';
import { compileFilter, compileProjection } from '../mingo-bridge.ts';
import { firstMatch } from '../query-executor.ts';
import { applyUpdate, upsertDocument } from '../update-apply.ts';
import { type CommandContext, type CommandHandler, existing, optionalDocument } from './context.ts';
import { readSort } from './find.ts';

function run(ctx: CommandContext, name: string): Document {
  if (ctx.body.collation) throw notSupported('collation');
  const filter = optionalDocument(ctx, 'query') ?? {};
  const sort = readSort(ctx);
  const project = compileProjection(optionalDocument(ctx, 'fields'));
  const shown = (doc: Document | null) => (doc ? (project([doc])[0] ?? null) : null);
  const remove = Boolean(ctx.body.remove);
  const update = ctx.body.update;
  if (remove === (update !== undefined))
    throw badValue('findAndModify needs exactly one of remove and update');
  const arrayFilters = ctx.body.arrayFilters as Document[] | undefined;
  return ctx.store.transaction(() => {
    let info = existing(ctx, name);
    const m = info ? firstMatch(ctx.store, info, filter, sort, compileFilter(filter)) : undefined;
    if (remove) {
      if (m && info) ctx.store.remove(info, m.rid, m.doc._id);
      return { lastErrorObject: { n: m ? 1 : 0 }, value: shown(m?.doc ?? null), ok: 1 };
    }
    if (m && info) {
      const raw = m.raw ?? Buffer.from(serialize(m.doc));
      const before = deserializeDoc(raw);
      const bytes = applyUpdate(m.doc, update, arrayFilters, raw);
      if (bytes) ctx.store.replace(info, m.rid, m.doc, bytes);
      return {
        lastErrorObject: { n: 1, updatedExisting: true },
        value: shown(ctx.body.new ? m.doc : before),
        ok: 1,
      };
    }
    if (!ctx.body.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    info ??= ctx.store.ensureCollection(ctx.dbName, name).info;
    const doc = upsertDocument(filter, update, arrayFilters);
    ctx.store.insert(info, doc);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: shown(ctx.body.new ? doc : null),
      ok: 1,
    };
  });
}

export const findAndModifyCommands: Record<string, CommandHandler> = {
  findAndModify: (ctx) => run(ctx, String(ctx.body.findAndModify)),
  findandmodify: (ctx) => run(ctx, String(ctx.body.findandmodify)),
};
