import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import type { OfferInput } from '../../model/offer.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter } from '../../test.js';
import { offer, padOffers, partsUnlimitedWithPads, salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from '../context/dropshipper-types.js';
import { createDropshipper } from '../create-dropshipper.js';

const at = new Date('2026-11-20T15:00:00.000Z');
const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 2, unitPrice: 3000 };

function setup(options: Partial<DropshipperOptions> = {}, offers: OfferInput[] = padOffers()) {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const pu = partsUnlimitedWithPads(at);
  const ebay = createMockMarketplaceAdapter({ marketplace: 'ebay' });
  const store = createMemoryStore();
  const base = {
    distributors: [wps, pu],
    marketplaces: [ebay],
    store,
    catalog: createMemoryCatalog(offers),
    approval: { mode: 'auto' as const },
    now: () => at,
    reroute: {},
    ...options,
  };
  const dropshipper = createDropshipper(base);
  const flagged: string[] = [];
  dropshipper.events.on('shipment-after-cancel', (event) => flagged.push(`${event.poNumber}:${event.flag}`));
  return { wps, pu, ebay, store, base, dropshipper, flagged };
}

describe('re-routing what a distributor cancels on its side, seen in sync', () => {
  it('a whole order cancelled out of stock: the PO is cancelled with the reason and the lines placed at the next distributor', async () => {
    const { wps, pu, dropshipper } = setup();
    await dropshipper.dropship(salesOrder('4001', [padLine]));
    const [first] = await dropshipper.purchaseOrders('ebay:4001');
    wps.cancelOnDistributorSide(first?.poNumber as string, { reason: 'discontinued' });

    const sync = await dropshipper.syncTracking();
    expect(sync.errors).toEqual([]);
    const pos = await dropshipper.purchaseOrders('ebay:4001');
    const cancelled = pos.find((po) => po.distributor === 'wps');
    const next = pos.find((po) => po.distributor === 'parts-unlimited');
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      rejection: { reason: 'discontinued', source: 'distributor' },
    });
    expect(next).toMatchObject({
      distributor: 'parts-unlimited',
      state: 'submitted',
      lines: [expect.objectContaining({ salesLineId: 'L1', quantity: 2 })],
      reroute: { fromPoNumber: first?.poNumber, attempt: 1, excluded: [{ distributor: 'wps' }] },
    });
    expect(pu.orders()).toHaveLength(1);

    // Syncing again reads the same cancelled order: nothing new is recorded or placed.
    await dropshipper.syncTracking();
    await dropshipper.syncTracking();
    expect(pu.orders()).toHaveLength(1);
    expect(wps.orders()).toHaveLength(1);
    expect(await dropshipper.purchaseOrders('ebay:4001')).toHaveLength(2);
  });

  it('some units cancelled: the PO goes on and only those units are placed elsewhere', async () => {
    const { wps, pu, dropshipper } = setup();
    await dropshipper.dropship(salesOrder('4002', [padLine]));
    const [first] = await dropshipper.purchaseOrders('ebay:4002');
    wps.cancelOnDistributorSide(first?.poNumber as string, {
      reason: 'out-of-stock',
      lines: [{ sku: 'W-PAD', quantity: 1 }],
    });
    await dropshipper.syncTracking();
    await dropshipper.syncTracking();
    const pos = (await dropshipper.purchaseOrders('ebay:4002')).sort((a, b) =>
      a.distributor.localeCompare(b.distributor),
    );
    expect(pos.map((po) => [po.distributor, po.state, po.lines[0]?.quantity])).toEqual([
      ['parts-unlimited', 'submitted', 1],
      ['wps', 'submitted', 2],
    ]);
    expect(pos[1]?.rejection).toEqual({
      reason: 'out-of-stock',
      lines: [{ sku: 'W-PAD', quantity: 1, reason: 'out-of-stock' }],
      source: 'distributor',
    });
    expect(pu.orders().map((order) => order.lines)).toEqual([[{ sku: 'P-PAD', quantity: 1 }]]);
  });

  it('units cancelled in two steps are re-routed in two steps: each unit placed once', async () => {
    const { wps, pu, dropshipper } = setup();
    await dropshipper.dropship(salesOrder('4004', [padLine]));
    const [first] = await dropshipper.purchaseOrders('ebay:4004');
    const poNumber = first?.poNumber as string;
    wps.cancelOnDistributorSide(poNumber, { reason: 'out-of-stock', lines: [{ sku: 'W-PAD', quantity: 1 }] });
    await dropshipper.syncTracking();
    // The distributor's total grows to both units: the second one goes too, on a PO of its own.
    wps.cancelOnDistributorSide(poNumber, { reason: 'out-of-stock', lines: [{ sku: 'W-PAD', quantity: 1 }] });
    await dropshipper.syncTracking();
    await dropshipper.syncTracking();
    expect(pu.orders().map((order) => order.lines)).toEqual([
      [{ sku: 'P-PAD', quantity: 1 }],
      [{ sku: 'P-PAD', quantity: 1 }],
    ]);
    expect(pu.orders().every((order) => pu.orderCount(order.poNumber) === 1)).toBe(true);
  });

  it('without the reroute option the refusal is recorded and nothing is placed', async () => {
    const { wps, pu, store, base } = setup();
    const { reroute: _ignored, ...withoutReroute } = base;
    const dropshipper = createDropshipper({ ...withoutReroute, store });
    await dropshipper.dropship(salesOrder('4003', [padLine]));
    const [first] = await dropshipper.purchaseOrders('ebay:4003');
    wps.cancelOnDistributorSide(first?.poNumber as string, { reason: 'discontinued' });
    await dropshipper.syncTracking();
    expect((await dropshipper.purchaseOrders('ebay:4003')).map((po) => po.state)).toEqual(['cancelled']);
    expect(pu.callCount('submitOrder')).toBe(0);
  });
});

