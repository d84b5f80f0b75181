import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { SalesOrder } from '../../model/sales-order.js';
import type { DistributorClient } from '../../spec/v1/distributor-client.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter } from '../../test.js';
import { offer, salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from '../create-dropshipper.js';

// cancelSalesOrder on the core mocks, at every step of an order, honouring each distributor's real
// cancel ability: Automatic (revoke: `supported`), WPS (`before-submission`: a cart can be dropped,
// a submitted order cannot), Parts Unlimited and Tucker Rocky (`unsupported`).

const at = new Date('2026-11-20T15:00:00.000Z');
type CancelAbility = DistributorClient['capabilities']['cancel'];

function setup(cancel: CancelAbility = 'supported', approval: 'auto' | 'manual' = 'auto', submitLeaseMs?: number) {
  const distributor = createMockDistributorClient({
    distributor: 'automatic',
    capabilities: { cancel },
    stock: { 'A-PAD': { MN: 20 }, 'A-BELT': { MN: 20 } },
    now: () => at,
  });
  const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
  const store = createMemoryStore();
  const dropshipper = createDropshipper({
    distributors: [distributor],
    marketplaces: [marketplace],
    store,
    catalog: createMemoryCatalog([
      offer('automatic', 'A-PAD', 1500, { MN: 20 }),
      offer('automatic', 'A-BELT', 2500, { MN: 20 }, { mpn: 'BELT-1' }),
    ]),
    approval: { mode: approval },
    packageGroupSettleMs: 0,
    now: () => at,
    ...(submitLeaseMs === undefined ? {} : { submitLeaseMs }),
  });
  const events: { name: string; payload: unknown }[] = [];
  for (const name of ['purchase-order-manual-cancel', 'purchase-order-cancelled', 'sales-order-cancelled'] as const)
    dropshipper.events.on(name, (payload: unknown) => events.push({ name, payload }));
  return { distributor, marketplace, store, dropshipper, events };
}

const pads = (quantity: number) => ({ lineId: 'L1', sku: 'A-PAD', quantity, unitPrice: 4000 });
const belt = { lineId: 'L2', sku: 'A-BELT', quantity: 1, unitPrice: 6000, product: { brand: 'EBC', mpn: 'BELT-1' } };

async function placed(world: ReturnType<typeof setup>, id: string, lines = [pads(3)]) {
  const result = await world.dropshipper.dropship(salesOrder(id, lines));
  const poNumber = result.purchaseOrders[0]?.poNumber as string;
  expect(result.purchaseOrders[0]).toMatchObject({ outcome: 'submitted' });
  return poNumber;
}

describe('cancelSalesOrder: a placed PO', () => {
  it('is cancelled at a distributor whose API cancels (one call), whole order', async () => {
    const world = setup('supported');
    const poNumber = await placed(world, '2001');
    const result = await world.dropshipper.cancelSalesOrder('ebay:2001');
    expect(result.lines).toEqual([{ lineId: 'L1', quantity: 3, status: 'cancelled', poNumber }]);
    expect(result.replaced).toEqual([]);
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('cancelled');
    expect(world.distributor.callCount('cancelOrder', poNumber)).toBe(1);
    expect(world.events.map((event) => event.name)).toEqual(['purchase-order-cancelled', 'sales-order-cancelled']);
    // Again: the order is cancelled already; nothing is asked twice.
    expect((await world.dropshipper.cancelSalesOrder('ebay:2001')).lines).toEqual([]);
    expect(world.distributor.callCount('cancelOrder')).toBe(1);
    expect(world.distributor.orders()).toHaveLength(1);
  });

  for (const cancel of ['before-submission', 'unsupported'] as const) {
    it(`moves to manual_cancel where the API cannot cancel a placed order (${cancel}), never calling it`, async () => {
      const world = setup(cancel);
      const poNumber = await placed(world, '2002');
      const result = await world.dropshipper.cancelSalesOrder('ebay:2002');
      expect(result.lines).toEqual([
        expect.objectContaining({ lineId: 'L1', quantity: 3, status: 'manual-cancel', poNumber }),
      ]);
      expect(result.lines[0]?.message).toMatch(/resolveManualCancel/);
      const stored = await world.store.getPurchaseOrder(poNumber);
      expect(stored?.state).toBe('manual_cancel');
      expect(stored?.audit.at(-1)?.detail).toMatch(/ask automatic to cancel/);
      expect(world.distributor.callCount('cancelOrder')).toBe(0);
      expect(world.events[0]).toMatchObject({
        name: 'purchase-order-manual-cancel',
        payload: { poNumber, distributor: 'automatic', salesOrderId: 'ebay:2002' },
      });
      // A person cancelled it: cancelled; said again, nothing changes.
      expect(await world.dropshipper.resolveManualCancel(poNumber, 'cancelled')).toMatchObject({
        state: 'cancelled',
        replaced: [],
      });
      expect(await world.dropshipper.resolveManualCancel(poNumber, 'cancelled')).toMatchObject({ state: 'cancelled' });
      expect(world.distributor.orders()).toHaveLength(1);
    });
  }

  it('goes back to where it was when the person could not cancel it, and refuses a PO not waiting for a person', async () => {
    const world = setup('unsupported');
    const poNumber = await placed(world, '2003');
    await world.dropshipper.cancelSalesOrder('ebay:2003');
    expect((await world.dropshipper.resolveManualCancel(poNumber, 'not-cancelled')).state).toBe('submitted');
    await expect(world.dropshipper.resolveManualCancel(poNumber, 'cancelled')).rejects.toThrow(ConfigurationError);
    await expect(world.dropshipper.resolveManualCancel(poNumber, 'maybe' as never)).rejects.toThrow(ValidationError);
  });

  it('reports units of a shipped PO as already shipped and asks nothing', async () => {
    const world = setup('supported');
    const poNumber = await placed(world, '2004');
    world.distributor.shipOrder(poNumber);
    await world.dropshipper.syncTracking();
    const result = await world.dropshipper.cancelSalesOrder('ebay:2004');
    expect(result.lines).toEqual([{ lineId: 'L1', quantity: 3, status: 'already-shipped', poNumber }]);
    expect(world.distributor.callCount('cancelOrder')).toBe(0);
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });
});

describe('cancelSalesOrder: partial cancels', () => {
  it('cancels the PO as a whole and places the units the buyer kept on a new PO number, once', async () => {
    const world = setup('supported');
    const poNumber = await placed(world, '2010', [pads(3), belt]);
    const result = await world.dropshipper.cancelSalesOrder('ebay:2010', [{ lineId: 'L1', quantity: 1 }]);
    expect(result.lines).toEqual([{ lineId: 'L1', quantity: 1, status: 'cancelled', poNumber }]);
    expect(result.replaced).toEqual([expect.objectContaining({ outcome: 'submitted', distributor: 'automatic' })]);
    const replacement = result.replaced[0]?.poNumber as string;
    expect(replacement).not.toBe(poNumber);
    const orders = world.distributor.orders();
    expect(orders).toHaveLength(2);
    const again = orders.find((order) => order.poNumber === replacement);
    expect(again?.lines.map((line) => [line.sku, line.quantity]).sort()).toEqual([
      ['A-BELT', 1],
      ['A-PAD', 2],
    ]);
    // The stored order keeps what the buyer kept; the order handed in again places nothing more.
    expect((await world.store.getSalesOrder('ebay:2010'))?.lines.map((line) => line.quantity)).toEqual([2, 1]);
    const again2 = await world.dropshipper.dropship(salesOrder('2010', [pads(3), belt]));
    expect(again2.purchaseOrders).toEqual([]);
    expect(world.distributor.orders()).toHaveLength(2);
    expect((await world.store.getSalesOrder('ebay:2010'))?.lines.map((line) => line.quantity)).toEqual([2, 1]);
  });

  it('two cancels of one order at once each take their units, one after the other', async () => {
    const world = setup('supported');
    const poNumber = await placed(world, '2013');
    const [first, second] = await Promise.all([
      world.dropshipper.cancelSalesOrder('ebay:2013', [{ lineId: 'L1', quantity: 1 }]),
      world.dropshipper.cancelSalesOrder('ebay:2013', [{ lineId: 'L1', quantity: 1 }]),
    ]);
    expect(first.lines).toEqual([{ lineId: 'L1', quantity: 1, status: 'cancelled', poNumber }]);
    expect(second.lines).toEqual([expect.objectContaining({ quantity: 1, status: 'cancelled' })]);
    expect((await world.store.getSalesOrder('ebay:2013'))?.lines.map((line) => line.quantity)).toEqual([1]);
    const live = (await world.dropshipper.purchaseOrders('ebay:2013')).filter((po) => po.state !== 'cancelled');
    expect(live.map((po) => po.lines[0]?.quantity)).toEqual([1]);
    expect(world.distributor.orders().map((order) => order.lines[0]?.quantity)).toEqual([3, 2, 1]);
  });

  it('refuses more units than the order has, an unknown line, a line twice, with nothing changed', async () => {
    const world = setup('supported');
    const poNumber = await placed(world, '2011');
    for (const lines of [
      [{ lineId: 'L1', quantity: 4 }],
      [{ lineId: 'L9', quantity: 1 }],
      [
        { lineId: 'L1', quantity: 1 },
        { lineId: 'L1', quantity: 1 },
      ],
      [{ lineId: 'L1', quantity: 0 }],
      [{ lineId: 'L1', quantity: 1, extra: true }],
    ])
      await expect(world.dropshipper.cancelSalesOrder('ebay:2011', lines as never)).rejects.toThrow(ValidationError);
    await expect(world.dropshipper.cancelSalesOrder('ebay:nope')).rejects.toThrow(ConfigurationError);
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('submitted');
    expect(world.distributor.callCount('cancelOrder')).toBe(0);
  });

  it('places the kept units only once a person confirmed the manual cancel (WPS: before-submission)', async () => {
    const world = setup('before-submission');
    const poNumber = await placed(world, '2012');
    const result = await world.dropshipper.cancelSalesOrder('ebay:2012', [{ lineId: 'L1', quantity: 2 }]);
    expect(result.lines).toEqual([expect.objectContaining({ quantity: 2, status: 'manual-cancel', poNumber })]);
    expect(result.replaced).toEqual([]);
    expect(world.distributor.orders()).toHaveLength(1);
    const resolved = await world.dropshipper.resolveManualCancel(poNumber, 'cancelled');
    expect(resolved.replaced).toEqual([expect.objectContaining({ outcome: 'submitted' })]);
    expect(world.distributor.orders().map((order) => order.lines[0]?.quantity)).toEqual([3, 1]);
    // Resolved again (a retried job): nothing placed twice.
    expect((await world.dropshipper.resolveManualCancel(poNumber, 'cancelled')).replaced).toEqual([]);
    expect(world.distributor.orders()).toHaveLength(2);
  });
});

describe('cancelSalesOrder: before a PO is placed', () => {
  it('an order held for approval: its units are not placed, and placing the held plan places nothing', async () => {
    const world = setup('supported', 'manual');
    const held = await world.dropshipper.dropship(salesOrder('2020', [pads(2)]));
    expect(held.status).toBe('held');
    const result = await world.dropshipper.cancelSalesOrder(salesOrder('2020', [pads(2)]));
    expect(result.lines).toEqual([{ lineId: 'L1', quantity: 2, status: 'not-placed' }]);
    expect(world.distributor.callCount('cancelOrder')).toBe(0);
  });

  it('a held plan that predates a partial cancel is refused; the order planned again places only what is kept', async () => {
    const world = setup('supported', 'manual');
    const held = await world.dropshipper.dropship(salesOrder('2023', [pads(3)]));
    expect(held.status).toBe('held');
    await world.dropshipper.cancelSalesOrder('ebay:2023', [{ lineId: 'L1', quantity: 2 }]);
    await expect(world.dropshipper.placePlan(held.plan)).rejects.toThrow(/predates a cancel/);
    expect(world.distributor.orders()).toHaveLength(0);
    const stored = await world.store.getSalesOrder('ebay:2023');
    const again = await world.dropshipper.plan(stored as SalesOrder);
    await world.dropshipper.placePlan(again);
    expect(world.distributor.orders().map((order) => order.lines[0]?.quantity)).toEqual([1]);
  });

  it('a PO that failed (certainly not placed) is cancelled here, without a distributor call', async () => {
    const world = setup('supported');
    world.distributor.injectFault({ kind: 'unauthorized', operations: ['submit-look-up'] });
    const result = await world.dropshipper.dropship(salesOrder('2021', [pads(1)]));
    const poNumber = result.purchaseOrders[0]?.poNumber as string;
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('failed');
    const cancelled = await world.dropshipper.cancelSalesOrder('ebay:2021');
    expect(cancelled.lines).toEqual([{ lineId: 'L1', quantity: 1, status: 'not-placed', poNumber }]);
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('cancelled');
    expect(world.distributor.callCount('cancelOrder')).toBe(0);
    // The order handed in again is refused: it was cancelled; nothing is sent.
    await expect(world.dropshipper.dropship(salesOrder('2021', [pads(1)]))).rejects.toThrow(/was cancelled/);
    expect(world.distributor.orders()).toHaveLength(0);
  });

  it('a PO being submitted is left alone (nothing known yet), and cancelled when asked again once settled', async () => {
    const world = setup('supported');
    world.distributor.injectFault({ kind: 'lost-response', operations: ['submit'] });
    world.distributor.injectFault({ kind: 'timeout', operations: ['find-order'] });
    const result = await world.dropshipper.dropship(salesOrder('2022', [pads(1)]));
    const poNumber = result.purchaseOrders[0]?.poNumber as string;
    expect(result.purchaseOrders[0]?.state).toBe('submitting');
    const first = await world.dropshipper.cancelSalesOrder('ebay:2022');
    expect(first.lines).toEqual([expect.objectContaining({ status: 'cancel-requested', poNumber })]);
    expect(first.lines[0]?.message).toMatch(/being submitted/);
    expect(world.distributor.callCount('cancelOrder')).toBe(0);
    await world.dropshipper.recover({ olderThanMs: 0 });
    const second = await world.dropshipper.cancelSalesOrder('ebay:2022');
    expect(second.lines).toEqual([{ lineId: 'L1', quantity: 1, status: 'cancelled', poNumber }]);
    expect(world.distributor.orderCount(poNumber)).toBe(1);
  });
});

describe('cancelSalesOrder: a PO left submitting past its lease (a crash, a lost answer)', () => {
  it('is looked up, never sent: found → cancelled at the distributor', async () => {
    const world = setup('supported', 'auto', 0);
    world.distributor.injectFault({ kind: 'lost-response', operations: ['submit'] });
    world.distributor.injectFault({ kind: 'timeout', operations: ['find-order'] });
    const result = await world.dropshipper.dropship(salesOrder('2050', [pads(1)]), { recover: false });
    const poNumber = result.purchaseOrders[0]?.poNumber as string;
    expect(result.purchaseOrders[0]?.state).toBe('submitting');
    const cancelled = await world.dropshipper.cancelSalesOrder('ebay:2050');
    expect(cancelled.lines).toEqual([{ lineId: 'L1', quantity: 1, status: 'cancelled', poNumber }]);
    expect(world.distributor.orderCount(poNumber)).toBe(1);
    expect(world.distributor.callCount('submitOrder', poNumber)).toBe(1);
    expect(world.distributor.callCount('cancelOrder', poNumber)).toBe(1);
  });

  it('is looked up, never sent: absent → not placed, cancelled here without a distributor cancel', async () => {
    const world = setup('supported', 'auto', 0);
    world.distributor.injectFault({ kind: 'timeout', operations: ['submit'] });
    world.distributor.injectFault({ kind: 'timeout', operations: ['find-order'] });
    const result = await world.dropshipper.dropship(salesOrder('2051', [pads(1)]), { recover: false });
    const poNumber = result.purchaseOrders[0]?.poNumber as string;
    expect(result.purchaseOrders[0]?.state).toBe('submitting');
    expect(world.distributor.orderCount(poNumber)).toBe(0);
    const cancelled = await world.dropshipper.cancelSalesOrder('ebay:2051');
    expect(cancelled.lines).toEqual([{ lineId: 'L1', quantity: 1, status: 'not-placed', poNumber }]);
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('cancelled');
    expect(world.distributor.callCount('submitOrder', poNumber)).toBe(1);
    expect(world.distributor.callCount('cancelOrder')).toBe(0);
    // Recovery later finds nothing to send.
    await world.dropshipper.recover({ olderThanMs: 0 });
    expect(world.distributor.orderCount(poNumber)).toBe(0);
  });
});

describe('after the cancel: what the distributor does next', () => {
  it('a cancel the distributor only took as a request is settled when it reports the order cancelled; the kept units are placed then', async () => {
    const world = setup('supported');
    const asked: string[] = [];
    // A distributor whose cancel is a request it decides later (CancelResult 'requested').
    world.distributor.cancelOrder = async (poNumber: string) => {
      asked.push(poNumber);
      return { status: 'requested' as const };
    };
    const poNumber = await placed(world, '2030');
    const result = await world.dropshipper.cancelSalesOrder('ebay:2030', [{ lineId: 'L1', quantity: 1 }]);
    expect(result.lines).toEqual([{ lineId: 'L1', quantity: 1, status: 'cancel-requested', poNumber }]);
    expect(result.replaced).toEqual([]);
    await world.dropshipper.syncTracking();
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('cancel_requested');
    expect(world.distributor.orders()).toHaveLength(1);

    world.distributor.setOrderStatus(poNumber, 'cancelled');
    await world.dropshipper.syncTracking();
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('cancelled');
    const orders = world.distributor.orders();
    expect(orders.map((order) => order.lines[0]?.quantity)).toEqual([3, 2]);
    // The next syncs place nothing more.
    await world.dropshipper.syncTracking();
    expect(world.distributor.orders()).toHaveLength(2);
    expect(asked).toEqual([poNumber]);
  });

  it('a package shipped after the cancel is recorded, pushed once and flagged', async () => {
    const world = setup('unsupported');
    const flagged: unknown[] = [];
    world.dropshipper.events.on('shipment-after-cancel', (event) => flagged.push(event));
    const poNumber = await placed(world, '2031');
    await world.dropshipper.cancelSalesOrder('ebay:2031');
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('manual_cancel');
    const trackingNumber = world.distributor.shipOrder(poNumber);
    await world.dropshipper.syncTracking();
    await world.dropshipper.syncTracking();
    const stored = await world.store.getPurchaseOrder(poNumber);
    expect(stored?.flags).toEqual(['shipped-after-cancel']);
    expect(stored?.shipments.map((shipment) => shipment.trackingNumber)).toEqual([trackingNumber]);
    expect(world.marketplace.pushes().map((push) => push.trackingNumber)).toEqual([trackingNumber]);
    expect(flagged).toEqual([expect.objectContaining({ poNumber, flag: 'shipped-after-cancel' })]);
    // A person cannot say it was cancelled any more: it shipped.
    await expect(world.dropshipper.resolveManualCancel(poNumber, 'cancelled')).rejects.toThrow(ConfigurationError);
  });
});

describe('syncDistributor (a queue job) settles the pending cancels of its distributor', () => {
  it('only those of that distributor, once the distributor reports them cancelled', async () => {
    const world = setup('supported');
    world.distributor.cancelOrder = async () => ({ status: 'requested' as const });
    const poNumber = await placed(world, '2040');
    await world.dropshipper.cancelSalesOrder('ebay:2040');
    world.distributor.setOrderStatus(poNumber, 'cancelled');
    await world.dropshipper.syncDistributor('wps');
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('cancel_requested');
    await world.dropshipper.syncDistributor('automatic');
    expect((await world.store.getPurchaseOrder(poNumber))?.state).toBe('cancelled');
  });
});
