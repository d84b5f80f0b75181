import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import { ServerError } from '../../errors/server-error.js';
import type { SalesOrder } from '../../model/sales-order.js';
import type { DistributorClient } from '../../spec/v1/distributor-client.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { CancellationAnswer, OrderCancellation } from '../../spec/v1/order-intake.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter } from '../../test.js';
import { offer, salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from '../create-dropshipper.js';

// A marketplace's cancellation of an order intake took in reaches the distributor through the
// cancel path, and the marketplace's cancel request is answered once, after the distributor's
// answer (eBay-like: `capabilities.cancellations: 'answer'`).

const at = new Date('2026-11-20T15:00:00.000Z');

/**
 * A marketplace that answers cancel requests like a real one: it keeps the answer per request
 * and answers `already-answered` to a second one (it does not hide a second call: `calls`
 * counts every call); `failNext` makes the next call fail with a 503 before anything is written.
 */
function answeringMarketplace() {
  const base = createMockMarketplaceAdapter({ marketplace: 'ebay', orders: 'list' });
  const answers = new Map<string, CancellationAnswer>();
  const calls: CancellationAnswer[] = [];
  let failures = 0;
  const adapter: MarketplaceAdapter = {
    ...base,
    capabilities: { ...base.capabilities, orders: 'list', cancellations: 'answer' },
    orders: {
      ...(base.orders as NonNullable<MarketplaceAdapter['orders']>),
      async answerCancellation(answer) {
        calls.push(answer);
        if (failures > 0) {
          failures--;
          throw new ServerError('ebay answered 503', { service: 'ebay', status: 503 });
        }
        const key = `${answer.marketplaceOrderId}:${answer.requestId ?? ''}`;
        if (answers.has(key)) return { status: 'already-answered' as const };
        answers.set(key, answer);
        return { status: 'answered' as const };
      },
    },
  };
  return {
    adapter,
    calls,
    answers,
    failNext() {
      failures++;
    },
  };
}

function world(cancel: DistributorClient['capabilities']['cancel']) {
  const distributor = createMockDistributorClient({
    distributor: 'parts-unlimited',
    capabilities: { cancel },
    stock: { 'P-PAD': { NV: 20 } },
    now: () => at,
  });
  const marketplace = answeringMarketplace();
  const dropshipper = createDropshipper({
    distributors: [distributor],
    marketplaces: [marketplace.adapter],
    store: createMemoryStore(),
    catalog: createMemoryCatalog([offer('parts-unlimited', 'P-PAD', 1700, { NV: 20 })]),
    approval: { mode: 'auto' },
    packageGroupSettleMs: 0,
    now: () => at,
  });
  const answered: unknown[] = [];
  dropshipper.events.on('cancellation-answered', (event) => answered.push(event));
  return { distributor, marketplace, dropshipper, answered };
}

const order = (quantity = 2): SalesOrder =>
  salesOrder('3001', [{ lineId: 'L1', sku: 'P-PAD', quantity, unitPrice: 4000 }]);

function listed(status: 'ready' | 'cancel-requested' | 'cancelled', cancellation?: OrderCancellation, quantity = 2) {
  return [
    {
      kind: 'order' as const,
      order: order(quantity),
      status,
      updatedAt: at.toISOString(),
      ...(cancellation === undefined ? {} : { cancellation }),
    },
  ];
}

const request: OrderCancellation = { state: 'requested', requestId: 'C-1', requestedBy: 'buyer' };

async function placedOrder(w: ReturnType<typeof world>) {
  const first = await w.dropshipper.importListedOrders('ebay', listed('ready'));
  expect(first.placed).toBe(1);
  return (await w.dropshipper.purchaseOrders('ebay:3001'))[0]?.poNumber as string;
}

describe('a cancel request for an order intake placed', () => {
  it('cancels at a distributor that can, then accepts once; listed again, nothing is sent twice', async () => {
    const w = world('supported');
    const poNumber = await placedOrder(w);
    const result = await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    expect(result.orders).toEqual([expect.objectContaining({ outcome: 'cancelled', status: 'cancel-requested' })]);
    expect(w.distributor.callCount('cancelOrder', poNumber)).toBe(1);
    expect(w.marketplace.calls).toEqual([{ marketplaceOrderId: '3001', requestId: 'C-1', decision: 'accept' }]);
    expect(w.answered).toEqual([expect.objectContaining({ decision: 'accept', status: 'answered' })]);
    expect((await w.dropshipper.importedOrders({}))[0]?.status).toBe('cancelled');

    const again = await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    expect(again.orders[0]?.outcome).toBe('duplicate');
    expect(w.marketplace.calls).toHaveLength(1);
    expect(w.distributor.callCount('cancelOrder')).toBe(1);
  });

  it('leaves the request unanswered while a person must cancel, and answers when they say what they got', async () => {
    for (const [resolution, decision] of [
      ['cancelled', 'accept'],
      ['not-cancelled', 'refuse'],
    ] as const) {
      const w = world('unsupported');
      const poNumber = await placedOrder(w);
      await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
      expect(w.distributor.callCount('cancelOrder')).toBe(0);
      expect((await w.dropshipper.purchaseOrders('ebay:3001'))[0]?.state).toBe('manual_cancel');
      expect(w.marketplace.calls).toEqual([]);
      // Listed again while the person has not answered: still nothing.
      await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
      expect(w.marketplace.calls).toEqual([]);
      await w.dropshipper.resolveManualCancel(poNumber, resolution);
      expect(
        w.marketplace.calls.map((call) => call.decision),
        resolution,
      ).toEqual([decision]);
      await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
      expect(w.marketplace.calls, resolution).toHaveLength(1);
    }
  });

  it('refuses once when the PO a person was to cancel ships anyway (seen by the sync)', async () => {
    const w = world('unsupported');
    const poNumber = await placedOrder(w);
    await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    expect(w.marketplace.calls).toEqual([]);
    const trackingNumber = w.distributor.shipOrder(poNumber);
    await w.dropshipper.syncTracking();
    expect(w.marketplace.calls).toEqual([
      expect.objectContaining({ decision: 'refuse', shipment: expect.objectContaining({ trackingNumber }) }),
    ]);
    await w.dropshipper.syncTracking();
    await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    expect(w.marketplace.calls).toHaveLength(1);
    expect((await w.dropshipper.purchaseOrders('ebay:3001'))[0]?.flags).toEqual(['shipped-after-cancel']);
  });

  it('refuses with the tracking number when it shipped already', async () => {
    const w = world('supported');
    const poNumber = await placedOrder(w);
    const trackingNumber = w.distributor.shipOrder(poNumber);
    await w.dropshipper.syncTracking();
    await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    expect(w.distributor.callCount('cancelOrder')).toBe(0);
    expect(w.marketplace.calls).toEqual([
      expect.objectContaining({ decision: 'refuse', shipment: expect.objectContaining({ trackingNumber }) }),
    ]);
  });

  it('answers at the next listing when the answer failed, once', async () => {
    const w = world('supported');
    await placedOrder(w);
    w.marketplace.failNext();
    const warnings: unknown[] = [];
    w.dropshipper.events.on('warning', (event) => warnings.push(event));
    await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    expect(w.marketplace.answers.size).toBe(0);
    expect(warnings).toHaveLength(1);
    await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    await w.dropshipper.importListedOrders('ebay', listed('cancel-requested', request));
    expect(w.marketplace.calls.map((call) => call.decision)).toEqual(['accept', 'accept']);
    expect(w.marketplace.answers.size).toBe(1);
    expect(w.distributor.callCount('cancelOrder')).toBe(1);
  });
});

describe('a marketplace cancel of some units', () => {
  it('cancels the PO, places the units kept on a new PO number once, and answers nothing (the marketplace decided)', async () => {
    const w = world('supported');
    const poNumber = await placedOrder(w);
    const done: OrderCancellation = { state: 'done', lines: [{ lineId: 'L1', quantity: 1 }] };
    const result = await w.dropshipper.importListedOrders('ebay', listed('ready', done));
    expect(result.orders[0]).toMatchObject({ outcome: 'cancelled', reasons: [`L1: 1 cancelled (${poNumber})`] });
    const orders = w.distributor.orders();
    expect(orders.map((placed) => [placed.poNumber === poNumber, placed.lines[0]?.quantity])).toEqual([
      [true, 2],
      [false, 1],
    ]);
    expect(w.marketplace.calls).toEqual([]);
    // The same listing again: the unit is cancelled already; nothing more.
    await w.dropshipper.importListedOrders('ebay', listed('ready', done));
    expect(w.distributor.orders()).toHaveLength(2);
    expect(w.distributor.callCount('cancelOrder')).toBe(1);
    expect((await w.dropshipper.importedOrders({}))[0]?.status).toBe('placed');
  });
});

describe('an order cancelled in part before intake decided it', () => {
  it('has only the units kept placed, once, even when the marketplace lists it later without the cancellation', async () => {
    const w = world('supported');
    w.distributor.injectFault({ kind: 'server-error', operations: ['submit'] });
    const first = await w.dropshipper.importListedOrders('ebay', listed('ready', undefined, 3));
    expect(first.orders[0]?.outcome).toBe('imported');
    const done: OrderCancellation = { state: 'done', lines: [{ lineId: 'L1', quantity: 2 }] };
    // The failed PO is cancelled here; the kept unit waits for the decision.
    await w.dropshipper.importListedOrders('ebay', listed('ready', done, 3));
    await w.dropshipper.importListedOrders('ebay', listed('ready', undefined, 3));
    expect(w.distributor.orders().map((placed) => placed.lines[0]?.quantity)).toEqual([1]);
    await w.dropshipper.importListedOrders('ebay', listed('ready', undefined, 3));
    expect(w.distributor.orders()).toHaveLength(1);
  });
});

describe('an order first listed with some units cancelled already', () => {
  it('is taken in without them; listed again, nothing more is cancelled or placed', async () => {
    const w = world('supported');
    const done: OrderCancellation = { state: 'done', lines: [{ lineId: 'L1', quantity: 2 }] };
    const first = await w.dropshipper.importListedOrders('ebay', listed('ready', done, 3));
    expect(first.placed).toBe(1);
    expect(w.distributor.orders().map((placed) => placed.lines[0]?.quantity)).toEqual([1]);
    await w.dropshipper.importListedOrders('ebay', listed('ready', done, 3));
    expect(w.distributor.orders()).toHaveLength(1);
    expect(w.distributor.callCount('cancelOrder')).toBe(0);
    // Every unit cancelled before intake saw it: not taken in.
    const all = await w.dropshipper.importListedOrders('ebay', [
      {
        kind: 'order' as const,
        status: 'ready' as const,
        updatedAt: at.toISOString(),
        cancellation: { state: 'done' as const, lines: [{ lineId: 'L1', quantity: 2 }] },
        order: salesOrder('3002', [{ lineId: 'L1', sku: 'P-PAD', quantity: 2, unitPrice: 4000 }]),
      },
    ]);
    expect(all.orders[0]?.outcome).toBe('skipped');
    expect(w.distributor.orders()).toHaveLength(1);
  });
});
