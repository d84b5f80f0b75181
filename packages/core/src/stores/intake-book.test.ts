import { describe, expect, it } from 'vitest';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ImportedOrderRecord, OrderReservation } from '../spec/v1/store.js';
import { createMemoryStore } from './memory-store.js';

const T0 = '2026-03-02T10:00:00.000Z';
const T1 = '2026-03-02T11:00:00.000Z';

function record(marketplaceOrderId: string, overrides: Partial<ImportedOrderRecord> = {}): ImportedOrderRecord {
  return {
    salesOrderId: `ebay:${marketplaceOrderId}`,
    marketplace: 'ebay',
    marketplaceOrderId,
    status: 'imported',
    reasons: [],
    importedAt: T0,
    version: 1,
    ...overrides,
  };
}

function reservation(
  salesOrderId: string,
  lineId: string,
  overrides: Partial<OrderReservation> = {},
): OrderReservation {
  return {
    salesOrderId,
    lineId,
    distributor: 'wps',
    sku: 'WPS-1',
    warehouse: 'ID',
    quantity: 1,
    status: 'open',
    createdAt: T0,
    ...overrides,
  };
}

describe('memory store: intake cursors', () => {
  it('creates with expectedVersion null, then saves only on the stored version', async () => {
    const store = createMemoryStore();
    expect(await store.getIntakeCursor('ebay')).toBeNull();
    const first = await store.saveIntakeCursor({ marketplace: 'ebay', watermark: T0, version: 1 }, null);
    expect(first.version).toBe(1);
    await expect(
      store.saveIntakeCursor({ marketplace: 'ebay', watermark: T1, version: 1 }, null),
    ).rejects.toMatchObject({ code: 'concurrency-conflict', entity: 'intake-cursor', actualVersion: 1 });
    const second = await store.saveIntakeCursor(
      { ...first, scan: { since: T0, until: T1, cursor: 'page-2' } },
      first.version,
    );
    expect(second).toMatchObject({ version: 2, scan: { cursor: 'page-2' } });
    // A writer holding version 1 loses and changes nothing.
    await expect(store.saveIntakeCursor({ ...first, watermark: T1 }, 1)).rejects.toSatisfy(
      ConcurrencyConflictError.isInstance,
    );
    expect(await store.getIntakeCursor('ebay')).toEqual(second);
    expect(Object.isFrozen(second) && Object.isFrozen(second.scan)).toBe(true);
  });

  it('refuses a malformed cursor and an unknown key, writing nothing', async () => {
    const store = createMemoryStore();
    await expect(
      store.saveIntakeCursor({ marketplace: 'ebay', watermark: 'yesterday', version: 1 }, null),
    ).rejects.toSatisfy(ValidationError.isInstance);
    await expect(
      store.saveIntakeCursor({ marketplace: 'ebay', watermark: T0, version: 1, extra: 1 } as never, null),
    ).rejects.toSatisfy(ValidationError.isInstance);
    expect(await store.getIntakeCursor('ebay')).toBeNull();
  });
});

