import { createCompactPriceMap } from './src/compact-price-map.js';
import { generatedPartNumber } from './src/__fixtures__/generate-parts-unlimited-files.js';
const keys = Array.from({ length: 300_000 }, (_, i) => generatedPartNumber(i));
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  const map = createCompactPriceMap(1 << 16);
  for (let i = 0; i < keys.length; i++) map.set(keys[i]!, i);
  const setMs = performance.now() - t; t = performance.now();
  let s = 0; for (let i = 0; i < keys.length; i++) s += map.get(keys[i]!) ?? 0;
  const getMs = performance.now() - t; t = performance.now();
  const m = new Map<string, number>(); for (let i = 0; i < keys.length; i++) m.set(keys[i]!, i);
  const mapSet = performance.now() - t; t = performance.now();
  for (let i = 0; i < keys.length; i++) s += m.get(keys[i]!) ?? 0;
  console.log('compact set', Math.round(setMs), 'get', Math.round(getMs), '| Map set', Math.round(mapSet), 'get', Math.round(performance.now() - t));
}
