import type { RejectionReason } from '@dropship/core';
import type {
  DistributorSimulator,
  Fault,
  SimulatedOrder,
  SimulatedProduct,
  SimulatedSideCancellation,
} from '@dropship/testing/simulator';
import {
  cancelHeldLines,
  createCallRecorder,
  createFaultInjector,
  createIdGenerator,
  createOrderBook,
  createTrackingNumberGenerator,
  type EchoedRequest,
  echoRequest,
  type ShipOptions,
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http } from 'msw';
import type { PartsUnlimitedOrderBody } from './parts-unlimited-schemas.js';

/** Options of `createPartsUnlimitedSimulator`. */
export interface PartsUnlimitedSimulatorOptions {
  /**
   * Base URL the handlers answer on. Default `https://parts-unlimited.simulator.test/api` (a
   * reserved test host, never the production one): pass `simulator.baseURL` to the client.
   */
  baseURL?: string;
  /** The dealer number orders must carry. Default `SIMDEALER01`. */
  dealerNumber?: string;
  /** The API key requests must carry in `api-key`. Default `sim-pu-api-key-000001`. */
  apiKey?: string;
  /** Inventory path. Default `/v1/parts/inventory`. */
  inventoryPath?: string;
  /** Pricing path. Default `/v1/parts/pricing`. */
  pricingPath?: string;
  /** Order submission and list path. Default `/v2/orders/dropship`. */
  orderPath?: string;
  /** Part numbers accepted per inventory call; more is refused with HTTP 400. Default 25 (MODELLED). */
  maxPartsPerInventoryCall?: number;
  /** Longest PO number accepted; longer is a mainframe error. Default 20 (MODELLED on third-party clients (not documented by the vendor)). */
  maxPoNumberLength?: number;
  /** Orders per order-list page. Default 50 (MODELLED). */
  pageSize?: number;
  /** How long a `timeout` fault holds the answer, in ms. Default 35,000. */
  timeoutDelayMs?: number;
  /** Clock for order dates. */
  now?: () => Date;
}

/** An order as the Parts Unlimited simulator holds it: the shared shape plus the body received. */
export interface PartsUnlimitedSimulatedOrder extends SimulatedOrder {
  /** Order date, `YYYY-MM-DD`. */
  orderDate: string;
  /** The body exactly as received. */
  body: PartsUnlimitedOrderBody;
  /** Units Parts Unlimited cancelled on its side (`cancelOnDistributorSide`), per part, with why. */
  cancelled?: SimulatedSideCancellation;
}

/** The Parts Unlimited simulator: a `DistributorSimulator` plus its credentials and received bodies. */
export interface PartsUnlimitedSimulator extends DistributorSimulator {
  /**
   * Issue 20: the next `times` submissions (default 1) are refused as the real API refuses, for
   * `reason`, naming `skus` (default every line). Nothing is placed.
   */
  rejectNextOrders(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /** Cancels a held order on the distributor's side (all of it, or `lines`), as its API then shows it. */
  cancelOnDistributorSide(
    poNumber: string,
    options: { reason: RejectionReason; lines?: { sku: string; quantity: number }[] },
  ): void;
  /** Sets the dealer cost the API now answers for a SKU (minor units). */
  setPrice(sku: string, unitCost: number): void;

  readonly distributor: 'parts-unlimited';
  /** The dealer number it accepts. */
  readonly dealerNumber: string;
  /** The API key it accepts. */
  readonly apiKey: string;
  /** Every order held, with the body received. */
  orders(): PartsUnlimitedSimulatedOrder[];
  /**
   * Makes the next order submissions answer HTTP 200 with a failing body (no public documentation:
   * success is read from the body's `status_code`).
   */
  refuseNextOrder(refusal: {
    statusCode: number;
    statusMessage?: string;
    mainframeErrors?: string[];
    times?: number;
  }): void;
}

/** The mainframe's words for a refusal or a cancellation, per reason (MODELLED: no error catalogue is public). */
const mainframeWords: Record<RejectionReason, (part: string) => string> = {
  'out-of-stock': (part) => `PART ${part} OUT OF STOCK`,
  discontinued: (part) => `PART ${part} DISCONTINUED`,
  'not-drop-shippable': (part) => `PART ${part} NOT ELIGIBLE FOR DROP SHIP`,
  'address-refused': () => 'INVALID SHIP TO ADDRESS',
  'price-changed': (part) => `PRICE CHANGED FOR PART ${part}`,
  other: (part) => `PART ${part} CANNOT BE ORDERED`,
};

/**
 * A refusal in the mainframe's shape. Like the error pages of real APIs, it echoes the request
 * (its `api-key` header and the body's `dealer_number`), so a client that puts the body on an
 * error unredacted leaks them and the redaction tests can see it.
 */
function mainframe(statusCode: number, statusMessage: string, errors: string[], echo: EchoedRequest): Response {
  return HttpResponse.json({
    status_code: statusCode,
    status_message: statusMessage,
    mainframeErrors: errors.map((text) => ({ text })),
    request: echo,
  });
}

function isOrderBody(value: unknown): value is PartsUnlimitedOrderBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<PartsUnlimitedOrderBody>;
  return (
    typeof body.purchase_order_number === 'string' &&
    Array.isArray(body.line_items) &&
    typeof body.ship_to_address === 'object'
  );
}

