import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import type { ReservationQuery } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockMarketplaceAdapter } from '../../test.js';
import { offer } from '../__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from '../create-dropshipper.js';
import { createClock, intakeWorld, padOrder, wrapStore } from './__fixtures__/intake-world.js';

/** Stock held for imported orders: deducted from the next plan, consumed when placed, released when cancelled. */

describe('reservations of imported orders', () => {
  it('two orders for the last unit: the second is not planned on it', async () => {
    const world = intakeWorld({ stock: 1 });
    world.intake.putOrder(padOrder('FIRST'), { updatedAt: world.clock.ago(10) });
    world.intake.putOrder(padOrder('SECOND'), { updatedAt: world.clock.ago(9) });

    const result = await world.dropshipper.importMarketplaceOrders('ebay');

    expect(result).toMatchObject({ imported: 2, held: 2 });
    const reservations = await world.dropshipper.store.findReservations?.({ sku: 'W-PAD' });
    expect(reservations).toEqual([
      expect.objectContaining({
        salesOrderId: 'ebay:FIRST',
        distributor: 'wps',
        warehouse: 'PA',
        quantity: 1,
        status: 'open',
      }),
    ]);
    expect(world.eventsOf('order-imported').map((event) => [event.marketplaceOrderId, event.reservations])).toEqual([
      ['FIRST', 1],
      ['SECOND', 0],
    ]);
    // A plan outside intake sees the deduction too; the reserving order does not count against itself.
    expect((await world.dropshipper.plan(padOrder('THIRD'))).unplaced).toHaveLength(1);
    expect((await world.dropshipper.plan(padOrder('FIRST'))).purchaseOrders).toHaveLength(1);
  });

  it('consumes the reservation when the order is placed, and a stock figure read before that still counts it', async () => {
    const world = intakeWorld({ stock: 2, approval: { mode: 'auto' } });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    await world.dropshipper.importMarketplaceOrders('ebay');

    const [reservation] = (await world.dropshipper.store.findReservations?.({ salesOrderId: 'ebay:A' })) ?? [];
    expect(reservation).toMatchObject({ status: 'consumed', quantity: 1, closedAt: world.clock.now().toISOString() });
    expect(world.wps.orders()).toHaveLength(1);
    // The live check (read now, after the placement) shows 1 left: the consumed unit is not taken twice.
    const plan = await world.dropshipper.plan(padOrder('B', 1));
    expect(plan.purchaseOrders).toHaveLength(1);
    expect((await world.dropshipper.plan(padOrder('C', 2))).unplaced).toHaveLength(1);
  });

  it('counts a consumed reservation against catalog stock read before it was consumed, not after', async () => {
    const clock = createClock();
    const world = intakeWorld({ clock, stock: 2, approval: { mode: 'auto' }, offerUpdatedAt: clock.ago(60) });
    // The live check fails: plans rest on the catalog's figure, read an hour ago.
    world.wps.injectFault({ kind: 'server-error', operations: ['stock'], times: 1_000 });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect(world.wps.orders()).toHaveLength(1);

    // The catalog still says 2, but one of them went to A after the figure was read.
    expect((await world.dropshipper.plan(padOrder('B', 2))).unplaced).toHaveLength(1);
    expect((await world.dropshipper.plan(padOrder('C', 1))).purchaseOrders).toHaveLength(1);

    // A catalog figure read after the placement already shows it: the consumed unit no longer counts.
    clock.advance(60_000);
    const fresh = intakeWorld({ clock, store: world.store, stock: 2, offerUpdatedAt: clock.ago(0) });
    fresh.wps.injectFault({ kind: 'server-error', operations: ['stock'], times: 1_000 });
    expect((await fresh.dropshipper.plan(padOrder('D', 2))).purchaseOrders).toHaveLength(1);
  });

  it('reads only the reservations that can still count: open ones, and consumed ones closed after the oldest stock reading', async () => {
    const clock = createClock();
    const memory = createMemoryStore();
    const queries: ReservationQuery[] = [];
    const spied = new Proxy(memory, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'findReservations') return typeof value === 'function' ? value.bind(target) : value;
        return (query: ReservationQuery) => {
          queries.push(query);
          return target.findReservations(query);
        };
      },
    });
    const readAt = clock.ago(60);
    const world = intakeWorld({
      clock,
      store: wrapStore(spied),
      stock: 2,
      approval: { mode: 'auto' },
      offerUpdatedAt: readAt,
    });
    world.wps.injectFault({ kind: 'server-error', operations: ['stock'], times: 1_000 });
    world.intake.putOrder(padOrder('A'), { updatedAt: clock.ago(10) });
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect(world.wps.orders()).toHaveLength(1);

    queries.length = 0;
    await world.dropshipper.plan(padOrder('B'));
    expect(queries).toEqual([{ sku: 'W-PAD', status: ['open', 'consumed'], closedAfter: readAt }]);

    // Catalog figures read after A was placed: A's consumed reservation is not even read.
    clock.advance(60_000);
    const fresh = intakeWorld({ clock, store: wrapStore(spied), stock: 2, offerUpdatedAt: clock.ago(0) });
    fresh.wps.injectFault({ kind: 'server-error', operations: ['stock'], times: 1_000 });
    queries.length = 0;
    expect((await fresh.dropshipper.plan(padOrder('C', 2))).purchaseOrders).toHaveLength(1);
    expect(queries).toEqual([{ sku: 'W-PAD', status: ['open', 'consumed'], closedAfter: clock.ago(0) }]);
    expect(await memory.findReservations(queries[0] as ReservationQuery)).toEqual([]);

    // An offer whose reading time is unknown: consumed reservations never count, only open ones are read.
    const unknown = intakeWorld({ clock, store: wrapStore(spied), stock: 2 });
    unknown.wps.injectFault({ kind: 'server-error', operations: ['stock'], times: 1_000 });
    queries.length = 0;
    await unknown.dropshipper.plan(padOrder('D'));
    expect(queries).toEqual([{ sku: 'W-PAD', status: 'open' }]);
  });

  it('releases the consumed reservation when the PO is cancelled', async () => {
    const world = intakeWorld({ approval: { mode: 'auto' } });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    await world.dropshipper.importMarketplaceOrders('ebay');
    const [purchaseOrder] = await world.dropshipper.purchaseOrders('ebay:A');

    const cancelled = await world.dropshipper.cancel(purchaseOrder?.poNumber as string);

    expect(cancelled.status).toBe('cancelled');
    expect(await world.dropshipper.store.findReservations?.({ salesOrderId: 'ebay:A' })).toEqual([
      expect.objectContaining({ status: 'released', closedAt: world.clock.now().toISOString() }),
    ]);
  });

  it('keeps a held order’s reservation open, and consumes it when a person places the plan', async () => {
    const world = intakeWorld();
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect(await world.dropshipper.store.findReservations?.({ status: 'open' })).toHaveLength(1);

    const plan = await world.dropshipper.plan(padOrder('A'));
    expect((await world.dropshipper.placePlan(plan)).status).toBe('placed');

    expect(await world.dropshipper.store.findReservations?.({ status: 'open' })).toEqual([]);
    expect(await world.dropshipper.store.findReservations?.({ status: 'consumed' })).toHaveLength(1);
    expect(await world.dropshipper.store.getImportedOrder?.('ebay:A')).toMatchObject({ status: 'placed', reasons: [] });
    expect(world.wps.orders()).toHaveLength(1);
  });
});

describe('reservations when marketplaces are imported at once', () => {
  it('two marketplaces, one order each for the last unit: only one is planned on it', async () => {
    const ebay = intakeWorld({ stock: 1 });
    const walmart = createMockMarketplaceAdapter({ marketplace: 'walmart', orders: 'list', orderPageSize: 2 });
    ebay.intake.putOrder(padOrder('E-1'), { updatedAt: ebay.clock.ago(10) });
    walmart.intake.putOrder({ ...padOrder('W-1'), marketplace: 'walmart' }, { updatedAt: ebay.clock.ago(10) });
    const dropshipper = createDropshipper({
      distributors: [ebay.wps],
      marketplaces: [ebay.market, walmart],
      store: ebay.store.store,
      catalog: createMemoryCatalog([offer('wps', 'W-PAD', 1500, { PA: 1 })]),
      now: ebay.clock.now,
    });

    const results = await dropshipper.importOrders();

    expect(results.map((result) => result.imported)).toEqual([1, 1]);
    const reserved = (await ebay.store.store.findReservations?.({ sku: 'W-PAD', status: 'open' })) ?? [];
    expect(reserved.reduce((sum, reservation) => sum + reservation.quantity, 0)).toBe(1);
  });
});
