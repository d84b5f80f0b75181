import { describe, expect, it } from 'vitest';
import { FieldLengthError } from './errors/field-length-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { OrderRejectedError } from './errors/order-rejected-error.js';
import { ServerError } from './errors/server-error.js';
import { order } from './routing/__fixtures__/routing-fixtures.js';
import type { PurchaseOrderRequest } from './spec/v1/distributor-client.js';
import { createMockBuyerNotifier, createMockDistributorClient, createMockMarketplaceAdapter } from './test.js';

const request = (poNumber: string, quantity = 1): PurchaseOrderRequest => ({
  poNumber,
  shipTo: order().shipTo,
  currency: 'USD',
  lines: [{ sku: 'WPS-1', quantity }],
});

describe('createMockDistributorClient', () => {
  it('answers stock per warehouse in the order asked, unknown SKUs as not found, in batches', async () => {
    const client = createMockDistributorClient({
      distributor: 'wps',
      capabilities: { maxStockBatch: 2, stockIsFloor: true },
      stock: { 'WPS-1': { PA: 30, TN: 2 } },
    });
    const levels = await client.checkStock(['NOPE', 'WPS-1', 'WPS-1']);
    expect(levels[0]).toEqual({ sku: 'NOPE', found: false, warehouses: [] });
    expect(levels[1]).toEqual({
      sku: 'WPS-1',
      found: true,
      warehouses: [
        { warehouse: 'PA', quantity: 25, isFloor: true },
        { warehouse: 'TN', quantity: 2, isFloor: false },
      ],
    });
    expect(client.callCount('checkStock')).toBe(2);
  });

  it('submits idempotently on the PO number, even after a lost response', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 5 } } });
    client.failNext({
      operation: 'submitOrder',
      error: () => new ServerError('lost', { service: 'mock' }),
      afterEffect: true,
    });
    await expect(client.submitOrder(request('DS-1', 2))).rejects.toSatisfy(ServerError.isInstance);
    const retry = await client.submitOrder(request('DS-1', 2));
    expect(retry).toMatchObject({ poNumber: 'DS-1', alreadyExisted: true, status: 'submitted' });
    expect(client.orderCount('DS-1')).toBe(1);
    expect((await client.checkStock(['WPS-1']))[0]?.warehouses[0]?.quantity).toBe(3);
  });

  it('refuses what a distributor refuses: unknown SKUs, short stock, long PO numbers', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 1 } } });
    await expect(
      client.submitOrder({ ...request('DS-2'), lines: [{ sku: 'NOPE', quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'order-rejected', lineErrors: [{ sku: 'NOPE', message: 'unknown part number' }] });
    await expect(client.submitOrder(request('DS-3', 2))).rejects.toSatisfy(OrderRejectedError.isInstance);
    expect(await client.submitOrder({ ...request('DS-4', 2), allowBackorder: true })).toMatchObject({
      status: 'backordered',
    });
    await expect(client.submitOrder(request('DS-123456789012345678'))).rejects.toSatisfy(FieldLengthError.isInstance);
    client.rejectNextSubmit('bad address', { poNumber: 'DS-5' });
    await expect(client.submitOrder(request('DS-5'))).rejects.toThrow(/bad address/);
    expect(client.orderCount('DS-3') + client.orderCount('DS-5')).toBe(0);
  });

  it('reports shipments only once released, by PO list or date range', async () => {
    const client = createMockDistributorClient({
      capabilities: { maxTrackingBatch: 2 },
      stock: { 'WPS-1': { PA: 10 } },
      now: () => new Date('2026-11-22T15:00:00Z'),
    });
    await client.submitOrder(request('DS-1', 3));
    await client.submitOrder(request('DS-2', 1));
    expect((await client.findOrder('DS-1'))?.shipments).toEqual([]);
    const first = client.shipOrder('DS-1', { lines: [{ sku: 'WPS-1', quantity: 1 }] });
    expect((await client.findOrder('DS-1'))?.status).toBe('partially_shipped');
    const second = client.shipOrder('DS-1', { omitLines: true });
    const found = await client.findOrder('DS-1');
    expect(found).toMatchObject({
      status: 'shipped',
      shipments: [{ trackingNumber: first, lines: [{ sku: 'WPS-1', quantity: 1 }] }, { trackingNumber: second }],
    });
    expect(found?.shipments[1]?.lines).toBeUndefined();
    expect(await client.findOrder('DS-9')).toBeNull();
    const listed = await client.listShipments({ poNumbers: ['DS-1', 'DS-2', 'DS-9'] });
    expect(listed.map((entry) => entry.poNumber)).toEqual(['DS-1', 'DS-2']);
    expect(client.callCount('listShipments')).toBe(2);
    expect(
      (await client.listShipments({ from: '2026-11-22', to: '2026-11-22' })).map((entry) => entry.poNumber),
    ).toEqual(['DS-1']);
  });

  it('cancels as its capabilities say', async () => {
    const supported = createMockDistributorClient({ stock: { 'WPS-1': { PA: 2 } } });
    await supported.submitOrder(request('DS-1'));
    expect(await supported.cancelOrder('DS-1')).toEqual({ status: 'cancelled' });
    await expect(supported.cancelOrder('DS-9')).rejects.toSatisfy(NotFoundError.isInstance);
    const unsupported = createMockDistributorClient({ capabilities: { cancel: 'unsupported' } });
    expect(await unsupported.cancelOrder('DS-1')).toMatchObject({
      status: 'unsupported',
      warning: { type: 'unsupported', feature: 'cancel-order' },
    });
  });

  it('throws injected faults before acting, the given number of times', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 2 } } });
    client.failNext({ operation: 'findOrder', error: new ServerError('down', { service: 'mock' }), times: 2 });
    await expect(client.findOrder('DS-1')).rejects.toThrow('down');
    await expect(client.findOrder('DS-1')).rejects.toThrow('down');
    expect(await client.findOrder('DS-1')).toBeNull();
    expect(() => client.failNext({ operation: 'findOrder', error: 'nope' } as never)).toThrow(/mock fault/);
  });
});

