// What every command handler receives, and the small argument readers they share.
import type { Document } from 'bson';
import type { CollectionInfo } from '../catalog.ts';
import { badValue, CommandError } from '../command-error.ts';
import type { CursorRegistry } from '../cursors.ts';
import type { SqliteStore } from '../sqlite-store.ts';
import type { RawDocument } from '../wire-protocol.ts';

export interface ServerInfo {
  connectionId: number;
  /** host:port clients reach us at, for `hello.me`-style fields. */
  address: string;
  startedAt: Date;
}

export interface CommandContext {
  store: SqliteStore;
  cursors: CursorRegistry;
  server: ServerInfo;
  dbName: string;
  body: Document;
  sequences: Map<string, RawDocument[]>;
  /**
   * Runs work right after the reply is written (before the next command); absent where a caller
   * cannot, and then commands do all their work before replying.
   */
  afterReply?: (work: () => void) => void;
}

export type CommandHandler = (ctx: CommandContext) => Document;

/** The collection name a command names as its first value (e.g. `{ find: 'ads' }`). */
export function collectionName(ctx: CommandContext, command: string): string {
  const name = ctx.body[command];
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError('InvalidNamespace', `${command} needs a collection name`);
  }
  return name;
}

export function existing(ctx: CommandContext, name: string): CollectionInfo | undefined {
  return ctx.store.collection(ctx.dbName, name);
}

export function namespace(ctx: CommandContext, name: string): string {
  return `${ctx.dbName}.${name}`;
}

/** A list argument that may come in the body or as an OP_MSG document sequence. */
export function documentList(ctx: CommandContext, field: string): RawDocument[] {
  const seq = ctx.sequences.get(field);
  if (seq) return seq;
  const inline = ctx.body[field];
  if (inline === undefined) return [];
  if (!Array.isArray(inline)) throw badValue(`${field} must be an array`);
  return inline.map((doc: Document) => ({ doc, bytes: undefined as unknown as Uint8Array }));
}

export function optionalDocument(ctx: CommandContext, field: string): Document | undefined {
  const value = ctx.body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badValue(`${field} must be a document`);
  return value as Document;
}

export function optionalCount(ctx: CommandContext, field: string): number | undefined {
  const value = ctx.body[field];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw badValue(`${field} must be a non-negative number`);
  return Math.floor(n);
}
