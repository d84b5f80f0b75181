import { writePartsUnlimitedFiles } from './src/__fixtures__/generate-parts-unlimited-files.js';
import { createFileSource, createPartsUnlimitedParser, ingestFeed } from './src/index.js';
import { createCountingCatalog } from './src/__fixtures__/feed-test-helpers.js';
import { existsSync } from 'node:fs';
const rows = 1_000_000;
if (!existsSync('/tmp/feeds-scratch/m.csv')) await writePartsUnlimitedFiles({ rows, basePath: '/tmp/feeds-scratch/m.csv', dealerPath: '/tmp/feeds-scratch/md.csv' });
const gc = (globalThis as any).gc; gc(); gc();
const base = process.memoryUsage();
const mb = (n: number) => (n / 1048576).toFixed(0);
let peak = { rss: 0, heapUsed: 0, heapTotal: 0, arrayBuffers: 0, external: 0 };
const timer = setInterval(() => { const m = process.memoryUsage(); for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k] - base[k]); }, 5);
await ingestFeed({ distributor: 'parts-unlimited', source: createFileSource('/tmp/feeds-scratch/m.csv'), parser: createPartsUnlimitedParser({ dealerFile: createFileSource('/tmp/feeds-scratch/md.csv') }), catalog: createCountingCatalog(),
  progressIntervalMs: 1000, onProgress: (p) => { const m = process.memoryUsage(); console.log(p.rowsRead, 'rss', mb(m.rss - base.rss), 'heapUsed', mb(m.heapUsed - base.heapUsed), 'heapTotal', mb(m.heapTotal - base.heapTotal), 'ab', mb(m.arrayBuffers - base.arrayBuffers)); } });
clearInterval(timer);
console.log('peak above base MB', Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, mb(v)])));
