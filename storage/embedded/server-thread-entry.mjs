// Entry of the embedded server's thread. Worker threads do not inherit the TypeScript loader that
// the CLI registers programmatically, so register tsx here before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./server-thread-worker.ts');
