import {
  AuthenticationError,
  InvalidRequestError,
  type ListedOrderEntry,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
  ValidationError,
} from '@dropship/core';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { entryOrderId, listToTheEnd } from '@dropship/testing/conformance';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { createWalmart } from './walmart-client.js';
import type { WalmartOptions } from './walmart-settings.js';
import { createWalmartSimulator } from './walmart-simulator.js';
import { WALMART_ANSWER_CANCELLATION_OPERATION } from './walmart-simulator-cancellations.js';

// Cancel order lines: POST /v3/orders/{purchaseOrderId}/cancel with CUSTOMER_REQUESTED_SELLER_TO_CANCEL
// per line and quantity (https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines);
// intent to cancel: orderLine.intentToCancel, refused by shipping with intentToCancelOverride: true
// (spec copy api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-orders-openapi-original.yml).
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const now = Date.parse('2026-11-20T12:00:00.000Z');
const window = { since: '2026-11-19T10:00:00.000Z', until: '2026-11-20T11:00:00.000Z' };
let counter = 0;

function setup(adapterOptions: WalmartOptions = {}) {
  counter += 1;
  const credentials = {
    clientId: `SENTINEL-WM-CANCEL-ID-${counter}-7c2e`,
    clientSecret: `SENTINEL-WM-CANCEL-SECRET-${counter}-91fa`,
  };
  const simulator = createWalmartSimulator({ ...credentials, now: () => now });
  server.resetHandlers(...simulator.handlers);
  const adapter = createWalmart({
    ...credentials,
    baseURL: simulator.baseURL,
    now: () => now,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    ...adapterOptions,
  });
  const order: SalesOrder = { ...walmartSampleOrder(`17962770${counter}`), orderedAt: '2026-11-20T10:00:00.000Z' };
  simulator.intake.putOrder(order, { updatedAt: '2026-11-20T10:00:00.000Z' });
  const secrets = () => [credentials.clientId, credentials.clientSecret, ...simulator.issuedTokens()];
  return { simulator, adapter, order, secrets };
}

