import type { SimulatedOrder } from './testing-types.js';

/**
 * A generator of sequential ids such as `ORD000001`, `ORD000002`, ... (deterministic, so
 * simulator output is stable from run to run).
 *
 * @param prefix - text before the number.
 * @param options - first number (default 1) and zero-padded width (default 6).
 */
export function createIdGenerator(prefix: string, options: { start?: number; width?: number } = {}): () => string {
  let next = options.start ?? 1;
  const width = options.width ?? 6;
  return () => `${prefix}${String(next++).padStart(width, '0')}`;
}

/** Carriers {@link createTrackingNumberGenerator} can imitate. */
export type SimulatedCarrier = 'ups' | 'fedex' | 'usps';

/**
 * A generator of sequential tracking numbers in a carrier's usual format: UPS `1Z` + 16
 * characters, FedEx 12 digits, USPS 22 digits starting `9400`. They look real but belong to no
 * package.
 *
 * @param carrier - the format. Default `ups`.
 * @param seed - a number mixed into every tracking number, so two simulators do not collide.
 */
export function createTrackingNumberGenerator(carrier: SimulatedCarrier = 'ups', seed = 0): () => string {
  let next = 1;
  return () => {
    const serial = String(next++ + seed * 1_000_000).padStart(10, '0');
    switch (carrier) {
      case 'ups':
        return `1ZDS0SIM03${serial.slice(-8)}`;
      case 'fedex':
        return `77${serial}`;
      case 'usps':
        return `9400111${serial.padStart(15, '0')}`;
    }
  };
}

/** Options of {@link OrderBook.ship}; the same as `DistributorSimulator.shipOrder`. */
export interface ShipOptions {
  /** What the package holds; default everything not yet shipped. */
  lines?: { sku: string; quantity: number }[];
  /** Carrier text as the distributor reports it. Default `UPS`. */
  carrier?: string;
  /** Default the book's tracking number generator. */
  trackingNumber?: string;
  /** ISO 8601. Default now. */
  shippedAt?: string;
}

/** In-memory orders of a distributor simulator, with the per-PO count the conformance suite checks. */
export interface OrderBook<TOrder extends SimulatedOrder = SimulatedOrder> {
  /** Stores an order (a second order for the same PO is stored too: that is the bug `count` reveals). */
  add(order: TOrder): TOrder;
  /** The first order held for a PO number. */
  find(poNumber: string): TOrder | undefined;
  /** Every order held for a PO number. */
  findAll(poNumber: string): TOrder[];
  /** How many orders are held for a PO number. */
  count(poNumber: string): number;
  /** Every order, oldest first. */
  all(): TOrder[];
  /**
   * Records a package for the PO's order and updates its status (`partially_shipped` or
   * `shipped`). Returns the tracking number.
   *
   * @throws Error when the PO is unknown or cancelled, or a line ships more than is left.
   */
  ship(poNumber: string, options?: ShipOptions): string;
  /** Marks the PO's order cancelled; false when it is unknown or already shipped (in part). */
  cancel(poNumber: string): boolean;
  /** Units of each SKU not yet shipped. */
  remaining(poNumber: string): { sku: string; quantity: number }[];
  /** Forgets every order. */
  clear(): void;
}

/**
 * Creates the in-memory order book every distributor simulator keeps.
 *
 * @param options - tracking number generator for `ship` (default UPS format).
 */
