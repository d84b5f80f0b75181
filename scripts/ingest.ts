// `pnpm ingest <distributor> <source> [options]`: reads one distributor feed into a catalog and
// prints progress (rows/s) while it runs, then the summary. In-memory catalog by default;
// `--postgres <data directory | postgres:// URL>` writes to @dropship/postgres instead.
//
// Sources: a local path, http(s)://, ftp:// or ftps:// (user and password in the URL, or the
// password in FEED_PASSWORD so that it stays out of the shell history), a ZIP of any of these
// (`--zip-entry`), and `api` for WPS (token in WPS_API_TOKEN). Credentials never appear in the
// output: sources describe themselves without them and errors are redacted.
//
// `--listings <file.json> --push <marketplace,...>` then pushes the dealer's listings' quantities
// and prices computed from the same catalog (scripts/ingest-push.ts): only what changed since the
// last push, whose records persist in the `--postgres` store; `--sandbox` pushes to the in-process
// marketplace simulators instead (offline).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type Catalog,
  ConfigurationError,
  createMemoryCatalog,
  DropshipError,
  type DropshipStore,
  type InventoryRulesInput,
  type MemoryCatalog,
} from '@dropship/core';
import {
  type ColumnMap,
  createColumnMapParser,
  createFileSource,
  createFtpSource,
  createHttpSource,
  createIterableSource,
  createPartsUnlimitedParser,
  createWpsItemParser,
  createZipArchive,
  type FeedIngestSummary,
  type FeedParser,
  type FeedProgress,
  type FeedSource,
  ingestFeed,
  type ZipArchive,
} from '@dropship/feeds';
import { listWpsItems } from '@dropship/wps';
import {
  createPushAdapters,
  describePushRuns,
  openPostgres,
  parsePushMarketplaces,
  pushAfterIngest,
  readListingsFile,
  startSandboxMarketplaces,
} from './ingest-push.js';

const usage = `usage: pnpm ingest <distributor> <source> [options]

  distributor   parts-unlimited | wps | tucker-rocky | automatic | any id (with --column-map)
  source        a file path, http(s)://…, ftp://… or ftps://… URL (a .zip is opened and an entry read),
                or "api" for wps (token in WPS_API_TOKEN)

options
  --dealer-file <source>      Parts Unlimited {DEALER}_PriceFile.csv (default: the *_PriceFile.csv entry of the ZIP)
  --zip-entry <name>          entry to read from a ZIP source (wildcards * and ?; default BasePriceFile.csv for parts-unlimited)
  --column-map <file.json>    column map for layouts that are not public (required for tucker-rocky and automatic)
  --rules <file.json>         inventory rules (per-warehouse lead times)
  --mode replace|upsert       replace retires offers missing from the feed (default); upsert does not
  --expires-after-hours <n>   offers expire n hours after the run
  --max-retired-share <0-1>   replace: fail (retiring nothing) when the run would retire more than this share
                              of the distributor's offers (default 0.5; 1 turns the check off)
  --page-size <n>             wps: items per page (default 50)
  --postgres <dir|url>        ingest into @dropship/postgres (a PGlite data directory or a postgres:// URL)
  --json                      print the summary as JSON
  --listings <file.json>      the dealer's listings (a JSON array, as core's parseListings takes); with --push
  --push <marketplace,...>    after the ingest, push the listings' quantities and prices (only what changed) to
                              ebay, amazon, walmart, shopify; push records persist in the --postgres store
  --sandbox                   with --push: push to the in-process marketplace simulators (offline) instead
  --help

credentials: user:password in the URL, or FEED_PASSWORD for the password (kept out of shell history);
WPS_API_TOKEN for wps. --push: EBAY_ACCESS_TOKEN; AMAZON_SP_REFRESH_TOKEN, AMAZON_SP_CLIENT_ID,
AMAZON_SP_CLIENT_SECRET, AMAZON_SP_SELLER_ID; WALMART_CLIENT_ID, WALMART_CLIENT_SECRET; SHOPIFY_SHOP,
SHOPIFY_ACCESS_TOKEN (SHOPIFY_API_VERSION optional).`;

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'dealer-file': { type: 'string' },
    'zip-entry': { type: 'string' },
    'column-map': { type: 'string' },
    rules: { type: 'string' },
    mode: { type: 'string' },
    'expires-after-hours': { type: 'string' },
    'max-retired-share': { type: 'string' },
    'page-size': { type: 'string' },
    postgres: { type: 'string' },
    json: { type: 'boolean' },
    listings: { type: 'string' },
    push: { type: 'string' },
    sandbox: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

