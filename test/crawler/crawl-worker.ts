// A crawl worker in its own process, as a second `adrisk crawl` would be: connects to the store at
// the given URI and crawls with the engine-test analyzer. Prints the summary as JSON on stdout.
import { crawl } from '../../crawler/crawl.ts';
import type { CrawlOptionsInput } from '../../crawler/options.ts';
import { openStore } from '../../storage/index.ts';
import { trivialAnalyze } from './trivial-analyzer.ts';

const { uri, options } = JSON.parse(process.argv[2]!) as { uri: string; options: CrawlOptionsInput };
const store = await openStore({ uri });
try {
  const summary = await crawl(
    { ...options, handleSignals: true },
    { db: store.db, analyzePage: trivialAnalyze },
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await store.close();
}
