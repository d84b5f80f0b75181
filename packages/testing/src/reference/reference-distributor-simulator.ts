import { formatMinorUnits, type RejectionReason } from '@dropship/core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { type CancellableSimulatedOrder, cancelHeldLines } from '../cancel-held-lines.js';
import { createFaultInjector, standardOperations } from '../create-fault-injector.js';
import { createRejectionQueue } from '../create-rejection-queue.js';
import { echoInErrorAnswer, echoRequest } from '../simulator-answers.js';
import {
  createCallRecorder,
  createIdGenerator,
  createOrderBook,
  createTrackingNumberGenerator,
} from '../simulator-utilities.js';
import type { DistributorSimulator, SimulatedProduct } from '../testing-types.js';

/** Options of {@link createReferenceDistributorSimulator}. */
export interface ReferenceDistributorSimulatorOptions {
  /** Default `https://api.reference-distributor.test`. */
  baseURL?: string;
  /** The API key the simulator accepts. Default `reference-distributor-key`. */
  apiKey?: string;
  /** How long `timeout` faults hold the response (ms). Default 35,000. */
  timeoutDelayMs?: number;
}

/** The reference distributor simulator, plus the API key it accepts. */
export interface ReferenceDistributorSimulator extends DistributorSimulator {
  /** The API key the simulator accepts (`X-Api-Key` header). */
  readonly apiKey: string;
}

/** Most SKUs per `GET /v1/stock` call and PO numbers per `GET /v1/orders` call. */
export const referenceDistributorLimits = { stockBatch: 25, orderBatch: 50, poNumberLength: 20 } as const;

/** The API's code of each rejection reason (`out-of-stock` → `out_of_stock`). */
function toWireReason(reason: RejectionReason): string {
  return reason.replaceAll('-', '_');
}

function toOrderBody(order: CancellableSimulatedOrder) {
  const { cancelled } = order;
  return {
    order_number: order.reference,
    po_number: order.poNumber,
    status: order.status,
    // A whole cancel says why on the order; a partial one lists the units cancelled (totals).
    ...(cancelled?.whole ? { cancel_reason: toWireReason(cancelled.reason) } : {}),
    ...(cancelled && !cancelled.whole
      ? {
          cancelled_lines: [...cancelled.lines].map(([sku, quantity]) => ({
            sku,
            quantity,
            reason: toWireReason(cancelled.reason),
            message: `cancelled by the distributor: ${cancelled.reason}`,
          })),
        }
      : {}),
    lines: order.lines,
    packages: order.shipments.map((shipment) => ({
      tracking_number: shipment.trackingNumber,
      carrier: shipment.carrier,
      shipped_at: shipment.shippedAt,
      lines: shipment.lines,
    })),
  };
}

/**
 * A stateful fake of the reference distributor's API, as MSW handlers over in-memory state:
 * catalog with stock per warehouse, orders (one per PO number unless a client misbehaves),
 * shipments released by the test, fault injection and call counts.
 *
 * The API (fictional, for examples and for proving the conformance suite):
 * - `X-Api-Key` header on every call; a wrong key is a 401;
 * - `GET /v1/stock?sku=A&sku=B` (25 SKUs at most) → `{ items: [{ sku, warehouses: [{ code, available }] }] }`;
 * - `GET /v1/orders?po_number=P1&po_number=P2` (50 at most), or `?shipped_from=&shipped_to=` → `{ orders }`;
 * - `GET /v1/stock` items carry `price` (the dealer cost, a decimal string in USD) when the product has one;
 * - `POST /v1/orders` `{ po_number, ship_to, lines }` → 201 `{ order }`; 409 when the PO number exists;
 *   422 `{ error: "order_rejected", reason, message, lines: [{ sku, reason, message }] }` when the
 *   distributor refuses it (`rejectNextOrders`; reasons `out_of_stock`, `discontinued`,
 *   `not_drop_shippable`, `address_refused`, `price_changed`, `other`); an order the distributor
 *   cancelled on its side carries `cancel_reason`, or `cancelled_lines: [{ sku, quantity, reason, message }]`;
 * - `POST /v1/orders/{po}/cancel` → `{ order }`; 409 once shipped; 404 when unknown.
 *
 * @param options - base URL, accepted key, timeout fault delay.
 */
