// Feed ingestion benchmark (issue 8): a generated Parts Unlimited price file pair (the
// layout third-party price-file readers show: BasePriceFile.csv with 32 columns, every description quoted because it holds a comma,
// CRLF line ends, plus a dealer file with a price per part) of 100,000 and 1,000,000 rows.
//
// "ours" = the whole ingestion: createFileSource → createPartsUnlimitedParser (dealer file loaded
// into the compact price map, base file streamed, each row validated into an Offer) → ingestFeed
// → a counting Catalog sink (it reads every offer and sums their costs; it stores nothing, so the
// memory figure is the pipeline's own, not the size of a catalog of a million offers).
// "csv-parse" = csv-parse 7 reading the same base file into arrays of strings (no Offer, no join,
// no dealer file): the yardstick for throughput.
//
// Targets: ours ≥ csv-parse in rows/s; ours < 150 MB peak RSS above the process baseline, at both
// sizes. Each measurement runs in a fresh Node process (this file with `--measure`), so that one
// run's heap does not hide in the next one's baseline: baseline = RSS after the imports and a GC,
// right before the run; peak = the kernel's high-water mark (VmHWM, reset through
// /proc/self/clear_refs) when available, else the highest of RSS samples taken every 10 ms.
// For information, the 100,000-row file is also ingested into the in-memory catalog.
import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, CatalogUpdateResult, Offer } from '@dropship/core';
import { createMemoryCatalog } from '@dropship/core';
import { createFileSource, createPartsUnlimitedParser, ingestFeed } from '@dropship/feeds';
import { parse } from 'csv-parse';
import { writePartsUnlimitedFiles } from '../packages/feeds/src/__fixtures__/generate-parts-unlimited-files.js';

const MEMORY_TARGET_MB = 150;
const MB = 1024 * 1024;

