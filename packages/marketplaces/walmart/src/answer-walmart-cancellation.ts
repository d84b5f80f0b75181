import {
  type AnswerCancellationResult,
  type CallOptions,
  type CancellationAnswer,
  InvalidRequestError,
  mayHaveActed,
  parseWith,
  ResponseParseError,
  type Warning,
} from '@dropship/core';
import type { HttpClient } from '@dropship/http';
import { z } from 'zod';
import {
  readWalmartLineStates,
  WALMART_CUSTOMER_CANCEL_REASON,
  type WalmartLineState,
} from './plan-walmart-shipment.js';
import { type WalmartOrderResponse, walmartOrderResponseSchema } from './walmart-schemas.js';

const SERVICE = 'walmart';

/** What {@link createWalmartCancellationAnswers} needs from the client. */
export interface WalmartCancellationContext {
  /** The client's HTTP client (credentials, error mapping, retries). */
  http: HttpClient;
  /** Runs a call, renewing the access token once when Walmart refuses it. */
  withFreshTokenOnce<T>(call: () => Promise<T>): Promise<T>;
  /** Reads `GET /v3/orders/{purchaseOrderId}`. */
  readOrder(purchaseOrderId: string, signal: AbortSignal | undefined): Promise<WalmartOrderResponse['order']>;
  /** Base URL (for error messages). */
  baseURL: string;
}

/** The body of `POST /v3/orders/{purchaseOrderId}/cancel` (https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines). */
export interface WalmartCancelOrderLinesRequest {
  orderCancellation: {
    orderLines: {
      orderLine: {
        lineNumber: string;
        orderLineStatuses: {
          orderLineStatus: {
            status: 'Cancelled';
            cancellationReason: string;
            statusQuantity: { unitOfMeasurement: 'EACH'; amount: string };
          }[];
        };
      }[];
    };
  };
}

const answerSchema = z.strictObject({
  marketplaceOrderId: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  requestId: z.string().optional(),
  lines: z
    .array(
      z.strictObject({
        lineId: z.string().trim().min(1, 'must not be empty'),
        quantity: z.number().int('must be a whole number').positive('must be at least 1'),
      }),
    )
    .min(1, 'must list at least one line (leave it out for the whole order)')
    .optional(),
  decision: z.enum(['accept', 'refuse']),
  shipment: z
    .strictObject({ trackingNumber: z.string().optional(), shippedAt: z.iso.datetime({ offset: true }).optional() })
    .optional(),
});

/** Units still open (neither shipped nor cancelled) on a line. */
function openUnits(state: WalmartLineState): number {
  return state.remaining;
}

/**
 * What an accept must still cancel, per line, given what Walmart shows: `answer.lines` (each line's
 * units less those already cancelled on the buyer's request, at most what is still open), or every
 * open unit of every line for the whole order. Pure.
 *
 * @param answer - the seller's answer.
 * @param states - the order's lines, from {@link readWalmartLineStates}.
 * @returns the lines to cancel now, and the lines of the answer that can no longer be cancelled
 * (unknown, or shipped).
 */
export function planWalmartCancellation(
  answer: Pick<CancellationAnswer, 'lines'>,
  states: ReadonlyMap<string, WalmartLineState>,
): { toCancel: { lineNumber: string; quantity: number }[]; problems: string[] } {
  const toCancel: { lineNumber: string; quantity: number }[] = [];
  const problems: string[] = [];
  if (answer.lines === undefined) {
    for (const state of states.values()) {
      if (openUnits(state) > 0) toCancel.push({ lineNumber: state.lineNumber, quantity: openUnits(state) });
    }
    return { toCancel, problems };
  }
  const wanted = new Map<string, number>();
  for (const line of answer.lines) wanted.set(line.lineId, (wanted.get(line.lineId) ?? 0) + line.quantity);
  for (const [lineNumber, quantity] of wanted) {
    const state = states.get(lineNumber);
    if (!state) {
      problems.push(`line ${lineNumber} is not on the Walmart order`);
      continue;
    }
    const left = quantity - state.cancelledOnRequest;
    if (left <= 0) continue;
    const now = Math.min(left, openUnits(state));
    if (now > 0) toCancel.push({ lineNumber, quantity: now });
    // Units that are gone another way (cancelled by Walmart or for another reason) need no answer; shipped ones cannot be cancelled.
    if (now < left && state.shipped > 0) {
      problems.push(
        `line ${lineNumber}: ${left} more to cancel but only ${openUnits(state)} open (${state.shipped} shipped, ${state.cancelled} cancelled of ${state.ordered})`,
      );
    }
  }
  return { toCancel, problems };
}

/** Whether `order` shows every line of `expected` with at least that many units cancelled on the buyer's request. */
function showsCancelled(
  order: WalmartOrderResponse['order'],
  purchaseOrderId: string,
  expected: ReadonlyMap<string, number>,
): boolean {
  if (order.purchaseOrderId !== purchaseOrderId) return false;
  const states = readWalmartLineStates(order.orderLines.orderLine);
  return [...expected].every(([lineNumber, units]) => (states.get(lineNumber)?.cancelledOnRequest ?? 0) >= units);
}

