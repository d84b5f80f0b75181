import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { PurchaseOrder } from '../model/purchase-order.js';
import type { SalesOrder } from '../model/sales-order.js';
import { NOW, offer, order } from '../routing/__fixtures__/routing-fixtures.js';
import { createPlanner } from '../routing/create-planner.js';
import type { IdempotencyRecord } from '../spec/v1/store.js';
import { createPurchaseOrder } from '../state-machine/create-purchase-order.js';
import { purchaseOrderStateGroups } from '../state-machine/purchase-order-state-groups.js';
import { transition } from '../state-machine/transition.js';
import { createMemoryStore } from './memory-store.js';

const catalog = createMemoryCatalog([
  offer({ distributor: 'wps', sku: 'WPS-1' }),
  offer({ distributor: 'parts-unlimited', sku: 'PU-2', mpn: 'OTHER' }),
]);
const planner = createPlanner({ catalog, rules: { singleShipment: 'none' } });

function purchaseOrdersFor(marketplaceOrderId: string, now: string): PurchaseOrder[] {
  const salesOrder = order({
    marketplaceOrderId,
    lines: [
      { lineId: 'L1', sku: 'WPS-1', quantity: 1, unitPrice: 5000 },
      { lineId: 'L2', sku: 'PU-2', quantity: 1, unitPrice: 5000 },
    ],
  });
  return planner
    .plan(salesOrder, { now: NOW })
    .purchaseOrders.map((planned) => createPurchaseOrder({ order: salesOrder, planned, now }));
}

