import type { RejectionReason } from '@dropship/core';
import {
  cancelHeldLines,
  createCallRecorder,
  createFaultInjector,
  createIdGenerator,
  createOrderBook,
  createRejectionQueue,
  createTrackingNumberGenerator,
  type DistributorSimulator,
  echoInErrorAnswer,
  echoRequest,
  type Fault,
  type ShipOptions,
  type SimulatedOrder,
  type SimulatedProduct,
  type SimulatedSideCancellation,
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import {
  AUTOMATIC_MAX_LOOKUP_WINDOW_DAYS,
  AUTOMATIC_MAX_PO_NUMBER_LENGTH,
  type AutomaticPaths,
  automaticDefaultPaths,
} from './automatic-constants.js';
import type { AutomaticAuthOptions } from './automatic-options.js';

/*
 * A stateful fake of the Automatic Distributors v2 API, served as MSW handlers. Almost all of it
 * is MODELLED, like the client (no public documentation: base URL, auth, bodies, inventory and errors are
 * NOT FOUND). What follows https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source: `header.ponumber`, PO numbers of at most 22 ASCII
 * printable characters, MM/DD/YY dates, `orderGenerationNumber`, separate `trackingNumber` and
 * `proNumber` fields (one combined field in the range endpoint), range lookups of at most 365
 * days, and revoking every order of a PO.
 */

/** Options of {@link createAutomaticSimulator}. */
export interface AutomaticSimulatorOptions {
  /**
   * Base URL the handlers answer on. Default `https://automatic.simulator.test/v2` (a reserved test
   * host; the real one is NOT FOUND): pass `simulator.baseURL` to the client.
   */
  baseURL?: string;
  /** The token the fake accepts; anything else is a 401. Default `automatic-simulator-token`. */
  apiToken?: string;
  /** Where the fake expects the token (the same option as the client's). Default `{ placement: 'bearer' }`. */
  auth?: AutomaticAuthOptions;
  /** Endpoint paths (the same option as the client's). */
  paths?: Partial<AutomaticPaths>;
  /** Products to start with (warehouse codes are free: the real ones are NOT FOUND). */
  products?: readonly SimulatedProduct[];
  /** Clock, for order dates. Default the system clock. */
  now?: () => Date;
  /** Default delay of `timeout` faults, in ms. Default 35,000. */
  timeoutDelayMs?: number;
}

/** The Automatic simulator: the shared control surface plus freight (PRO number) shipments. */
export interface AutomaticSimulator extends DistributorSimulator {
  /** The token the fake accepts. */
  readonly apiToken: string;
  /** Records a freight shipment identified by a PRO number (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source). Returns the PRO number. */
  shipFreight(
    poNumber: string,
    options?: { lines?: { sku: string; quantity: number }[]; carrier?: string; proNumber?: string; shippedAt?: string },
  ): string;
  /**
   * Issue 20: the next `times` create calls (default 1) are refused (HTTP 422, `errors[]` naming
   * `skus`' lines, MODELLED), for `reason`. Nothing is placed.
   */
  rejectNextOrders(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /** Automatic cancels a held PO on its side (all of it, or `lines`), as the lookup then shows it (MODELLED). */
  cancelOnDistributorSide(
    poNumber: string,
    options: { reason: RejectionReason; lines?: { sku: string; quantity: number }[] },
  ): void;
  /** Sets the dealer price the inventory call answers for a SKU (minor units). */
  setPrice(sku: string, unitCost: number): void;
}

/** The words of a refusal or a cancel, per reason (MODELLED: the error format is NOT FOUND). */
export const automaticSimulatorRefusals: Readonly<Record<RejectionReason, (part: string) => string>> = {
  'out-of-stock': (part) => `Part ${part} is out of stock.`,
  discontinued: (part) => `Part ${part} is discontinued.`,
  'not-drop-shippable': (part) => `Part ${part} is not eligible for drop ship.`,
  'address-refused': () => 'The ship-to address cannot be delivered to.',
  'price-changed': (part) => `The price of part ${part} has changed.`,
  other: (part) => `Part ${part} cannot be ordered.`,
};

interface AutomaticSimulatedOrder extends SimulatedOrder {
  orderDate: string;
  generation: string;
  revoked: boolean;
  /** Set by `cancelOnDistributorSide`: units cancelled per part, why, and whether the whole order. */
  cancelled?: SimulatedSideCancellation;
}

const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
const failure = (status: number, message: string, field?: string) =>
  json({ errors: [{ ...(field ? { field } : {}), message }] }, status);

/** MM/DD/YY, the verified format of `header.invoiceDate` (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source). */
function formatDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(2, 4)}`;
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await request.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Creates a stateful Automatic Distributors simulator (MSW handlers over in-memory state):
 * catalog and stock per warehouse, orders, parcel and freight shipments released by the test,
 * revoke-by-PO, fault injection shared with every simulator (`@dropship/testing`), an order count
 * per PO and call counts per operation (`stock`, `submit`, `find-order`, `shipments`, `cancel`).
 * Every request must carry the simulator's token where `auth` says.
 *
 * @param options - base URL, token and its placement, paths, products, clock.
 * @example
 * ```ts
 * const simulator = createAutomaticSimulator();
 * simulator.addProduct({ sku: 'AD-1001', stock: { east: 6, west: 2 } });
 * const automatic = createAutomatic({ apiToken: simulator.apiToken, baseURL: simulator.baseURL });
 * ```
 */
export function createAutomaticSimulator(options: AutomaticSimulatorOptions = {}): AutomaticSimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('automatic', '/v2')).replace(/\/+$/, '');
  const apiToken = options.apiToken ?? 'automatic-simulator-token';
  const auth: AutomaticAuthOptions = options.auth ?? { placement: 'bearer' };
  const paths: AutomaticPaths = { ...automaticDefaultPaths, ...options.paths };
  const now = options.now ?? (() => new Date());

  const products = new Map<string, SimulatedProduct>();
  const book = createOrderBook<AutomaticSimulatedOrder>({
    nextTrackingNumber: createTrackingNumberGenerator('ups', 4),
  });
  const faults = createFaultInjector(
    options.timeoutDelayMs === undefined ? {} : { timeoutDelayMs: options.timeoutDelayMs },
  );
  const calls = createCallRecorder();
  const proNumbers = new Set<string>();
  let nextOrderNumber = createIdGenerator('AD', { width: 7 });
  let nextProNumber = createIdGenerator('PRO', { start: 4_400_001, width: 9 });
  /** Refusals queued by `rejectNextOrders`, served one create call each. */
  const rejections = createRejectionQueue();

  function addProduct(product: SimulatedProduct): void {
    products.set(product.sku.toUpperCase(), { ...product, stock: { ...product.stock } });
  }
  for (const product of options.products ?? []) addProduct(product);

  function authorized(request: Request): boolean {
    if (auth.placement === 'query') return new URL(request.url).searchParams.get(auth.name ?? '') === apiToken;
    if (auth.placement === 'header') return request.headers.get(auth.name ?? '') === apiToken;
    return request.headers.get('authorization') === `Bearer ${apiToken}`;
  }

  /**
   * Records the call, checks the token, then serves it through the fault injector. Every error
   * answer echoes the request (headers, query and body: the token wherever it travels), as real
   * error pages often do.
   */
  async function serve(
    request: Request,
    operations: readonly string[],
    perform: () => Response | Promise<Response>,
  ): Promise<Response> {
    calls.record(operations[0] ?? 'unknown');
    const echo = await echoRequest(request);
    if (!authorized(request)) return echoInErrorAnswer(echo, failure(401, 'Invalid or missing API token.'));
    return faults.serve(operations, async () => echoInErrorAnswer(echo, await perform()));
  }

  function statusOf(order: AutomaticSimulatedOrder): string {
    if (order.revoked) return 'REVOKED';
    if (order.cancelled?.whole) return 'CANCELLED';
    if (order.status === 'shipped') return 'SHIPPED';
    if (order.status === 'partially_shipped') return 'PARTIALLY SHIPPED';
    return 'OPEN';
  }

  function orderBody(order: AutomaticSimulatedOrder, combinedTracking: boolean) {
    const lastShipped = order.shipments
      .map((shipment) => shipment.shippedAt)
      .sort()
      .at(-1);
    return {
      header: {
        ponumber: order.poNumber,
        orderNumber: order.reference,
        orderGenerationNumber: order.generation,
        status: statusOf(order),
        ...(order.cancelled?.whole ? { statusReason: automaticSimulatorRefusals[order.cancelled.reason]('') } : {}),
        orderDate: order.orderDate,
        invoiceDate: lastShipped ? formatDate(lastShipped) : null,
      },
      lines: orderedLines(order),
      shipments: order.shipments.map((shipment) => {
        const isPro = proNumbers.has(shipment.trackingNumber);
        const numbers = combinedTracking
          ? { trackingNumber: shipment.trackingNumber }
          : isPro
            ? { trackingNumber: null, proNumber: shipment.trackingNumber }
            : { trackingNumber: shipment.trackingNumber, proNumber: null };
        return {
          carrier: shipment.carrier,
          ...numbers,
          shipDate: formatDate(shipment.shippedAt),
          lines: shipment.lines.map((line) => ({ partNumber: line.sku, quantity: line.quantity })),
        };
      }),
    };
  }

  /** The lines as ordered, with the units cancelled on Automatic's side and why (MODELLED). */
  function orderedLines(order: AutomaticSimulatedOrder) {
    const ordered = new Map<string, number>();
    for (const line of order.lines) ordered.set(line.sku, (ordered.get(line.sku) ?? 0) + line.quantity);
    for (const [sku, quantity] of order.cancelled?.lines ?? []) ordered.set(sku, (ordered.get(sku) ?? 0) + quantity);
    return [...ordered].map(([partNumber, quantity]) => {
      const cancelled = order.cancelled?.lines.get(partNumber) ?? 0;
      return cancelled > 0 && order.cancelled && !order.cancelled.whole
        ? {
            partNumber,
            quantity,
            cancelledQuantity: cancelled,
            cancelReason: automaticSimulatorRefusals[order.cancelled.reason](partNumber),
          }
        : { partNumber, quantity };
    });
  }

  function checkOrder(body: Record<string, unknown>): { field: string; message: string }[] {
    const problems: { field: string; message: string }[] = [];
    const header = record(body.header);
    const address = record(body.shipToAddress);
    const ponumber = header.ponumber;
    if (typeof ponumber !== 'string' || ponumber.length === 0)
      problems.push({ field: 'header.ponumber', message: 'PO number is required.' });
    else if (ponumber.length > AUTOMATIC_MAX_PO_NUMBER_LENGTH || !/^[\x20-\x7E]+$/.test(ponumber)) {
      problems.push({ field: 'header.ponumber', message: 'PO number must be at most 22 ASCII printable characters.' });
    }
    for (const field of ['name', 'address1', 'city', 'state', 'zip']) {
      if (typeof address[field] !== 'string' || (address[field] as string).trim() === '') {
        problems.push({ field: `shipToAddress.${field}`, message: 'Required.' });
      }
    }
    const lines = Array.isArray(body.lines) ? body.lines.map(record) : [];
    if (lines.length === 0) problems.push({ field: 'lines', message: 'At least one line is required.' });
    lines.forEach((line, index) => {
      if (typeof line.partNumber !== 'string' || !products.has(line.partNumber.toUpperCase())) {
        problems.push({
          field: `lines.${index}.partNumber`,
          message: `Unknown part number ${String(line.partNumber)}.`,
        });
      }
      if (typeof line.quantity !== 'number' || !Number.isInteger(line.quantity) || line.quantity < 1) {
        problems.push({ field: `lines.${index}.quantity`, message: 'Quantity must be a whole number of at least 1.' });
      }
    });
    return problems;
  }

  const route = (path: string) => `${baseURL}${path}`;

  const handlers: RequestHandler[] = [
    http.get(route(paths.inventory), ({ request }) =>
      serve(request, [standardOperations.stock, 'inventory'], () => {
        const parts = (new URL(request.url).searchParams.get('partNumbers') ?? '').split(',').filter(Boolean);
        const items = parts.flatMap((part) => {
          const product = products.get(part.toUpperCase());
          if (!product) return [];
          return [
            {
              partNumber: product.sku,
              dealerPrice: product.cost === undefined ? null : (product.cost / 100).toFixed(2),
              warehouses: Object.entries(product.stock).map(([code, quantity]) => ({
                code,
                quantity: Math.max(0, quantity),
              })),
            },
          ];
        });
        return json({ items });
      }),
    ),

    http.post(route(paths.createOrder), ({ request }) =>
      serve(request, [standardOperations.submit, 'create-order'], async () => {
        const body = await readJson(request);
        if (!body) return failure(400, 'The request body must be a JSON object.');
        const problems = checkOrder(body);
        if (problems.length > 0) return json({ errors: problems }, 422);
        const queued = rejections.take();
        if (queued) {
          const words = automaticSimulatorRefusals[queued.reason];
          if (queued.reason === 'address-refused')
            return json({ errors: [{ field: 'shipToAddress', message: words('') }] }, 422);
          const sent = (body.lines as Record<string, unknown>[]).map((line) => String(line.partNumber));
          const refused = new Set(queued.skus ?? sent);
          return json(
            {
              errors: sent.flatMap((part, index) =>
                refused.has(part) ? [{ field: `lines.${index}.partNumber`, message: words(part) }] : [],
              ),
            },
            422,
          );
        }
        const header = record(body.header);
        const lines = (body.lines as Record<string, unknown>[]).map((line) => ({
          sku: (products.get(String(line.partNumber).toUpperCase()) as SimulatedProduct).sku,
          quantity: line.quantity as number,
        }));
        for (const line of lines) {
          const product = products.get(line.sku.toUpperCase()) as SimulatedProduct;
          const warehouse = Object.keys(product.stock).find((code) => (product.stock[code] ?? 0) >= line.quantity);
          if (warehouse) product.stock[warehouse] = (product.stock[warehouse] ?? 0) - line.quantity;
        }
        const order = book.add({
          poNumber: String(header.ponumber),
          reference: nextOrderNumber(),
          generation: '01',
          lines,
          status: 'open',
          shipments: [],
          orderDate: formatDate(now().toISOString()),
          revoked: false,
        });
        const { header: created } = orderBody(order, false);
        return json({ header: created }, 201);
      }),
    ),

    http.get(route(paths.orderLookup), ({ request }) =>
      serve(request, [standardOperations.findOrder, 'order-lookup'], () => {
        const ponumber = new URL(request.url).searchParams.get('ponumber');
        if (!ponumber) return failure(422, 'ponumber is required.', 'ponumber');
        return json({ orders: book.findAll(ponumber).map((order) => orderBody(order, false)) });
      }),
    ),

    http.get(route(paths.orderRange), ({ request }) =>
      serve(request, [standardOperations.shipments, 'order-range'], () => {
        const url = new URL(request.url);
        const start = url.searchParams.get('startDate') ?? '';
        const end = url.searchParams.get('endDate') ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end) || start > end) {
          return failure(422, 'startDate and endDate (YYYY-MM-DD, start first) are required.', 'startDate');
        }
        const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
        if (days > AUTOMATIC_MAX_LOOKUP_WINDOW_DAYS)
          return failure(422, `The lookup window is at most ${AUTOMATIC_MAX_LOOKUP_WINDOW_DAYS} days.`, 'endDate');
        const inRange = book.all().filter((order) => {
          const [month, day, year] = order.orderDate.split('/');
          const iso = `20${year}-${month}-${day}`;
          return iso >= start && iso <= end;
        });
        return json({ orders: inRange.map((order) => orderBody(order, true)) });
      }),
    ),

    http.post(route(paths.revokeOrders), ({ request }) =>
      serve(request, [standardOperations.cancel, 'revoke-orders'], async () => {
        const body = await readJson(request);
        const ponumber = typeof body?.ponumber === 'string' ? body.ponumber : undefined;
        if (!ponumber) return failure(422, 'ponumber is required.', 'ponumber');
        const orders = book.findAll(ponumber);
        // Modelled: revoking a PO without orders is a no-op (a 404 would read as a wrong path).
        if (orders.length === 0) return json({ ponumber, revoked: 0 });
        if (orders.some((order) => order.shipments.length > 0))
          return failure(409, `PO ${ponumber} has shipped and cannot be revoked.`);
        for (const order of orders) {
          order.revoked = true;
          order.status = 'cancelled';
        }
        return json({ ponumber, revoked: orders.length });
      }),
    ),
  ];

  return {
    distributor: 'automatic',
    handlers,
    baseURL,
    apiToken,
    addProduct,
    setStock(sku, warehouse, quantity) {
      const product = products.get(sku.toUpperCase());
      if (!product) throw new Error(`Automatic simulator: unknown SKU ${sku}`);
      product.stock[warehouse] = quantity;
    },
    orderCount: (poNumber) => book.count(poNumber),
    orders: () => book.all(),
    shipOrder(poNumber: string, shipOptions?: ShipOptions) {
      return book.ship(poNumber, shipOptions);
    },
    shipFreight(poNumber, freightOptions = {}) {
      const proNumber = freightOptions.proNumber ?? nextProNumber();
      proNumbers.add(proNumber);
      return book.ship(poNumber, {
        trackingNumber: proNumber,
        carrier: freightOptions.carrier ?? 'Estes Express',
        ...(freightOptions.lines ? { lines: freightOptions.lines } : {}),
        ...(freightOptions.shippedAt ? { shippedAt: freightOptions.shippedAt } : {}),
      });
    },
    injectFault(fault: Fault) {
      faults.inject(fault);
    },
    callCount: (operation) => calls.count(operation),
    rejectNextOrders(options) {
      rejections.push(options);
    },
    cancelOnDistributorSide(poNumber, options) {
      cancelHeldLines(book, poNumber, options, 'Automatic');
    },
    setPrice(sku, unitCost) {
      const product = products.get(sku.toUpperCase());
      if (!product) throw new Error(`Automatic simulator: unknown SKU ${sku}`);
      product.cost = unitCost;
    },
    reset(resetOptions) {
      rejections.clear();
      book.clear();
      faults.reset();
      calls.reset();
      proNumbers.clear();
      nextOrderNumber = createIdGenerator('AD', { width: 7 });
      nextProNumber = createIdGenerator('PRO', { start: 4_400_001, width: 9 });
      if (resetOptions?.all) products.clear();
    },
  };
}
