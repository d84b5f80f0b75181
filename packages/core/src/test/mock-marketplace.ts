import { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';
import type { CarrierCode } from '../model/carrier.js';
import { parseWith } from '../model/parse.js';
import type { MarketplaceListings } from '../spec/v1/listing-push.js';
import type {
  MarketplaceAdapter,
  PushTrackingResult,
  ShipmentNotice,
  ShipmentNoticeLine,
} from '../spec/v1/marketplace-adapter.js';
import type { MarketplaceCapabilities, MarketplaceOrders } from '../spec/v1/order-intake.js';
import type { FiredFault, MockFault } from './faults.js';
import { CallCounter, checkNoticeInput, defaultMockToken, MockApi, sendToMock, throwIfAborted } from './mock-api.js';
import { createMockOrderIntake, type MockOrderIntake } from './mock-marketplace-intake.js';
import { createMockListings, type MockListings, type MockListingsOptions } from './mock-marketplace-listings.js';

/** A fulfillment (tracking written to an order) the mock marketplace recorded. */
export interface MockTrackingPush {
  /** The marketplace's order id. */
  marketplaceOrderId: string;
  /** The SDK's shipment id. */
  shipmentId: string;
  /** The tracking number written. */
  trackingNumber: string;
  /** The carrier written. */
  carrier: CarrierCode;
  /** The carrier name when `carrier` is `other`. */
  carrierName?: string;
  /** Lines in the package. */
  lines: ShipmentNoticeLine[];
  /** The mock's fulfillment reference. */
  reference: string;
}

/** One call of the mock adapter's `pushTracking`, whatever came of it. */
export interface MockTrackingPushCall {
  /** The marketplace's order id. */
  marketplaceOrderId: string;
  /** The SDK's shipment id. */
  shipmentId: string;
  /** The tracking number pushed. */
  trackingNumber: string;
  /** What the call returned, or `failed` when it threw. */
  outcome: PushTrackingResult['status'] | 'failed';
}

/**
 * A marketplace's API held in memory. Its write endpoint does not deduplicate: every write is a
 * new fulfillment (2 for one tracking number is a duplicate push). Calls go through
 * {@link MockMarketplaceServer.serve}, which counts them, checks the token and applies faults.
 */
export interface MockMarketplaceServer {
  /** Marketplace id. */
  readonly marketplace: string;
  /** The API token it accepts. */
  readonly validToken: string;
  /** Serves one call (operations `read-order` and `push-tracking`). */
  serve<T>(operation: string, token: string, act: () => T): T;
  /** Fulfillments written to an order (copies), in order. */
  fulfillmentsOf(marketplaceOrderId: string): MockTrackingPush[];
  /** Writes a fulfillment, with no deduplication; returns it. */
  createFulfillment(push: Omit<MockTrackingPush, 'reference'>): MockTrackingPush;
  /** Every fulfillment written (copies), in order. */
  pushes(): MockTrackingPush[];
  /** How many fulfillments carry this tracking number for the order (2 or more is a duplicate). */
  pushCount(marketplaceOrderId: string, trackingNumber: string): number;
  /** Injects a failure into the next matching calls. */
  injectFault(fault: MockFault): void;
  /** Faults that fired, in order, with the operation each hit. */
  firedFaults(): FiredFault[];
  /** Calls served per operation, or in all. */
  callCount(operation?: string): number;
  /** When the calls of `operation` (or every call) arrived, in ms since the epoch. */
  requestTimes(operation?: string): number[];
  /** Clears fulfillments, faults and counters (the orders it lists for intake stay: `intake.clear()`). */
  reset(): void;
  /** The orders it lists for intake, and what was acknowledged (operations `list-orders`, `acknowledge-orders`). */
  readonly intake: MockOrderIntake;
  /** The order listing an adapter sending `token` sees, `pageSize` orders a page at most. */
  ordersFor(token: string, pageSize: number): MarketplaceOrders;
  /** The listings it holds, their changes and sales (operations `push-listings`, `confirm-listings`, `read-listings`). */
  readonly listings: MockListings;
  /** The listings API an adapter sending `token` sees. */
  listingsFor(token: string, options: MockListingsOptions): MarketplaceListings;
}

/** Options of {@link createMockMarketplaceServer}. */
export interface MockMarketplaceServerOptions {
  /** Marketplace id. Default `mock-market`. */
  marketplace?: string;
  /** The API token it accepts. */
  validToken?: string;
  /** The clock that stamps orders listed without `updatedAt`. Default `() => new Date()`. */
  now?: () => Date;
}

/** Options of {@link createMockMarketplaceAdapter}. */
export interface MockMarketplaceAdapterOptions {
  /** Marketplace id (must match `SalesOrder.marketplace`). Default `mock-market`. Refused with `server`. */
  marketplace?: string;
  /** The marketplace emails the buyer itself. Default false. */
  notifiesBuyer?: boolean;
  /** A server to share with other adapters (for example one with a wrong token). */
  server?: MockMarketplaceServer;
  /** The token this adapter sends. Default the server's `validToken`. */
  apiToken?: string;
  /** Order intake: `list`, or `list-and-acknowledge` (a marketplace that requires acknowledgement). Default none. */
  orders?: 'list' | 'list-and-acknowledge';
  /** Most orders per listing page. Default 50. */
  orderPageSize?: number;
  /** Quantity and price push (`capabilities.listings: 'push'`): its mode, batch size and compare-and-swap. Default none. */
  listings?: MockListingsOptions;
}

/** A {@link MarketplaceAdapter} held in memory, with control hooks for tests. */
export interface MockMarketplaceAdapter extends MarketplaceAdapter {
  /** The in-memory API it talks to. */
  readonly server: MockMarketplaceServer;
  /** Every fulfillment the marketplace recorded (copies), in order, duplicates included. */
  pushes(): MockTrackingPush[];
  /** How many fulfillments carry this tracking number for the order (2 or more is a duplicate). */
  pushCount(marketplaceOrderId: string, trackingNumber: string): number;
  /**
   * Injects a failure into the next matching calls: `{ kind, operations, times }` with the
   * operations `read-order` (the read before a write) and `push-tracking` (the write).
   */
  injectFault(fault: MockFault): void;
  /** Faults that fired, in order, with the operation each hit. */
  firedFaults(): FiredFault[];
  /** Calls of `pushTracking` (for one shipment id when given), failed and repeated ones included. */
  callCount(shipmentId?: string): number;
  /** Every call of `pushTracking` with a valid input, in order, with its outcome. */
  calls(): MockTrackingPushCall[];
  /** Clears fulfillments, calls, faults and counters. */
  reset(): void;
  /** The orders the marketplace lists for intake (the server's). */
  readonly intake: MockOrderIntake;
}

const withoutSpaces = (text: string): string => text.replace(/\s+/g, '');

/**
 * Creates an in-memory marketplace API (see {@link MockMarketplaceServer}).
 *
 * @param options - marketplace id and accepted token.
 */
export function createMockMarketplaceServer(options: MockMarketplaceServerOptions = {}): MockMarketplaceServer {
  parseWith(
    z.strictObject({
      marketplace: z.string().min(1).optional(),
      validToken: z.string().min(1).optional(),
      now: z.custom<() => Date>((value) => typeof value === 'function', 'must be a function').optional(),
    }),
    options,
    'mock marketplace server options',
  );
  const marketplace = options.marketplace ?? 'mock-market';
  const validToken = options.validToken ?? defaultMockToken;
  const api = new MockApi(marketplace, validToken);
  const written: MockTrackingPush[] = [];
  const listing = createMockOrderIntake(marketplace, api, options.now ?? (() => new Date()));
  const listingPush = createMockListings(marketplace, api);
  return {
    marketplace,
    validToken,
    intake: listing.intake,
    ordersFor: (token, pageSize) => listing.ordersFor(token, pageSize),
    listings: listingPush.listings,
    listingsFor: (token, listingOptions) => listingPush.listingsFor(token, listingOptions),
    serve: (operation, token, act) => api.serve(operation, token, act),
    fulfillmentsOf: (marketplaceOrderId) =>
      structuredClone(written.filter((push) => push.marketplaceOrderId === marketplaceOrderId)),
    createFulfillment(push) {
      const created: MockTrackingPush = {
        ...structuredClone(push),
        reference: `F-${written.length + 1}`,
      };
      written.push(created);
      return structuredClone(created);
    },
    pushes: () => structuredClone(written),
    pushCount: (marketplaceOrderId, trackingNumber) =>
      written.filter(
        (push) =>
          push.marketplaceOrderId === marketplaceOrderId &&
          withoutSpaces(push.trackingNumber) === withoutSpaces(trackingNumber),
      ).length,
    injectFault: (fault) => api.injectFault(fault),
    firedFaults: () => api.firedFaults(),
    callCount: (operation) => api.callCount(operation),
    requestTimes: (operation) => api.requestTimes(operation),
    reset() {
      written.length = 0;
      api.reset();
    },
  };
}

const adapterOptionsSchema = z.strictObject({
  marketplace: z.string().min(1).optional(),
  notifiesBuyer: z.boolean().optional(),
  server: z.custom<MockMarketplaceServer>((value) => typeof value === 'object' && value !== null).optional(),
  apiToken: z.string().optional(),
  orders: z.enum(['list', 'list-and-acknowledge']).optional(),
  orderPageSize: z.number().int().min(1).max(1_000).optional(),
  listings: z.looseObject({}).optional(),
});

/**
 * Creates an in-memory marketplace adapter over a {@link MockMarketplaceServer} (its own unless
 * `server` is given). Like the SDK's real adapters over an API without a natural key,
 * `pushTracking` reads the order's fulfillments first (operation `read-order`) and answers
 * `already-pushed` when the tracking number is there; otherwise it writes one (operation
 * `push-tracking`). Every call is recorded (`calls`, `callCount(shipmentId)`), so a caller that
 * pushes one shipment twice is visible even when the adapter wrote once. Injected faults throw
 * what a real adapter throws; a 429 is sent again up to twice.
 *
 * @param options - marketplace id, whether it emails the buyer itself, a server to share, the token to send.
 * @throws ValidationError for malformed or unknown options.
 */
export function createMockMarketplaceAdapter(options: MockMarketplaceAdapterOptions = {}): MockMarketplaceAdapter {
  parseWith(adapterOptionsSchema, options, 'mock marketplace options');
  if (options.server !== undefined && options.marketplace !== undefined) {
    throw new ValidationError('mock marketplace options', [
      { path: 'marketplace', message: 'is the server’s; set it where the server is created' },
    ]);
  }
  const server =
    options.server ??
    createMockMarketplaceServer(options.marketplace === undefined ? {} : { marketplace: options.marketplace });
  const { marketplace } = server;
  const token = options.apiToken ?? server.validToken;
  const counter = new CallCounter<'pushTracking'>();
  const log: MockTrackingPushCall[] = [];

  async function push(
    input: { order: { marketplaceOrderId: string }; shipment: ShipmentNotice },
    call: MockTrackingPushCall,
    signal: Parameters<MarketplaceAdapter['pushTracking']>[1],
  ): Promise<PushTrackingResult> {
    const { order, shipment } = input;
    const existing = await sendToMock(
      () => server.serve('read-order', token, () => server.fulfillmentsOf(order.marketplaceOrderId)),
      signal,
    );
    const found = existing.find(
      (fulfillment) => withoutSpaces(fulfillment.trackingNumber) === withoutSpaces(shipment.trackingNumber),
    );
    if (found !== undefined) {
      call.outcome = 'already-pushed';
      return { status: 'already-pushed', reference: found.reference };
    }
    const created = await sendToMock(
      () =>
        server.serve('push-tracking', token, () =>
          server.createFulfillment({
            marketplaceOrderId: order.marketplaceOrderId,
            shipmentId: shipment.id,
            trackingNumber: shipment.trackingNumber,
            carrier: shipment.carrier,
            ...(shipment.carrierName === undefined ? {} : { carrierName: shipment.carrierName }),
            lines: shipment.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
          }),
        ),
      signal,
    );
    call.outcome = 'pushed';
    return { status: 'pushed', reference: created.reference };
  }

  const capabilities: MarketplaceCapabilities = {
    ...(options.orders === undefined ? {} : { orders: options.orders }),
    ...(options.listings === undefined ? {} : { listings: 'push' as const }),
  };
  const listings = options.listings === undefined ? undefined : server.listingsFor(token, options.listings);
  let orders: MarketplaceOrders | undefined;
  if (options.orders !== undefined) {
    const listing = server.ordersFor(token, options.orderPageSize ?? 50);
    orders =
      options.orders === 'list'
        ? { pageSize: listing.pageSize, list: (request, callOptions) => listing.list(request, callOptions) }
        : listing;
  }

  return {
    specificationVersion: 'v1',
    marketplace,
    notifiesBuyer: options.notifiesBuyer ?? false,
    server,
    capabilities,
    ...(orders === undefined ? {} : { orders }),
    ...(listings === undefined ? {} : { listings }),
    intake: server.intake,

    async pushTracking(input, callOptions): Promise<PushTrackingResult> {
      throwIfAborted(callOptions);
      const shipmentId = typeof input?.shipment?.id === 'string' ? input.shipment.id : undefined;
      counter.count('pushTracking', shipmentId);
      checkNoticeInput(input, 'tracking push');
      if (input.order.marketplace !== marketplace) {
        throw new ValidationError('tracking push', [{ path: 'order.marketplace', message: `must be ${marketplace}` }]);
      }
      const call: MockTrackingPushCall = {
        marketplaceOrderId: input.order.marketplaceOrderId,
        shipmentId: input.shipment.id,
        trackingNumber: input.shipment.trackingNumber,
        outcome: 'failed',
      };
      log.push(call);
      return push(input, call, callOptions);
    },

    pushes: () => server.pushes(),
    pushCount: (marketplaceOrderId, trackingNumber) => server.pushCount(marketplaceOrderId, trackingNumber),
    injectFault: (fault) => server.injectFault(fault),
    firedFaults: () => server.firedFaults(),
    callCount: (shipmentId) => counter.get('pushTracking', shipmentId),
    calls: () => log.map((call) => ({ ...call })),

    reset() {
      server.reset();
      counter.clear();
      log.length = 0;
    },
  };
}