describe('createMockMarketplaceAdapter', () => {
  const shipment = {
    id: 'DS-1:1Z1',
    carrier: 'ups' as const,
    trackingNumber: '1Z1',
    shippedAt: '2026-11-22T12:00:00Z',
    lines: [{ lineId: 'L1', quantity: 1 }],
  };

  it('pushes tracking once per (order, tracking number), even after a lost response', async () => {
    const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay', notifiesBuyer: true });
    marketplace.failNext({
      operation: 'pushTracking',
      error: new ServerError('lost', { service: 'ebay' }),
      afterEffect: true,
    });
    await expect(marketplace.pushTracking({ order: order(), shipment })).rejects.toThrow('lost');
    expect(await marketplace.pushTracking({ order: order(), shipment })).toMatchObject({ status: 'already-pushed' });
    expect(marketplace.pushCount('12-34567-89012', '1Z1')).toBe(1);
    expect(marketplace.pushes()).toEqual([
      {
        marketplaceOrderId: '12-34567-89012',
        shipmentId: 'DS-1:1Z1',
        trackingNumber: '1Z1',
        carrier: 'ups',
        lines: [{ lineId: 'L1', quantity: 1 }],
        reference: 'F-1',
      },
    ]);
    expect(marketplace.callCount()).toBe(2);
    await expect(marketplace.pushTracking({ order: order({ marketplace: 'amazon' }), shipment })).rejects.toMatchObject(
      { code: 'validation' },
    );
  });
});

describe('createMockBuyerNotifier', () => {
  const shipment = {
    id: 'DS-1:1Z1',
    carrier: 'ups' as const,
    trackingNumber: '1Z1',
    shippedAt: '2026-11-22T12:00:00Z',
    lines: [],
  };

  it('sends at most one message per shipment, and skips buyers without email', async () => {
    const notifier = createMockBuyerNotifier();
    expect(await notifier.notifyShipment({ order: order(), shipment })).toMatchObject({ status: 'sent' });
    expect(await notifier.notifyShipment({ order: order(), shipment })).toMatchObject({ status: 'already-sent' });
    expect(notifier.sentCount('DS-1:1Z1')).toBe(1);
    expect(
      await notifier.notifyShipment({
        order: order({ buyer: { name: 'No Mail' } }),
        shipment: { ...shipment, id: 'DS-2:1Z2' },
      }),
    ).toEqual({ status: 'skipped' });
    expect(notifier.messages()).toEqual([
      {
        to: 'ada@example.com',
        shipmentId: 'DS-1:1Z1',
        trackingNumber: '1Z1',
        marketplaceOrderId: '12-34567-89012',
        messageId: '<mock-1@dropship.test>',
      },
    ]);
  });
});
