import {
  type AnswerCancellationResult,
  AuthenticationError,
  type CallOptions,
  type CancellationAnswer,
  InvalidRequestError,
  type ListedOrderEntry,
  mayHaveActed,
  type OrderCancellation,
  parseWith,
  ResponseParseError,
  ValidationError,
  type Warning,
} from '@dropship/core';
import type { HttpClient } from '@dropship/http';
import { z } from 'zod';

/** The path of `getOrder` (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrder). */
export function ebayOrderPath(orderId: string): string {
  return `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}`;
}

/** The path of one Post-Order cancellation (https://developer.ebay.com/devzone/post-order/post-order_v2_cancellation-cancelid__get.html). */
export function ebayCancellationPath(cancelId: string): string {
  return `/post-order/v2/cancellation/${encodeURIComponent(cancelId)}`;
}

/** One cancel request of an order as `getOrder` fills it (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:CancelRequest). */
export const ebayCancelRequestSchema = z.object({
  cancelRequestId: z.string().optional(),
  cancelInitiator: z.string().optional(),
  cancelReason: z.string().optional(),
  cancelRequestState: z.string().optional(),
  cancelRequestedDate: z.string().optional(),
  cancelCompletedDate: z.string().optional(),
});

/** One cancel request of an order. */
export type EbayCancelRequest = z.infer<typeof ebayCancelRequestSchema>;

/**
 * What the adapter reads of `getOrder`: the `cancelStatus` with its `cancelRequests` (which
 * `getOrders` always returns empty, https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders).
 */
export const ebayOrderCancelStatusSchema = z.object({
  orderId: z.string(),
  cancelStatus: z.object({
    cancelState: z.string(),
    cancelRequests: z.array(ebayCancelRequestSchema).default([]),
  }),
});

/** The Post-Order cancellation as `GET /post-order/v2/cancellation/{cancelId}` returns it, what the adapter reads (modelled wrapper `cancelDetail`). */
export const ebayCancellationDetailSchema = z.object({
  cancelDetail: z.object({
    cancelId: z.string().optional(),
    legacyOrderId: z.string().optional(),
    cancelStatus: z.string(),
  }),
});

/** Post-Order `cancelStatus` values of a request still waiting for the seller (https://developer.ebay.com/devzone/post-order/types/CancelStatusEnum.html). */
export const ebayOpenCancelStatuses: readonly string[] = ['CANCEL_REQUESTED', 'CANCEL_PENDING'];

/** Post-Order `cancelStatus` values of a request already answered: refused, or closed (cancelled). */
export const ebayAnsweredCancelStatuses: readonly string[] = [
  'CANCEL_REJECTED',
  'CANCEL_CLOSED_WITH_REFUND',
  'CANCEL_CLOSED_NO_REFUND',
  'CANCEL_CLOSED_UNKNOWN_REFUND',
  'CANCEL_CLOSED_FOR_COMMITMENT',
];

/**
 * The cancellation an eBay order shows (pure), from `getOrder`'s `cancelStatus`: `CANCELED` →
 * `done`; another state than `NONE_REQUESTED` (`IN_PROGRESS`) → `requested`, with the open
 * request's `cancelRequestId` as `requestId` (the Post-Order `cancelId`: modelled, eBay does not
 * say they are the same), `cancelInitiator` as `requestedBy` and `cancelReason` as `reason`.
 * eBay cancels whole orders: never `lines`. `NONE_REQUESTED` → undefined.
 *
 * @param cancelStatus - the order's `cancelStatus` (with `cancelRequests` from `getOrder`).
 */
export function readEbayCancellation(cancelStatus: {
  cancelState: string;
  cancelRequests?: readonly EbayCancelRequest[];
}): OrderCancellation | undefined {
  const { cancelState } = cancelStatus;
  if (cancelState === 'NONE_REQUESTED') return undefined;
  const done = cancelState === 'CANCELED';
  const requests = cancelStatus.cancelRequests ?? [];
  const request =
    requests.find((candidate) => candidate.cancelRequestState === (done ? 'COMPLETED' : 'REQUESTED')) ??
    requests.at(-1);
  const initiator = request?.cancelInitiator?.toLowerCase();
  const requestedBy = initiator === 'buyer' ? 'buyer' : initiator === 'seller' ? 'seller' : undefined;
  return {
    state: done ? 'done' : 'requested',
    ...(request?.cancelRequestId ? { requestId: request.cancelRequestId } : {}),
    ...(requestedBy ? { requestedBy } : {}),
    ...(request?.cancelReason ? { reason: request.cancelReason } : {}),
  };
}

