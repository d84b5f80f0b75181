// The conformance suites run against the in-memory fakes of `@dropship/core/test`: the fakes that
// every orchestrator test relies on must meet the same spec as the real adapters.
import type { SalesOrder } from '@dropship/core';
import {
  faultKinds as coreFaultKinds,
  createMockDistributorClient,
  createMockDistributorServer,
  createMockMarketplaceAdapter,
  createMockMarketplaceServer,
  type MockDistributorServer,
  type MockFault,
  type MockMarketplaceServer,
} from '@dropship/core/test';
import { describe, expect, it } from 'vitest';
import { faultKinds } from '../create-fault-injector.js';
import type { DistributorSimulator, Fault, MarketplaceSimulator, SimulatedOrder } from '../testing-types.js';
import { describeDistributorClient } from './describe-distributor-client.js';
import { describeMarketplaceAdapter, type MarketplaceConformanceOptions } from './describe-marketplace-adapter.js';

/** The token the fakes accept, and the one a client with bad credentials sends. */
const validToken = 'mock-secret-token-7f3a9c';
const invalidToken = 'mock-wrong-token-5521e0';

/** The part of a simulator fault the in-memory fakes take (they refuse wire-level options such as `body`). */
function toMockFault(fault: Fault): MockFault {
  return {
    kind: fault.kind,
    ...(fault.operations === undefined ? {} : { operations: fault.operations }),
    ...(fault.times === undefined ? {} : { times: fault.times }),
    ...(fault.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: fault.retryAfterSeconds }),
  };
}

/** A {@link DistributorSimulator} over the in-memory distributor of `@dropship/core/test`. */
interface MockDistributorSimulator extends DistributorSimulator {
  readonly server: MockDistributorServer;
}

function distributorSimulator(): MockDistributorSimulator {
  const server = createMockDistributorServer({ distributor: 'mock-distributor', validToken });
  return {
    server,
    distributor: server.distributor,
    handlers: [],
    baseURL: 'http://127.0.0.1/in-memory',
    addProduct(product) {
      for (const [warehouse, quantity] of Object.entries(product.stock))
        server.setStock(product.sku, warehouse, quantity);
    },
    setStock: (sku, warehouse, quantity) => server.setStock(sku, warehouse, quantity),
    orderCount: (poNumber) => server.orderCount(poNumber),
    orders: () =>
      server.orders().map(
        (order): SimulatedOrder => ({
          poNumber: order.poNumber,
          reference: order.reference,
          lines: order.lines,
          status: order.status as SimulatedOrder['status'],
          shipments: order.shipments.map((shipment) => ({
            trackingNumber: shipment.trackingNumber,
            carrier: shipment.carrier,
            lines: shipment.lines ?? [],
            shippedAt: shipment.shippedAt,
          })),
        }),
      ),
    shipOrder: (poNumber, options = {}) =>
      server.shipOrder(poNumber, {
        ...(options.lines === undefined ? {} : { lines: options.lines }),
        ...(options.trackingNumber === undefined ? {} : { trackingNumber: options.trackingNumber }),
        ...(options.shippedAt === undefined ? {} : { shippedAt: options.shippedAt }),
      }),
    injectFault: (fault) => server.injectFault(toMockFault(fault)),
    rejectNextOrders: (options) => server.rejectNextOrders(options),
    cancelOnDistributorSide: (poNumber, options) => server.cancelOnDistributorSide(poNumber, options),
    setPrice: (sku, unitCost) => server.setPrice(sku, unitCost),
    callCount: (operation) => server.callCount(operation),
    reset: (options) => server.reset(options),
  };
}

/** A {@link MarketplaceSimulator} over the in-memory marketplace of `@dropship/core/test`. */
interface MockMarketplaceSimulator extends MarketplaceSimulator {
  readonly server: MockMarketplaceServer;
}

