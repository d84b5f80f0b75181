import { describe, expect, it, vi } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { ListingInput } from '../../listings/listing.js';
import type { OfferInput } from '../../model/offer.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter, type MockListingsOptions } from '../../test.js';
import { salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from '../create-dropshipper.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');

function offer(sku: string, quantity: number, extra: Partial<OfferInput> = {}): OfferInput {
  return {
    distributor: 'wps',
    sku: `W-${sku}`,
    brand: 'NGK',
    mpn: sku,
    currency: 'USD',
    cost: 1000,
    dropShipFee: 0,
    stock: [{ warehouse: 'PA', quantity, leadTimeDays: 0 }],
    updatedAt: '2026-12-07T10:00:00.000Z',
    ...extra,
  };
}

function listing(sku: string, extra: Partial<ListingInput> = {}): ListingInput {
  return {
    marketplace: 'ebay',
    sku,
    product: { brand: 'NGK', mpn: sku },
    currency: 'USD',
    handlingTimeDays: 1,
    price: { kind: 'fixed', amount: 2500 },
    fees: { basisPoints: 0, perLine: 0 },
    ...extra,
  } as ListingInput;
}

function world(
  options: {
    skus?: string[];
    offers?: OfferInput[];
    listings?: ListingInput[];
    mock?: MockListingsOptions;
    store?: DropshipStore;
  } = {},
) {
  const skus = options.skus ?? ['A', 'B', 'C'];
  const catalog = createMemoryCatalog(options.offers ?? skus.map((sku) => offer(sku, 5)));
  const adapter = createMockMarketplaceAdapter({ marketplace: 'ebay', listings: options.mock ?? {} });
  const listings = options.listings ?? skus.map((sku) => listing(sku));
  for (const entry of listings) adapter.server.listings.putListing(entry.sku);
  const store = options.store ?? createMemoryStore();
  const clock = { now: NOW.getTime() };
  const stock = Object.fromEntries(
    (options.offers ?? skus.map((sku) => offer(sku, 5))).map((entry) => [
      entry.sku,
      Object.fromEntries((entry.stock ?? []).map((level) => [level.warehouse, level.quantity])),
    ]),
  );
  const make = () =>
    createDropshipper({
      distributors: [createMockDistributorClient({ distributor: 'wps', stock, now: () => NOW })],
      marketplaces: [adapter],
      catalog,
      store,
      listings,
      now: () => new Date(clock.now),
    });
  const dropshipper = make();
  const shown = (sku: string) => adapter.server.listings.listing(sku)?.quantity;
  const changesOf = (sku: string) => adapter.server.listings.changes().filter((change) => change.sku === sku);
  return { adapter, catalog, store, dropshipper, make, shown, changesOf, clock, control: adapter.server.listings };
}

describe('pushListings: only what changed', () => {
  it('sends every listing once, then nothing while nothing changes, then only the listing whose offer changed', async () => {
    const { dropshipper, control, catalog, shown } = world();
    const [first] = await dropshipper.pushListings();
    expect(first).toMatchObject({ marketplace: 'ebay', considered: 3, changed: 3, sent: 3, applied: 3, calls: 1 });
    expect(shown('A')).toBe(5);
    expect(control.listing('A')?.price).toEqual({ amount: 2500, currency: 'USD' });
    const [second] = await dropshipper.pushListings();
    expect(second).toMatchObject({ considered: 3, changed: 0, sent: 0, calls: 0 });
    expect(control.pushCallCount()).toBe(1);
    const changed = offer('B', 2);
    await catalog.upsertOffers([changed as never]);
    const [third] = await dropshipper.offersChanged([changed]);
    expect(third).toMatchObject({ considered: 1, sent: 1, applied: 1 });
    expect(control.changes().map((change) => [change.sku, change.quantity])).toEqual([
      ['A', 5],
      ['B', 5],
      ['C', 5],
      ['B', 2],
    ]);
  });

  it('batches to the marketplace batch size, calls counted', async () => {
    const skus = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const { dropshipper, control } = world({ skus, mock: { batchSize: 3 } });
    const [run] = await dropshipper.pushListings();
    expect(run).toMatchObject({ sent: 7, applied: 7, calls: 3 });
    expect(control.pushCallCount()).toBe(3);
  });

  it('pushPrices false sends quantities only; unknown options and marketplaces are refused', async () => {
    const { adapter, catalog } = world();
    const dropshipper = createDropshipper({
      distributors: [],
      marketplaces: [adapter],
      catalog,
      listings: [listing('A')],
      now: () => NOW,
      listingPush: { pushPrices: false },
    });
    await dropshipper.pushListings();
    expect(adapter.server.listings.changes()).toEqual([{ sku: 'A', quantity: 5, at: expect.any(Number) }]);
    await expect(dropshipper.pushListings({ fully: true } as never)).rejects.toThrow(ValidationError);
    await expect(dropshipper.pushListings({ marketplaces: ['amazon'] })).rejects.toThrow(ConfigurationError);
    expect(() => createDropshipper({ distributors: [], catalog, listingPush: { pushPrice: false } as never })).toThrow(
      ValidationError,
    );
  });
});