/**
 * Creates a stateful fake of the Parts Unlimited API as MSW handlers:
 *
 * - `GET {inventoryPath}/{sku1},{sku2},...` → `{ availability: [{ part_number, warehouses: [{ warehouse_code, quantity }] }] }`
 *   (no public documentation; unknown parts are left out);
 * - `POST {orderPath}` with the body of third-party clients (not documented by the vendor) → HTTP 200 `{ status_code: 201, reference_number, ... }`,
 *   or HTTP 200 with a failing `status_code` and `mainframeErrors[].text` (unknown part, PO too
 *   long, wrong dealer number). A second order with the same PO number is stored too (the API's
 *   behaviour is NOT FOUND; `orderCount` reveals a client that places twice);
 * - `GET {orderPath}?order_date_start=&order_date_end=&page_num=` → MODELLED answer
 *   `{ orders: [{ purchase_order_number, reference_number, order_date, status, line_items, shipments: [{ carrier, tracking_number, ship_date, line_items }] }], page_num, total_pages }`
 *   (no public documentation: the real shape is NOT FOUND).
 *
 * Requests without the right `api-key` header get HTTP 401. Faults come from the shared injector
 * (operations `stock`, `submit`, `find-order`/`shipments` for the order list).
 *
 * @param options - credentials, paths, limits and clock.
 */