function fail(message: string): never {
  console.error(`ingest: ${message}`);
  process.exit(1);
}

function readJson<T>(path: string, what: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    return fail(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** A byte source for a path or URL; FEED_PASSWORD fills in a password the URL leaves out. */
function byteSource(location: string): FeedSource<Uint8Array> {
  const password = process.env.FEED_PASSWORD;
  if (/^https?:\/\//i.test(location)) {
    const url = new URL(location);
    return createHttpSource(
      url,
      url.password || !password ? {} : { username: decodeURIComponent(url.username), password },
    );
  }
  if (/^ftps?:\/\//i.test(location)) {
    const url = new URL(location);
    return createFtpSource(location, url.password || !password ? {} : { password });
  }
  return createFileSource(location);
}

const count = (value: number) => value.toLocaleString('en-US');

function printProgress(progress: FeedProgress): void {
  const megabytes = progress.bytesRead > 0 ? `, ${(progress.bytesRead / 1024 / 1024).toFixed(1)} MB read` : '';
  console.error(
    `${progress.distributor}: ${count(progress.rowsRead)} rows (${count(progress.rowsPerSecond)} rows/s), ${count(progress.offers)} offers, ${count(progress.rejected)} rejected${megabytes}${progress.done ? ' — done' : ''}`,
  );
}

function printSummary(summary: FeedIngestSummary, catalogSize: number | undefined): void {
  console.log(`\n${summary.distributor} from ${summary.source} (${summary.format}, ${summary.mode})`);
  console.log(`  rows read      ${count(summary.rowsRead)}`);
  console.log(`  offers         ${count(summary.offers)}`);
  console.log(`  upserted       ${count(summary.upserted)}`);
  console.log(`  retired        ${count(summary.retired)}`);
  const reasons = Object.entries(summary.rejected);
  console.log(
    `  rejected       ${reasons.length === 0 ? 0 : reasons.map(([reason, total]) => `${reason} ${count(total)}`).join(', ')}`,
  );
  const warnings = Object.entries(summary.warnings);
  if (warnings.length > 0)
    console.log(`  warnings       ${warnings.map(([code, total]) => `${code} ${count(total)}`).join(', ')}`);
  console.log(`  time           ${(summary.durationMs / 1000).toFixed(1)} s (${count(summary.rowsPerSecond)} rows/s)`);
  if (catalogSize !== undefined) console.log(`  catalog        ${count(catalogSize)} offers held in memory`);
  for (const sample of summary.rejectedSamples) {
    console.log(
      `  line ${sample.line}${sample.file ? ` of the ${sample.file}` : ''}: ${sample.reason}: ${sample.message}`,
    );
  }
}

/** True once the feed is in the catalog (a failure after it is the push's, not the ingest's). */
let ingested = false;

async function main(): Promise<void> {
  if (options.help) {
    console.log(usage);
    return;
  }
  const [distributor, location] = positionals;
  if (!distributor || !location || positionals.length > 2) fail(`expected <distributor> <source>\n\n${usage}`);
  const mode = options.mode ?? 'replace';
  if (mode !== 'replace' && mode !== 'upsert') fail('--mode must be replace or upsert');
  const rules = options.rules ? readJson<InventoryRulesInput>(options.rules, 'rules') : {};
  const expiresAfterHours =
    options['expires-after-hours'] === undefined ? undefined : Number(options['expires-after-hours']);
  if ((options.listings === undefined) !== (options.push === undefined))
    fail('--listings <file.json> and --push <marketplace,...> go together');
  if (options.sandbox && options.push === undefined) fail('--sandbox needs --push <marketplace,...>');
  // Read and checked before the ingest: a bad listings file, an unknown marketplace or a missing
  // credential stops the run before anything is read or written.
  const push =
    options.push === undefined
      ? undefined
      : {
          marketplaces: parsePushMarketplaces(options.push),
          listings: readListingsFile(readText(options.listings as string, 'listings')),
        };
  const pushAdapters =
    push === undefined || options.sandbox ? undefined : createPushAdapters(push.marketplaces, process.env);

  const archives: ZipArchive[] = [];
  let catalog: Catalog;
  let memoryCatalog: MemoryCatalog | undefined;
  let closeCatalog = async () => {};
  let store: DropshipStore | undefined;
  if (options.postgres) {
    // With --push, the push records persist beside the catalog, in the same database.
    const postgres = await openPostgres(options.postgres, push !== undefined);
    catalog = postgres.catalog;
    store = postgres.store;
    closeCatalog = () => postgres.close();
  } else {
    memoryCatalog = createMemoryCatalog();
    catalog = memoryCatalog;
  }

  try {
    let summary: FeedIngestSummary;
    const common = {
      distributor,
      catalog,
      rules,
      mode: mode as 'replace' | 'upsert',
      onProgress: printProgress,
      ...(expiresAfterHours === undefined ? {} : { expiresAfterHours }),
      ...(options['max-retired-share'] === undefined ? {} : { maxRetiredShare: Number(options['max-retired-share']) }),
    };
    if (distributor === 'wps' && location === 'api') {
      const pageSize = options['page-size'] ? Number(options['page-size']) : undefined;
      summary = await ingestFeed({
        ...common,
        source: createIterableSource('WPS Data Depot GET /items', () => listWpsItems(pageSize ? { pageSize } : {})),
        parser: createWpsItemParser(),
      });
    } else {
      const isZip = /\.zip($|\?)/i.test(location) || options['zip-entry'] !== undefined;
      const archive = isZip ? createZipArchive(byteSource(location)) : undefined;
      if (archive) archives.push(archive);
      let parser: FeedParser<Uint8Array>;
      let entry: string | RegExp | undefined = options['zip-entry'];
      if (options['column-map']) {
        parser = createColumnMapParser(readJson<ColumnMap>(options['column-map'], 'column map'));
      } else if (distributor === 'parts-unlimited') {
        entry ??= 'BasePriceFile.csv';
        const dealerFile = options['dealer-file']
          ? archive && !/[/\\:]/.test(options['dealer-file'])
            ? archive.entry(options['dealer-file'])
            : byteSource(options['dealer-file'])
          : archive
            ? archive.entry('*_PriceFile.csv')
            : undefined;
        parser = createPartsUnlimitedParser(dealerFile ? { dealerFile } : {});
      } else {
        return fail(
          `${distributor}: its feed layout is not public (Tucker Rocky and Automatic Distributors publish none); write a column map and pass --column-map <file.json> (see packages/feeds/README.md)`,
        );
      }
      if (archive && entry === undefined) return fail('--zip-entry <name> is required to read a ZIP with a column map');
      const source = archive ? archive.entry(entry as string | RegExp) : byteSource(location);
      summary = await ingestFeed({ ...common, source, parser });
    }
    ingested = true;
    if (push === undefined) {
      if (options.json) console.log(JSON.stringify({ ...summary, catalogSize: memoryCatalog?.size }, null, 2));
      else printSummary(summary, memoryCatalog?.size);
      return;
    }
    const sandbox = options.sandbox ? await startSandboxMarketplaces(push.marketplaces, push.listings) : undefined;
    try {
      const pushed = await pushAfterIngest({
        catalog,
        ...(store === undefined ? {} : { store }),
        listings: push.listings,
        marketplaces: sandbox?.adapters ?? pushAdapters ?? [],
        rules,
        ...(sandbox === undefined ? {} : { settle: () => sandbox.process() }),
      });
      if (options.json)
        console.log(JSON.stringify({ ...summary, catalogSize: memoryCatalog?.size, listingPush: pushed }, null, 2));
      else {
        printSummary(summary, memoryCatalog?.size);
        for (const line of describePushRuns(pushed)) console.log(line);
      }
    } finally {
      await sandbox?.close();
    }
  } finally {
    for (const archive of archives) await archive.close();
    await closeCatalog();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`ingest failed${DropshipError.isInstance(error) ? ` (${error.code})` : ''}: ${message}`);
  if (ingested) {
    console.error('the ingest completed; the listings push did not finish (the next run pushes what is still due)');
  } else if (!ConfigurationError.isInstance(error)) {
    console.error('nothing was retired: the catalog keeps its previous offers for this distributor');
  }
  process.exit(1);
});