describe('pushListings: a store without the listings capability', () => {
  it('refuses pushListings with a ConfigurationError; an import pushes nothing and warns of nothing', async () => {
    const memory = createMemoryStore();
    const store: DropshipStore = { ...memory, putListings: undefined, saveListingPushRecords: undefined };
    const { dropshipper, control } = world({ skus: ['A'], store });
    const warnings: string[] = [];
    dropshipper.events.on('warning', (event) => warnings.push(event.warning.message));
    await expect(dropshipper.pushListings()).rejects.toThrow(ConfigurationError);
    const order = salesOrder('O-1', [{ lineId: '1', sku: 'A', quantity: 1, unitPrice: 2500 }]);
    const result = await dropshipper.importListedOrders('ebay', [
      { kind: 'order', order, status: 'ready', updatedAt: '2026-12-07T11:00:00.000Z' },
    ]);
    expect(result.imported).toBe(1);
    expect(control.pushCallCount()).toBe(0);
    expect(warnings).toEqual([]);
  });
});

describe('pushListings: failures', () => {
  it('a refused item is retried on the next pass and never blocks the rest; a final refusal is held until the values change', async () => {
    const { dropshipper, control, catalog, shown, changesOf } = world();
    const failed: string[] = [];
    dropshipper.events.on('listing-push-failed', (event) => failed.push(`${event.sku}:${event.retryable}`));
    control.refuseNextUpdate(['A'], { retryable: true });
    control.refuseNextUpdate(['B'], { retryable: false });
    const [first] = await dropshipper.pushListings();
    expect(first).toMatchObject({ sent: 3, applied: 1, failed: 2 });
    expect(shown('C')).toBe(5);
    expect(failed).toEqual(['A:true', 'B:false']);
    const [second] = await dropshipper.pushListings();
    expect(second).toMatchObject({ sent: 1, applied: 1 });
    expect(shown('A')).toBe(5);
    expect(changesOf('B')).toEqual([]);
    const changed = offer('B', 4);
    await catalog.upsertOffers([changed as never]);
    await dropshipper.offersChanged([changed]);
    expect(shown('B')).toBe(4);
  });

  it('429 then success: a whole-call RateLimitError leaves the batch sending; the next pass reads back and sends once', async () => {
    const { dropshipper, adapter, shown, changesOf } = world();
    adapter.injectFault({ kind: 'rate-limit', operations: ['push-listings'], times: 3 });
    const [first] = await dropshipper.pushListings();
    expect(first?.error).toMatch(/429/);
    expect(first).toMatchObject({ sent: 3, applied: 0, unknown: 3 });
    expect(
      (await dropshipper.store.findListingPushRecords?.({ status: 'sending' }))?.map((record) => record.sku),
    ).toEqual(['A', 'B', 'C']);
    const [second] = await dropshipper.pushListings();
    expect(second).toMatchObject({ readBack: 3, sent: 3, applied: 3 });
    expect(shown('A')).toBe(5);
    for (const sku of ['A', 'B', 'C']) expect(changesOf(sku)).toHaveLength(1);
  });

  it('a response lost after the marketplace applied: read back, marked applied, nothing sent twice', async () => {
    const { dropshipper, adapter, changesOf } = world();
    adapter.injectFault({ kind: 'lost-response', operations: ['push-listings'] });
    const [first] = await dropshipper.pushListings();
    expect(first).toMatchObject({ applied: 0, unknown: 3 });
    const [second] = await dropshipper.pushListings();
    expect(second).toMatchObject({ readBack: 3, applied: 3, sent: 0 });
    for (const sku of ['A', 'B', 'C']) expect(changesOf(sku)).toHaveLength(1);
    const [third] = await dropshipper.pushListings();
    expect(third).toMatchObject({ readBack: 0, sent: 0, calls: 0 });
  });

  it('a crash after recording sending and before the call: once its lease ran out, a new dropshipper reads back and sends once', async () => {
    const store = createMemoryStore();
    const { make, shown, changesOf, adapter, clock } = world({ store });
    const crashing: DropshipStore = {
      ...store,
      saveListingPushRecords: async (entries) => {
        const saved = await store.saveListingPushRecords(entries);
        if (entries.some((entry) => entry.record.status === 'sending')) throw new Error('process killed');
        return saved;
      },
    };
    const crashed = createDropshipper({
      distributors: [],
      marketplaces: [adapter],
      catalog: createMemoryCatalog([offer('A', 5), offer('B', 5), offer('C', 5)]),
      store: crashing,
      listings: [listing('A'), listing('B'), listing('C')],
      now: () => NOW,
    });
    await expect(crashed.pushListings()).rejects.toThrow('process killed');
    expect(adapter.server.listings.pushCallCount()).toBe(0);
    // Within the lease, another worker may be sending them: left alone.
    const [early] = await make().pushListings();
    expect(early).toMatchObject({ readBack: 0, sent: 0 });
    clock.now += 120_000;
    const [run] = await make().pushListings();
    expect(run).toMatchObject({ readBack: 3, sent: 3, applied: 3 });
    expect(shown('B')).toBe(5);
    for (const sku of ['A', 'B', 'C']) expect(changesOf(sku)).toHaveLength(1);
  });
});