function marketplaceSimulator(): MockMarketplaceSimulator {
  const server = createMockMarketplaceServer({ marketplace: 'mock-market', validToken });
  return {
    server,
    marketplace: server.marketplace,
    handlers: [],
    baseURL: 'http://127.0.0.1/in-memory',
    // The fake takes tracking for any order id: nothing to add.
    addOrder() {},
    fulfillments: (marketplaceOrderId) =>
      server.fulfillmentsOf(marketplaceOrderId).map((push) => ({
        marketplaceOrderId: push.marketplaceOrderId,
        trackingNumber: push.trackingNumber,
        carrier: push.carrier,
        lines: push.lines,
      })),
    injectFault: (fault) => server.injectFault(toMockFault(fault)),
    requestTimes: (operation) => server.requestTimes(operation),
    reset: () => server.reset(),
    intake: server.intake,
    listings: server.listings,
  };
}

function sampleOrder(): SalesOrder {
  return {
    marketplace: 'mock-market',
    marketplaceOrderId: 'MM-100200',
    orderedAt: '2026-11-20T14:00:00.000Z',
    currency: 'USD',
    buyer: { name: 'Jordan Rider', email: 'jordan@example.com' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      { lineId: 'L1', sku: 'CONF-1001', quantity: 2, unitPrice: 4_500 },
      { lineId: 'L2', sku: 'CONF-1002', quantity: 1, unitPrice: 2_500 },
    ],
    shippingPaid: 0,
  };
}

describe('the fault vocabulary', () => {
  it('is one list: @dropship/testing re-exports the kinds of @dropship/core/test', () => {
    expect(faultKinds).toBe(coreFaultKinds);
  });
});

describeDistributorClient('core mock distributor', {
  createSimulator: distributorSimulator,
  createClient: (simulator, options) => {
    // The fake hands out the server it talks to (the far side, which holds the valid token): the
    // suite sees the client's own part, the one a dropshipper holds and could log.
    const { server: _server, ...client } = createMockDistributorClient({
      server: (simulator as MockDistributorSimulator).server,
      apiToken: options?.credentials === 'invalid' ? invalidToken : validToken,
    });
    return client;
  },
  // Like WPS, the fake refuses an order no stock covers: three warehouses hold enough for the suite's orders.
  warehouses: ['PA', 'TN', 'NV'],
  secrets: [validToken, invalidToken],
});

/** The core mock marketplace's harness, its listings push in `mode` (compare-and-swap when synchronous, as Shopify). */
function mockMarketplaceHarness(mode: 'synchronous' | 'asynchronous'): MarketplaceConformanceOptions {
  return {
    createSimulator: marketplaceSimulator,
    createAdapter: (simulator, options) => {
      // As for the distributor: the suite sees the adapter's own part, not the server it talks to.
      const { server: _server, ...adapter } = createMockMarketplaceAdapter({
        server: (simulator as MockMarketplaceSimulator).server,
        apiToken: options?.credentials === 'invalid' ? invalidToken : validToken,
        // Order intake as a marketplace that requires acknowledgement (Walmart): the intake cases run.
        orders: 'list-and-acknowledge',
        ...(options?.orderPageSize === undefined ? {} : { orderPageSize: options.orderPageSize }),
        listings: {
          mode,
          compareAndSwap: mode === 'synchronous',
          ...(options?.listingBatchSize === undefined ? {} : { batchSize: options.listingBatchSize }),
        },
      });
      return adapter;
    },
    sampleOrder,
    listingsCompareAndSwap: mode === 'synchronous',
    secrets: [validToken, invalidToken],
  };
}

describeMarketplaceAdapter('core mock marketplace', mockMarketplaceHarness('synchronous'));

// The listings cases of an asynchronous marketplace (Amazon, Walmart feeds): pending, process, confirm.
describeMarketplaceAdapter('core mock marketplace (asynchronous listings)', mockMarketplaceHarness('asynchronous'));
