import { AuthenticationError, type ListedOrder, ValidationError } from '@dropship/core';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbay } from './ebay-adapter.js';
import { readEbayCancellation } from './ebay-cancellations.js';
import { createEbaySimulator } from './ebay-simulator.js';
import { ebayCancellationOperations } from './ebay-simulator-cancellations.js';

// getOrders/getOrder cancelStatus: https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrder;
// Post-Order cancellations: https://developer.ebay.com/api-docs/user-guides/static/post-order-user-guide/post-order-cancellations.html.
let now = Date.parse('2026-11-20T15:00:00.000Z');
const simulator = createEbaySimulator({ accessToken: 'v^1.1#SENTINEL-EBAY-CANCEL-TOKEN-7c2', now: () => now });
const server = createTestServer(...simulator.handlers);
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ebay = createEbay({
  accessToken: simulator.accessToken,
  baseURL: simulator.baseURL,
  retry: { minDelayMs: 1, maxDelayMs: 5 },
});
const orderIds = ['12-34567-80001', '12-34567-80002', '12-34567-80003'] as const;

beforeEach(() => {
  now = Date.parse('2026-11-20T15:00:00.000Z');
  simulator.reset({ all: true });
  for (const [index, marketplaceOrderId] of orderIds.entries()) {
    const lines = [{ lineId: `1000800${index}`, sku: 'PAD', quantity: 1, unitPrice: 2500 }];
    simulator.intake.putOrder(ebayOrderFixture({ marketplaceOrderId, lines }), {
      updatedAt: new Date(now - 30 * 60_000).toISOString(),
    });
  }
  now += 60_000;
});

async function listed(): Promise<Map<string, ListedOrder>> {
  const page = await ebay.orders.list({
    since: new Date(now - 3_600_000).toISOString(),
    until: new Date(now).toISOString(),
  });
  return new Map(
    page.orders.flatMap((entry) => (entry.kind === 'order' ? [[entry.order.marketplaceOrderId, entry] as const] : [])),
  );
}