describe('pushListings: asynchronous marketplaces and compare-and-swap', () => {
  it('pending until the marketplace has processed it; confirmed on a later pass, never sent twice meanwhile', async () => {
    const { dropshipper, control, shown, changesOf } = world({ mock: { mode: 'asynchronous' } });
    const [first] = await dropshipper.pushListings();
    expect(first).toMatchObject({ sent: 3, pending: 3, applied: 0 });
    const [second] = await dropshipper.pushListings();
    expect(second).toMatchObject({ sent: 0, pending: 0, applied: 0 });
    expect(control.pushCallCount()).toBe(1);
    control.process();
    const [third] = await dropshipper.pushListings();
    expect(third).toMatchObject({ sent: 0, applied: 3 });
    expect(shown('A')).toBe(5);
    expect(changesOf('A')).toHaveLength(1);
    expect((await dropshipper.store.findListingPushRecords?.({}))?.every((record) => record.status === 'applied')).toBe(
      true,
    );
  });

  it('asynchronous, answer lost: not resent while the marketplace may still be processing it', async () => {
    const { dropshipper, adapter, control, clock, changesOf } = world({ mock: { mode: 'asynchronous' } });
    adapter.injectFault({ kind: 'lost-response', operations: ['push-listings'] });
    const [first] = await dropshipper.pushListings();
    expect(first).toMatchObject({ sent: 3, unknown: 3 });
    clock.now += 60_000;
    const [second] = await dropshipper.pushListings();
    expect(second).toMatchObject({ readBack: 3, sent: 0, applied: 0 });
    control.process();
    const [third] = await dropshipper.pushListings();
    expect(third).toMatchObject({ readBack: 3, sent: 0, applied: 3 });
    for (const sku of ['A', 'B', 'C']) expect(changesOf(sku)).toHaveLength(1);
  });

  it('stale: a sale the SDK has not imported is never overwritten upwards', async () => {
    const { dropshipper, control, catalog, shown } = world({ skus: ['A'], mock: { compareAndSwap: true } });
    await dropshipper.pushListings();
    control.sell('A', 2);
    const restocked = offer('A', 10);
    await catalog.upsertOffers([restocked as never]);
    const [run] = await dropshipper.offersChanged([restocked]);
    // The listing shows 3 (2 sold): the capped value is already shown, nothing more is sent.
    expect(run).toMatchObject({ stale: 1, sent: 1, applied: 0 });
    expect(shown('A')).toBe(3);
    control.sell('A', 1);
    const fewer = offer('A', 1);
    await catalog.upsertOffers([fewer as never]);
    const [again] = await dropshipper.offersChanged([fewer]);
    // Sent expecting 3, refused (it shows 2), sent again capped: min(1, 2).
    expect(again).toMatchObject({ stale: 1, sent: 2, applied: 1 });
    expect(shown('A')).toBe(1);
    expect(control.changes().map((change) => change.quantity)).toEqual([5, 1]);
  });
});

