import { describe, expect, it } from 'vitest';
import type { MemoryStore } from '../../stores/memory-store.js';
import { intakeWorld, padOrder } from './__fixtures__/intake-world.js';

/**
 * A crash at any step of intake loses no order and takes none in twice: the step throws (the
 * process dies there), and a new process over the same store, marketplace and distributor
 * finishes the work. Counted: records, distributor orders, acknowledgements and reservations.
 */

const orderIds = ['O-1', 'O-2', 'O-3', 'O-4', 'O-5'];

function listedWorld(options: Parameters<typeof intakeWorld>[0] = {}) {
  const world = intakeWorld({ approval: { mode: 'auto' }, orders: 'list-and-acknowledge', ...options });
  return world;
}

describe('intake survives a crash at every step', () => {
  it.each([
    ['between the listing and the save', 'saveSalesOrder', 2],
    ['between the save and the reservation', 'replaceReservations', 2],
    ['between the reservation and the record', 'createImportedOrder', 2],
    ['between the record and the decision', 'updateImportedOrder', 3],
    ['after placing, before the reservation is consumed', 'findReservations', 4],
    ['after a page, before its cursor is saved', 'saveIntakeCursor', 0],
  ] as const)('%s: 0 lost, 0 twice', async (_step, method: keyof MemoryStore, passes) => {
    const world = listedWorld();
    orderIds.forEach((id, index) => {
      world.intake.putOrder(padOrder(id), { updatedAt: world.clock.ago(30 - index) });
    });
    world.store.failAfter(method, passes);
    await expect(world.dropshipper.importMarketplaceOrders('ebay')).rejects.toThrow(/crash injected/);
    const recordsAtCrash = (await world.dropshipper.importedOrders({})).length;
    expect(recordsAtCrash).toBeLessThan(orderIds.length);

    // A new process: same store, marketplace and distributor, a minute later.
    world.clock.advance(60_000);
    const restarted = listedWorld({ store: world.store, server: world.server, clock: world.clock, wps: world.wps });
    const result = await restarted.dropshipper.importMarketplaceOrders('ebay');

    expect(result.imported).toBe(orderIds.length - recordsAtCrash);
    const records = await restarted.dropshipper.importedOrders({});
    expect(records.map((record) => [record.marketplaceOrderId, record.status])).toEqual(
      orderIds.map((id) => [id, 'placed']),
    );
    const placed = world.wps.orders();
    expect(placed).toHaveLength(orderIds.length);
    expect(new Set(placed.map((order) => order.poNumber)).size).toBe(orderIds.length);
    expect([...world.intake.acknowledged()].sort()).toEqual(orderIds);
    expect(await world.store.store.findReservations?.({ status: 'open' })).toEqual([]);
    expect(await world.store.store.findReservations?.({ status: 'consumed' })).toHaveLength(orderIds.length);
  });
});

describe('two workers at once', () => {
  it('two concurrent importMarketplaceOrders on one store take each order in once and place it once', async () => {
    const first = listedWorld({ orders: 'list' });
    for (let index = 0; index < 12; index++)
      first.intake.putOrder(padOrder(`W-${String(index).padStart(2, '0')}`), {
        updatedAt: first.clock.ago(50 - index),
      });
    const second = listedWorld({
      orders: 'list',
      store: first.store,
      server: first.server,
      clock: first.clock,
      wps: first.wps,
    });

    const results = await Promise.all([
      first.dropshipper.importMarketplaceOrders('ebay'),
      second.dropshipper.importMarketplaceOrders('ebay'),
    ]);

    const imported = results.reduce((sum, result) => sum + result.imported, 0);
    // The worker that saved the cursor second stops: the other one is scanning the window.
    expect(results.map((result) => result.stopped)).toContain('cursor-conflict');
    expect(imported).toBe(12);
    expect(first.store.calls('createImportedOrder')).toBeGreaterThanOrEqual(12);
    const records = await first.dropshipper.importedOrders({});
    expect(records).toHaveLength(12);
    expect(records.every((record) => record.status === 'placed')).toBe(true);
    expect(first.wps.orders()).toHaveLength(12);
    // A third run finds nothing new.
    first.clock.advance(60_000);
    expect((await first.dropshipper.importMarketplaceOrders('ebay')).imported).toBe(0);
    expect(first.wps.orders()).toHaveLength(12);
  });

  it('two runs of one marketplace in one process wait for each other', async () => {
    const world = listedWorld({ orders: 'list' });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    const [one, two] = await Promise.all([
      world.dropshipper.importMarketplaceOrders('ebay'),
      world.dropshipper.importMarketplaceOrders('ebay'),
    ]);
    expect([one.imported, two.imported]).toEqual([1, 0]);
    expect(two.duplicates).toBe(1);
    expect(world.store.calls('createImportedOrder')).toBe(1);
    expect(world.wps.orders()).toHaveLength(1);
  });
});