describe('a shipment on a PO the distributor refused', () => {
  it('is recorded, pushed once and flagged shipped-after-rejection', async () => {
    // A rejection the distributor does not classify is 'other': this dealer re-routes it too.
    const { wps, pu, ebay, dropshipper, flagged } = setup({
      reroute: { reasons: ['out-of-stock', 'discontinued', 'other'] },
    });
    await dropshipper.dropship(salesOrder('4101', [padLine]));
    const [first] = await dropshipper.purchaseOrders('ebay:4101');
    const poNumber = first?.poNumber as string;
    wps.setOrderStatus(poNumber, 'rejected');
    await dropshipper.syncTracking();
    expect(pu.orders()).toHaveLength(1);
    // WPS ships anyway.
    const trackingNumber = wps.shipOrder(poNumber, { anyway: true });
    await dropshipper.syncTracking();
    await dropshipper.syncTracking();
    const late = await dropshipper.store.getPurchaseOrder(poNumber);
    expect(late?.flags).toEqual(['shipped-after-rejection']);
    expect(late?.shipments.map((shipment) => shipment.trackingNumber)).toEqual([trackingNumber]);
    expect(flagged).toEqual([`${poNumber}:shipped-after-rejection`]);
    expect(ebay.pushCount('4101', trackingNumber)).toBe(1);
  });

  it('is no longer watched after lateShipmentWatchMs', async () => {
    let now = at;
    const { wps, dropshipper } = setup({ now: () => now, reroute: { lateShipmentWatchMs: 60_000 } });
    await dropshipper.dropship(salesOrder('4102', [padLine]));
    const [first] = await dropshipper.purchaseOrders('ebay:4102');
    wps.setOrderStatus(first?.poNumber as string, 'rejected');
    await dropshipper.syncTracking();
    now = new Date(at.getTime() + 120_000);
    wps.shipOrder(first?.poNumber as string, { anyway: true });
    const calls = wps.callCount('listShipments');
    await dropshipper.syncTracking();
    expect(wps.callCount('listShipments')).toBe(calls);
    expect((await dropshipper.store.getPurchaseOrder(first?.poNumber as string))?.shipments).toEqual([]);
  });
});

describe('a re-route cut short by a crash', () => {
  it('is finished by the next sync, placing each line once', async () => {
    const offers = [...padOffers(), offer('tucker-rocky', 'T-PAD', 1900, { TX: 5 })];
    const { wps, pu, store, base } = setup({}, offers);
    // The first process records the rejection, then dies before re-routing: no reroute option there.
    const { reroute: _ignored, ...crashing } = base;
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    await createDropshipper({ ...crashing, store }).dropship(salesOrder('4201', [padLine]));
    expect(pu.orders()).toEqual([]);

    const restarted = createDropshipper({ ...base, store });
    await restarted.syncTracking();
    await restarted.syncTracking();
    const pos = (await restarted.purchaseOrders('ebay:4201')).sort((a, b) =>
      b.distributor.localeCompare(a.distributor),
    );
    expect(pos.map((po) => [po.distributor, po.state])).toEqual([
      ['wps', 'rejected'],
      ['parts-unlimited', 'submitted'],
    ]);
    expect(pu.orders()).toHaveLength(1);
  });

  it('is not finished when the buyer cancelled the order meanwhile', async () => {
    const { wps, pu, store, base } = setup();
    const { reroute: _ignored, ...crashing } = base;
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    const first = createDropshipper({ ...crashing, store });
    await first.dropship(salesOrder('4203', [padLine]));
    await first.cancelSalesOrder('ebay:4203');
    const restarted = createDropshipper({ ...base, store });
    await restarted.syncTracking();
    expect(pu.callCount('submitOrder')).toBe(0);
    expect((await restarted.purchaseOrders('ebay:4203')).map((po) => po.state)).toEqual(['rejected']);
  });

  it('a new PO saved submitting before the crash is recovered, never placed twice', async () => {
    const { wps, pu, store, base } = setup();
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    // The re-routed PO's create at Parts Unlimited acts and its answer is lost, the look-up fails: unknown.
    pu.injectFault({ kind: 'lost-response', operations: ['submit'], times: 1 });
    pu.injectFault({ kind: 'server-error', operations: ['find-order'], times: 1 });
    const dropshipper = createDropshipper({ ...base, store, submitLeaseMs: 0 });
    await dropshipper.dropship(salesOrder('4202', [padLine]));
    await dropshipper.syncTracking();
    await dropshipper.syncTracking();
    const pos = (await dropshipper.purchaseOrders('ebay:4202')).sort((a, b) =>
      b.distributor.localeCompare(a.distributor),
    );
    expect(pos.map((po) => [po.distributor, po.state])).toEqual([
      ['wps', 'rejected'],
      ['parts-unlimited', 'submitted'],
    ]);
    expect(pu.orders()).toHaveLength(1);
    expect(pu.orderCount(pos[1]?.poNumber as string)).toBe(1);
  });
});

