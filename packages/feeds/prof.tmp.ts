import { writePartsUnlimitedFiles } from './src/__fixtures__/generate-parts-unlimited-files.js';
import { createFileSource, createPartsUnlimitedParser, ingestFeed } from './src/index.js';
import { createCountingCatalog, testContext } from './src/__fixtures__/feed-test-helpers.js';
const rows = 300_000;
const basePath = '/tmp/feeds-scratch/b.csv', dealerPath = '/tmp/feeds-scratch/d.csv';
await writePartsUnlimitedFiles({ rows, basePath, dealerPath });
for (let r = 0; r < 2; r++) {
  let t = performance.now();
  let n = 0;
  for await (const batch of createPartsUnlimitedParser().parse(await createFileSource(basePath).open(), testContext())) n += batch.offers.length;
  console.log('parser only, no dealer', n, Math.round(rows / ((performance.now() - t) / 1000)));
  t = performance.now(); n = 0;
  for await (const batch of createPartsUnlimitedParser({ dealerFile: createFileSource(dealerPath) }).parse(await createFileSource(basePath).open(), testContext())) n += batch.offers.length;
  console.log('parser with dealer', n, Math.round(rows / ((performance.now() - t) / 1000)));
  t = performance.now();
  await ingestFeed({ distributor: 'parts-unlimited', source: createFileSource(basePath), parser: createPartsUnlimitedParser({ dealerFile: createFileSource(dealerPath) }), catalog: createCountingCatalog() });
  console.log('ingest', Math.round(rows / ((performance.now() - t) / 1000)));
}