describe('a placement that fails', () => {
  it('leaves the record imported, and the next run places the order once', async () => {
    const world = listedWorld({ orders: 'list' });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    world.wps.injectFault({ kind: 'server-error', operations: ['submit'] });

    const first = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(first).toMatchObject({ imported: 1, placed: 0, held: 0 });
    expect(first.orders).toEqual([
      expect.objectContaining({
        marketplaceOrderId: 'A',
        outcome: 'imported',
        reasons: [expect.stringMatching(/503/)],
      }),
    ]);
    expect(world.wps.orders()).toHaveLength(0);
    expect((await world.dropshipper.importedOrders({}))[0]?.status).toBe('imported');

    world.clock.advance(60_000);
    const second = await world.dropshipper.importMarketplaceOrders('ebay');
    // The overlap lists it again, still ready: decided on its listing.
    expect(second).toMatchObject({ imported: 0, placed: 1, duplicates: 0 });
    expect(world.wps.orders()).toHaveLength(1);
    expect((await world.dropshipper.importedOrders({}))[0]?.status).toBe('placed');
  });
});

describe('an order cancelled at the marketplace after intake took it in', () => {
  it('is never placed: an undecided one is cancelled (record cancelled with the marketplace status), its stock given back', async () => {
    const world = listedWorld({ orders: 'list' });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    world.wps.injectFault({ kind: 'server-error', operations: ['submit'] });
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect((await world.dropshipper.importedOrders({}))[0]?.status).toBe('imported');
    // The failed PO never held stock: its open reservation is there until the order is decided.
    expect(await world.store.store.findReservations?.({ status: 'open' })).toHaveLength(1);

    world.clock.advance(60_000);
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(4), status: 'cancelled' });
    const result = await world.dropshipper.importMarketplaceOrders('ebay');

    expect(result).toMatchObject({ held: 0, placed: 0 });
    expect(result.orders).toEqual([expect.objectContaining({ outcome: 'cancelled', status: 'cancelled' })]);
    expect((await world.dropshipper.importedOrders({}))[0]).toMatchObject({
      status: 'cancelled',
      reasons: ['marketplace status: cancelled'],
    });
    expect(await world.store.store.findReservations?.({ status: 'released' })).toHaveLength(1);
    expect(world.wps.callCount('submitOrder')).toBe(1);
    expect(world.wps.orders()).toHaveLength(0);
    // Listed again, cancelled still: nothing changes.
    world.clock.advance(60_000);
    expect(await world.dropshipper.importMarketplaceOrders('ebay')).toMatchObject({ held: 0, duplicates: 1 });
    expect(world.wps.callCount('submitOrder')).toBe(1);
    // Nor does the next run's look at undecided orders send it.
    world.clock.advance(60_000);
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect(world.wps.callCount('submitOrder')).toBe(1);
  });

  it('a held one is cancelled and gives its stock back', async () => {
    const world = listedWorld({ orders: 'list', approval: { mode: 'manual' } });
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(10) });
    await world.dropshipper.importMarketplaceOrders('ebay');
    world.clock.advance(60_000);
    world.intake.putOrder(padOrder('A'), { updatedAt: world.clock.ago(4), status: 'cancel-requested' });
    await world.dropshipper.importMarketplaceOrders('ebay');
    expect((await world.dropshipper.importedOrders({}))[0]).toMatchObject({
      status: 'cancelled',
      reasons: ['marketplace status: cancel-requested'],
    });
    expect(world.wps.orders()).toHaveLength(0);
    expect(await world.store.store.findReservations?.({ status: 'open' })).toEqual([]);
  });
});