/** The shared store as a process sees it: every call fails once `writes` writes were made (the process died). */
function dyingAfter(shared: DropshipStore, writes: number): DropshipStore {
  let made = 0;
  const writeMethods = new Set([
    'saveSalesOrder',
    'createPurchaseOrder',
    'updatePurchaseOrder',
    'putIdempotencyRecord',
  ]);
  return new Proxy(shared, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...parameters: unknown[]) => {
        if (made >= writes) throw new Error('process died');
        if (writeMethods.has(String(property))) made++;
        return value.apply(target, parameters);
      };
    },
  });
}

describe('a crash at every step of a re-route', () => {
  it('is resumed by the next process: the line is placed once, at the next distributor', async () => {
    for (let writes = 0; writes <= 14; writes++) {
      const { wps, pu, store, base } = setup();
      wps.rejectNextOrders({ reason: 'out-of-stock' });
      await createDropshipper({ ...base, store: dyingAfter(store, writes) })
        .dropship(salesOrder('4301', [padLine]))
        .catch(() => undefined);
      const next = createDropshipper({ ...base, store, submitLeaseMs: 0 });
      await next.dropship(salesOrder('4301', [padLine])).catch(() => undefined);
      await next.syncTracking();
      await next.syncTracking();
      const live = (await store.findPurchaseOrders({ salesOrderId: 'ebay:4301' })).filter(
        (po) => po.state !== 'rejected' && po.state !== 'cancelled',
      );
      expect(
        live.map((po) => [po.distributor, po.lines[0]?.quantity]),
        `crash after ${writes} writes`,
      ).toEqual([['parts-unlimited', 2]]);
      expect(pu.orders(), `crash after ${writes} writes`).toHaveLength(1);
      expect(wps.orders(), `crash after ${writes} writes`).toHaveLength(0);
    }
  });
});

describe('a crash at every step of a re-route, resumed by tracking sync alone', () => {
  it('never places the line twice; it ends at the next distributor or on a PO a retry sends', async () => {
    const endings = new Set<string>();
    for (let writes = 0; writes <= 14; writes++) {
      const { wps, pu, store, base } = setup();
      wps.rejectNextOrders({ reason: 'out-of-stock' });
      await createDropshipper({ ...base, store: dyingAfter(store, writes) })
        .dropship(salesOrder('4401', [padLine]))
        .catch(() => undefined);
      const next = createDropshipper({ ...base, store, submitLeaseMs: 0 });
      await next.syncTracking();
      await next.syncTracking();
      const live = (await store.findPurchaseOrders({ salesOrderId: 'ebay:4401' })).filter(
        (po) => po.state !== 'rejected' && po.state !== 'cancelled',
      );
      const ending = live.map((po) => `${po.distributor}:${po.state}:${po.lines[0]?.quantity}`).join(',');
      endings.add(ending);
      // A crash before the rejection was written leaves the PO to recovery: not at WPS, so `failed`
      // (sent again by the next dropship); after it, the sync re-routes the line to Parts Unlimited.
      const rejected = (await store.findPurchaseOrders({ salesOrderId: 'ebay:4401', state: 'rejected' })).length;
      // Once WPS's refusal is written, the line must end at Parts Unlimited; before, nothing may be lost
      // but the PO the crash left (or nothing at all, for a crash before the first write).
      expect(
        rejected > 0 ? ['parts-unlimited:submitted:2'] : ['wps:failed:2', ''],
        `crash after ${writes} writes`,
      ).toContain(ending);
      expect(pu.orders().length, `crash after ${writes} writes`).toBeLessThanOrEqual(1);
      expect(wps.orders(), `crash after ${writes} writes`).toHaveLength(0);
    }
    expect(endings.has('parts-unlimited:submitted:2')).toBe(true);
  });
});