const answerSchema = z.strictObject({
  marketplaceOrderId: z.string().min(1, 'must not be empty'),
  requestId: z.string().min(1, 'must not be empty').optional(),
  lines: z
    .array(
      z.strictObject({
        lineId: z.string().min(1),
        quantity: z.number().int('must be a whole number').min(1, 'must be at least 1'),
      }),
    )
    .optional(),
  decision: z.enum(['accept', 'refuse']),
  shipment: z
    .strictObject({
      trackingNumber: z.string().min(1).optional(),
      shippedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
    })
    .optional(),
});

/** What {@link createEbayCancellations} needs. */
export interface EbayCancellationClients {
  /** The Sell Fulfillment client (`getOrder`). */
  fulfillment: HttpClient;
  /** The Post-Order client (`Authorization: IAF <token>`). */
  postOrder: HttpClient;
}

/** What {@link createEbayCancellations} returns. */
export interface EbayCancellations {
  /**
   * Adds each cancellation of a page's orders (one `getOrder` per order with a cancel state). A
   * `getOrder` that fails leaves the cancellation without its request id and adds a warning.
   */
  withCancellations(
    entries: ListedOrderEntry[],
    signal: AbortSignal | undefined,
  ): Promise<{ entries: ListedOrderEntry[]; warnings: Warning[] }>;
  /** Answers a buyer's cancel request once (see {@link createEbayCancellations}). */
  answerCancellation(answer: CancellationAnswer, options?: CallOptions): Promise<AnswerCancellationResult>;
}

/**
 * eBay cancellations: each listed order whose `cancelState` is not `NONE_REQUESTED` is read with
 * `getOrder` for its cancel requests ({@link readEbayCancellation}), and
 * `answerCancellation` answers a buyer's request through the Post-Order API, once:
 * `GET /post-order/v2/cancellation/{cancelId}` first (already refused or closed →
 * `already-answered`), then `POST …/approve` or `POST …/reject` (with `{}` or the shipment).
 * An answer whose call failed after eBay may have acted is read again before it is reported.
 *
 * @param clients - the Fulfillment and Post-Order clients.
 */
