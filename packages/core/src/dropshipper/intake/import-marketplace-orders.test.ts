import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { dropshipEventNames } from '../../events/dropship-events.js';
import { createMockMarketplaceAdapter } from '../../test.js';
import { createDropshipper } from '../create-dropshipper.js';
import { intakeWorld, padOrder } from './__fixtures__/intake-world.js';

const minute = 60_000;

describe('importMarketplaceOrders: scanning the listing', () => {
  it('pages to the end of the window, takes every order in once and moves the watermark to the window’s end', async () => {
    const world = intakeWorld();
    for (let index = 1; index <= 5; index++)
      world.intake.putOrder(padOrder(`O-${index}`), { updatedAt: world.clock.ago(60 - index) });

    const result = await world.dropshipper.importMarketplaceOrders('ebay');

    expect(result).toMatchObject({ pages: 3, listed: 5, imported: 5, duplicates: 0, held: 5, placed: 0 });
    expect(world.intake.listCallCount()).toBe(3);
    // The default settle delay: 3 minutes.
    const until = world.clock.ago(3);
    expect(result.watermark).toBe(until);
    expect(await world.dropshipper.store.getIntakeCursor?.('ebay')).toMatchObject({ watermark: until, version: 3 });
    expect(world.eventsOf('intake-window-completed')).toEqual([
      { marketplace: 'ebay', since: world.clock.ago(24 * 60), until, pages: 3 },
    ]);
    const records = await world.dropshipper.importedOrders({ marketplace: 'ebay' });
    expect(records.map((record) => [record.marketplaceOrderId, record.status, record.reasons])).toEqual(
      [1, 2, 3, 4, 5].map((index) => [`O-${index}`, 'held', ['approval: manual']]),
    );
  });

  it('runs twice over the same window and takes nothing in the second time (calls and store writes counted)', async () => {
    const world = intakeWorld();
    for (let index = 1; index <= 4; index++)
      world.intake.putOrder(padOrder(`O-${index}`), { updatedAt: world.clock.ago(10) });
    await world.dropshipper.importMarketplaceOrders('ebay');
    const writes = () => ({
      saveSalesOrder: world.store.calls('saveSalesOrder'),
      replaceReservations: world.store.calls('replaceReservations'),
      createImportedOrder: world.store.calls('createImportedOrder'),
      updateImportedOrder: world.store.calls('updateImportedOrder'),
    });
    expect(writes()).toEqual({
      saveSalesOrder: 4,
      replaceReservations: 4,
      createImportedOrder: 4,
      updateImportedOrder: 4,
    });
    const stockChecks = world.wps.callCount('checkStock');

    world.clock.advance(minute);
    const second = await world.dropshipper.importMarketplaceOrders('ebay');

    // The overlap (15 min) lists the four again: each a duplicate, nothing written for them.
    expect(second).toMatchObject({ listed: 4, imported: 0, duplicates: 4, held: 0 });
    expect(writes()).toEqual({
      saveSalesOrder: 4,
      replaceReservations: 4,
      createImportedOrder: 4,
      updateImportedOrder: 4,
    });
    expect(world.wps.callCount('checkStock')).toBe(stockChecks);
    expect(await world.dropshipper.importedOrders({})).toHaveLength(4);
  });

  it('resumes a scan from the page cursor saved in the store (a new process), reading no page twice', async () => {
    const world = intakeWorld({ intake: { maxPagesPerRun: 1 } });
    for (let index = 1; index <= 5; index++)
      world.intake.putOrder(padOrder(`O-${index}`), { updatedAt: world.clock.ago(30 - index) });

    const first = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(first).toMatchObject({ pages: 1, imported: 2, stopped: 'page-limit' });
    const saved = await world.dropshipper.store.getIntakeCursor?.('ebay');
    expect(saved?.scan?.cursor).toEqual(expect.any(String));

    // Another process over the same store, an hour later: the window stays the saved one.
    world.clock.advance(60 * minute);
    const restarted = intakeWorld({
      store: world.store,
      server: world.server,
      clock: world.clock,
      intake: { maxPagesPerRun: 10 },
    });
    const second = await restarted.dropshipper.importMarketplaceOrders('ebay');
    expect(second).toMatchObject({ pages: 2, imported: 3, duplicates: 0 });
    expect(second.watermark).toBe(saved?.scan?.until);
    expect(world.intake.listCallCount()).toBe(3);
    expect((await world.dropshipper.importedOrders({})).map((record) => record.marketplaceOrderId)).toEqual([
      'O-1',
      'O-2',
      'O-3',
      'O-4',
      'O-5',
    ]);
  });

  it('counts an order repeated on two pages once, and takes it in once', async () => {
    const world = intakeWorld();
    for (let index = 1; index <= 5; index++)
      world.intake.putOrder(padOrder(`O-${index}`), { updatedAt: world.clock.ago(30 - index) });
    world.intake.repeatOnNextPages(2);

    const result = await world.dropshipper.importMarketplaceOrders('ebay');

    expect(result).toMatchObject({ listed: 7, imported: 5, duplicates: 2 });
    expect(world.store.calls('saveSalesOrder')).toBe(5);
    expect(world.store.calls('createImportedOrder')).toBe(5);
    expect(world.eventsOf('order-import-duplicate').map((event) => event.marketplaceOrderId)).toEqual(['O-2', 'O-4']);
  });

  it('restarts the window from its start when the marketplace refuses the saved page cursor', async () => {
    const world = intakeWorld({ intake: { maxPagesPerRun: 1 } });
    for (let index = 1; index <= 3; index++)
      world.intake.putOrder(padOrder(`O-${index}`), { updatedAt: world.clock.ago(30 - index) });
    await world.dropshipper.importMarketplaceOrders('ebay');
    world.intake.expireCursors();

    const restarted = intakeWorld({ store: world.store, server: world.server, clock: world.clock });
    const result = await restarted.dropshipper.importMarketplaceOrders('ebay');

    expect(restarted.eventsOf('intake-cursor-restarted')).toEqual([
      expect.objectContaining({ marketplace: 'ebay', error: expect.stringMatching(/expired/) }),
    ]);
    expect(result).toMatchObject({ pages: 2, imported: 1, duplicates: 2 });
    expect(await world.dropshipper.importedOrders({})).toHaveLength(3);
  });

  it('starts a later window at the watermark minus the overlap, and lists nothing when the window is empty', async () => {
    const world = intakeWorld({ intake: { overlapMs: 5 * minute, settleMs: 2 * minute } });
    await world.dropshipper.importMarketplaceOrders('ebay');
    const watermark = world.clock.ago(2);
    world.clock.advance(30 * minute);
    world.intake.putOrder(padOrder('LATE'), { updatedAt: world.clock.ago(20) });
    const result = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(result.imported).toBe(1);
    expect(world.eventsOf('intake-window-completed')[1]).toMatchObject({
      since: new Date(Date.parse(watermark) - 5 * minute).toISOString(),
      until: world.clock.ago(2),
    });
    // A clock that has not moved past the settle delay lists nothing.
    const calls = world.intake.listCallCount();
    expect((await world.dropshipper.importMarketplaceOrders('ebay')).pages).toBe(1);
    expect(world.intake.listCallCount()).toBe(calls + 1);
  });
});

