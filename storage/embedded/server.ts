// The embedded MongoDB-compatible server: accepts wire-protocol connections on a loopback TCP port
// (or a Unix socket), frames messages and runs each command against the SQLite store. Commands run
// synchronously one at a time, so each is atomic, and durable (in SQLite or the redo log of
// group-commit.ts) before its reply is written.
import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import { logger } from '../../core/log.ts';
import { runCommand, type ServerInfo } from './commands/index.ts';
import { CursorRegistry } from './cursors.ts';
import { SqliteStore } from './sqlite-store.ts';
import { sweepExpired, TTL_INTERVAL_MS } from './ttl.ts';
import {
  type CommandRequest,
  encodeOpMsg,
  encodeOpReply,
  HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  parseMessage,
} from './wire-protocol.ts';

const log = logger('embedded-store');

export const DEFAULT_HOST = '127.0.0.1';

export interface EmbeddedServerOptions {
  dataDir: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Listen on this Unix socket path instead of TCP. */
  socketPath?: string;
  /** SQLite synchronous mode; FULL also survives power loss. @default 'NORMAL' */
  synchronous?: 'NORMAL' | 'FULL';
  /** How often expired documents of TTL indexes are removed. @default TTL_INTERVAL_MS (60 s) */
  ttlIntervalMs?: number;
}

export class EmbeddedServer {
  readonly store: SqliteStore;
  private readonly cursors = new CursorRegistry();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private ttlTimer: NodeJS.Timeout | undefined;
  private nextConnectionId = 1;
  private address = '';
  private readonly startedAt = new Date();

  private constructor(private readonly options: EmbeddedServerOptions) {
    this.store = new SqliteStore(options.dataDir, { synchronous: options.synchronous });
  }

  /** Opens the store and starts listening. */
  static async start(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
    const server = new EmbeddedServer(options);
    try {
      await server.listen();
      server.ttlTimer = setInterval(() => server.sweep(), options.ttlIntervalMs ?? TTL_INTERVAL_MS);
      server.ttlTimer.unref();
    } catch (error) {
      await server.store.close();
      throw error;
    }
    return server;
  }

  /** The `mongodb://` URI clients connect with. */
  get uri(): string {
    if (this.options.socketPath)
      return `mongodb://${encodeURIComponent(this.options.socketPath)}/?directConnection=true`;
    return `mongodb://${this.address}/?directConnection=true`;
  }

  private listen(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      const onListening = () => {
        server.off('error', reject);
        const address = server.address();
        if (address && typeof address === 'object') {
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          this.address = `${host}:${address.port}`;
        } else {
          this.address = String(address);
        }
        resolve();
      };
      if (this.options.socketPath) server.listen(this.options.socketPath, onListening);
      else server.listen(this.options.port ?? 0, this.options.host ?? DEFAULT_HOST, onListening);
    });
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const info: ServerInfo = {
      connectionId: this.nextConnectionId++,
      address: `${socket.remoteAddress ?? 'unix'}:${socket.remotePort ?? 0}`,
      startedAt: this.startedAt,
    };
    // Chunks are only joined once a whole message has arrived, so a large message costs one copy.
    let chunks: Buffer[] = [];
    let buffered = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      while (buffered >= HEADER_BYTES) {
        if (chunks[0]!.length < HEADER_BYTES) chunks = [Buffer.concat(chunks)];
        const length = chunks[0]!.readInt32LE(0);
        if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
          log.warn({ length }, 'bad message length; closing connection');
          socket.destroy();
          return;
        }
        if (buffered < length) break;
        const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        const message = all.subarray(0, length);
        const rest = all.subarray(length);
        chunks = rest.length > 0 ? [rest] : [];
        buffered = rest.length;
        const after: Array<() => void> = [];
        const reply = this.handle(message, info, after);
        if (reply && !socket.destroyed) socket.write(reply);
        for (const work of after) this.runAfterReply(work);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Work a command left for after its reply (storing log-ahead writes, see update.ts). */
  private runAfterReply(work: () => void): void {
    try {
      work();
    } catch (error) {
      // The writes are in the redo log, which the store has applied again after rolling back.
      log.error({ err: error }, 'storing acknowledged writes failed; they stay in the redo log');
    }
  }

  private handle(message: Buffer, info: ServerInfo, after: Array<() => void>): Buffer | undefined {
    let request: CommandRequest;
    try {
      request = parseMessage(message);
    } catch (error) {
      const responseTo = message.readInt32LE(4);
      return encodeOpMsg(responseTo, {
        ok: 0,
        errmsg: (error as Error).message,
        code: 2,
        codeName: 'BadValue',
      });
    }
    const dbName = typeof request.body.$db === 'string' ? request.body.$db : 'admin';
    const reply: Document = runCommand({
      store: this.store,
      cursors: this.cursors,
      server: info,
      dbName,
      body: request.body,
      sequences: request.sequences,
      afterReply: (work) => after.push(work),
    });
    if (request.moreToCome) return undefined;
    const responseTo = request.header.requestId;
    return request.kind === 'query' ? encodeOpReply(responseTo, reply) : encodeOpMsg(responseTo, reply);
  }

  private sweep(): void {
    try {
      const removed = sweepExpired(this.store);
      if (removed > 0) log.debug({ removed }, 'removed expired documents');
    } catch (error) {
      log.warn({ err: error }, 'TTL sweep failed');
    }
  }

  /** Stops accepting, closes connections and the store. */
  async close(): Promise<void> {
    clearInterval(this.ttlTimer);
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.store.close();
  }
}