export function createEbayCancellations(clients: EbayCancellationClients): EbayCancellations {
  async function readOrder(orderId: string, signal: AbortSignal | undefined) {
    const response = await clients.fulfillment.request({
      path: ebayOrderPath(orderId),
      schema: ebayOrderCancelStatusSchema,
      ...(signal ? { signal } : {}),
    });
    return response.data;
  }

  async function readCancellation(cancelId: string, signal: AbortSignal | undefined): Promise<string> {
    const response = await clients.postOrder.request({
      path: ebayCancellationPath(cancelId),
      schema: ebayCancellationDetailSchema,
      ...(signal ? { signal } : {}),
    });
    return response.data.cancelDetail.cancelStatus;
  }

  /**
   * Adds each cancellation of a page's orders (one `getOrder` per order with a cancel state).
   * A `getOrder` that fails leaves the cancellation without its request id and adds a warning.
   */
  async function withCancellations(
    entries: ListedOrderEntry[],
    signal: AbortSignal | undefined,
  ): Promise<{ entries: ListedOrderEntry[]; warnings: Warning[] }> {
    const warnings: Warning[] = [];
    const result: ListedOrderEntry[] = [];
    for (const entry of entries) {
      if (entry.kind !== 'order' || (entry.status !== 'cancel-requested' && entry.status !== 'cancelled')) {
        result.push(entry);
        continue;
      }
      const orderId = entry.order.marketplaceOrderId;
      let cancellation: OrderCancellation | undefined;
      try {
        cancellation = readEbayCancellation((await readOrder(orderId, signal)).cancelStatus);
      } catch (error) {
        if (AuthenticationError.isInstance(error)) throw error;
        warnings.push({
          type: 'other',
          message: `ebay: getOrder ${orderId} failed (${error instanceof Error ? error.message : String(error)}); its cancellation is listed without the request id`,
        });
      }
      cancellation ??= { state: entry.status === 'cancelled' ? 'done' : 'requested' };
      result.push({ ...entry, cancellation });
    }
    return { entries: result, warnings };
  }

  async function answerCancellation(
    input: CancellationAnswer,
    options?: CallOptions,
  ): Promise<AnswerCancellationResult> {
    const answer = parseWith(answerSchema, input, 'eBay cancellation answer');
    if (answer.lines !== undefined) {
      throw new ValidationError('eBay cancellation answer', [
        {
          path: 'lines',
          message:
            'eBay cancels whole orders (https://developer.ebay.com/api-docs/user-guides/static/post-order-user-guide/post-order-cancellations.html): answer without lines',
        },
      ]);
    }
    const signal = options?.signal;
    let cancelId = answer.requestId;
    if (cancelId === undefined) {
      const order = await readOrder(answer.marketplaceOrderId, signal);
      const { cancelRequests, cancelState } = order.cancelStatus;
      // The open request; else the latest (answered already: read below, with its answer).
      const request =
        cancelRequests.find((candidate) => candidate.cancelRequestState === 'REQUESTED' && candidate.cancelRequestId) ??
        cancelRequests.filter((candidate) => candidate.cancelRequestId).at(-1);
      if (!request?.cancelRequestId) {
        if (cancelState === 'CANCELED') return { status: 'already-answered' };
        throw new InvalidRequestError(
          `ebay: order ${answer.marketplaceOrderId} has no cancel request to answer (cancelState ${cancelState})`,
          { service: 'ebay' },
        );
      }
      cancelId = request.cancelRequestId;
    }

    const before = await readCancellation(cancelId, signal);
    if (ebayAnsweredCancelStatuses.includes(before)) return alreadyAnswered(before, answer.decision);
    if (!ebayOpenCancelStatuses.includes(before)) {
      throw new InvalidRequestError(
        `ebay: cancellation ${cancelId} of order ${answer.marketplaceOrderId} cannot be answered (cancelStatus ${before})`,
        { service: 'ebay' },
      );
    }

    const action = answer.decision === 'accept' ? 'approve' : 'reject';
    const body =
      answer.decision === 'accept'
        ? undefined
        : {
            // eBay fails a reject without a body: `{}` when there is nothing to say.
            ...(answer.shipment?.shippedAt ? { shipmentDate: { value: answer.shipment.shippedAt } } : {}),
            ...(answer.shipment?.trackingNumber ? { trackingNumber: answer.shipment.trackingNumber } : {}),
          };
    const path = `${ebayCancellationPath(cancelId)}/${action}`;
    try {
      const response = await clients.postOrder.request({
        method: 'POST',
        path,
        ...(body === undefined ? {} : { json: body }),
        retry: false,
        ...(signal ? { signal } : {}),
      });
      // The documented success is 200 OK; any other 2xx is checked by reading the request again.
      if (response.status === 200) return { status: 'answered' };
    } catch (error) {
      if (!mayHaveActed(error)) throw error;
      if (await answeredNow(cancelId, signal)) return { status: 'answered' };
      throw error;
    }
    if (await answeredNow(cancelId, signal)) return { status: 'answered' };
    throw new ResponseParseError(
      `ebay: the ${action} of cancellation ${cancelId} is not confirmed (not 200, and the request still waits for an answer)`,
      { service: 'ebay', method: 'POST', url: path },
    );
  }

  /** Whether the request shows an answer now (a failed read: no). */
  async function answeredNow(cancelId: string, signal: AbortSignal | undefined): Promise<boolean> {
    try {
      return ebayAnsweredCancelStatuses.includes(await readCancellation(cancelId, signal));
    } catch {
      return false;
    }
  }

  return { withCancellations, answerCancellation };
}

/** `already-answered`, with a warning when eBay's answer is not the one asked for. */
function alreadyAnswered(status: string, decision: 'accept' | 'refuse'): AnswerCancellationResult {
  const refused = status === 'CANCEL_REJECTED';
  if (refused === (decision === 'refuse')) return { status: 'already-answered' };
  return {
    status: 'already-answered',
    warnings: [
      {
        type: 'other',
        message: `ebay: the cancel request was already answered the other way (cancelStatus ${status}); the ${decision} was not sent`,
      },
    ],
  };
}
