import {
  type AnswerCancellationResult,
  type CallOptions,
  type CancellationAnswer,
  mayHaveActed,
  parseWith,
  ResponseParseError,
} from '@dropship/core';
import type { HttpClient } from '@dropship/http';
import { z } from 'zod';

const service = 'reference-marketplace';

/** What `answerCancellation` takes: strict (an unknown key is refused). */
const answerSchema = z.strictObject({
  marketplaceOrderId: z.string().min(1, 'must be the marketplace order id'),
  requestId: z.string().min(1, 'must be the cancel request id').optional(),
  lines: z
    .array(
      z.strictObject({
        lineId: z.string().min(1, 'must be a line id'),
        quantity: z.number().int('must be a whole number').positive('must be at least 1'),
      }),
    )
    .min(1, 'at least one line, or none for the whole order')
    .optional(),
  decision: z.enum(['accept', 'refuse']),
  shipment: z
    .strictObject({
      trackingNumber: z.string().min(1).optional(),
      shippedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
    })
    .optional(),
});

/** `GET /v1/orders/{id}`, leniently: the answers the marketplace holds. */
const orderAnswersSchema = z.object({
  order: z.object({
    id: z.string(),
    cancellation_answers: z.array(z.object({ request_id: z.string(), decision: z.string() })).optional(),
  }),
});

/** `POST /v1/orders/{id}/cancellation/answer` → 200 with the answer recorded. */
const answerResponseSchema = z.object({ answer: z.object({ request_id: z.string(), decision: z.string() }) });

/**
 * `orders.answerCancellation` of the reference marketplace. The API records a second answer to
 * the same request (no natural key), so the adapter reads the order first
 * (`GET /v1/orders/{id}`): an answer already there is `already-answered` and nothing is written.
 * Only the documented answer (200 naming the request and the decision) is evidence; an error after
 * which the marketplace may have acted reads the order back before it throws.
 *
 * @param http - the adapter's HTTP client.
 * @param baseURL - the API's base URL (for errors).
 * @returns the method, to put on the adapter's `orders`.
 */
export function createReferenceCancellationAnswer(
  http: HttpClient,
  baseURL: string,
): (answer: CancellationAnswer, options?: CallOptions) => Promise<AnswerCancellationResult> {
  return async (input, options) => {
    const answer = parseWith(answerSchema, input, 'cancellation answer');
    const path = `/v1/orders/${encodeURIComponent(answer.marketplaceOrderId)}`;
    const answered = async (): Promise<boolean> => {
      const { data } = await http.request({ path, schema: orderAnswersSchema, signal: options?.signal });
      return (data.order.cancellation_answers ?? []).some(
        (recorded) => answer.requestId === undefined || recorded.request_id === answer.requestId,
      );
    };
    if (await answered()) return { status: 'already-answered' };
    let response: { data: z.infer<typeof answerResponseSchema> };
    try {
      response = await http.request({
        method: 'POST',
        path: `${path}/cancellation/answer`,
        json: {
          request_id: answer.requestId,
          decision: answer.decision,
          ...(answer.lines
            ? { lines: answer.lines.map((line) => ({ line_id: line.lineId, quantity: line.quantity })) }
            : {}),
          ...(answer.shipment?.trackingNumber ? { tracking_number: answer.shipment.trackingNumber } : {}),
          ...(answer.shipment?.shippedAt ? { shipped_at: answer.shipment.shippedAt } : {}),
        },
        schema: answerResponseSchema,
        // Never resent blind: a second answer would be recorded again.
        retry: false,
        signal: options?.signal,
      });
    } catch (error) {
      if (mayHaveActed(error) && (await answered().catch(() => false))) return { status: 'answered' };
      throw error;
    }
    if (response.data.answer.decision === answer.decision) return { status: 'answered' };
    if (await answered().catch(() => false)) return { status: 'answered' };
    throw new ResponseParseError(
      `${service}: the answer to the cancel request of order ${answer.marketplaceOrderId} is not confirmed`,
      { service, method: 'POST', url: `${baseURL}${path}/cancellation/answer`, status: 200, fields: ['answer'] },
    );
  };
}
