import {
  ConcurrencyConflictError,
  type DropshipStore,
  type ImportedOrderRecord,
  type IntakeCursor,
  type IntakeStore,
  importedOrderStatuses,
  type OrderReservation,
  requireIntakeStore,
  ValidationError,
} from '@dropship/core';
import { expect, it } from 'vitest';

/** The store under test, with every intake method (core's check: a missing one fails the test). */
const intakeStoreOf = (store: DropshipStore): IntakeStore => requireIntakeStore(store, 'the intake store spec');

/** A cursor of eBay's intake. */
export function intakeCursor(overrides: Partial<IntakeCursor> = {}): IntakeCursor {
  return { marketplace: 'ebay', watermark: '2026-11-21T10:00:00.000Z', version: 1, ...overrides };
}

/** The record of eBay order `marketplaceOrderId` (default `12-34567-89012`), just imported. */
export function importedOrder(
  marketplaceOrderId = '12-34567-89012',
  overrides: Partial<ImportedOrderRecord> = {},
): ImportedOrderRecord {
  const marketplace = overrides.marketplace ?? 'ebay';
  return {
    salesOrderId: `${marketplace}:${marketplaceOrderId}`,
    marketplace,
    marketplaceOrderId,
    status: 'imported',
    reasons: [],
    updatedAt: '2026-11-21T09:58:00.000Z',
    importedAt: '2026-11-21T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** An open reservation of line 1 of the fixtures' eBay order, at WPS. */
export function reservation(overrides: Partial<OrderReservation> = {}): OrderReservation {
  return {
    salesOrderId: 'ebay:12-34567-89012',
    lineId: '1',
    distributor: 'wps',
    sku: '87-1234',
    warehouse: 'TX',
    quantity: 2,
    status: 'open',
    createdAt: '2026-11-21T10:00:01.000Z',
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/**
 * The optional order-intake capability of `DropshipStore` (cursors, imported-order records,
 * reservations), inside a store spec's describe block whose hooks open and empty the store.
 *
 * @param current - the store under test.
 */
export function describeIntakeStoreSpec(current: () => DropshipStore): void {
  it('intake cursor: none before the first save; saved at version 1, then one more at each save from the version read', async () => {
    const store = intakeStoreOf(current());
    expect(await store.getIntakeCursor('ebay')).toBeNull();
    const first = await store.saveIntakeCursor(intakeCursor(), null);
    expect(first).toEqual(intakeCursor({ version: 1 }));
    expect(await store.getIntakeCursor('ebay')).toEqual(first);
    const scanning = {
      ...first,
      scan: { since: '2026-11-21T09:55:00.000Z', until: '2026-11-21T10:30:00Z', cursor: 'page-2' },
    };
    const second = await store.saveIntakeCursor(scanning, first.version);
    expect(second).toEqual({ ...scanning, version: 2 });
    expect(await store.getIntakeCursor('ebay')).toEqual(second);
    // Another marketplace has its own cursor.
    expect(await store.getIntakeCursor('amazon')).toBeNull();
    await store.saveIntakeCursor(intakeCursor({ marketplace: 'amazon' }), null);
    expect((await store.getIntakeCursor('ebay'))?.version).toBe(2);
  });

  it('intake cursor: a save from a stale version, or a first save when one exists, is a ConcurrencyConflictError and changes nothing', async () => {
    const store = intakeStoreOf(current());
    const first = await store.saveIntakeCursor(intakeCursor(), null);
    const second = await store.saveIntakeCursor({ ...first, watermark: '2026-11-21T11:00:00.000Z' }, 1);
    const stale = await rejection(store.saveIntakeCursor({ ...first, watermark: '2026-11-21T12:00:00.000Z' }, 1));
    expect(ConcurrencyConflictError.isInstance(stale)).toBe(true);
    expect(stale).toMatchObject({ entity: 'intake-cursor', key: 'ebay', expectedVersion: 1, actualVersion: 2 });
    const again = await rejection(
      store.saveIntakeCursor(intakeCursor({ watermark: '2026-11-20T00:00:00.000Z' }), null),
    );
    expect(ConcurrencyConflictError.isInstance(again)).toBe(true);
    expect(again).toMatchObject({ entity: 'intake-cursor', key: 'ebay', actualVersion: 2 });
    const missing = await rejection(store.saveIntakeCursor(intakeCursor({ marketplace: 'walmart' }), 3));
    expect(missing).toMatchObject({
      entity: 'intake-cursor',
      key: 'walmart',
      expectedVersion: 3,
      actualVersion: undefined,
    });
    expect(await store.getIntakeCursor('ebay')).toEqual(second);
    expect(await store.getIntakeCursor('walmart')).toBeNull();
  });

  it('intake cursor: two workers saving from the same version at once: exactly one wins', async () => {
    const store = intakeStoreOf(current());
    const first = await Promise.allSettled([
      store.saveIntakeCursor(intakeCursor({ watermark: '2026-11-21T10:00:00.000Z' }), null),
      store.saveIntakeCursor(intakeCursor({ watermark: '2026-11-21T10:05:00.000Z' }), null),
    ]);
    expect(first.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = first.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<IntakeCursor>;
    expect(await store.getIntakeCursor('ebay')).toEqual(winner.value);
    const next = await Promise.allSettled([
      store.saveIntakeCursor({ ...winner.value, watermark: '2026-11-21T11:00:00.000Z' }, 1),
      store.saveIntakeCursor({ ...winner.value, watermark: '2026-11-21T11:05:00.000Z' }, 1),
    ]);
    const rejected = next.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(ConcurrencyConflictError.isInstance(rejected[0]?.reason)).toBe(true);
    expect((await store.getIntakeCursor('ebay'))?.version).toBe(2);
  });

  it('intake cursor: an invalid cursor or version is a ValidationError and writes nothing', async () => {
    const store = intakeStoreOf(current());
    const bad: [unknown, unknown][] = [
      [intakeCursor({ watermark: 'yesterday' }), null],
      [{ ...intakeCursor(), cursor: 'page-2' }, null],
      [intakeCursor({ marketplace: '' }), null],
      [intakeCursor({ scan: { since: '2026-11-21T10:00:00Z', until: 'later' } }), null],
      [intakeCursor(), -1],
      [intakeCursor(), 1.5],
    ];
    for (const [cursor, expected] of bad) {
      const error = await rejection(store.saveIntakeCursor(cursor as IntakeCursor, expected as number | null));
      expect(ValidationError.isInstance(error), JSON.stringify(cursor)).toBe(true);
    }
    expect(await store.getIntakeCursor('ebay')).toBeNull();
  });

  it('imported orders: created once (version 1); a second create of the same order is false and changes nothing', async () => {
    const store = intakeStoreOf(current());
    expect(await store.getImportedOrder('ebay:12-34567-89012')).toBeNull();
    expect(await store.createImportedOrder(importedOrder('12-34567-89012', { version: 7 }))).toBe(true);
    expect(await store.getImportedOrder('ebay:12-34567-89012')).toEqual(importedOrder());
    const again = importedOrder('12-34567-89012', { status: 'held', reasons: ['approval: manual'] });
    expect(await store.createImportedOrder(again)).toBe(false);
    expect(await store.getImportedOrder('ebay:12-34567-89012')).toEqual(importedOrder());
    // The same order id at another marketplace is another order.
    expect(await store.createImportedOrder(importedOrder('12-34567-89012', { marketplace: 'amazon' }))).toBe(true);
  });

  it('imported orders: two workers taking the same order at once: exactly one creates it', async () => {
    const store = intakeStoreOf(current());
    const outcomes = await Promise.all([
      store.createImportedOrder(importedOrder('RACE-1', { importedAt: '2026-11-21T10:00:00.000Z' })),
      store.createImportedOrder(importedOrder('RACE-1', { importedAt: '2026-11-21T10:00:00.500Z' })),
      store.createImportedOrder(importedOrder('RACE-1', { importedAt: '2026-11-21T10:00:00.900Z' })),
    ]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await store.findImportedOrders({})).toHaveLength(1);
  });

  it('imported orders: updated only from the stored version (one more each time); a stale or unknown one is a ConcurrencyConflictError', async () => {
    const store = intakeStoreOf(current());
    await store.createImportedOrder(importedOrder());
    const held = await store.updateImportedOrder(
      importedOrder('12-34567-89012', { status: 'held', reasons: ['approval: manual', 'profit below $5.00'] }),
      1,
    );
    expect(held).toEqual(
      importedOrder('12-34567-89012', {
        status: 'held',
        reasons: ['approval: manual', 'profit below $5.00'],
        version: 2,
      }),
    );
    expect(await store.getImportedOrder('ebay:12-34567-89012')).toEqual(held);
    const stale = await rejection(store.updateImportedOrder({ ...held, status: 'placed', reasons: [] }, 1));
    expect(ConcurrencyConflictError.isInstance(stale)).toBe(true);
    expect(stale).toMatchObject({
      entity: 'imported-order',
      key: 'ebay:12-34567-89012',
      expectedVersion: 1,
      actualVersion: 2,
    });
    const unknown = await rejection(store.updateImportedOrder(importedOrder('NOT-TAKEN'), 1));
    expect(unknown).toMatchObject({ entity: 'imported-order', key: 'ebay:NOT-TAKEN', actualVersion: undefined });
    expect(await store.getImportedOrder('ebay:NOT-TAKEN')).toBeNull();
    const moved = await rejection(store.updateImportedOrder({ ...held, importedAt: '2026-11-22T10:00:00.000Z' }, 2));
    expect(ValidationError.isInstance(moved)).toBe(true);
    expect((moved as ValidationError).issues.map((issue) => issue.path)).toEqual(['importedAt']);
    const placed = await store.updateImportedOrder(
      { ...held, status: 'placed', reasons: [], acknowledgedAt: '2026-11-21T10:01:00.000Z' },
      2,
    );
    expect(placed).toMatchObject({ version: 3, acknowledgedAt: '2026-11-21T10:01:00.000Z' });
    expect(await store.getImportedOrder('ebay:12-34567-89012')).toEqual(placed);
  });

  it('imported orders: found by marketplace, status (one or several) and acknowledgement, oldest first (then by id), at most limit', async () => {
    const store = intakeStoreOf(current());
    await store.createImportedOrder(
      importedOrder('E', { importedAt: '2026-11-21T10:02:00.000Z', acknowledgedAt: '2026-11-21T10:02:05.000Z' }),
    );
    await store.createImportedOrder(importedOrder('B', { importedAt: '2026-11-21T10:02:00.000Z' }));
    await store.createImportedOrder(
      importedOrder('A', { importedAt: '2026-11-21T10:01:00.000Z', status: 'held', reasons: ['approval: manual'] }),
    );
    await store.createImportedOrder(
      importedOrder('C', {
        importedAt: '2026-11-21T10:03:00.000Z',
        status: 'unmappable',
        reasons: ['shippingAddress.Name: restricted'],
      }),
    );
    await store.createImportedOrder(
      importedOrder('D', { marketplace: 'walmart', importedAt: '2026-11-21T10:00:00.000Z' }),
    );
    const ids = async (query: Parameters<IntakeStore['findImportedOrders']>[0]) =>
      (await store.findImportedOrders(query)).map((record) => record.salesOrderId);
    expect(await ids({})).toEqual(['walmart:D', 'ebay:A', 'ebay:B', 'ebay:E', 'ebay:C']);
    expect(await ids({ marketplace: 'ebay' })).toEqual(['ebay:A', 'ebay:B', 'ebay:E', 'ebay:C']);
    expect(await ids({ status: 'imported' })).toEqual(['walmart:D', 'ebay:B', 'ebay:E']);
    expect(await ids({ status: 'imported', acknowledged: false })).toEqual(['walmart:D', 'ebay:B']);
    expect(await ids({ acknowledged: true })).toEqual(['ebay:E']);
    expect(await ids({ marketplace: 'ebay', status: ['held', 'unmappable'] })).toEqual(['ebay:A', 'ebay:C']);
    expect(await ids({ limit: 2 })).toEqual(['walmart:D', 'ebay:A']);
    expect(await ids({ marketplace: 'amazon' })).toEqual([]);
    expect((await store.findImportedOrders({ status: 'unmappable' }))[0]?.reasons).toEqual([
      'shippingAddress.Name: restricted',
    ]);
  });

  it('imported orders: every status core declares is kept, moved to and found by (a cancelled order included)', async () => {
    const store = intakeStoreOf(current());
    for (const status of importedOrderStatuses) {
      await store.createImportedOrder(importedOrder(`NEW-${status}`, { status }));
      await store.createImportedOrder(importedOrder(`MOVED-${status}`));
      await store.updateImportedOrder(importedOrder(`MOVED-${status}`, { status }), 1);
    }
    for (const status of importedOrderStatuses) {
      const found = await store.findImportedOrders({ status });
      expect(found.map((record) => record.salesOrderId).sort(), status).toEqual(
        status === 'imported'
          ? ['ebay:MOVED-imported', 'ebay:NEW-imported']
          : [`ebay:MOVED-${status}`, `ebay:NEW-${status}`],
      );
    }
  });

  it('imported orders: an invalid record or query is a ValidationError and writes nothing', async () => {
    const store = intakeStoreOf(current());
    const bad: unknown[] = [
      importedOrder('X', { salesOrderId: 'ebay:Y' }),
      importedOrder('X', { status: 'shipped' as never }),
      importedOrder('X', { importedAt: 'now' }),
      { ...importedOrder('X'), acknowledgedBy: 'me' },
      importedOrder(''),
    ];
    for (const record of bad) {
      const error = await rejection(store.createImportedOrder(record as ImportedOrderRecord));
      expect(ValidationError.isInstance(error), JSON.stringify(record)).toBe(true);
    }
    expect(await store.findImportedOrders({})).toEqual([]);
    await store.createImportedOrder(importedOrder('X'));
    const update = await rejection(store.updateImportedOrder(importedOrder('X', { reasons: 'none' as never }), 1));
    expect(ValidationError.isInstance(update)).toBe(true);
    expect(await store.getImportedOrder('ebay:X')).toEqual(importedOrder('X'));
    for (const query of [{ state: 'held' }, { status: 'lost' }, { limit: 0 }]) {
      const error = await rejection(store.findImportedOrders(query as never));
      expect(ValidationError.isInstance(error), JSON.stringify(query)).toBe(true);
    }
  });

  it('reservations: replaced all at once per order, other orders untouched; found by order, distributor, SKU and status', async () => {
    const store = intakeStoreOf(current());
    const other = reservation({
      salesOrderId: 'ebay:OTHER',
      lineId: '9',
      sku: '26-0001',
      distributor: 'parts-unlimited',
      warehouse: undefined,
    });
    await store.replaceReservations('ebay:OTHER', [other]);
    await store.replaceReservations('ebay:12-34567-89012', [
      reservation(),
      reservation({ lineId: '2', sku: '26-0001', distributor: 'parts-unlimited', warehouse: undefined, quantity: 1 }),
    ]);
    const placed = [
      reservation({ status: 'consumed', closedAt: '2026-11-21T10:05:00.000Z' }),
      reservation({
        lineId: '2',
        sku: '26-0001',
        distributor: 'parts-unlimited',
        warehouse: undefined,
        quantity: 1,
        status: 'released',
        closedAt: '2026-11-21T10:05:00.000Z',
      }),
      reservation({ lineId: '2', sku: '87-0002', quantity: 1 }),
    ];
    await store.replaceReservations('ebay:12-34567-89012', placed);
    expect(await store.findReservations({ salesOrderId: 'ebay:12-34567-89012' })).toEqual(placed);
    expect(await store.findReservations({ sku: '26-0001' })).toEqual([other, placed[1]]);
    expect(await store.findReservations({ distributor: 'wps', status: 'open' })).toEqual([placed[2]]);
    expect(await store.findReservations({ status: ['consumed', 'released'] })).toEqual([placed[0], placed[1]]);
    expect(await store.findReservations({ sku: '26-0001', status: 'open' })).toEqual([other]);
    expect(await store.findReservations({})).toHaveLength(4);
    // closedAfter leaves out what was closed at or before the instant; open ones stay.
    expect(await store.findReservations({ closedAfter: '2026-11-21T10:05:00.000Z' })).toEqual([other, placed[2]]);
    expect(await store.findReservations({ sku: '87-1234', closedAfter: '2026-11-21T10:04:59.999Z' })).toEqual([
      placed[0],
    ]);
    await store.replaceReservations('ebay:12-34567-89012', []);
    expect(await store.findReservations({})).toEqual([other]);
  });

  it("reservations: one of another order's, or an invalid one, is a ValidationError and the order's reservations stay as they were", async () => {
    const store = intakeStoreOf(current());
    await store.replaceReservations('ebay:12-34567-89012', [reservation()]);
    const bad: unknown[][] = [
      [reservation({ lineId: '2' }), reservation({ salesOrderId: 'ebay:OTHER' })],
      [reservation({ quantity: 0 })],
      [reservation({ quantity: 1.5 })],
      [reservation({ status: 'held' as never })],
      [reservation({ status: 'consumed' })],
      [reservation({ closedAt: '2026-11-21T10:05:00.000Z' })],
      [{ ...reservation(), location: 'TX' }],
    ];
    for (const reservations of bad) {
      const error = await rejection(
        store.replaceReservations('ebay:12-34567-89012', reservations as OrderReservation[]),
      );
      expect(ValidationError.isInstance(error), JSON.stringify(reservations)).toBe(true);
    }
    expect(await store.findReservations({})).toEqual([reservation()]);
    const query = await rejection(store.findReservations({ state: 'open' } as never));
    expect(ValidationError.isInstance(query)).toBe(true);
  });

  it('reservations: two replacements of one order at once leave one of the two sets, never both', async () => {
    const store = intakeStoreOf(current());
    const left = [reservation({ lineId: '1' }), reservation({ lineId: '2', sku: 'LEFT' })];
    const right = [reservation({ lineId: '1', distributor: 'parts-unlimited', warehouse: undefined })];
    await Promise.all([
      store.replaceReservations('ebay:12-34567-89012', left),
      store.replaceReservations('ebay:12-34567-89012', right),
    ]);
    const found = await store.findReservations({ salesOrderId: 'ebay:12-34567-89012' });
    expect([left, right]).toContainEqual(found);
  });
}