interface Measurement {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakAboveBaselineMb: number;
  detail: string;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

function readHighWaterMark(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` and measures wall time and peak RSS above the RSS right before it. */
async function measure(rows: number, work: () => Promise<string>): Promise<Measurement> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 50));
  collectGarbage();
  const baseline = process.memoryUsage.rss();
  const kernelPeak = resetHighWaterMark();
  let sampledPeak = baseline;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  const detail = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  const highWaterMark = kernelPeak ? readHighWaterMark() : undefined;
  const peak = Math.max(sampledPeak, highWaterMark ?? 0);
  return { rows, seconds, rowsPerSecond: rows / seconds, peakAboveBaselineMb: (peak - baseline) / MB, detail };
}

/** A Catalog that reads every offer and keeps nothing but a count and a checksum. */
function createCountingSink(): Catalog & { checksum: number } {
  const sink = {
    specificationVersion: 'v1' as const,
    checksum: 0,
    async findOffers() {
      return [];
    },
    async getOffer() {
      return undefined;
    },
    /** It holds no offer, so a replace run retires none (the feeds' maxRetiredShare check reads this). */
    listSkus: (): AsyncIterable<string> => ({ [Symbol.asyncIterator]: async function* () {} }),
    async upsertOffers(offers: Iterable<Offer> | AsyncIterable<Offer>): Promise<CatalogUpdateResult> {
      return sink.replaceOffers('', offers);
    },
    async replaceOffers(
      _distributor: string,
      offers: Iterable<Offer> | AsyncIterable<Offer>,
    ): Promise<CatalogUpdateResult> {
      let upserted = 0;
      for await (const offer of offers) {
        upserted++;
        sink.checksum = (sink.checksum + offer.cost + offer.stock.length) % 1_000_000_007;
      }
      return { upserted, retired: 0 };
    },
  };
  return sink;
}

async function ingestOurs(basePath: string, dealerPath: string, catalog: Catalog): Promise<string> {
  const summary = await ingestFeed({
    distributor: 'parts-unlimited',
    source: createFileSource(basePath),
    parser: createPartsUnlimitedParser({ dealerFile: createFileSource(dealerPath) }),
    catalog,
  });
  const rejected = Object.values(summary.rejected).reduce((sum, count) => sum + count, 0);
  return `${summary.offers.toLocaleString('en-US')} offers, ${rejected} rejected, ${summary.upserted.toLocaleString('en-US')} upserted`;
}

async function readWithCsvParse(basePath: string): Promise<string> {
  let records = 0;
  let fields = 0;
  for await (const record of createReadStream(basePath).pipe(parse({ bom: true }))) {
    records++;
    fields += (record as string[]).length;
  }
  return `${(records - 1).toLocaleString('en-US')} records, ${fields.toLocaleString('en-US')} fields`;
}

function format(measurement: Measurement): string {
  return `${measurement.seconds.toFixed(2).padStart(7)} s  ${Math.round(measurement.rowsPerSecond).toLocaleString('en-US').padStart(10)} rows/s  peak ${measurement.peakAboveBaselineMb.toFixed(1).padStart(6)} MB above baseline  (${measurement.detail})`;
}

type Kind = 'csv-parse' | 'ours' | 'ours-memory-catalog';

/** Child mode: one measurement, printed as a JSON line. */
async function measureInThisProcess(kind: Kind, rows: number, basePath: string, dealerPath: string): Promise<void> {
  const work =
    kind === 'csv-parse'
      ? () => readWithCsvParse(basePath)
      : () => ingestOurs(basePath, dealerPath, kind === 'ours' ? createCountingSink() : createMemoryCatalog());
  const measurement = await measure(rows, work);
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

/** Runs one measurement in a fresh Node process with the same flags as this one. */
function measureInChild(kind: Kind, rows: number, basePath: string, dealerPath: string): Measurement {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--measure', kind, String(rows), basePath, dealerPath],
    { encoding: 'utf8', maxBuffer: 16 * MB },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`measurement ${kind} ${rows} failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as Measurement;
}

const measureFlag = process.argv.indexOf('--measure');
if (measureFlag >= 0) {
  const [kind, rows, basePath, dealerPath] = process.argv.slice(measureFlag + 1);
  await measureInThisProcess(kind as Kind, Number(rows), basePath as string, dealerPath as string);
} else {
  await runBenchmark();
}

async function runBenchmark(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'dropship-feeds-bench-'));
  const verdicts: string[] = [];
  try {
    console.log(
      `feeds bench: Node ${process.version}, gc ${(globalThis as { gc?: unknown }).gc ? 'exposed' : 'not exposed'}, peak from ${resetHighWaterMark() ? 'VmHWM' : '10 ms RSS samples'}, one process per measurement`,
    );
    for (const rows of [100_000, 1_000_000]) {
      const basePath = join(directory, `BasePriceFile-${rows}.csv`);
      const dealerPath = join(directory, `D${rows}_PriceFile.csv`);
      const generationStarted = performance.now();
      const { baseBytes, dealerBytes } = await writePartsUnlimitedFiles({ rows, basePath, dealerPath });
      console.log(
        `\n${rows.toLocaleString('en-US')} rows: base file ${(baseBytes / MB).toFixed(1)} MB, dealer file ${(dealerBytes / MB).toFixed(1)} MB (generated in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s)`,
      );
      const csvParse = measureInChild('csv-parse', rows, basePath, dealerPath);
      console.log(`  csv-parse (base file only)    ${format(csvParse)}`);
      const ours = measureInChild('ours', rows, basePath, dealerPath);
      console.log(`  ours → counting sink          ${format(ours)}`);
      if (rows <= 100_000) {
        const memory = measureInChild('ours-memory-catalog', rows, basePath, dealerPath);
        console.log(`  ours → in-memory catalog      ${format(memory)}  [information: the catalog keeps every offer]`);
      }
      const fast = ours.rowsPerSecond >= csvParse.rowsPerSecond;
      verdicts.push(
        `${fast ? 'PASS' : 'FAIL'} throughput at ${rows.toLocaleString('en-US')} rows: ${Math.round(ours.rowsPerSecond).toLocaleString('en-US')} rows/s vs csv-parse ${Math.round(csvParse.rowsPerSecond).toLocaleString('en-US')} rows/s (${(ours.rowsPerSecond / csvParse.rowsPerSecond).toFixed(2)}×; target ≥ 1×)`,
      );
      const lean = ours.peakAboveBaselineMb < MEMORY_TARGET_MB;
      verdicts.push(
        `${lean ? 'PASS' : 'FAIL'} peak memory at ${rows.toLocaleString('en-US')} rows: ${ours.peakAboveBaselineMb.toFixed(1)} MB above baseline (target < ${MEMORY_TARGET_MB} MB; csv-parse ${csvParse.peakAboveBaselineMb.toFixed(1)} MB)`,
      );
      await rm(basePath, { force: true });
      await rm(dealerPath, { force: true });
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  console.log('\ntargets:');
  for (const verdict of verdicts) console.log(`  ${verdict}`);
}