describe('eBay cancellations', () => {
  it('lists a cancel request as requested with its cancelId (getOrder, only for orders with a cancel state) and a cancel as done', async () => {
    simulator.intake.requestCancellation?.('12-34567-80001');
    simulator.intake.cancelOrder?.('12-34567-80002');
    const byId = await listed();
    expect(byId.get('12-34567-80001')).toMatchObject({
      status: 'cancel-requested',
      cancellation: { state: 'requested', requestedBy: 'buyer', reason: 'BUYER_ASKED_CANCEL' },
    });
    expect(byId.get('12-34567-80001')?.cancellation?.requestId).toMatch(/^\d+$/);
    expect(byId.get('12-34567-80002')).toMatchObject({
      status: 'cancelled',
      cancellation: { state: 'done', requestedBy: 'seller' },
    });
    expect(byId.get('12-34567-80002')?.cancellation?.lines).toBeUndefined();
    expect(byId.get('12-34567-80003')?.cancellation).toBeUndefined();
    expect(simulator.callCount(ebayCancellationOperations.getOrder)).toBe(2);
  });

  it('accepts once (approve, IAF token), then already-answered without a second call; the order shows cancelled', async () => {
    simulator.intake.requestCancellation?.('12-34567-80001');
    const requestId = (await listed()).get('12-34567-80001')?.cancellation?.requestId;
    const answer = {
      marketplaceOrderId: '12-34567-80001',
      ...(requestId ? { requestId } : {}),
      decision: 'accept' as const,
    };
    expect(await ebay.orders.answerCancellation?.(answer)).toEqual({ status: 'answered' });
    expect(await ebay.orders.answerCancellation?.(answer)).toEqual({ status: 'already-answered' });
    expect(simulator.intake.cancellationAnswers?.()).toEqual([
      { marketplaceOrderId: '12-34567-80001', decision: 'accept' },
    ]);
    expect(simulator.callCount(ebayCancellationOperations.answerCancellation)).toBe(1);
    now += 60_000;
    expect((await listed()).get('12-34567-80001')).toMatchObject({
      status: 'cancelled',
      cancellation: { state: 'done' },
    });
  });

  it('refuses with {} when there is no shipment to tell (eBay fails a reject without a body), and finds the request without requestId', async () => {
    simulator.intake.requestCancellation?.('12-34567-80002');
    const result = await ebay.orders.answerCancellation?.({ marketplaceOrderId: '12-34567-80002', decision: 'refuse' });
    expect(result).toEqual({ status: 'answered' });
    expect(simulator.intake.cancellationAnswers?.()).toEqual([
      { marketplaceOrderId: '12-34567-80002', decision: 'refuse' },
    ]);
    // Asked again the other way: already answered, with a warning; nothing sent.
    const again = await ebay.orders.answerCancellation?.({ marketplaceOrderId: '12-34567-80002', decision: 'accept' });
    expect(again?.status).toBe('already-answered');
    expect(again?.warnings?.[0]?.message).toMatch(/other way/);
    expect(simulator.callCount(ebayCancellationOperations.answerCancellation)).toBe(1);
  });

  it('refuses a lines-level answer before any call: eBay cancels whole orders', async () => {
    simulator.intake.requestCancellation?.('12-34567-80001');
    const before = simulator.callCount();
    await expect(
      ebay.orders.answerCancellation?.({
        marketplaceOrderId: '12-34567-80001',
        requestId: '1',
        decision: 'accept',
        lines: [{ lineId: '10008000', quantity: 1 }],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(simulator.callCount()).toBe(before);
    expect(() =>
      simulator.intake.cancelOrder?.('12-34567-80001', { lines: [{ lineId: '10008000', quantity: 1 }] }),
    ).toThrow(/whole orders/);
  });

  it('a getOrder that fails leaves the cancellation without its request id and says so; the page is not lost', async () => {
    simulator.intake.requestCancellation?.('12-34567-80001');
    simulator.injectFault({ kind: 'server-error', times: 5, operations: [ebayCancellationOperations.getOrder] });
    const page = await ebay.orders.list({
      since: new Date(now - 3_600_000).toISOString(),
      until: new Date(now).toISOString(),
    });
    const entry = page.orders.find(
      (candidate) => candidate.kind === 'order' && candidate.order.marketplaceOrderId === '12-34567-80001',
    );
    expect(entry).toMatchObject({ status: 'cancel-requested', cancellation: { state: 'requested' } });
    expect(entry?.kind === 'order' && entry.cancellation?.requestId).toBeFalsy();
    expect(page.warnings?.some((warning) => warning.message.includes('getOrder'))).toBe(true);
  });

  it('answers through postOrderBaseURL; a revoked token is an AuthenticationError without the token', async () => {
    simulator.intake.requestCancellation?.('12-34567-80001');
    const requestId = (await listed()).get('12-34567-80001')?.cancellation?.requestId ?? '';
    const postOrderHosts: string[] = [];
    server.use(
      http.all('https://post-order.simulator.test/*', ({ request }) => {
        postOrderHosts.push(new URL(request.url).pathname);
        return HttpResponse.json({ cancelDetail: { cancelStatus: 'CANCEL_CLOSED_WITH_REFUND' } });
      }),
    );
    const split = createEbay({
      accessToken: simulator.accessToken,
      baseURL: simulator.baseURL,
      postOrderBaseURL: 'https://post-order.simulator.test',
    });
    expect(
      await split.orders.answerCancellation?.({ marketplaceOrderId: '12-34567-80001', requestId, decision: 'accept' }),
    ).toEqual({
      status: 'already-answered',
    });
    expect(postOrderHosts).toEqual([`/post-order/v2/cancellation/${requestId}`]);

    const revoked = 'v^1.1#SENTINEL-EBAY-REVOKED-CANCEL-19f';
    const error = await createEbay({ accessToken: revoked, baseURL: simulator.baseURL })
      .orders.answerCancellation?.({ marketplaceOrderId: '12-34567-80001', requestId, decision: 'accept' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecrets([error], [revoked]);
    expect(simulator.intake.cancellationAnswers?.()).toEqual([]);
  });

  it('reads the cancellation from cancelStatus (pure)', () => {
    expect(readEbayCancellation({ cancelState: 'NONE_REQUESTED', cancelRequests: [] })).toBeUndefined();
    expect(
      readEbayCancellation({
        cancelState: 'IN_PROGRESS',
        cancelRequests: [
          {
            cancelRequestId: '7',
            cancelInitiator: 'Buyer',
            cancelReason: 'ORDERED_BY_MISTAKE',
            cancelRequestState: 'REJECTED',
          },
          {
            cancelRequestId: '8',
            cancelInitiator: 'Buyer',
            cancelReason: 'FOUND_CHEAPER',
            cancelRequestState: 'REQUESTED',
          },
        ],
      }),
    ).toEqual({ state: 'requested', requestId: '8', requestedBy: 'buyer', reason: 'FOUND_CHEAPER' });
    expect(readEbayCancellation({ cancelState: 'CANCELED' })).toEqual({ state: 'done' });
  });
});
