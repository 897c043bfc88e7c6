// insert: every document of the command in one SQLite transaction, committed before the reply.
import { withIdFirst } from '../update-apply.ts';
import { type CommandHandler, collectionName, documentList } from './context.ts';
import { isOrdered, WriteErrors } from './write-errors.ts';

const insert: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'insert');
  const docs = documentList(ctx, 'documents');
  const errors = new WriteErrors(isOrdered(ctx.body));
  let n = 0;
  ctx.store.transaction(() => {
    const { info } = ctx.store.ensureCollection(ctx.dbName, name);
    for (let i = 0; i < docs.length; i++) {
      const { doc, bytes } = docs[i]!;
      const ok = errors.run(i, () => {
        const stored = withIdFirst(doc);
        // The bytes as sent can be stored unchanged unless _id had to be added or moved first.
        ctx.store.insert(info, stored, stored === doc ? bytes : undefined);
        n++;
      });
      docs[i]!.release?.();
      if (!ok) break;
    }
  });
  return errors.reply({ n });
};

export const insertCommands: Record<string, CommandHandler> = { insert };