describe('importMarketplaceOrders: each order', () => {
  it('holds an order that cannot be mapped with the field and the reason, never drops it', async () => {
    const world = intakeWorld();
    world.intake.putUnmappableOrder(padOrder('BAD'), { updatedAt: world.clock.ago(10) });
    world.intake.putOrder(padOrder('GOOD'), { updatedAt: world.clock.ago(9) });

    const result = await world.dropshipper.importMarketplaceOrders('ebay');

    expect(result).toMatchObject({ listed: 2, imported: 1, unmappable: 1 });
    expect(await world.dropshipper.store.getImportedOrder?.('ebay:BAD')).toMatchObject({
      status: 'unmappable',
      reasons: ['shipTo.name: the ship-to name is missing'],
    });
    expect(world.eventsOf('order-unmappable')).toEqual([
      {
        marketplace: 'ebay',
        salesOrderId: 'ebay:BAD',
        marketplaceOrderId: 'BAD',
        field: 'shipTo.name',
        reason: 'the ship-to name is missing',
      },
    ]);
    expect(await world.dropshipper.store.getSalesOrder('ebay:BAD')).toBeNull();
    // Fixed at the marketplace later: taken in on its record.
    world.clock.advance(5 * minute);
    world.intake.putOrder(padOrder('BAD'), { updatedAt: world.clock.ago(4) });
    const later = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(later.orders.find((order) => order.marketplaceOrderId === 'BAD')).toMatchObject({ outcome: 'held' });
    expect((await world.dropshipper.store.getImportedOrder?.('ebay:BAD'))?.status).toBe('held');
  });

  it('skips an order not ready to ship, and takes it in when it becomes ready', async () => {
    const world = intakeWorld();
    world.intake.putOrder(padOrder('WAIT'), { updatedAt: world.clock.ago(10), status: 'not-ready' });
    const first = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(first).toMatchObject({ skipped: 1, imported: 0 });
    expect(world.eventsOf('order-import-skipped')).toEqual([
      { marketplace: 'ebay', salesOrderId: 'ebay:WAIT', marketplaceOrderId: 'WAIT', status: 'not-ready' },
    ]);
    expect(await world.dropshipper.store.getImportedOrder?.('ebay:WAIT')).toBeNull();
    expect(await world.dropshipper.store.getSalesOrder('ebay:WAIT')).toBeNull();

    world.clock.advance(10 * minute);
    world.intake.putOrder(padOrder('WAIT'), { updatedAt: world.clock.ago(5), status: 'ready' });
    const second = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(second).toMatchObject({ imported: 1, held: 1 });
  });

  it('auto approval places each order once; manual holds it with "approval: manual"', async () => {
    const auto = intakeWorld({ approval: { mode: 'auto' } });
    const manual = intakeWorld();
    for (const world of [auto, manual]) world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });

    expect(await auto.dropshipper.importMarketplaceOrders('ebay')).toMatchObject({ imported: 1, placed: 1, held: 0 });
    expect(await manual.dropshipper.importMarketplaceOrders('ebay')).toMatchObject({ imported: 1, placed: 0, held: 1 });

    expect(auto.wps.orders()).toHaveLength(1);
    expect((await auto.dropshipper.importedOrders({}))[0]).toMatchObject({ status: 'placed', reasons: [] });
    expect(manual.wps.callCount('submitOrder')).toBe(0);
    expect((await manual.dropshipper.importedOrders({}))[0]).toMatchObject({
      status: 'held',
      reasons: ['approval: manual'],
    });
    expect(manual.eventsOf('order-held')).toEqual([{ salesOrderId: 'ebay:A', reasons: ['approval: manual'] }]);
  });

  it('takes in webhook entries with the same steps, and a repeated delivery changes nothing', async () => {
    const world = intakeWorld();
    const entries = [
      { kind: 'order' as const, order: padOrder('HOOK'), status: 'ready' as const, updatedAt: world.clock.ago(1) },
    ];
    expect(await world.dropshipper.importListedOrders('ebay', entries)).toMatchObject({
      imported: 1,
      held: 1,
      pages: 0,
    });
    expect(await world.dropshipper.importListedOrders('ebay', entries)).toMatchObject({ imported: 0, duplicates: 1 });
    expect(world.store.calls('createImportedOrder')).toBe(1);
    expect(await world.dropshipper.store.getIntakeCursor?.('ebay')).toBeNull();
    await expect(
      world.dropshipper.importListedOrders('ebay', [{ kind: 'order', status: 'paid' }] as never),
    ).rejects.toSatisfy(ValidationError.isInstance);
  });
});