describe('pushListings: what a listing shows', () => {
  it('a bundle listing is pushed when a part’s offer changes', async () => {
    const kit = listing('KIT', {
      price: { kind: 'fixed', amount: 5000 },
      product: undefined,
      bundle: [
        { product: { brand: 'NGK', mpn: 'A' }, quantity: 2 },
        { product: { brand: 'NGK', mpn: 'B' }, quantity: 1 },
      ],
    } as Partial<ListingInput>);
    const { dropshipper, catalog, shown } = world({ listings: [kit], offers: [offer('A', 6), offer('B', 9)] });
    await dropshipper.pushListings();
    expect(shown('KIT')).toBe(3);
    const part = offer('B', 2);
    await catalog.upsertOffers([part as never]);
    const [run] = await dropshipper.offersChanged([part]);
    expect(run).toMatchObject({ sent: 1 });
    expect(shown('KIT')).toBe(2);
  });

  it('an imported order’s reservations lower the quantity (pushed after the import)', async () => {
    const { dropshipper, control, shown } = world({ skus: ['A'] });
    await dropshipper.pushListings();
    expect(shown('A')).toBe(5);
    const order = salesOrder('O-1', [{ lineId: '1', sku: 'A', quantity: 2, unitPrice: 2500 }]);
    const result = await dropshipper.importListedOrders('ebay', [
      { kind: 'order', order, status: 'ready', updatedAt: '2026-12-07T11:00:00.000Z' },
    ]);
    expect(result.imported).toBe(1);
    // Pushed after the import returns (a marketplace's rate limit never holds the intake).
    await vi.waitFor(() => expect(shown('A')).toBe(3));
    expect(control.pushCallCount()).toBe(2);
  });

  it('a buyer’s cancel gives the reserved units back to the listing (pushed after the cancel)', async () => {
    const { dropshipper, control, shown } = world({ skus: ['A'] });
    await dropshipper.pushListings();
    const order = salesOrder('O-1', [{ lineId: '1', sku: 'A', quantity: 2, unitPrice: 2500 }]);
    await dropshipper.importListedOrders('ebay', [
      { kind: 'order', order, status: 'ready', updatedAt: '2026-12-07T11:00:00.000Z' },
    ]);
    await vi.waitFor(() => expect(shown('A')).toBe(3));
    const calls = control.pushCallCount();
    const cancelled = await dropshipper.cancelSalesOrder('ebay:O-1');
    expect(cancelled.lines.every((line) => line.status !== 'already-shipped')).toBe(true);
    await vi.waitFor(() => expect(shown('A')).toBe(5));
    expect(control.pushCallCount()).toBe(calls + 1);
  });

  it('a cancel the marketplace lists gives the reserved units back to the listing', async () => {
    const { dropshipper, shown } = world({ skus: ['A'] });
    await dropshipper.pushListings();
    const order = salesOrder('O-2', [{ lineId: '1', sku: 'A', quantity: 2, unitPrice: 2500 }]);
    await dropshipper.importListedOrders('ebay', [
      { kind: 'order', order, status: 'ready', updatedAt: '2026-12-07T11:00:00.000Z' },
    ]);
    await vi.waitFor(() => expect(shown('A')).toBe(3));
    const result = await dropshipper.importListedOrders('ebay', [
      {
        kind: 'order',
        order,
        status: 'cancelled',
        updatedAt: '2026-12-07T11:30:00.000Z',
        cancellation: { state: 'done', requestedBy: 'buyer' },
      },
    ]);
    expect(result.orders?.[0]?.outcome).toBe('cancelled');
    await vi.waitFor(() => expect(shown('A')).toBe(5));
  });

  it('a cost-plus price never goes below its floor', async () => {
    const cheap = listing('A', { price: { kind: 'cost-plus', marginBasisPoints: 1000, floor: 4999 } });
    const { dropshipper, control } = world({ listings: [cheap], offers: [offer('A', 5, { cost: 100 })] });
    await dropshipper.pushListings();
    expect(control.listing('A')?.price).toEqual({ amount: 4999, currency: 'USD' });
  });

  it('a real-time stock check that disagrees with the catalog updates the catalog and pushes the listing (an unlisted product’s offer is left alone)', async () => {
    const { adapter, catalog, shown } = world({ skus: ['A'], offers: [offer('A', 5), offer('Z', 5)] });
    const dropshipper = createDropshipper({
      distributors: [
        createMockDistributorClient({
          distributor: 'wps',
          stock: { 'W-A': { PA: 2 }, 'W-Z': { PA: 1 } },
          now: () => NOW,
        }),
      ],
      marketplaces: [adapter],
      catalog,
      listings: [listing('A')],
      now: () => NOW,
    });
    await dropshipper.pushListings();
    expect(shown('A')).toBe(5);
    await dropshipper.plan(salesOrder('O-2', [{ lineId: '1', sku: 'W-A', quantity: 1, unitPrice: 2500 }]));
    await vi.waitFor(() => expect(shown('A')).toBe(2));
    expect((await catalog.getOffer('wps', 'W-A'))?.stock[0]?.quantity).toBe(2);
    await dropshipper.plan(salesOrder('O-3', [{ lineId: '1', sku: 'W-Z', quantity: 1, unitPrice: 2500 }]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await catalog.getOffer('wps', 'W-Z'))?.stock[0]?.quantity).toBe(5);
  });
});
