import { startMarketplace } from '../scripts/marketplace/index.ts';
const market = await startMarketplace({ seed: 5, adsPerSite: 12 });
for (const { truth } of market.groundTruth.ads()) if (truth.site === 'classifieds') console.log(truth.url, truth.adult, truth.crawlable, truth.category);
await market.close();
