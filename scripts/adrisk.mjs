#!/usr/bin/env node
// The `adrisk` executable: runs the TypeScript CLI through tsx so no build step is needed.
// `natural` prints dotenv tips on stdout when imported; keep stdout clean for JSONL.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv);
