// The command table and dispatcher: a command is the first key of the request body.
import type { Document } from 'bson';
import { badValue, CommandError, notSupported } from '../command-error.ts';
import { ProtocolError } from '../wire-protocol.ts';
import { aggregateCommands } from './aggregate.ts';
import { collectionCommands } from './collections.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { countCommands } from './count.ts';
import { deleteCommands } from './delete.ts';
import { findCommands } from './find.ts';
import { findAndModifyCommands } from './find-and-modify.ts';
import { handshakeCommands } from './handshake.ts';
import { indexCommands } from './indexes.ts';
import { insertCommands } from './insert.ts';
import { updateCommands } from './update.ts';

export type { CommandContext, ServerInfo } from './context.ts';

const COMMANDS: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...insertCommands,
  ...updateCommands,
  ...deleteCommands,
  ...findCommands,
  ...countCommands,
  ...aggregateCommands,
  ...findAndModifyCommands,
  ...indexCommands,
  ...collectionCommands,
};

export const SUPPORTED_COMMANDS = Object.keys(COMMANDS);

/** Runs one command; any failure becomes an `ok: 0` reply, never a dropped connection. */
export function runCommand(ctx: CommandContext): Document {
  const name = Object.keys(ctx.body)[0] ?? '';
  try {
    const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!handler) {
      throw new CommandError('CommandNotFound', `command ${name} not supported by the adrisk embedded store`);
    }
    if (ctx.body.startTransaction || ctx.body.autocommit === false) throw notSupported('transactions');
    return handler(ctx);
  } catch (error) {
    if (error instanceof CommandError) return error.toReply();
    // A malformed document of a sequence, found when the command decoded it (nothing committed).
    if (error instanceof ProtocolError) return badValue(error.message).toReply();
    const message = error instanceof Error ? error.message : String(error);
    return { ok: 0, errmsg: `internal error in ${name}: ${message}`, code: 1, codeName: 'InternalError' };
  }
}
