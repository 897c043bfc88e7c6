// A tiny real HTTP server on a 127.0.0.x address for crawler tests, logging every request it got.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  server: Server;
  origin: string;
  host: string;
  /** Paths requested, in order (connections opened are counted separately). */
  requests: string[];
  connections: number;
  close(): Promise<void>;
}

export async function startLoopback(
  address: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Loopback> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  const state = { connections: 0 };
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    origin: `http://${address}:${port}`,
    host: `${address}:${port}`,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