async function listed(adapter: ReturnType<typeof createWalmart>, id: string): Promise<ListedOrderEntry> {
  const pages = await listToTheEnd(adapter.orders, window);
  const entry = pages.flatMap((page) => page.orders).find((candidate) => entryOrderId(candidate) === id);
  if (!entry) throw new Error(`order ${id} not listed`);
  return entry;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const cancelCalls = (simulator: ReturnType<typeof setup>['simulator']) =>
  simulator.requestTimes(WALMART_ANSWER_CANCELLATION_OPERATION).length;

describe('walmart cancellations', () => {
  it('declares cancellations: answer and lists a buyer request (one line) and a Walmart cancellation (partial units)', async () => {
    const { adapter, simulator, order } = setup();
    expect(adapter.capabilities.cancellations).toBe('answer');
    const id = order.marketplaceOrderId;
    await adapter.orders.acknowledge([id]);
    simulator.intake.requestCancellation?.(id, { lines: [{ lineId: '2', quantity: 1 }] });
    const requested = await listed(adapter, id);
    expect(requested).toMatchObject({
      kind: 'order',
      status: 'cancel-requested',
      cancellation: { state: 'requested', requestedBy: 'buyer', lines: [{ lineId: '2', quantity: 1 }] },
    });

    const other = setup();
    other.simulator.intake.cancelOrder?.(other.order.marketplaceOrderId, { lines: [{ lineId: '1', quantity: 2 }] });
    const partial = await listed(other.adapter, other.order.marketplaceOrderId);
    expect(partial).toMatchObject({
      kind: 'order',
      status: 'ready',
      cancellation: { state: 'done', lines: [{ lineId: '1', quantity: 2 }] },
    });
    if (partial.kind !== 'order') throw new Error('expected an order');
    expect(partial.order.lines.find((line) => line.lineId === '1')?.quantity).toBe(1);

    other.simulator.intake.cancelOrder?.(other.order.marketplaceOrderId);
    expect(await listed(other.adapter, other.order.marketplaceOrderId)).toMatchObject({
      status: 'cancelled',
      cancellation: { state: 'done' },
    });
  });

  it('accepts once: one cancel call per line and unit; answering again reads and sends nothing (already-answered)', async () => {
    const { adapter, simulator, order } = setup();
    const id = order.marketplaceOrderId;
    await adapter.orders.acknowledge([id]);
    simulator.intake.requestCancellation?.(id);
    const answer = { marketplaceOrderId: id, decision: 'accept' as const };
    expect(await adapter.orders.answerCancellation(answer)).toEqual({ status: 'answered' });
    expect(simulator.intake.cancellationAnswers?.()).toEqual([
      {
        marketplaceOrderId: id,
        decision: 'accept',
        lines: [
          { lineId: '1', quantity: 3 },
          { lineId: '2', quantity: 1 },
        ],
      },
    ]);
    expect(await adapter.orders.answerCancellation(answer)).toEqual({ status: 'already-answered' });
    expect(await adapter.orders.answerCancellation({ ...answer, lines: [{ lineId: '1', quantity: 3 }] })).toEqual({
      status: 'already-answered',
    });
    expect(cancelCalls(simulator)).toBe(1);
    expect(simulator.intake.cancellationAnswers?.()).toHaveLength(1);
    expect(await listed(adapter, id)).toMatchObject({ status: 'cancelled', cancellation: { state: 'done' } });
  });

  it('accepts part of a line, then the rest only: the units already cancelled on request are not sent again', async () => {
    const { adapter, simulator, order } = setup();
    const id = order.marketplaceOrderId;
    await adapter.orders.acknowledge([id]);
    simulator.intake.requestCancellation?.(id, { lines: [{ lineId: '1', quantity: 3 }] });
    const first = { marketplaceOrderId: id, decision: 'accept' as const, lines: [{ lineId: '1', quantity: 1 }] };
    expect(await adapter.orders.answerCancellation(first)).toEqual({ status: 'answered' });
    // The same answer again (a retry): the unit shows cancelled on request, nothing more is cancelled.
    expect(await adapter.orders.answerCancellation(first)).toEqual({ status: 'already-answered' });
    await adapter.orders.answerCancellation({
      marketplaceOrderId: id,
      decision: 'accept',
      lines: [{ lineId: '1', quantity: 3 }],
    });
    expect(simulator.intake.cancellationAnswers?.().map((entry) => entry.lines)).toEqual([
      [{ lineId: '1', quantity: 1 }],
      [{ lineId: '1', quantity: 2 }],
    ]);
  });

  it('after a lost response, reads back and reports answered without cancelling twice', async () => {
    const { adapter, simulator, order } = setup();
    const id = order.marketplaceOrderId;
    await adapter.orders.acknowledge([id]);
    simulator.intake.requestCancellation?.(id);
    simulator.injectFault({ kind: 'lost-response', operations: [WALMART_ANSWER_CANCELLATION_OPERATION] });
    expect(await adapter.orders.answerCancellation({ marketplaceOrderId: id, decision: 'accept' })).toEqual({
      status: 'answered',
    });
    expect(cancelCalls(simulator)).toBe(1);
    expect(simulator.intake.cancellationAnswers?.()).toHaveLength(1);
  });

  it('a garbled answer that the read-back does not confirm is a ResponseParseError (nothing cancelled)', async () => {
    const { adapter, simulator, order } = setup();
    const id = order.marketplaceOrderId;
    await adapter.orders.acknowledge([id]);
    simulator.intake.requestCancellation?.(id);
    simulator.injectFault({ kind: 'malformed-body', operations: [WALMART_ANSWER_CANCELLATION_OPERATION] });
    const error = await failure(adapter.orders.answerCancellation({ marketplaceOrderId: id, decision: 'accept' }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect(simulator.intake.cancellationAnswers?.()).toHaveLength(0);
  });

  it('refuses nothing on the wire: answered with a warning, and the shipment then carries intentToCancelOverride', async () => {
    const { adapter, simulator, order } = setup();
    const id = order.marketplaceOrderId;
    await adapter.orders.acknowledge([id]);
    simulator.intake.requestCancellation?.(id, { lines: [{ lineId: '2', quantity: 1 }] });
    const refused = await adapter.orders.answerCancellation({ marketplaceOrderId: id, decision: 'refuse' });
    expect(refused.status).toBe('answered');
    expect(refused.warnings?.[0]?.message).toMatch(/intentToCancelOverride/);
    expect(cancelCalls(simulator)).toBe(0);
    const shipment: ShipmentNotice = {
      id: 'SHIP-1',
      carrier: 'ups',
      trackingNumber: '1Z999AA10123456784',
      shippedAt: '2026-11-20T11:00:00.000Z',
      lines: [
        { lineId: '1', quantity: 3 },
        { lineId: '2', quantity: 1 },
      ],
    };
    expect((await adapter.pushTracking({ order, shipment })).status).toBe('pushed');
    const [sent] = simulator.shipments(id);
    if (!sent) throw new Error('no shipment recorded');
    const lines = (sent.body as { orderShipment: { orderLines: { orderLine: Record<string, unknown>[] } } })
      .orderShipment.orderLines.orderLine;
    expect(lines.map((line) => [line.lineNumber, line.intentToCancelOverride])).toEqual([
      ['1', undefined],
      ['2', true],
    ]);
  });

  it('cannot accept a shipped order (InvalidRequestError, no cancel sent); refuses a bad answer (ValidationError)', async () => {
    const { adapter, simulator, order } = setup();
    const id = order.marketplaceOrderId;
    await adapter.orders.acknowledge([id]);
    await adapter.pushTracking({
      order,
      shipment: {
        id: 'SHIP-2',
        carrier: 'ups',
        trackingNumber: '1Z999AA10123456784',
        shippedAt: '2026-11-20T11:00:00.000Z',
        lines: order.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
      },
    });
    const error = await failure(adapter.orders.answerCancellation({ marketplaceOrderId: id, decision: 'accept' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(cancelCalls(simulator)).toBe(0);
    const bad = await failure(
      adapter.orders.answerCancellation({
        marketplaceOrderId: id,
        decision: 'accept',
        lines: [{ lineId: '1', quantity: 0 }],
        extra: true,
      } as never),
    );
    expect(ValidationError.isInstance(bad)).toBe(true);
  });

  it('bad credentials: AuthenticationError without the secrets', async () => {
    const { simulator, order, secrets } = setup();
    const adapter = createWalmart({
      clientId: 'SENTINEL-WM-CANCEL-WRONG-ID-aa01',
      clientSecret: 'SENTINEL-WM-CANCEL-WRONG-SECRET-bb02',
      baseURL: simulator.baseURL,
      now: () => now,
      retry: { retries: 0 },
    });
    const error = await failure(
      adapter.orders.answerCancellation({ marketplaceOrderId: order.marketplaceOrderId, decision: 'accept' }),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expectNoSecrets([error], [...secrets(), 'SENTINEL-WM-CANCEL-WRONG-SECRET-bb02']);
    expect(cancelCalls(simulator)).toBe(0);
  });
});
