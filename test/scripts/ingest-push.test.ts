// `pnpm ingest … --listings <file.json> --push <marketplace,...>`: the push after an ingest, offline
// against the sandbox's marketplace simulators (scripts/ingest-push.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Catalog,
  createMemoryCatalog,
  createMemoryStore,
  MissingCredentialError,
  ValidationError,
} from '@dropship/core';
import { createColumnMapParser, createFileSource, ingestFeed } from '@dropship/feeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPushAdapters,
  describePushRuns,
  openPostgres,
  parsePushMarketplaces,
  pushAfterIngest,
  readListingsFile,
  type SandboxMarketplaces,
  startSandboxMarketplaces,
} from '../../scripts/ingest-push.js';

const directory = mkdtempSync(join(tmpdir(), 'ingest-push-'));
const feedPath = join(directory, 'feed.csv');

/** A small distributor feed: two products, their stock in one warehouse. */
function writeFeed(padQuantity: number): void {
  writeFileSync(
    feedPath,
    ['Item,Cost,Brand,Part,Qty', `TR-PAD,12.40,EBC,FA196HH,${padQuantity}`, 'TR-FILTER,8.10,HiFlo,HF204,7', ''].join(
      '\n',
    ),
  );
}

async function ingest(catalog: Catalog): Promise<void> {
  await ingestFeed({
    distributor: 'tucker-rocky',
    catalog,
    source: createFileSource(feedPath),
    parser: createColumnMapParser({
      columns: { sku: 'Item', cost: 'Cost', brand: 'Brand', mpn: 'Part' },
      stock: [{ warehouse: 'TX', column: 'Qty' }],
    }),
  });
}

const listingsText = JSON.stringify(
  ['ebay', 'walmart', 'shopify'].flatMap((marketplace) => [
    {
      marketplace,
      sku: 'PAD-1',
      product: { brand: 'EBC', mpn: 'FA196HH' },
      currency: 'USD',
      handlingTimeDays: 1,
      price: { kind: 'fixed', amount: 4599 },
    },
    {
      marketplace,
      sku: 'FILTER-1',
      product: { brand: 'HiFlo', mpn: 'HF204' },
      currency: 'USD',
      handlingTimeDays: 1,
      price: { kind: 'fixed', amount: 1899 },
    },
  ]),
);

