// Public surface of the embedded MongoDB-compatible store.

export { SUPPORTED_COMMANDS } from './commands/index.ts';
export { type DataDirLock, lockOrAttach, runningServer, type ServerFile } from './data-dir-lock.ts';
export { DEFAULT_HOST, EmbeddedServer, type EmbeddedServerOptions } from './server.ts';
export { EmbeddedThreadError, ThreadedServer } from './server-thread.ts';
