import { createCompactPriceMap } from './src/compact-price-map.js';
import { parseCsvChunks } from './src/read-csv-records.js';
import { createFileSource } from './src/index.js';
import { generatedPartNumber } from './src/__fixtures__/generate-parts-unlimited-files.js';
const keys = Array.from({ length: 300_000 }, (_, i) => generatedPartNumber(i));
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const map = createCompactPriceMap(1 << 16);
  for (let i = 0; i < keys.length; i++) map.set(keys[i]!, i);
  const setMs = performance.now() - t; t = performance.now();
  let s = 0; for (let i = 0; i < keys.length; i++) s += map.get(keys[i]!) ?? 0;
  console.log('set ms', Math.round(setMs), 'get ms', Math.round(performance.now() - t));
  t = performance.now(); let n = 0;
  for await (const _ of parseCsvChunks(await createFileSource('/tmp/feeds-scratch/d.csv').open(), () => { n++; }, { encoding: 'latin1' })) {}
  console.log('dealer csv parse ms', Math.round(performance.now() - t), n);
}