describe('pnpm ingest --listings --push (scripts/ingest-push.ts)', () => {
  let sandbox: SandboxMarketplaces;
  const listings = readListingsFile(listingsText);
  const marketplaces = parsePushMarketplaces('ebay,walmart,shopify');

  beforeAll(async () => {
    sandbox = await startSandboxMarketplaces(marketplaces, listings);
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('pushes what the feed makes available, in counted calls; a second run with the same feed and store sends nothing', async () => {
    const catalog = createMemoryCatalog();
    const store = createMemoryStore();
    writeFeed(4);
    await ingest(catalog);
    const callsBefore = marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace));
    const first = (await pushAfterIngest({ catalog, store, listings, marketplaces: sandbox.adapters })).runs;
    expect(first.map((run) => run.marketplace)).toEqual(marketplaces);
    for (const run of first) {
      expect(run.considered).toBe(2);
      expect(run.changed).toBe(2);
      expect(run.sent).toBe(2);
      expect(run.failed).toBe(0);
      expect(run.applied + run.pending).toBe(2);
    }
    const calls = marketplaces.map(
      (marketplace, index) => sandbox.pushCallCount(marketplace) - (callsBefore[index] ?? 0),
    );
    // eBay: one SKU a call (its default batch); Walmart: one quantity feed and one price feed; Shopify: one request.
    expect(calls).toEqual([2, 2, 1]);
    expect(describePushRuns({ runs: first, confirmations: [] }).join('\n')).toContain(
      'ebay             2 considered, 2 changed, 2 sent: 2 applied, 0 pending, 0 failed; 2 calls',
    );
    sandbox.process();
    const ebay = sandbox.adapters.find((adapter) => adapter.marketplace === 'ebay');
    const readings = await ebay?.listings?.read(['PAD-1', 'FILTER-1']);
    expect(readings?.map((reading) => [reading.sku, reading.quantity, reading.price?.amount])).toEqual([
      ['PAD-1', 4, 4599],
      ['FILTER-1', 7, 1899],
    ]);

    // The same feed again, the same store: nothing changed, nothing sent, no push call.
    await ingest(catalog);
    const callsAfterFirst = marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace));
    const { runs: second } = await pushAfterIngest({ catalog, store, listings, marketplaces: sandbox.adapters });
    for (const run of second) expect([run.marketplace, run.sent]).toEqual([run.marketplace, 0]);
    expect(marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace))).toEqual(callsAfterFirst);

    // A feed where the pad sold out: only that listing goes, once per marketplace.
    writeFeed(0);
    await ingest(catalog);
    // With settle (--sandbox), the marketplace that queues (Walmart) processes and a pass confirms it.
    const third = await pushAfterIngest({
      catalog,
      store,
      listings,
      marketplaces: sandbox.adapters,
      settle: () => sandbox.process(),
    });
    for (const run of third.runs) expect([run.marketplace, run.changed]).toEqual([run.marketplace, 1]);
    expect(third.confirmations.map((run) => [run.marketplace, run.sent, run.applied, run.pending])).toEqual([
      ['walmart', 0, 1, 0],
    ]);
    expect((await ebay?.listings?.read(['PAD-1']))?.[0]?.quantity).toBe(0);
  });

  it('with --postgres (PGlite data directory), the push records persist: the second run with the same feed sends nothing', async () => {
    writeFeed(3);
    const dataDir = join(directory, 'pglite');
    const callsBefore = marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace));
    const firstRun = await openPostgres(dataDir, true);
    try {
      await ingest(firstRun.catalog);
      const { runs } = await pushAfterIngest({
        catalog: firstRun.catalog,
        ...(firstRun.store === undefined ? {} : { store: firstRun.store }),
        listings,
        marketplaces: sandbox.adapters,
        settle: () => sandbox.process(),
      });
      expect(runs.map((run) => [run.marketplace, run.sent])).toEqual(marketplaces.map((name) => [name, 2]));
    } finally {
      await firstRun.close();
    }
    const callsAfterFirst = marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace));
    expect(callsAfterFirst).not.toEqual(callsBefore);
    const secondRun = await openPostgres(dataDir, true);
    try {
      await ingest(secondRun.catalog);
      const result = await pushAfterIngest({
        catalog: secondRun.catalog,
        ...(secondRun.store === undefined ? {} : { store: secondRun.store }),
        listings,
        marketplaces: sandbox.adapters,
        settle: () => sandbox.process(),
      });
      expect(result.runs.map((run) => [run.marketplace, run.considered, run.sent])).toEqual(
        marketplaces.map((name) => [name, 2, 0]),
      );
      expect(result.confirmations).toEqual([]);
    } finally {
      await secondRun.close();
    }
    expect(marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace))).toEqual(callsAfterFirst);
  });

  it('a missing environment variable is a MissingCredentialError naming it, no value in it, before any call', () => {
    const callsBefore = marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace));
    const environment = { EBAY_ACCESS_TOKEN: 'sentinel-ebay-token-0001', SHOPIFY_SHOP: 'my-store' };
    let caught: unknown;
    try {
      createPushAdapters(['ebay', 'shopify'], environment);
    } catch (error) {
      caught = error;
    }
    expect(MissingCredentialError.isInstance(caught)).toBe(true);
    const error = caught as MissingCredentialError;
    expect(error.environmentVariable).toBe('SHOPIFY_ACCESS_TOKEN');
    expect(error.message).toContain('SHOPIFY_ACCESS_TOKEN');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('sentinel-ebay-token-0001');
    expect(() => createPushAdapters(['amazon'], {})).toThrow(/AMAZON_SP_REFRESH_TOKEN/);
    // Amazon's adapter is created without a seller id (no listings push): the script asks for it.
    expect(() =>
      createPushAdapters(['amazon'], {
        AMAZON_SP_REFRESH_TOKEN: 'Atzr|sentinel-refresh-0001',
        AMAZON_SP_CLIENT_ID: 'sentinel-client-id-0001',
        AMAZON_SP_CLIENT_SECRET: 'sentinel-client-secret-0001',
      }),
    ).toThrow(/AMAZON_SP_SELLER_ID/);
    expect(marketplaces.map((marketplace) => sandbox.pushCallCount(marketplace))).toEqual(callsBefore);
  });

  it('creates each named adapter, with its listings push, when every variable is set', () => {
    const adapters = createPushAdapters(['ebay', 'amazon', 'walmart', 'shopify'], {
      EBAY_ACCESS_TOKEN: 'sentinel-ebay-token-0001',
      AMAZON_SP_REFRESH_TOKEN: 'Atzr|sentinel-refresh-0001',
      AMAZON_SP_CLIENT_ID: 'sentinel-client-id-0001',
      AMAZON_SP_CLIENT_SECRET: 'sentinel-client-secret-0001',
      AMAZON_SP_SELLER_ID: 'A2EXAMPLE1234',
      WALMART_CLIENT_ID: 'sentinel-client-id-0002',
      WALMART_CLIENT_SECRET: 'sentinel-client-secret-0002',
      SHOPIFY_SHOP: 'my-store',
      SHOPIFY_ACCESS_TOKEN: 'shpat_sentinel_0001',
    });
    expect(adapters.map((adapter) => [adapter.marketplace, adapter.capabilities?.listings])).toEqual([
      ['ebay', 'push'],
      ['amazon', 'push'],
      ['walmart', 'push'],
      ['shopify', 'push'],
    ]);
  });

  it('refuses an unknown or repeated marketplace and an invalid listings file', () => {
    expect(() => parsePushMarketplaces('ebay,etsy')).toThrow(ValidationError);
    expect(() => parsePushMarketplaces('ebay,ebay')).toThrow(/named twice/);
    expect(() => parsePushMarketplaces('')).toThrow(ValidationError);
    expect(() => readListingsFile('[{"marketplace":"ebay"}]')).toThrow(ValidationError);
  });
});
