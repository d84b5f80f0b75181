import type { SalesOrder } from '@dropship/core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { createFaultInjector, standardOperations } from '../create-fault-injector.js';
import { createAnswerScript, type EchoedRequest, echoRequest, type ScriptedAnswer } from '../simulator-answers.js';
import { createCallRecorder, createIdGenerator } from '../simulator-utilities.js';
import type {
  MarketplaceSimulator,
  SimulatedFulfillment,
  SimulatedListings,
  SimulatedOrderIntake,
} from '../testing-types.js';
import { createReferenceMarketplaceIntake } from './reference-marketplace-intake.js';
import { createReferenceMarketplaceListingBook } from './reference-marketplace-listing-book.js';

/** Options of {@link createReferenceMarketplaceSimulator}. */
export interface ReferenceMarketplaceSimulatorOptions {
  /** Default `https://api.reference-marketplace.test`. */
  baseURL?: string;
  /** The access token the simulator accepts. Default `reference-marketplace-token`. */
  accessToken?: string;
  /** How long `timeout` faults hold the response (ms). Default 35,000. */
  timeoutDelayMs?: number;
}

/** The reference marketplace simulator, plus the token it accepts. */
export interface ReferenceMarketplaceSimulator extends MarketplaceSimulator {
  /** The access token the simulator accepts (`Authorization: Bearer ...`). */
  readonly accessToken: string;
  /** Order intake: the orders `GET /v1/orders` lists, acknowledgements. */
  readonly intake: SimulatedOrderIntake;
  /** Listings: quantity and price, `POST /v1/listings/bulk` and `GET /v1/listings`. */
  readonly listings: SimulatedListings;
  /**
   * Answers the next `POST .../fulfillments` with `answer` instead of the documented 201
   * (recording the fulfillment first when `answer.act`): an HTML page with 200, an empty 200,
   * JSON of another shape, a redirect.
   */
  answerNextPush(answer: ScriptedAnswer): void;
}

/** Carrier codes the reference marketplace accepts; `other` needs `carrier_name` and `tracking_url`. */
export const referenceMarketplaceCarriers = ['ups', 'usps', 'fedex', 'dhl', 'ontrac', 'other'] as const;

interface StoredFulfillment extends SimulatedFulfillment {
  id: string;
  carrierName?: string;
  trackingUrl?: string;
  shippedAt: string;
}

/**
 * A stateful fake of the reference marketplace's API, as MSW handlers over in-memory state:
 * orders with their lines, recorded fulfillments, the checks the real kind of API makes (known
 * line, no over-shipping, known carrier or `other` with a name and URL, no spaces in tracking
 * numbers), fault injection, scripted push answers and request times. Its error answers echo the
 * request (headers, query, body: the token included), as real error pages may, so that a
 * redaction test can fail. Like many real marketplaces it does NOT refuse a
 * second fulfillment with the same tracking number: idempotency is the adapter's job.
 *
 * The API (fictional, for examples and for proving the conformance suite):
 * - `Authorization: Bearer <token>` on every call; a wrong token is a 401;
 * - `GET /v1/orders/{id}` → `{ order: { id, lines: [{ id, sku, quantity }], fulfillments: [...], cancellation_answers: [{ request_id, decision }] } }`;
 * - `GET /v1/orders?updated_min&updated_max&limit&page_token` → `{ orders: [...], next_page_token? }`
 *   (order intake, see `createReferenceMarketplaceIntake`); `POST /v1/orders/acknowledge`
 *   `{ order_ids }` → `{ acknowledged: [...], failed: [{ order_id, message }] }`; a listed order
 *   carries `cancellation: { state, request_id?, requested_by, lines? }` when a cancel was
 *   requested or done; `POST /v1/orders/{id}/cancellation/answer` `{ request_id, decision, lines? }`
 *   → `{ answer: { request_id, decision } }` answers a request (a second answer is recorded again:
 *   the order read's `cancellation_answers` shows what was answered);
 * - `POST /v1/listings/bulk`, `GET /v1/listings`: quantity and price (see
 *   `createReferenceMarketplaceListingBook`);
 * - `POST /v1/orders/{id}/fulfillments` `{ tracking_number, carrier, carrier_name?, tracking_url?, shipped_at, lines: [{ line_id, quantity }] }`
 *   → 201 `{ fulfillment: { id, ... } }`; 422 with `{ errors: [{ field, message }] }` when invalid.
 *
 * @param options - base URL, accepted token, timeout fault delay.
 */