describe('memory store: imported-order records', () => {
  it('creates once: false when the order is taken, the first record kept', async () => {
    const store = createMemoryStore();
    expect(await store.createImportedOrder(record('1'))).toBe(true);
    expect(await store.createImportedOrder(record('1', { status: 'unmappable', reasons: ['x'] }))).toBe(false);
    expect(await store.getImportedOrder('ebay:1')).toMatchObject({ status: 'imported', reasons: [], version: 1 });
  });

  it('updates with optimistic versions (entity imported-order)', async () => {
    const store = createMemoryStore();
    await store.createImportedOrder(record('1'));
    const held = await store.updateImportedOrder(record('1', { status: 'held', reasons: ['approval: manual'] }), 1);
    expect(held).toMatchObject({ status: 'held', version: 2 });
    await expect(store.updateImportedOrder(record('1', { status: 'placed' }), 1)).rejects.toMatchObject({
      entity: 'imported-order',
      expectedVersion: 1,
      actualVersion: 2,
    });
    await expect(store.updateImportedOrder(record('2'), 1)).rejects.toSatisfy(ConcurrencyConflictError.isInstance);
    expect((await store.getImportedOrder('ebay:1'))?.status).toBe('held');
  });

  it('refuses a record whose id is not <marketplace>:<marketplaceOrderId>', async () => {
    const store = createMemoryStore();
    await expect(store.createImportedOrder(record('1', { salesOrderId: 'ebay:2' }))).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    expect(await store.findImportedOrders({})).toEqual([]);
  });

  it('finds by marketplace, status and acknowledgement, oldest first, with a limit', async () => {
    const store = createMemoryStore();
    await store.createImportedOrder(record('late', { importedAt: T1 }));
    await store.createImportedOrder(record('early', { status: 'held', acknowledgedAt: T1 }));
    await store.createImportedOrder({ ...record('w'), salesOrderId: 'walmart:w', marketplace: 'walmart' });
    const ids = (records: ImportedOrderRecord[]) => records.map((found) => found.salesOrderId);
    expect(ids(await store.findImportedOrders({ marketplace: 'ebay' }))).toEqual(['ebay:early', 'ebay:late']);
    expect(ids(await store.findImportedOrders({ status: 'imported' }))).toEqual(['walmart:w', 'ebay:late']);
    expect(ids(await store.findImportedOrders({ marketplace: 'ebay', acknowledged: false }))).toEqual(['ebay:late']);
    expect(ids(await store.findImportedOrders({ limit: 1 }))).toEqual(['ebay:early']);
    await expect(store.findImportedOrders({ state: 'held' } as never)).rejects.toSatisfy(ValidationError.isInstance);
  });
});

describe('memory store: reservations', () => {
  it('replaces all of an order’s reservations at once and finds them by SKU and status', async () => {
    const store = createMemoryStore();
    await store.replaceReservations('ebay:1', [
      reservation('ebay:1', 'L1'),
      reservation('ebay:1', 'L2', { sku: 'WPS-2' }),
    ]);
    await store.replaceReservations('ebay:2', [reservation('ebay:2', 'L1', { quantity: 2 })]);
    expect(await store.findReservations({ sku: 'WPS-1' })).toHaveLength(2);
    await store.replaceReservations('ebay:1', [reservation('ebay:1', 'L1', { status: 'consumed', closedAt: T1 })]);
    expect(await store.findReservations({ salesOrderId: 'ebay:1' })).toEqual([
      reservation('ebay:1', 'L1', { status: 'consumed', closedAt: T1 }),
    ]);
    expect(await store.findReservations({ sku: 'WPS-2' })).toEqual([]);
    expect((await store.findReservations({ status: 'open' })).map((found) => found.salesOrderId)).toEqual(['ebay:2']);
    await store.replaceReservations('ebay:2', []);
    expect(await store.findReservations({ sku: 'WPS-1', status: ['open', 'consumed'] })).toHaveLength(1);
  });

  it('writes nothing when one reservation is malformed or belongs to another order', async () => {
    const store = createMemoryStore();
    await store.replaceReservations('ebay:1', [reservation('ebay:1', 'L1')]);
    await expect(
      store.replaceReservations('ebay:1', [reservation('ebay:1', 'L1', { quantity: 3 }), reservation('ebay:9', 'L2')]),
    ).rejects.toSatisfy(ValidationError.isInstance);
    await expect(
      store.replaceReservations('ebay:1', [reservation('ebay:1', 'L1', { status: 'consumed' })]),
    ).rejects.toSatisfy(ValidationError.isInstance);
    expect(await store.findReservations({ salesOrderId: 'ebay:1' })).toEqual([reservation('ebay:1', 'L1')]);
  });

  it('hands out frozen reservations and keeps none of the caller’s objects', async () => {
    const store = createMemoryStore();
    const mine = reservation('ebay:1', 'L1');
    await store.replaceReservations('ebay:1', [mine]);
    mine.quantity = 50;
    const [stored] = await store.findReservations({ salesOrderId: 'ebay:1' });
    expect(stored?.quantity).toBe(1);
    expect(Object.isFrozen(stored)).toBe(true);
  });
});
