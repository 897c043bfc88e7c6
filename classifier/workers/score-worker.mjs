// Entry of a scoring worker thread. Workers do not inherit the TypeScript loader that the CLI
// registers programmatically, so register tsx here before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./score-worker.ts');