export function createReferenceDistributorSimulator(
  options: ReferenceDistributorSimulatorOptions = {},
): ReferenceDistributorSimulator {
  const baseURL = (options.baseURL ?? 'https://api.reference-distributor.test').replace(/\/+$/, '');
  const apiKey = options.apiKey ?? 'reference-distributor-key';
  const products = new Map<string, SimulatedProduct>();
  const nextOrderNumber = createIdGenerator('RD');
  const book = createOrderBook<CancellableSimulatedOrder>({ nextTrackingNumber: createTrackingNumberGenerator('ups') });
  const faults = createFaultInjector({ timeoutDelayMs: options.timeoutDelayMs });
  const calls = createCallRecorder();
  const rejections = createRejectionQueue();

  const unauthorized = () => HttpResponse.json({ error: 'invalid_api_key' }, { status: 401 });
  const problem = (status: number, error: string, message: string) => HttpResponse.json({ error, message }, { status });

  /**
   * Records the call, checks the key, applies faults, then runs the operation. Every error answer
   * echoes the request (its `X-Api-Key` header included), as real error pages often do.
   */
  const serve = async (operation: string, request: Request, perform: () => Response | Promise<Response>) => {
    calls.record(operation);
    const echo = await echoRequest(request);
    return faults.serve(operation, async () =>
      echoInErrorAnswer(echo, request.headers.get('x-api-key') === apiKey ? await perform() : unauthorized()),
    );
  };

  const handlers: RequestHandler[] = [
    http.get(`${baseURL}/v1/stock`, ({ request }) =>
      serve(standardOperations.stock, request, () => {
        const skus = new URL(request.url).searchParams.getAll('sku');
        if (skus.length === 0 || skus.length > referenceDistributorLimits.stockBatch) {
          return problem(
            400,
            'invalid_request',
            `between 1 and ${referenceDistributorLimits.stockBatch} sku parameters`,
          );
        }
        const items = skus.flatMap((sku) => {
          const product = products.get(sku);
          return product
            ? [
                {
                  sku,
                  warehouses: Object.entries(product.stock).map(([code, available]) => ({ code, available })),
                  ...(product.cost === undefined ? {} : { price: formatMinorUnits(product.cost, 'USD') }),
                },
              ]
            : [];
        });
        return HttpResponse.json({ items });
      }),
    ),
    http.get(`${baseURL}/v1/orders`, ({ request }) =>
      serve(standardOperations.findOrder, request, () => {
        const query = new URL(request.url).searchParams;
        const poNumbers = query.getAll('po_number');
        const from = query.get('shipped_from');
        const to = query.get('shipped_to');
        if (poNumbers.length > referenceDistributorLimits.orderBatch) {
          return problem(
            400,
            'invalid_request',
            `at most ${referenceDistributorLimits.orderBatch} po_number parameters`,
          );
        }
        const orders =
          poNumbers.length > 0
            ? book.all().filter((order) => poNumbers.includes(order.poNumber))
            : from && to
              ? book
                  .all()
                  .filter((order) =>
                    order.shipments.some(
                      (shipment) => shipment.shippedAt.slice(0, 10) >= from && shipment.shippedAt.slice(0, 10) <= to,
                    ),
                  )
              : null;
        return orders
          ? HttpResponse.json({ orders: orders.map(toOrderBody) })
          : problem(400, 'invalid_request', 'po_number or shipped_from + shipped_to required');
      }),
    ),
    http.post(`${baseURL}/v1/orders`, ({ request }) =>
      serve(standardOperations.submit, request, async () => {
        const body = (await request.json().catch(() => null)) as {
          po_number?: unknown;
          lines?: { sku?: unknown; quantity?: unknown }[];
        } | null;
        const poNumber = typeof body?.po_number === 'string' ? body.po_number : '';
        if (poNumber.length === 0 || poNumber.length > referenceDistributorLimits.poNumberLength) {
          return problem(
            422,
            'invalid_po_number',
            `po_number must be 1 to ${referenceDistributorLimits.poNumberLength} characters`,
          );
        }
        if (book.count(poNumber) > 0) return problem(409, 'duplicate_po_number', `an order exists for PO ${poNumber}`);
        const lines = (body?.lines ?? []).map((line) => ({ sku: String(line.sku), quantity: Number(line.quantity) }));
        const unknown = lines.filter((line) => !products.has(line.sku));
        if (lines.length === 0 || unknown.length > 0) {
          return problem(
            422,
            'invalid_lines',
            unknown.length > 0 ? `unknown sku ${unknown.map((line) => line.sku).join(', ')}` : 'no lines',
          );
        }
        const rejection = rejections.take();
        if (rejection) {
          const refused = lines.filter((line) => rejection.skus?.includes(line.sku) ?? true);
          const reason = toWireReason(rejection.reason);
          return HttpResponse.json(
            {
              error: 'order_rejected',
              reason,
              message: `order refused: ${reason}`,
              lines: refused.map((line) => ({ sku: line.sku, reason, message: `refused: ${reason}` })),
            },
            { status: 422 },
          );
        }
        const order = book.add({ poNumber, reference: nextOrderNumber(), lines, status: 'open', shipments: [] });
        return HttpResponse.json({ order: toOrderBody(order) }, { status: 201 });
      }),
    ),
    http.post(`${baseURL}/v1/orders/:poNumber/cancel`, ({ request, params }) =>
      serve(standardOperations.cancel, request, () => {
        const poNumber = String(params.poNumber);
        const order = book.find(poNumber);
        if (!order) return problem(404, 'not_found', `no order for PO ${poNumber}`);
        if (order.status !== 'open' && order.status !== 'cancelled')
          return problem(409, 'already_shipped', 'the order has shipped');
        book.cancel(poNumber);
        return HttpResponse.json({ order: toOrderBody(order) });
      }),
    ),
  ];

  return {
    distributor: 'reference-distributor',
    handlers,
    baseURL,
    apiKey,
    addProduct(product) {
      products.set(product.sku, { ...product, stock: { ...product.stock } });
    },
    setStock(sku, warehouse, quantity) {
      const product = products.get(sku);
      if (!product) throw new Error(`simulator: unknown SKU ${sku}`);
      product.stock[warehouse] = quantity;
    },
    orderCount: (poNumber) => book.count(poNumber),
    orders: () => book.all(),
    shipOrder: (poNumber, shipOptions) => book.ship(poNumber, shipOptions),
    injectFault: (fault) => faults.inject(fault),
    rejectNextOrders({ reason, skus, times = 1 }) {
      if (!(Number.isInteger(times) && times > 0))
        throw new TypeError('rejectNextOrders: times must be a positive integer');
      rejections.push({ reason, ...(skus ? { skus } : {}), times });
    },
    cancelOnDistributorSide(poNumber, options) {
      cancelHeldLines(book, poNumber, options, 'reference-distributor');
    },
    setPrice(sku, unitCost) {
      const product = products.get(sku);
      if (!product) throw new Error(`simulator: unknown SKU ${sku}`);
      product.cost = unitCost;
    },
    callCount: (operation) => calls.count(operation),
    reset(resetOptions) {
      book.clear();
      rejections.clear();
      faults.reset();
      calls.reset();
      if (resetOptions?.all) products.clear();
    },
  };
}
