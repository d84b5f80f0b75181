import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { writePartsUnlimitedFiles } from './src/__fixtures__/generate-parts-unlimited-files.js';
import { parseCsvChunks } from './src/read-csv-records.js';
const rows = 300_000;
const t0 = performance.now();
const sizes = await writePartsUnlimitedFiles({ rows, basePath: '/tmp/feeds-scratch/base.csv', dealerPath: '/tmp/feeds-scratch/dealer.csv' });
console.log('gen', Math.round(performance.now() - t0), 'ms', sizes);
for (let r = 0; r < 2; r++) {
  for (const encoding of ['latin1', 'utf-8'] as const) {
    let t = performance.now(); let n = 0; let f = 0;
    for await (const _ of parseCsvChunks(createReadStream('/tmp/feeds-scratch/base.csv', { highWaterMark: 256 * 1024 }), (fields) => { n++; f += fields.length; }, { encoding })) {}
    console.log('ours', encoding, n, f, Math.round(n / ((performance.now() - t) / 1000)), 'rows/s');
  }
  let t = performance.now(); let n = 0;
  for await (const rec of createReadStream('/tmp/feeds-scratch/base.csv').pipe(parse({ bom: true }))) { n++; }
  console.log('csv-parse', n, Math.round(n / ((performance.now() - t) / 1000)), 'rows/s');
}