export function createOrderBook<TOrder extends SimulatedOrder = SimulatedOrder>(
  options: { nextTrackingNumber?: () => string } = {},
): OrderBook<TOrder> {
  let orders: TOrder[] = [];
  const nextTrackingNumber = options.nextTrackingNumber ?? createTrackingNumberGenerator('ups');

  function remainingOf(order: TOrder): Map<string, number> {
    const left = new Map<string, number>();
    for (const line of order.lines) left.set(line.sku, (left.get(line.sku) ?? 0) + line.quantity);
    for (const shipment of order.shipments) {
      for (const line of shipment.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
    }
    return left;
  }

  const book: OrderBook<TOrder> = {
    add(order) {
      orders.push(order);
      return order;
    },
    find(poNumber) {
      return orders.find((order) => order.poNumber === poNumber);
    },
    findAll(poNumber) {
      return orders.filter((order) => order.poNumber === poNumber);
    },
    count(poNumber) {
      return orders.filter((order) => order.poNumber === poNumber).length;
    },
    all() {
      return [...orders];
    },
    remaining(poNumber) {
      const order = book.find(poNumber);
      if (!order) return [];
      return [...remainingOf(order)]
        .filter(([, quantity]) => quantity > 0)
        .map(([sku, quantity]) => ({ sku, quantity }));
    },
    ship(poNumber, shipOptions = {}) {
      const order = book.find(poNumber);
      if (!order) throw new Error(`simulator: no order for PO ${poNumber}`);
      if (order.status === 'cancelled') throw new Error(`simulator: PO ${poNumber} is cancelled`);
      const left = remainingOf(order);
      const lines = shipOptions.lines ?? book.remaining(poNumber);
      if (lines.length === 0) throw new Error(`simulator: PO ${poNumber} has nothing left to ship`);
      for (const line of lines) {
        if (!(line.quantity > 0) || line.quantity > (left.get(line.sku) ?? 0)) {
          throw new Error(
            `simulator: PO ${poNumber} cannot ship ${line.quantity} of ${line.sku} (${left.get(line.sku) ?? 0} left)`,
          );
        }
      }
      const trackingNumber = shipOptions.trackingNumber ?? nextTrackingNumber();
      order.shipments.push({
        trackingNumber,
        carrier: shipOptions.carrier ?? 'UPS',
        lines: lines.map((line) => ({ ...line })),
        shippedAt: shipOptions.shippedAt ?? new Date().toISOString(),
      });
      order.status = book.remaining(poNumber).length === 0 ? 'shipped' : 'partially_shipped';
      return trackingNumber;
    },
    cancel(poNumber) {
      const order = book.find(poNumber);
      if (order?.status !== 'open') return false;
      order.status = 'cancelled';
      return true;
    },
    clear() {
      orders = [];
    },
  };
  return book;
}

/** Per-operation call counts and arrival times of a simulator. */
export interface CallRecorder {
  /** Records one call of an operation (now). */
  record(operation: string): void;
  /** Calls of one operation, or of all. */
  count(operation?: string): number;
  /** Arrival times (ms since epoch) of one operation's calls, or of all, oldest first. */
  times(operation?: string): number[];
  /** Forgets every call. */
  reset(): void;
}

/** Creates the call counter behind `callCount` / `requestTimes` of a simulator. */
export function createCallRecorder(): CallRecorder {
  let calls: { operation: string; time: number }[] = [];
  return {
    record(operation) {
      calls.push({ operation, time: Date.now() });
    },
    count(operation) {
      return operation === undefined ? calls.length : calls.filter((call) => call.operation === operation).length;
    },
    times(operation) {
      return calls.filter((call) => operation === undefined || call.operation === operation).map((call) => call.time);
    },
    reset() {
      calls = [];
    },
  };
}

/**
 * What a broken vendor or a proxy in front of it sends instead of the API's answer (served by a
 * `hostile-answer` fault; the server does not act):
 * - `html-maintenance`: HTTP 200 with an HTML maintenance page;
 * - `empty-200`: HTTP 200 `application/json` with an empty body;
 * - `unexpected-json`: HTTP 200 with well-formed JSON of another shape than the API's;
 * - `redirect-elsewhere`: HTTP 302 to another origin (a client must not carry credentials there);
 * - `invalid-utf8`: HTTP 200 `application/json` whose bytes are not valid UTF-8;
 * - `large-body`: HTTP 200 with a JSON body of several megabytes that holds no answer.
 */
export type HostileAnswer =
  | 'html-maintenance'
  | 'empty-200'
  | 'unexpected-json'
  | 'redirect-elsewhere'
  | 'invalid-utf8'
  | 'large-body';

/** Every hostile answer, in a stable order (for loops and figures). */
export const hostileAnswers: readonly HostileAnswer[] = [
  'html-maintenance',
  'empty-200',
  'unexpected-json',
  'redirect-elsewhere',
  'invalid-utf8',
  'large-body',
];

/** Options of {@link hostileAnswerResponse}. */
export interface HostileAnswerOptions {
  /** Origin (or URL) `redirect-elsewhere` points to. Default `https://moved.hostile.test`. */
  redirectTo?: string;
  /** Size of the `large-body` body in bytes. Default 4 MiB. */
  largeBodyBytes?: number;
}

/** The HTML a maintenance page answers with status 200. */
export const maintenancePageHtml =
  '<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body><h1>We will be back soon</h1><p>Scheduled maintenance.</p></body></html>';

/**
 * The HTTP response of one hostile answer (see {@link HostileAnswer}). Every simulator serves it
 * through its fault injector, so a `hostile-answer` fault means the same thing everywhere.
 *
 * @param answer - which hostile answer.
 * @param options - redirect target, size of the large body.
 */
export function hostileAnswerResponse(answer: HostileAnswer, options: HostileAnswerOptions = {}): Response {
  switch (answer) {
    case 'html-maintenance':
      return new Response(maintenancePageHtml, {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    case 'empty-200':
      return new Response('', { status: 200, headers: { 'content-type': 'application/json' } });
    case 'unexpected-json':
      return new Response(
        JSON.stringify({ status: 'ok', maintenance: true, message: 'Service temporarily degraded' }),
        {
          status: 200,
          headers: { 'content-type': 'application/json' },
        },
      );
    case 'redirect-elsewhere': {
      const target = new URL('/moved', options.redirectTo ?? 'https://moved.hostile.test');
      return new Response(null, { status: 302, headers: { location: target.href } });
    }
    case 'invalid-utf8': {
      // `{"message":"` + bytes that are no UTF-8 (a lone continuation byte, an overlong form, 0xFF) + `"}`
      const bytes = new Uint8Array([
        ...new TextEncoder().encode('{"message":"'),
        0x80,
        0xc0,
        0xaf,
        0xff,
        0xfe,
        ...new TextEncoder().encode('"}'),
      ]);
      return new Response(bytes, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    }
    case 'large-body': {
      const size = Math.max(64, options.largeBodyBytes ?? 4 * 1024 * 1024);
      const filler = 'x'.repeat(size - 14);
      return new Response(`{"padding":"${filler}"}`, { status: 200, headers: { 'content-type': 'application/json' } });
    }
  }
}