describe('importMarketplaceOrders: acknowledgement', () => {
  it('acknowledges each order once, and sends the ones that failed again at the next run', async () => {
    const world = intakeWorld({ orders: 'list-and-acknowledge' });
    for (let index = 1; index <= 3; index++)
      world.intake.putOrder(padOrder(`O-${index}`), { updatedAt: world.clock.ago(20 - index) });
    world.market.injectFault({ kind: 'server-error', operations: ['acknowledge-orders'] });

    const first = await world.dropshipper.importMarketplaceOrders('ebay');
    // Page 1 (two orders) failed; page 2's order was acknowledged.
    expect(first).toMatchObject({ imported: 3, acknowledged: 1 });
    expect(world.intake.acknowledged()).toEqual(['O-3']);
    expect(await world.dropshipper.importedOrders({ acknowledged: false })).toHaveLength(2);

    world.clock.advance(minute);
    const second = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(second).toMatchObject({ imported: 0, acknowledged: 2 });
    world.clock.advance(minute);
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect([...world.intake.acknowledged()].sort()).toEqual(['O-1', 'O-2', 'O-3']);
    expect(await world.dropshipper.importedOrders({ acknowledged: false })).toEqual([]);
  });

  it('does not acknowledge where the marketplace does not require it', async () => {
    const world = intakeWorld({ orders: 'list' });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    expect(await world.dropshipper.importMarketplaceOrders('ebay')).toMatchObject({ imported: 1, acknowledged: 0 });
    expect(world.server.callCount('acknowledge-orders')).toBe(0);
  });
});

