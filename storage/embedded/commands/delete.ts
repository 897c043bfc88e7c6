// delete: each statement `{ q, limit }` removes one (limit 1) or every matching document.
import type { Document } from 'bson';
import { badValue, notSupported } from '../command-error.ts';
import { isPlainObject } from '../key-encoding.ts';
import { lazyFilter } from '../mingo-bridge.ts';
import { firstMatch, scanMatches } from '../query-executor.ts';
import { type CommandHandler, collectionName, documentList, existing } from './context.ts';
import { isOrdered, WriteErrors } from './write-errors.ts';

const remove: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'delete');
  const statements = documentList(ctx, 'deletes');
  const errors = new WriteErrors(isOrdered(ctx.body));
  let n = 0;
  ctx.store.transaction(() => {
    const info = existing(ctx, name);
    if (!info) return;
    for (let i = 0; i < statements.length; i++) {
      const statement: Document = statements[i]!.doc;
      const ok = errors.run(i, () => {
        const filter = statement.q ?? {};
        if (!isPlainObject(filter)) throw badValue('q must be a document');
        if (statement.collation) throw notSupported('collation');
        const matcher = lazyFilter(filter);
        if (Number(statement.limit) === 1) {
          const m = firstMatch(ctx.store, info, filter, [], matcher);
          if (m) {
            ctx.store.remove(info, m.rid, m.doc._id);
            n++;
          }
          return;
        }
        for (const m of scanMatches(ctx.store, info, filter, matcher)) {
          ctx.store.remove(info, m.rid, m.doc._id);
          n++;
        }
      });
      statements[i]!.release?.();
      if (!ok) break;
    }
  });
  return errors.reply({ n });
};

export const deleteCommands: Record<string, CommandHandler> = { delete: remove };