/**
 * Walmart's answer to a buyer's cancel request (`orders.answerCancellation`, capability
 * `cancellations: 'answer'`):
 *
 * - `accept`: reads the order (`GET /v3/orders/{purchaseOrderId}`), then cancels what is still to
 *   cancel with `POST /v3/orders/{purchaseOrderId}/cancel`, per line and quantity, reason
 *   `CUSTOMER_REQUESTED_SELLER_TO_CANCEL` (the reason for intent-to-cancel orders,
 *   https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines). Lines whose
 *   units already show cancelled with that reason (or are cancelled otherwise) are not sent again:
 *   when nothing is left, the answer is `already-answered` and no cancel is sent. It is `answered` only when Walmart's answer
 *   (or, after an error that may have acted or an answer of another shape, the order read back)
 *   shows the units cancelled; otherwise it throws and the answer is not confirmed. A line that is
 *   no longer open (shipped) cannot be cancelled: `InvalidRequestError` when nothing at all can be.
 * - `refuse`: Walmart has no refusal call; it takes shipping the line with `intentToCancelOverride:
 *   true` as the seller's refusal (Orders API spec, ship order lines). So nothing is sent: the
 *   answer is `answered` with a warning saying so, and `pushTracking` sends the override on every
 *   line the buyer asked to cancel.
 *
 * @param context - the client's HTTP client, token renewal, order read and base URL.
 */
export function createWalmartCancellationAnswers(
  context: WalmartCancellationContext,
): (answer: CancellationAnswer, options?: CallOptions) => Promise<AnswerCancellationResult> {
  const { http, withFreshTokenOnce, readOrder, baseURL } = context;

  return async function answerCancellation(input, options) {
    const answer = parseWith(answerSchema, input, 'Walmart cancellation answer');
    const signal = options?.signal;
    const purchaseOrderId = answer.marketplaceOrderId;
    if (answer.decision === 'refuse') {
      const warning: Warning = {
        type: 'other',
        message: `walmart: Walmart has no call to refuse a cancel request; nothing was sent for order ${purchaseOrderId}: shipping the lines refuses it (pushTracking sends intentToCancelOverride: true on the lines the buyer asked to cancel)`,
      };
      return { status: 'answered', warnings: [warning] };
    }
    // Read before write: the cancel has no natural key, so what Walmart already shows decides what is sent.
    const order = await readOrder(purchaseOrderId, signal);
    const states = readWalmartLineStates(order.orderLines.orderLine);
    const plan = planWalmartCancellation(answer, states);
    const warnings: Warning[] = plan.problems.map((message) => ({ type: 'other', message: `walmart: ${message}` }));
    const withWarnings = (status: AnswerCancellationResult['status']): AnswerCancellationResult => ({
      status,
      ...(warnings.length > 0 ? { warnings } : {}),
    });
    if (plan.toCancel.length === 0) {
      const anyCancelled = [...states.values()].some((state) => state.cancelled > 0);
      if (anyCancelled && plan.problems.length === 0) return withWarnings('already-answered');
      throw new InvalidRequestError(
        `walmart: nothing to cancel on order ${purchaseOrderId}: ${plan.problems.join('; ') || 'no line is open (shipped or cancelled)'}`,
        { service: SERVICE },
      );
    }
    // What the order must show after the call: each line's units cancelled on request so far plus this call's.
    const expected = new Map(
      plan.toCancel.map((line) => [
        line.lineNumber,
        (states.get(line.lineNumber)?.cancelledOnRequest ?? 0) + line.quantity,
      ]),
    );
    const body: WalmartCancelOrderLinesRequest = {
      orderCancellation: {
        orderLines: {
          orderLine: plan.toCancel.map((line) => ({
            lineNumber: line.lineNumber,
            orderLineStatuses: {
              orderLineStatus: [
                {
                  status: 'Cancelled',
                  cancellationReason: WALMART_CUSTOMER_CANCEL_REASON,
                  statusQuantity: { unitOfMeasurement: 'EACH', amount: String(line.quantity) },
                },
              ],
            },
          })),
        },
      },
    };
    const path = `/v3/orders/${encodeURIComponent(purchaseOrderId)}/cancel`;
    const readBackShows = async () => {
      try {
        return showsCancelled(await readOrder(purchaseOrderId, signal), purchaseOrderId, expected);
      } catch {
        return false;
      }
    };
    let data: unknown;
    try {
      // Not retried blindly (a second cancel of the same units could cancel more): read back instead.
      const response = await withFreshTokenOnce(() =>
        http.request({ method: 'POST', path, json: body, ...(signal ? { signal } : {}) }),
      );
      data = response.data;
    } catch (error) {
      if (mayHaveActed(error) && (await readBackShows())) return withWarnings('answered');
      throw error;
    }
    const parsed = walmartOrderResponseSchema.safeParse(data);
    if (parsed.success && showsCancelled(parsed.data.order, purchaseOrderId, expected)) return withWarnings('answered');
    if (await readBackShows()) return withWarnings('answered');
    throw new ResponseParseError(
      `walmart: the cancellation of lines ${plan.toCancel.map((line) => line.lineNumber).join(', ')} on order ${purchaseOrderId} is not confirmed: neither the answer to POST /v3/orders/{purchaseOrderId}/cancel nor the order read back shows them cancelled`,
      {
        service: SERVICE,
        method: 'POST',
        url: `${baseURL}${path}`,
        status: 200,
        fields: ['order.orderLines.orderLine'],
      },
    );
  };
}