describe('intake options and configuration', () => {
  it('refuses unknown intake options and unknown importOrders options', async () => {
    const world = intakeWorld();
    expect(() =>
      createDropshipper({
        distributors: [],
        catalog: createMemoryCatalog([]),
        intake: { overlap: 5 } as never,
      }),
    ).toThrow(ValidationError);
    expect(() =>
      createDropshipper({ distributors: [], catalog: createMemoryCatalog([]), intake: { settleMs: -1 } }),
    ).toThrow(/intake\.settleMs/);
    expect(() =>
      createDropshipper({
        distributors: [],
        catalog: createMemoryCatalog([]),
        marketplaces: [createMockMarketplaceAdapter({ marketplace: 'amazon' })],
        intake: { settleMs: 60_000 },
      }),
    ).toThrow(/at least 120000 with the amazon adapter/);
    await expect(world.dropshipper.importOrders({ market: ['ebay'] } as never)).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });

  it('names what is missing: a store without intake, a marketplace without an order listing', async () => {
    const { getIntakeCursor: _omitted, ...withoutIntake } = intakeWorld().dropshipper.store;
    const dropshipper = createDropshipper({
      distributors: [],
      catalog: createMemoryCatalog([]),
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay', orders: 'list' })],
      store: withoutIntake as never,
    });
    await expect(dropshipper.importMarketplaceOrders('ebay')).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && /missing getIntakeCursor/.test(error.message),
    );
    const world = intakeWorld();
    const plain = createDropshipper({
      distributors: [],
      catalog: createMemoryCatalog([]),
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'walmart' })],
    });
    await expect(plain.importMarketplaceOrders('walmart')).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && /does not list orders/.test(error.message),
    );
    await expect(world.dropshipper.importMarketplaceOrders('shopify')).rejects.toSatisfy(ConfigurationError.isInstance);
  });

  it('importOrders runs every listing marketplace; one that fails has its error, the others go on', async () => {
    const world = intakeWorld();
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    const broken = createMockMarketplaceAdapter({ marketplace: 'walmart', orders: 'list' });
    broken.injectFault({ kind: 'unauthorized', operations: ['list-orders'], times: 5 });
    const dropshipper = createDropshipper({
      distributors: [world.wps],
      marketplaces: [world.market, broken],
      store: world.store.store,
      catalog: createMemoryCatalog([]),
      now: world.clock.now,
    });
    const results = await dropshipper.importOrders();
    expect(results.map((result) => [result.marketplace, result.imported, result.error])).toEqual([
      ['ebay', 1, undefined],
      ['walmart', 0, expect.stringMatching(/401/)],
    ]);
  });
});

describe('importListedOrders: entries checked at the edge', () => {
  it('holds an entry whose order is malformed (an adapter bug) as unmappable, naming the field', async () => {
    const world = intakeWorld();
    const result = await world.dropshipper.importListedOrders('ebay', [
      {
        kind: 'order',
        order: { ...padOrder('MALFORMED'), currency: 'dollars' },
        status: 'ready',
        updatedAt: world.clock.ago(1),
      },
      { kind: 'order', order: null, status: 'ready', updatedAt: world.clock.ago(1) },
    ] as never);
    expect(result).toMatchObject({ listed: 2, unmappable: 2, imported: 0 });
    expect(await world.dropshipper.store.getImportedOrder?.('ebay:MALFORMED')).toMatchObject({
      status: 'unmappable',
      reasons: [expect.stringMatching(/^currency: /)],
    });
    expect(await world.dropshipper.store.getImportedOrder?.('ebay:unknown')).toMatchObject({ status: 'unmappable' });
  });
});

describe('intake events', () => {
  it('carry ids, statuses and reasons, never the buyer’s name, email or address', async () => {
    const world = intakeWorld({ orders: 'list-and-acknowledge' });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    world.intake.putOrder(padOrder('B'), { updatedAt: world.clock.ago(9), status: 'not-ready' });
    world.intake.putUnmappableOrder(padOrder('C'), { updatedAt: world.clock.ago(8) });
    world.intake.repeatOnNextPages();
    const seen: unknown[] = [];
    for (const name of dropshipEventNames) world.dropshipper.events.on(name, (payload: unknown) => seen.push(payload));
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect(seen.length).toBeGreaterThan(6);
    const text = JSON.stringify(seen);
    for (const personal of ['Dana', 'Rider', 'dana@example.com', 'Main St', 'Boise', '83702'])
      expect(text).not.toContain(personal);
  });
});
