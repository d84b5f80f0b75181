import { createFileSource, createPartsUnlimitedParser, ingestFeed } from './src/index.js';
import { createCountingCatalog } from './src/__fixtures__/feed-test-helpers.js';
const basePath = '/tmp/feeds-scratch/b.csv', dealerPath = '/tmp/feeds-scratch/d.csv';
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  await ingestFeed({ distributor: 'parts-unlimited', source: createFileSource(basePath), parser: createPartsUnlimitedParser({ dealerFile: createFileSource(dealerPath) }), catalog: createCountingCatalog() });
  console.log('ingest', Math.round(300000 / ((performance.now() - t) / 1000)));
}