export function createReferenceMarketplaceSimulator(
  options: ReferenceMarketplaceSimulatorOptions = {},
): ReferenceMarketplaceSimulator {
  const baseURL = (options.baseURL ?? 'https://api.reference-marketplace.test').replace(/\/+$/, '');
  const accessToken = options.accessToken ?? 'reference-marketplace-token';
  const orders = new Map<string, SalesOrder>();
  const fulfillments = new Map<string, StoredFulfillment[]>();
  const nextFulfillmentId = createIdGenerator('F');
  const faults = createFaultInjector({ timeoutDelayMs: options.timeoutDelayMs });
  const calls = createCallRecorder();
  const pushAnswers = createAnswerScript();
  const intake = createReferenceMarketplaceIntake({
    onPut: (order) => orders.set(order.marketplaceOrderId, order),
    listCallCount: () => calls.count(standardOperations.listOrders),
  });
  const listingBook = createReferenceMarketplaceListingBook({
    pushCallCount: () => calls.count(standardOperations.pushListings),
  });

  const serve = async (
    operation: string,
    request: Request,
    perform: (echo: EchoedRequest) => Response | Promise<Response>,
  ) => {
    calls.record(operation);
    const echo = await echoRequest(request);
    return faults.serve(operation, () =>
      request.headers.get('authorization') === `Bearer ${accessToken}`
        ? perform(echo)
        : HttpResponse.json({ errors: [{ message: 'invalid access token' }], request: echo }, { status: 401 }),
    );
  };
  const toFulfillmentBody = (fulfillment: StoredFulfillment) => ({
    id: fulfillment.id,
    tracking_number: fulfillment.trackingNumber,
    carrier: fulfillment.carrier,
    carrier_name: fulfillment.carrierName,
    tracking_url: fulfillment.trackingUrl,
    shipped_at: fulfillment.shippedAt,
    lines: fulfillment.lines.map((line) => ({ line_id: line.lineId, quantity: line.quantity })),
  });
  const notFound = (id: string, echo: EchoedRequest) =>
    HttpResponse.json({ errors: [{ message: `no order ${id}` }], request: echo }, { status: 404 });

  const handlers: RequestHandler[] = [
    http.post(`${baseURL}/v1/listings/bulk`, ({ request }) =>
      serve(standardOperations.pushListings, request, async (echo) =>
        listingBook.pushListings(await request.json().catch(() => null), echo),
      ),
    ),
    http.get(`${baseURL}/v1/listings`, ({ request }) =>
      serve(standardOperations.readListings, request, (echo) => listingBook.readListings(new URL(request.url), echo)),
    ),
    http.get(`${baseURL}/v1/orders`, ({ request }) =>
      serve(standardOperations.listOrders, request, (echo) => intake.listOrders(new URL(request.url), echo)),
    ),
    http.post(`${baseURL}/v1/orders/acknowledge`, ({ request }) =>
      serve(standardOperations.acknowledgeOrders, request, async (echo) =>
        intake.acknowledgeOrders(await request.json().catch(() => null), echo),
      ),
    ),
    http.post(`${baseURL}/v1/orders/:orderId/cancellation/answer`, ({ request, params }) =>
      serve(standardOperations.answerCancellation, request, async (echo) =>
        intake.answerCancellation(String(params.orderId), await request.json().catch(() => null), echo),
      ),
    ),
    http.get(`${baseURL}/v1/orders/:orderId`, ({ request, params }) =>
      serve(standardOperations.readOrder, request, (echo) => {
        const id = String(params.orderId);
        const order = orders.get(id);
        if (!order) return notFound(id, echo);
        return HttpResponse.json({
          order: {
            id,
            lines: order.lines.map((line) => ({ id: line.lineId, sku: line.sku, quantity: line.quantity })),
            fulfillments: (fulfillments.get(id) ?? []).map(toFulfillmentBody),
            cancellation_answers: intake.cancellationAnswersOf(id),
          },
        });
      }),
    ),
    http.post(`${baseURL}/v1/orders/:orderId/fulfillments`, ({ request, params }) =>
      serve(standardOperations.pushTracking, request, (echo) =>
        pushAnswers.serve(async () => {
          const id = String(params.orderId);
          const order = orders.get(id);
          if (!order) return notFound(id, echo);
          const body = (await request.json().catch(() => ({}))) as {
            tracking_number?: string;
            carrier?: string;
            carrier_name?: string;
            tracking_url?: string;
            shipped_at?: string;
            lines?: { line_id?: string; quantity?: number }[];
          };
          const errors: { field: string; message: string }[] = [];
          const trackingNumber = body.tracking_number ?? '';
          if (!/^[A-Za-z0-9]{6,40}$/.test(trackingNumber))
            errors.push({ field: 'tracking_number', message: '6 to 40 letters and digits, no spaces' });
          const carrier = body.carrier ?? '';
          if (!(referenceMarketplaceCarriers as readonly string[]).includes(carrier))
            errors.push({ field: 'carrier', message: `one of ${referenceMarketplaceCarriers.join(', ')}` });
          if (carrier === 'other' && (!body.carrier_name || !body.tracking_url))
            errors.push({
              field: 'carrier_name',
              message: 'carrier_name and tracking_url are required with carrier other',
            });
          const shipped = new Map<string, number>();
          for (const fulfillment of fulfillments.get(id) ?? []) {
            for (const line of fulfillment.lines)
              shipped.set(line.lineId, (shipped.get(line.lineId) ?? 0) + line.quantity);
          }
          const lines = (body.lines ?? []).map((line) => ({
            lineId: String(line.line_id),
            quantity: Number(line.quantity),
          }));
          if (lines.length === 0) errors.push({ field: 'lines', message: 'at least one line' });
          lines.forEach((line, index) => {
            const ordered = order.lines.find((candidate) => candidate.lineId === line.lineId);
            if (!ordered) errors.push({ field: `lines.${index}.line_id`, message: `unknown line ${line.lineId}` });
            else if (
              !(Number.isInteger(line.quantity) && line.quantity > 0) ||
              line.quantity + (shipped.get(line.lineId) ?? 0) > ordered.quantity
            ) {
              errors.push({
                field: `lines.${index}.quantity`,
                message: `more than the ${ordered.quantity - (shipped.get(line.lineId) ?? 0)} left to ship`,
              });
            }
          });
          if (errors.length > 0) return HttpResponse.json({ errors, request: echo }, { status: 422 });
          const fulfillment: StoredFulfillment = {
            id: nextFulfillmentId(),
            marketplaceOrderId: id,
            trackingNumber,
            carrier,
            ...(body.carrier_name ? { carrierName: body.carrier_name } : {}),
            ...(body.tracking_url ? { trackingUrl: body.tracking_url } : {}),
            shippedAt: body.shipped_at ?? new Date().toISOString(),
            lines,
          };
          fulfillments.set(id, [...(fulfillments.get(id) ?? []), fulfillment]);
          return HttpResponse.json({ fulfillment: toFulfillmentBody(fulfillment) }, { status: 201 });
        }),
      ),
    ),
  ];

  return {
    marketplace: 'reference-marketplace',
    handlers,
    baseURL,
    accessToken,
    intake: intake.control,
    listings: listingBook.control,
    addOrder(order) {
      orders.set(order.marketplaceOrderId, structuredClone(order));
    },
    fulfillments(marketplaceOrderId) {
      return (fulfillments.get(marketplaceOrderId) ?? []).map(
        ({ marketplaceOrderId: orderId, trackingNumber, carrier, lines }) => ({
          marketplaceOrderId: orderId,
          trackingNumber,
          carrier,
          lines: lines.map((line) => ({ ...line })),
        }),
      );
    },
    injectFault: (fault) => faults.inject(fault),
    answerNextPush: (answer) => pushAnswers.push(answer),
    requestTimes: (operation) => calls.times(operation),
    reset(resetOptions) {
      fulfillments.clear();
      faults.reset();
      pushAnswers.reset();
      calls.reset();
      if (resetOptions?.all) {
        orders.clear();
        intake.clear();
        listingBook.clear();
      }
    },
  };
}