export function createPartsUnlimitedSimulator(options: PartsUnlimitedSimulatorOptions = {}): PartsUnlimitedSimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('parts-unlimited', '/api')).replace(/\/+$/, '');
  const dealerNumber = options.dealerNumber ?? 'SIMDEALER01';
  const apiKey = options.apiKey ?? 'sim-pu-api-key-000001';
  const inventoryPath = options.inventoryPath ?? '/v1/parts/inventory';
  const pricingPath = options.pricingPath ?? '/v1/parts/pricing';
  const orderPath = options.orderPath ?? '/v2/orders/dropship';
  const maxParts = options.maxPartsPerInventoryCall ?? 25;
  const maxPoLength = options.maxPoNumberLength ?? 20;
  const pageSize = options.pageSize ?? 50;
  const now = options.now ?? (() => new Date());

  const products = new Map<string, SimulatedProduct>();
  const book = createOrderBook<PartsUnlimitedSimulatedOrder>({
    nextTrackingNumber: createTrackingNumberGenerator('ups', 2),
  });
  const faults = createFaultInjector(
    options.timeoutDelayMs === undefined ? {} : { timeoutDelayMs: options.timeoutDelayMs },
  );
  const calls = createCallRecorder();
  const nextReference = createIdGenerator('DS', { width: 7 });
  let refusals: {
    statusCode: number;
    statusMessage: string;
    mainframeErrors: string[];
    left: number;
    reason?: RejectionReason;
    skus?: string[];
  }[] = [];

  const authorized = (request: Request) => request.headers.get('api-key') === apiKey;
  const unauthorized = (echo: EchoedRequest) =>
    HttpResponse.json({ message: 'Unauthorized', request: echo }, { status: 401 });

  const inventory = http.get(`${baseURL}${inventoryPath}/:parts`, async ({ request, params }) => {
    calls.record('stock');
    const echo = await echoRequest(request);
    if (!authorized(request)) return unauthorized(echo);
    return faults.serve(standardOperations.stock, () => {
      const parts = String(params.parts)
        .split(',')
        .map((part) => decodeURIComponent(part))
        .filter((part) => part !== '');
      if (parts.length > maxParts) {
        return HttpResponse.json(
          { message: `at most ${maxParts} part numbers per call`, request: echo },
          { status: 400 },
        );
      }
      const availability = parts.flatMap((part) => {
        const product = products.get(part);
        if (!product) return [];
        return [
          {
            part_number: part,
            warehouses: Object.entries(product.stock).map(([warehouse, quantity]) => ({
              warehouse_code: warehouse,
              quantity,
            })),
          },
        ];
      });
      return HttpResponse.json({ availability });
    });
  });

  const pricing = http.get(`${baseURL}${pricingPath}/:parts`, async ({ request, params }) => {
    calls.record('pricing');
    const echo = await echoRequest(request);
    if (!authorized(request)) return unauthorized(echo);
    return faults.serve(['pricing', standardOperations.stock], () => {
      const parts = String(params.parts)
        .split(',')
        .map((part) => decodeURIComponent(part))
        .filter((part) => part !== '');
      // Shape of a third-party client's reading (no public documentation): pricing[] with found, partNumber, prices.
      return HttpResponse.json({
        pricing: parts.map((part) => {
          const cost = products.get(part)?.cost;
          return cost === undefined
            ? { found: false, partNumber: part }
            : {
                found: true,
                partNumber: part,
                dealerPrice: cost / 100,
                basePrice: cost / 100,
                retailPrice: (cost * 1.4) / 100,
              };
        }),
      });
    });
  });

  const submit = http.post(`${baseURL}${orderPath}`, async ({ request }) => {
    calls.record('submit');
    const echo = await echoRequest(request);
    if (!authorized(request)) return unauthorized(echo);
    const body: unknown = await request.json().catch(() => undefined);
    return faults.serve(standardOperations.submit, () => {
      if (!isOrderBody(body))
        return HttpResponse.json({ message: 'malformed order body', request: echo }, { status: 400 });
      const refusal = refusals[0];
      if (refusal) {
        refusal.left -= 1;
        if (refusal.left <= 0) refusals = refusals.slice(1);
        const { reason } = refusal;
        const texts =
          reason === undefined
            ? refusal.mainframeErrors
            : reason === 'address-refused'
              ? [mainframeWords[reason]('')]
              : (refusal.skus ?? body.line_items.map((line) => line.part_number)).map((part) =>
                  mainframeWords[reason](part),
                );
        return mainframe(refusal.statusCode, refusal.statusMessage, texts, echo);
      }
      if (body.dealer_number !== dealerNumber)
        return mainframe(401, 'Dealer not authorized', ['INVALID DEALER NUMBER'], echo);
      const errors: string[] = [];
      if (body.order_type !== 'DS') errors.push('ORDER TYPE MUST BE DS');
      if (body.purchase_order_number.length === 0) errors.push('PURCHASE ORDER NUMBER REQUIRED');
      if (body.purchase_order_number.length > maxPoLength)
        errors.push(`PURCHASE ORDER NUMBER EXCEEDS ${maxPoLength} CHARACTERS`);
      if (body.line_items.length === 0) errors.push('NO LINE ITEMS');
      for (const line of body.line_items) {
        if (!products.has(line.part_number)) errors.push(`PART ${line.part_number} NOT FOUND`);
        if (!Number.isInteger(line.quantity) || line.quantity < 1)
          errors.push(`INVALID QUANTITY FOR PART ${line.part_number}`);
      }
      if (errors.length > 0) return mainframe(400, 'Order not created', errors, echo);
      const reference = nextReference();
      book.add({
        poNumber: body.purchase_order_number,
        reference,
        lines: body.line_items.map((line) => ({ sku: line.part_number, quantity: line.quantity })),
        status: 'open',
        shipments: [],
        orderDate: now().toISOString().slice(0, 10),
        body,
      });
      const total = body.line_items.reduce((sum, line) => sum + Math.round(line.price * 100) * line.quantity, 0) / 100;
      return HttpResponse.json({
        status_code: 201,
        status_message: 'Order created',
        reference_number: reference,
        order_total: total,
      });
    });
  });

  const list = http.get(`${baseURL}${orderPath}`, async ({ request }) => {
    calls.record('order-list');
    const echo = await echoRequest(request);
    if (!authorized(request)) return unauthorized(echo);
    return faults.serve([standardOperations.findOrder, standardOperations.shipments], () => {
      const query = new URL(request.url).searchParams;
      const start = query.get('order_date_start') ?? '0000-00-00';
      const end = query.get('order_date_end') ?? '9999-99-99';
      const page = Math.max(1, Number.parseInt(query.get('page_num') ?? '1', 10) || 1);
      const matching = book.all().filter((order) => order.orderDate >= start && order.orderDate <= end);
      const totalPages = Math.max(1, Math.ceil(matching.length / pageSize));
      const orders = matching.slice((page - 1) * pageSize, page * pageSize).map((order) => ({
        purchase_order_number: order.poNumber,
        reference_number: order.reference,
        order_date: order.orderDate,
        status: order.status.toUpperCase(),
        ...(order.cancelled?.whole ? { cancel_reason: mainframeWords[order.cancelled.reason]('') } : {}),
        line_items: listedLines(order),
        shipments: order.shipments.map((shipment) => ({
          carrier: shipment.carrier,
          tracking_number: shipment.trackingNumber,
          ship_date: shipment.shippedAt,
          line_items: shipment.lines.map((line) => ({ part_number: line.sku, quantity: line.quantity })),
        })),
      }));
      return HttpResponse.json({ orders, page_num: page, total_pages: totalPages });
    });
  });

  /** The order's lines as the list shows them (MODELLED): ordered quantity, and units cancelled with why. */
  function listedLines(order: PartsUnlimitedSimulatedOrder) {
    const ordered = new Map<string, number>();
    for (const line of order.lines) ordered.set(line.sku, (ordered.get(line.sku) ?? 0) + line.quantity);
    for (const [sku, quantity] of order.cancelled?.lines ?? []) ordered.set(sku, (ordered.get(sku) ?? 0) + quantity);
    return [...ordered].map(([sku, quantity]) => {
      const cancelled = order.cancelled?.lines.get(sku) ?? 0;
      return cancelled > 0 && order.cancelled
        ? {
            part_number: sku,
            quantity,
            cancelled_quantity: cancelled,
            cancel_reason: mainframeWords[order.cancelled.reason](sku),
          }
        : { part_number: sku, quantity };
    });
  }

  return {
    distributor: 'parts-unlimited',
    handlers: [inventory, pricing, submit, list],
    baseURL,
    dealerNumber,
    apiKey,
    addProduct(product: SimulatedProduct) {
      products.set(product.sku, { ...product, stock: { ...product.stock } });
    },
    setStock(sku: string, warehouse: string, quantity: number) {
      const product = products.get(sku) ?? { sku, stock: {} };
      product.stock[warehouse] = quantity;
      products.set(sku, product);
    },
    orderCount: (poNumber: string) => book.count(poNumber),
    orders: () => book.all(),
    shipOrder: (poNumber: string, shipOptions?: ShipOptions) =>
      book.ship(poNumber, { carrier: 'UPS Ground', ...shipOptions }),
    injectFault: (fault: Fault) => faults.inject(fault),
    callCount: (operation?: string) => calls.count(operation),
    refuseNextOrder(refusal) {
      refusals.push({
        statusCode: refusal.statusCode,
        statusMessage: refusal.statusMessage ?? 'Order not created',
        mainframeErrors: refusal.mainframeErrors ?? [],
        left: refusal.times ?? 1,
      });
    },
    rejectNextOrders({ reason, skus, times }) {
      // The answer is built per submission: the refused parts are the ones named, else every line.
      refusals.push({
        statusCode: 400,
        statusMessage: 'Order not created',
        mainframeErrors: [],
        left: times ?? 1,
        reason,
        ...(skus ? { skus: [...skus] } : {}),
      });
    },
    cancelOnDistributorSide(poNumber, options) {
      cancelHeldLines(book, poNumber, options, 'Parts Unlimited');
    },
    setPrice(sku, unitCost) {
      const product = products.get(sku);
      if (!product) throw new Error(`Parts Unlimited simulator: unknown part ${sku}`);
      product.cost = unitCost;
    },
    reset(resetOptions?: { all?: boolean }) {
      book.clear();
      faults.reset();
      calls.reset();
      refusals = [];
      if (resetOptions?.all) products.clear();
    },
  };
}
