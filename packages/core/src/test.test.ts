import { describe, expect, it } from 'vitest';
import { AuthenticationError } from './errors/authentication-error.js';
import { FieldLengthError } from './errors/field-length-error.js';
import { NetworkError } from './errors/network-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { OrderRejectedError } from './errors/order-rejected-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { ResponseParseError } from './errors/response-parse-error.js';
import { ServerError } from './errors/server-error.js';
import { ValidationError } from './errors/validation-error.js';
import { order } from './routing/__fixtures__/routing-fixtures.js';
import type { PurchaseOrderRequest } from './spec/v1/distributor-client.js';
import {
  createMockBuyerNotifier,
  createMockDistributorClient,
  createMockDistributorServer,
  createMockMarketplaceAdapter,
  type FaultKind,
  faultKinds,
} from './test.js';

const request = (poNumber: string, quantity = 1): PurchaseOrderRequest => ({
  poNumber,
  shipTo: order().shipTo,
  currency: 'USD',
  lines: [{ sku: 'WPS-1', quantity }],
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** What a real client throws for each fault kind, and whether the server acted first. */
const expectedFailure: Record<FaultKind, { is: (error: unknown) => boolean; acted: boolean }> = {
  'server-error': { is: ServerError.isInstance, acted: false },
  'rate-limit': { is: RateLimitError.isInstance, acted: false },
  'drop-connection': { is: NetworkError.isInstance, acted: false },
  timeout: { is: NetworkError.isInstance, acted: false },
  'lost-response': { is: NetworkError.isInstance, acted: true },
  'malformed-body': { is: ResponseParseError.isInstance, acted: false },
  unauthorized: { is: AuthenticationError.isInstance, acted: false },
  'hostile-answer': { is: ResponseParseError.isInstance, acted: false },
};

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
    expect(client.server.callCount('stock')).toBe(2);
  });

  it('has a server that does not deduplicate: a second order for a PO number is a second order', async () => {
    const server = createMockDistributorServer({ stock: { 'WPS-1': { PA: 5 } } });
    server.createOrder(request('DS-1'));
    server.createOrder(request('DS-1'));
    expect(server.orderCount('DS-1')).toBe(2);
    expect(server.orders().map((held) => held.reference)).toEqual(['MOCK-000001', 'MOCK-000002']);
  });

  it('looks the PO number up before creating, as the real clients do, and counts every submit', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 5 } } });
    expect(await client.submitOrder(request('DS-1'))).toMatchObject({ alreadyExisted: false, status: 'submitted' });
    expect(await client.submitOrder(request('DS-1'))).toMatchObject({
      alreadyExisted: true,
      distributorOrderRefs: ['MOCK-000001'],
    });
    expect(client.orderCount('DS-1')).toBe(1);
    expect(client.callCount('submitOrder', 'DS-1')).toBe(2);
    expect(client.server.callCount('submit-look-up')).toBe(2);
    expect(client.server.callCount('submit')).toBe(1);
  });

  it('places the order, then loses the answer: a retry finds it (alreadyExisted), stock taken once', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 5 } } });
    client.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const lost = await failureOf(client.submitOrder(request('DS-1', 2)));
    expect(NetworkError.isInstance(lost)).toBe(true);
    expect(client.orderCount('DS-1')).toBe(1);
    const retry = await client.submitOrder(request('DS-1', 2));
    expect(retry).toMatchObject({ poNumber: 'DS-1', alreadyExisted: true, status: 'submitted' });
    expect(client.orderCount('DS-1')).toBe(1);
    expect((await client.checkStock(['WPS-1']))[0]?.warehouses[0]?.quantity).toBe(3);
    expect(client.firedFaults()).toEqual([{ kind: 'lost-response', operation: 'submit' }]);
  });

  it('places two orders when one PO number is submitted twice at once, as a real distributor would', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 5 } } });
    const results = await Promise.all([client.submitOrder(request('DS-1')), client.submitOrder(request('DS-1'))]);
    expect(results.map((result) => result.alreadyExisted)).toEqual([false, false]);
    expect(client.orderCount('DS-1')).toBe(2);
  });

  it('fails the look-up and the create separately, placing nothing when either fails before acting', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 5 } } });
    client.injectFault({ kind: 'server-error', operations: ['submit-look-up'] });
    expect(ServerError.isInstance(await failureOf(client.submitOrder(request('DS-1'))))).toBe(true);
    expect(client.server.callCount('submit')).toBe(0);
    client.injectFault({ kind: 'drop-connection', operations: ['submit'] });
    expect(NetworkError.isInstance(await failureOf(client.submitOrder(request('DS-1'))))).toBe(true);
    expect(client.orderCount('DS-1')).toBe(0);
    expect(client.server.callCount('submit')).toBe(1);
  });

  it('throws for each fault kind what a real client throws, acting first only for lost-response', async () => {
    for (const kind of faultKinds) {
      const client = createMockDistributorClient({ distributor: 'wps', stock: { 'WPS-1': { PA: 5 } } });
      // A 429 is sent again up to twice: three make it fail.
      client.injectFault({ kind, operations: ['submit'], times: kind === 'rate-limit' ? 3 : 1 });
      const error = await failureOf(client.submitOrder(request('DS-1')));
      expect(expectedFailure[kind].is(error), `${kind}: ${String(error)}`).toBe(true);
      expect((error as Error).message, kind).toMatch(/^wps submit: /);
      expect(client.orderCount('DS-1'), kind).toBe(expectedFailure[kind].acted ? 1 : 0);
    }
  });

  it('sends a rate-limited call again, up to twice, as the SDK HTTP client does', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 5 } } });
    client.injectFault({ kind: 'rate-limit', operations: ['stock'], times: 2, retryAfterSeconds: 0 });
    expect((await client.checkStock(['WPS-1']))[0]?.found).toBe(true);
    expect(client.server.callCount('stock')).toBe(3);
  });

  it('refuses a wrong token with AuthenticationError, without the token in the error, and places nothing', async () => {
    const server = createMockDistributorServer({ distributor: 'wps', stock: { 'WPS-1': { PA: 5 } } });
    const rejected = createMockDistributorClient({ server, apiToken: 'secret-wrong-token-123' });
    const error = await failureOf(rejected.submitOrder(request('DS-1')));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify(error) + String(error)).not.toContain('secret-wrong-token-123');
    expect(server.orderCount('DS-1')).toBe(0);
    expect((await createMockDistributorClient({ server }).submitOrder(request('DS-1'))).alreadyExisted).toBe(false);
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
    expect(client.callCount('findOrder', 'DS-1')).toBe(3);
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
    expect(supported.orders()[0]?.status).toBe('cancelled');
    await expect(supported.cancelOrder('DS-9')).rejects.toSatisfy(NotFoundError.isInstance);
    const unsupported = createMockDistributorClient({ capabilities: { cancel: 'unsupported' } });
    expect(await unsupported.cancelOrder('DS-1')).toMatchObject({
      status: 'unsupported',
      warning: { type: 'unsupported', feature: 'cancel-order' },
    });
  });

  it('throws injected faults the given number of times, then answers', async () => {
    const client = createMockDistributorClient({ stock: { 'WPS-1': { PA: 2 } } });
    client.injectFault({ kind: 'server-error', operations: ['find-order'], times: 2 });
    await expect(client.findOrder('DS-1')).rejects.toThrow(/503/);
    await expect(client.findOrder('DS-1')).rejects.toThrow(/503/);
    expect(await client.findOrder('DS-1')).toBeNull();
    expect(client.server.pendingFaults()).toEqual([]);
  });

  it('refuses malformed faults and options with a ValidationError', () => {
    const client = createMockDistributorClient();
    expect(() => client.injectFault({ operation: 'findOrder', error: new Error('x') } as never)).toThrow(
      ValidationError,
    );
    expect(() => client.injectFault({ kind: 'meteor' } as never)).toThrow(/mock fault/);
    expect(() => client.injectFault({ kind: 'timeout', delayMs: 5 } as never)).toThrow(ValidationError);
    expect(() => client.injectFault({ kind: 'timeout', times: 0 })).toThrow(ValidationError);
    expect(() => createMockDistributorClient({ stok: {} } as never)).toThrow(ValidationError);
    expect(() => createMockDistributorClient({ server: client.server, distributor: 'wps' })).toThrow(/server/);
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

  it('has a server that does not deduplicate: every write is a fulfillment', () => {
    const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
    const push = {
      marketplaceOrderId: '12-34567-89012',
      shipmentId: 'DS-1:1Z1',
      trackingNumber: '1Z1',
      carrier: 'ups' as const,
      lines: [{ lineId: 'L1', quantity: 1 }],
    };
    marketplace.server.createFulfillment(push);
    marketplace.server.createFulfillment(push);
    expect(marketplace.pushCount('12-34567-89012', '1Z1')).toBe(2);
  });

  it('reads before writing, so a push sent again after a lost response writes nothing; every call is recorded', async () => {
    const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay', notifiesBuyer: true });
    marketplace.injectFault({ kind: 'lost-response', operations: ['push-tracking'] });
    await expect(marketplace.pushTracking({ order: order(), shipment })).rejects.toSatisfy(NetworkError.isInstance);
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
    expect(marketplace.calls().map((call) => call.outcome)).toEqual(['failed', 'already-pushed']);
    expect(marketplace.callCount('DS-1:1Z1')).toBe(2);
    await expect(marketplace.pushTracking({ order: order({ marketplace: 'amazon' }), shipment })).rejects.toMatchObject(
      { code: 'validation' },
    );
    expect(marketplace.callCount()).toBe(3);
  });

  it('fails the read and the write separately, writing nothing when either fails before acting', async () => {
    const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
    marketplace.injectFault({ kind: 'malformed-body', operations: ['read-order'] });
    await expect(marketplace.pushTracking({ order: order(), shipment })).rejects.toSatisfy(
      ResponseParseError.isInstance,
    );
    expect(marketplace.server.callCount('push-tracking')).toBe(0);
    marketplace.injectFault({ kind: 'server-error', operations: ['push-tracking'] });
    await expect(marketplace.pushTracking({ order: order(), shipment })).rejects.toSatisfy(ServerError.isInstance);
    expect(marketplace.pushes()).toEqual([]);
    expect((await marketplace.pushTracking({ order: order(), shipment })).status).toBe('pushed');
    expect(marketplace.firedFaults().map((fault) => fault.operation)).toEqual(['read-order', 'push-tracking']);
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

  it('sends at most one message per shipment, records every call, and skips buyers without email', async () => {
    const notifier = createMockBuyerNotifier();
    expect(await notifier.notifyShipment({ order: order(), shipment })).toMatchObject({ status: 'sent' });
    expect(await notifier.notifyShipment({ order: order(), shipment })).toMatchObject({
      status: 'already-sent',
      messageId: '<mock-1@dropship.test>',
    });
    expect(notifier.sentCount('DS-1:1Z1')).toBe(1);
    expect(notifier.callCount('DS-1:1Z1')).toBe(2);
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
    expect(notifier.calls().map((call) => call.outcome)).toEqual(['sent', 'already-sent', 'skipped']);
  });

  it('after a lost answer the message went out: the next call is already-sent, never a second email', async () => {
    const notifier = createMockBuyerNotifier();
    notifier.injectFault({ kind: 'lost-response', operations: ['send'] });
    await expect(notifier.notifyShipment({ order: order(), shipment })).rejects.toSatisfy(NetworkError.isInstance);
    expect(notifier.sentCount('DS-1:1Z1')).toBe(1);
    expect((await notifier.notifyShipment({ order: order(), shipment })).status).toBe('already-sent');
    expect(notifier.sentCount('DS-1:1Z1')).toBe(1);
  });

  it('after a failure before sending, the next call sends', async () => {
    const notifier = createMockBuyerNotifier();
    notifier.injectFault({ kind: 'drop-connection' });
    await expect(notifier.notifyShipment({ order: order(), shipment })).rejects.toSatisfy(NetworkError.isInstance);
    expect(notifier.sentCount('DS-1:1Z1')).toBe(0);
    expect((await notifier.notifyShipment({ order: order(), shipment })).status).toBe('sent');
    expect(notifier.sentCount('DS-1:1Z1')).toBe(1);
  });
});
