// Connection-level commands: the handshake, liveness and the server facts drivers and shells ask for.
import { Long } from 'bson';
import { MAX_BSON_OBJECT_BYTES, MAX_MESSAGE_BYTES } from '../wire-protocol.ts';
import type { CommandContext, CommandHandler } from './context.ts';

/** MongoDB 7.0's wire version; the driver needs ≥ 8 and uses modern commands above 17. */
export const MAX_WIRE_VERSION = 21;
export const MAX_WRITE_BATCH_SIZE = 100_000;
export const LOGICAL_SESSION_TIMEOUT_MINUTES = 30;
export const SERVER_VERSION = '7.0.0';

const hello: CommandHandler = (ctx: CommandContext) => ({
  ...(ctx.body.helloOk ? { helloOk: true } : {}),
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
  maxMessageSizeBytes: MAX_MESSAGE_BYTES,
  maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: LOGICAL_SESSION_TIMEOUT_MINUTES,
  connectionId: ctx.server.connectionId,
  minWireVersion: 0,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
  ok: 1,
});

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: SERVER_VERSION,
    versionArray: [7, 0, 0, 0],
    gitVersion: 'adrisk-embedded',
    bits: 64,
    maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
    storageEngines: ['adrisk-sqlite'],
    modules: [],
    ok: 1,
  }),
  buildinfo: (ctx) => handshakeCommands.buildInfo!(ctx),
  endSessions: () => ({ ok: 1 }),
  getParameter: (ctx) => ({
    ...(ctx.body.featureCompatibilityVersion ? { featureCompatibilityVersion: { version: '7.0' } } : {}),
    ok: 1,
  }),
  getLog: (ctx) =>
    ctx.body.getLog === '*'
      ? { names: ['startupWarnings'], ok: 1 }
      : { totalLinesWritten: 0, log: [], ok: 1 },
  whatsmyuri: (ctx) => ({ you: ctx.server.address, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  hostInfo: () => ({ system: { currentTime: new Date(), hostname: 'localhost' }, os: {}, extra: {}, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['adrisk', 'db', 'serve'], parsed: {}, ok: 1 }),
  serverStatus: (ctx) => ({
    host: ctx.server.address,
    version: SERVER_VERSION,
    process: 'adrisk',
    uptime: (Date.now() - ctx.server.startedAt.getTime()) / 1000,
    localTime: new Date(),
    connections: { current: Long.fromNumber(1) },
    ok: 1,
  }),
};
