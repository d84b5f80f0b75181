import type { SimulatedOrderIntake } from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { SimulatedWalmartLine, SimulatedWalmartOrder, WalmartIntakeContext } from './walmart-simulator-intake.js';

/** Fault operation name of `POST /v3/orders/{purchaseOrderId}/cancel`. */
export const WALMART_ANSWER_CANCELLATION_OPERATION = 'answer-cancellation';

/** The seller's cancellation reasons Walmart documents (https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines). */
const sellerReasons = [
  'CUSTOMER_REQUESTED_SELLER_TO_CANCEL',
  'SELLER_CANCEL_PRICING_ERROR',
  'SELLER_CANCEL_OUT_OF_STOCK',
  'SELLER_CANCEL_FRAUD_STOP_SHIPMENT',
  'SELLER_CANCEL_ADDRESS_NOT_SERVICEABLE',
];

/** The reason the simulator writes when Walmart (or the buyer alone) cancels (modelled: Walmart documents no value for it). */
const marketplaceReason = 'CUSTOMER_CANCELLED';

/** The cancellation side of the Walmart simulator: its handler and its controls. */
export interface WalmartSimulatorCancellations {
  /** `POST /v3/orders/{purchaseOrderId}/cancel`. */
  handlers: RequestHandler[];
  /** `requestCancellation`, `cancelOrder` and `cancellationAnswers` of `SimulatedOrderIntake`. */
  controls: Required<Pick<SimulatedOrderIntake, 'requestCancellation' | 'cancelOrder' | 'cancellationAnswers'>>;
  /** Forgets the answers recorded. */
  reset(): void;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Units of a line still open (`Created` or `Acknowledged`). */
function openUnits(line: SimulatedWalmartLine): number {
  return line.statuses
    .filter((status) => status.status === 'Created' || status.status === 'Acknowledged')
    .reduce((sum, status) => sum + status.quantity, 0);
}

/** Moves `units` open units of `line` to `Cancelled` with `reason`. */
function cancelUnits(line: SimulatedWalmartLine, units: number, reason: string): void {
  let left = units;
  for (const status of line.statuses) {
    if ((status.status !== 'Created' && status.status !== 'Acknowledged') || left === 0) continue;
    const moved = Math.min(status.quantity, left);
    status.quantity -= moved;
    left -= moved;
  }
  line.statuses.push({ status: 'Cancelled', quantity: units, cancellationReason: reason });
  if (openUnits(line) === 0) delete line.intentToCancel;
}

/**
 * Creates the cancellation side of the Walmart simulator, on the spec's shapes
 * (api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-orders-openapi-original.yml,
 * https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines):
 *
 * - `POST /v3/orders/{purchaseOrderId}/cancel` with `orderCancellation.orderLines.orderLine[]`, each
 *   a `lineNumber` and `Cancelled` statuses with a documented `cancellationReason` and a
 *   `statusQuantity`; `CUSTOMER_REQUESTED_SELLER_TO_CANCEL` only on a line the buyer asked to
 *   cancel; at most the open units; all or nothing (400 `INVALID_REQUEST_CONTENT`). It answers the
 *   order. It does not deduplicate: the same cancel sent twice cancels twice as many units (or is
 *   refused when none are left).
 * - `intake.requestCancellation` sets `intentToCancel` on the lines (all, or `lines`);
 *   `intake.cancelOrder` cancels open units as Walmart does by itself (reason `CUSTOMER_CANCELLED`,
 *   modelled); `intake.cancellationAnswers` lists the accepted cancel calls.
 *
 * Faults: operation `answer-cancellation`.
 *
 * @param context - the simulator's state and helpers (shared with the intake side).
 */
export function createWalmartSimulatorCancellations(context: WalmartIntakeContext): WalmartSimulatorCancellations {
  const { orders, now, refuse } = context;
  const answers: {
    marketplaceOrderId: string;
    decision: 'accept' | 'refuse';
    lines?: { lineId: string; quantity: number }[];
  }[] = [];

  function held(purchaseOrderId: string): SimulatedWalmartOrder {
    const order = orders.get(purchaseOrderId);
    if (!order) throw new Error(`the Walmart simulator holds no order ${purchaseOrderId}`);
    return order;
  }

  function touch(order: SimulatedWalmartOrder): void {
    if (order.listing) order.listing.statusDate = now();
  }

  /** The lines named (all lines when none), as held. */
  function linesOf(order: SimulatedWalmartOrder, lines: readonly { lineId: string; quantity: number }[] | undefined) {
    const named = lines ?? [...order.lines].map(([lineId, line]) => ({ lineId, quantity: openUnits(line) }));
    return named.map(({ lineId, quantity }) => {
      const line = order.lines.get(lineId);
      if (!line) throw new Error(`order ${order.purchaseOrderId} has no line ${lineId}`);
      return { line, quantity };
    });
  }

  function cancel(request: Request, purchaseOrderId: string, body: unknown): Response {
    context.requireToken(request);
    const order = orders.get(purchaseOrderId);
    if (!order) return refuse(404, 'CONTENT_NOT_FOUND', `PO ${purchaseOrderId} not found`);
    const lines = record(record(record(body)?.orderCancellation)?.orderLines)?.orderLine;
    if (!Array.isArray(lines) || lines.length === 0) {
      return refuse(400, 'INVALID_REQUEST_CONTENT', 'orderCancellation.orderLines.orderLine is required', 'orderLine');
    }
    const planned: { line: SimulatedWalmartLine; lineId: string; quantity: number; reason: string }[] = [];
    const leftByLine = new Map<string, number>();
    for (const [index, raw] of lines.entries()) {
      const entry = record(raw);
      const at = `orderLine[${index}]`;
      const lineId = typeof entry?.lineNumber === 'string' ? entry.lineNumber : undefined;
      const line = lineId === undefined ? undefined : order.lines.get(lineId);
      if (!lineId || !line) {
        return refuse(
          400,
          'INVALID_REQUEST_CONTENT',
          `${at}: line ${String(entry?.lineNumber)} is not on PO ${purchaseOrderId}`,
          'lineNumber',
        );
      }
      const statuses = record(entry?.orderLineStatuses)?.orderLineStatus;
      if (!Array.isArray(statuses) || statuses.length === 0) {
        return refuse(
          400,
          'INVALID_REQUEST_CONTENT',
          `${at}: orderLineStatuses.orderLineStatus is required`,
          'orderLineStatus',
        );
      }
      for (const rawStatus of statuses) {
        const status = record(rawStatus);
        const quantity = record(status?.statusQuantity);
        const reason = status?.cancellationReason;
        if (status?.status !== 'Cancelled')
          return refuse(400, 'INVALID_REQUEST_CONTENT', `${at}: status must be Cancelled`, 'status');
        if (typeof reason !== 'string' || !sellerReasons.includes(reason)) {
          return refuse(
            400,
            'INVALID_REQUEST_CONTENT',
            `${at}: cancellationReason is not a seller cancellation reason`,
            'cancellationReason',
          );
        }
        if (reason === 'CUSTOMER_REQUESTED_SELLER_TO_CANCEL' && !line.intentToCancel) {
          return refuse(
            400,
            'INVALID_REQUEST_CONTENT',
            `${at}: CUSTOMER_REQUESTED_SELLER_TO_CANCEL is for lines with a customer intent to cancel only`,
            'cancellationReason',
          );
        }
        const amountText = quantity?.amount;
        if (
          (quantity?.unitOfMeasurement !== 'EACH' && quantity?.unitOfMeasurement !== 'EA') ||
          typeof amountText !== 'string' ||
          !/^\d+$/.test(amountText) ||
          Number(amountText) < 1
        ) {
          return refuse(
            400,
            'INVALID_REQUEST_CONTENT',
            `${at}: statusQuantity needs unitOfMeasurement EACH and a whole amount as a string`,
            'statusQuantity',
          );
        }
        const amount = Number(amountText);
        const open = leftByLine.get(lineId) ?? openUnits(line);
        if (amount > open) {
          return refuse(
            400,
            'INVALID_REQUEST_CONTENT',
            `${at}: line ${lineId} cannot be cancelled as quantity ${amount} is greater than the ${open} open`,
            'amount',
          );
        }
        leftByLine.set(lineId, open - amount);
        planned.push({ line, lineId, quantity: amount, reason });
      }
    }
    for (const entry of planned) cancelUnits(entry.line, entry.quantity, entry.reason);
    touch(order);
    answers.push({
      marketplaceOrderId: purchaseOrderId,
      decision: 'accept',
      lines: planned.map((entry) => ({ lineId: entry.lineId, quantity: entry.quantity })),
    });
    return HttpResponse.json(context.orderJson(order));
  }

  return {
    handlers: [
      http.post(`${context.baseURL}/v3/orders/:purchaseOrderId/cancel`, ({ request, params }) =>
        context.serve(WALMART_ANSWER_CANCELLATION_OPERATION, request, async () => {
          let body: unknown;
          try {
            body = await request.json();
          } catch {
            return refuse(400, 'INVALID_REQUEST_CONTENT', 'Body is not JSON');
          }
          return cancel(request, String(params.purchaseOrderId), body);
        }),
      ),
    ],
    controls: {
      requestCancellation(marketplaceOrderId, options) {
        const order = held(marketplaceOrderId);
        for (const { line } of linesOf(order, options?.lines)) line.intentToCancel = true;
        touch(order);
      },
      cancelOrder(marketplaceOrderId, options) {
        const order = held(marketplaceOrderId);
        for (const { line, quantity } of linesOf(order, options?.lines)) {
          const units = Math.min(quantity, openUnits(line));
          if (units > 0) cancelUnits(line, units, marketplaceReason);
        }
        touch(order);
      },
      cancellationAnswers() {
        return structuredClone(answers);
      },
    },
    reset() {
      answers.length = 0;
    },
  };
}
