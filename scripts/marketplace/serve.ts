// Runs the synthetic marketplace by hand:
//   node --import tsx scripts/marketplace/serve.ts --seed 1 --ads 200 [--truth DIR] [--port N]
// prints each site's URL and serves until Ctrl-C.
import { parseArgs } from 'node:util';
import { startMarketplace } from './server.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    ads: { type: 'string', default: '120' },
    port: { type: 'string', default: '0' },
    truth: { type: 'string' },
    'slow-ms': { type: 'string' },
  },
});

const marketplace = await startMarketplace({
  seed: Number(values.seed),
  scale: Number(values.ads),
  basePort: Number(values.port),
  ...(values['slow-ms'] ? { slowMs: Number(values['slow-ms']) } : {}),
});
for (const site of marketplace.sites)
  process.stdout.write(`${site.key.padEnd(12)} ${site.type.padEnd(17)} ${site.baseUrl}/\n`);
if (values.truth) {
  const paths = await marketplace.writeGroundTruth(values.truth);
  process.stdout.write(`ground truth: ${paths.sites} ${paths.ads} ${paths.networks}\n`);
}
const stop = () => {
  void marketplace.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