describe('createMemoryStore', () => {
  it('creates, reads and updates POs with optimistic versioning', async () => {
    const store = createMemoryStore();
    const [purchaseOrder] = purchaseOrdersFor('A', NOW);
    if (purchaseOrder === undefined) throw new Error('no PO');
    await store.createPurchaseOrder(purchaseOrder);
    await expect(store.createPurchaseOrder(purchaseOrder)).rejects.toSatisfy(ConcurrencyConflictError.isInstance);
    const submitting = transition(purchaseOrder, { type: 'submit' }, { now: NOW });
    const stored = await store.updatePurchaseOrder(submitting, 1);
    expect(stored).toMatchObject({ state: 'submitting', version: 2 });
    // A second writer holding version 1 loses.
    const stale = transition(purchaseOrder, { type: 'request-cancel' }, { now: NOW });
    await expect(store.updatePurchaseOrder(stale, 1)).rejects.toMatchObject({
      code: 'concurrency-conflict',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect((await store.getPurchaseOrder(purchaseOrder.poNumber))?.state).toBe('submitting');
    await expect(store.updatePurchaseOrder({ ...submitting, poNumber: 'DS-NOPE' }, 2)).rejects.toSatisfy(
      ConcurrencyConflictError.isInstance,
    );
  });

  it('refuses an update that does not raise the version or changes identity', async () => {
    const store = createMemoryStore();
    const [purchaseOrder] = purchaseOrdersFor('A', NOW);
    if (purchaseOrder === undefined) throw new Error('no PO');
    await store.createPurchaseOrder(purchaseOrder);
    await expect(store.updatePurchaseOrder(purchaseOrder, 1)).rejects.toSatisfy(ValidationError.isInstance);
    const moved = transition(purchaseOrder, { type: 'submit' }, { now: NOW });
    await expect(store.updatePurchaseOrder({ ...moved, salesOrderId: 'ebay:OTHER' }, 1)).rejects.toMatchObject({
      issues: [{ path: 'salesOrderId', message: 'cannot change' }],
    });
    expect((await store.getPurchaseOrder(purchaseOrder.poNumber))?.version).toBe(1);
  });

  it('returns frozen POs: a mutation attempt throws and changes nothing stored', async () => {
    const store = createMemoryStore();
    const [purchaseOrder] = purchaseOrdersFor('A', NOW);
    if (purchaseOrder === undefined) throw new Error('no PO');
    const created = await store.createPurchaseOrder(purchaseOrder);
    expect(() => {
      (created.lines[0] as { quantity: number }).quantity = 99;
    }).toThrow(TypeError);
    const read = await store.getPurchaseOrder(purchaseOrder.poNumber);
    expect(() => {
      (read as { state: string }).state = 'completed';
    }).toThrow(TypeError);
    expect(() => (read as PurchaseOrder).audit.push({ ...(read as PurchaseOrder).audit[0]! })).toThrow(TypeError);
    const [found] = await store.findPurchaseOrders({ poNumber: purchaseOrder.poNumber });
    expect(found).toMatchObject({ state: 'draft', lines: [{ quantity: 1 }] });
    expect(found?.audit).toHaveLength(1);
  });

  it("keeps its own copy of a PO it did not make, and leaves the caller's object alone", async () => {
    const store = createMemoryStore();
    const [made] = purchaseOrdersFor('A', NOW);
    if (made === undefined) throw new Error('no PO');
    // A PO built by hand (or read from elsewhere): plain, mutable objects.
    const handMade: PurchaseOrder = JSON.parse(JSON.stringify(made));
    const stored = await store.createPurchaseOrder(handMade);
    expect(stored).not.toBe(handMade);
    expect(Object.isFrozen(handMade) || Object.isFrozen(handMade.lines[0])).toBe(false);
    handMade.lines[0]!.quantity = 98;
    handMade.state = 'completed';
    expect(await store.getPurchaseOrder(made.poNumber)).toMatchObject({ state: 'draft', lines: [{ quantity: 1 }] });
    // A spread copy of a stored PO is validated like any other input.
    const current = (await store.getPurchaseOrder(made.poNumber)) as PurchaseOrder;
    await expect(
      store.updatePurchaseOrder({ ...transition(current, { type: 'submit' }, { now: NOW }), lines: [] }, 1),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'lines' })] });
    expect((await store.getPurchaseOrder(made.poNumber))?.version).toBe(1);
  });

  it('returns frozen sales orders and leaves the saved object alone', async () => {
    const store = createMemoryStore();
    const saved = order();
    await store.saveSalesOrder(saved);
    expect(Object.isFrozen(saved)).toBe(false);
    saved.buyer.name = 'Someone else';
    const read = await store.getSalesOrder('ebay:12-34567-89012');
    expect(read?.buyer.name).toBe(order().buyer.name);
    expect(() => {
      (read as SalesOrder).buyer.name = 'Changed';
    }).toThrow(TypeError);
  });

  it('keeps every query right as POs move between states (index matches a full scan)', async () => {
    const store = createMemoryStore();
    const distributors = ['wps', 'parts-unlimited', 'tucker-rocky'];
    const states = ['submitting', 'submitted', 'shipped', 'completed', 'cancelled'] as const;
    const all: PurchaseOrder[] = [];
    // Created out of order (instants and PO numbers), several sharing an instant.
    for (let index = 0; index < 60; index++) {
      const hour = String((index * 7) % 24).padStart(2, '0');
      const [planned] = purchaseOrdersFor(`S${(index * 37) % 61}`, `2026-11-20T${hour}:00:00Z`);
      if (planned === undefined) throw new Error('no PO');
      const distributor = distributors[index % distributors.length] as string;
      const purchaseOrder = { ...planned, poNumber: `DS-${(index * 53) % 97}-${distributor}`, distributor };
      all.push(await store.createPurchaseOrder(purchaseOrder));
    }
    // Move them around: each PO goes to a state, some several times.
    for (let round = 0; round < 3; round++) {
      for (let index = round; index < all.length; index += 2 + round) {
        const current = all[index] as PurchaseOrder;
        const next: PurchaseOrder = {
          ...current,
          state: states[(index + round) % states.length] as PurchaseOrder['state'],
          version: current.version + 1,
        };
        all[index] = await store.updatePurchaseOrder(next, current.version);
      }
    }
    const reference = (query: {
      distributor?: string;
      state?: readonly string[];
      createdFrom?: string;
      limit?: number;
    }) => {
      const found = all
        .filter((purchaseOrder) => query.distributor === undefined || purchaseOrder.distributor === query.distributor)
        .filter((purchaseOrder) => query.state === undefined || query.state.includes(purchaseOrder.state))
        .filter(
          (purchaseOrder) =>
            query.createdFrom === undefined || Date.parse(purchaseOrder.createdAt) >= Date.parse(query.createdFrom),
        )
        .sort(
          (left, right) =>
            Date.parse(left.createdAt) - Date.parse(right.createdAt) ||
            (left.poNumber < right.poNumber ? -1 : left.poNumber > right.poNumber ? 1 : 0),
        )
        .map((purchaseOrder) => `${purchaseOrder.poNumber}@${purchaseOrder.version}`);
      return query.limit === undefined ? found : found.slice(0, query.limit);
    };
    const queries = [
      {},
      { state: ['shipped'] },
      { state: ['submitted', 'shipped', 'submitting'] },
      { state: ['draft'] },
      { distributor: 'wps' },
      { distributor: 'tucker-rocky', state: ['completed', 'cancelled'] },
      { distributor: 'parts-unlimited', state: ['draft', 'shipped'], limit: 3 },
      { state: ['cancelled'], createdFrom: '2026-11-20T12:00:00Z' },
      { distributor: 'nobody' },
      { state: ['failed'] },
    ];
    for (const query of queries) {
      const found = await store.findPurchaseOrders(query as Parameters<typeof store.findPurchaseOrders>[0]);
      expect(found.map((purchaseOrder) => `${purchaseOrder.poNumber}@${purchaseOrder.version}`)).toEqual(
        reference(query),
      );
    }
  });

  it('finds POs by PO number, sales order, distributor, state(s) and created range, oldest first', async () => {
    const store = createMemoryStore();
    const older = purchaseOrdersFor('A', '2026-11-20T00:00:00Z');
    const newer = purchaseOrdersFor('B', '2026-11-21T00:00:00Z');
    for (const purchaseOrder of [...newer, ...older]) await store.createPurchaseOrder(purchaseOrder);
    const shipped = transition(
      transition(transition(newer[0]!, { type: 'submit' }, { now: NOW }), { type: 'submit-succeeded' }, { now: NOW }),
      { type: 'record-shipment', shipment: { carrier: 'ups', trackingNumber: '1Z1', shippedAt: NOW } },
      { now: NOW },
    );
    await store.updatePurchaseOrder(shipped, 1);
    const numbers = async (query: Parameters<typeof store.findPurchaseOrders>[0]) =>
      (await store.findPurchaseOrders(query)).map((entry) => `${entry.salesOrderId}/${entry.distributor}`);
    expect((await store.findPurchaseOrders({})).map((entry) => entry.salesOrderId)).toEqual([
      'ebay:A',
      'ebay:A',
      'ebay:B',
      'ebay:B',
    ]);
    expect(await numbers({ poNumber: older[0]!.poNumber })).toEqual([`ebay:A/${older[0]!.distributor}`]);
    expect(await numbers({ salesOrderId: 'ebay:B', distributor: 'parts-unlimited' })).toEqual([
      'ebay:B/parts-unlimited',
    ]);
    expect(await numbers({ distributor: 'wps' })).toEqual(['ebay:A/wps', 'ebay:B/wps']);
    expect(await numbers({ state: 'shipped' })).toEqual(['ebay:B/wps']);
    expect(await numbers({ state: purchaseOrderStateGroups.shipped })).toEqual(['ebay:B/wps']);
    expect(await numbers({ state: ['draft'], createdFrom: '2026-11-21T00:00:00Z' })).toEqual([
      'ebay:B/parts-unlimited',
    ]);
    expect(await numbers({ createdTo: '2026-11-21T00:00:00Z' })).toHaveLength(2);
    expect(await numbers({ state: 'draft', limit: 1 })).toHaveLength(1);
    expect(await numbers({ state: purchaseOrderStateGroups.notYetShipped })).toEqual([]);
  });

  it('validates what it stores and what it is asked', async () => {
    const store = createMemoryStore();
    await expect(store.createPurchaseOrder({ poNumber: 'X' } as PurchaseOrder)).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    await expect(store.saveSalesOrder({ marketplace: 'EBAY' } as never)).rejects.toSatisfy(ValidationError.isInstance);
    await expect(store.findPurchaseOrders({ state: 'lost' as never })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'state' })],
    });
    await expect(store.findPurchaseOrders({ createdFrom: 'last week' })).rejects.toSatisfy(ValidationError.isInstance);
    await expect(store.updatePurchaseOrder(purchaseOrdersFor('A', NOW)[0]!, -1)).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    expect(store.purchaseOrderCount).toBe(0);
  });

  it('saves sales orders and keeps idempotency records once', async () => {
    const store = createMemoryStore();
    await store.saveSalesOrder(order());
    expect(await store.getSalesOrder('ebay:12-34567-89012')).toEqual(order());
    expect(await store.getSalesOrder('ebay:missing')).toBeNull();
    const record = { key: 'tracking:ebay:1:1Z1', at: NOW, result: 'F-1' };
    expect(await store.putIdempotencyRecord(record)).toBe(true);
    expect(await store.putIdempotencyRecord({ ...record, result: 'F-2' })).toBe(false);
    expect(await store.getIdempotencyRecord(record.key)).toEqual(record);
    await expect(store.putIdempotencyRecord({ key: '', at: 'now' })).rejects.toSatisfy(ValidationError.isInstance);
    await expect(
      store.putIdempotencyRecord({ key: 'k', at: NOW, result: 5 } as unknown as IdempotencyRecord),
    ).rejects.toSatisfy(ValidationError.isInstance);
    // What is kept is a copy with known keys only: changing the input afterwards changes nothing.
    const input = { key: 'buyer-notified:1', at: NOW, result: 'sent', note: 'dropped' };
    expect(await store.putIdempotencyRecord(input)).toBe(true);
    input.result = 'changed';
    expect(await store.getIdempotencyRecord('buyer-notified:1')).toStrictEqual({
      key: 'buyer-notified:1',
      at: NOW,
      result: 'sent',
    });
  });
});
