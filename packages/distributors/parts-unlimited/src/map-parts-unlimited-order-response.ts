import {
  type ApiErrorDetails,
  AuthenticationError,
  InvalidRequestError,
  type LineError,
  OrderRejectedError,
  RateLimitError,
  ResponseParseError,
  ServerError,
} from '@dropship/core';
import { classifyRejection, orderRejectionReason, type RejectionRule } from '@dropship/http';
import type { PartsUnlimitedOrderResponse } from './parts-unlimited-schemas.js';

/** Body `status_code`s read as success (no public documentation: clients accept 200, 201, 202 or 203). */
export const defaultPartsUnlimitedSuccessStatusCodes: readonly number[] = [200, 201, 202, 203];

/** An order submission the API accepted. */
export interface PartsUnlimitedAcceptedOrder {
  /** `reference_number`, when the body has one. */
  reference: string | undefined;
  /** `status_message`, as is. */
  statusMessage: string | undefined;
  /** `mainframeErrors[].text` that came with a success code (reported as warnings). */
  notes: string[];
}

/** What `mapPartsUnlimitedOrderResponse` needs to know about the call. */
export interface PartsUnlimitedOrderResponseContext {
  poNumber: string;
  /** SKUs of the order, to attribute mainframe errors to lines. */
  skus: readonly string[];
  /** HTTP status of the answer. */
  httpStatus: number;
  /** Redacted URL and method, for the errors. */
  method: string;
  url: string;
  /** Raw body text (redacted by `redact` before it goes into an error). */
  text: string;
  /** Wait asked by a `Retry-After` header, in ms. */
  retryAfterMs?: number;
  successStatusCodes: readonly number[];
  /** Removes secrets (API key, dealer number) from text that goes into an error. */
  redact: (text: string) => string;
  /** The client's own refusal rules, tried before the defaults of `classifyRejection`. */
  rejectionRules?: readonly RejectionRule[];
}

function mainframeTexts(body: PartsUnlimitedOrderResponse, redact: (text: string) => string): string[] {
  return (body.mainframeErrors ?? [])
    .map((entry) => entry.text?.trim())
    .filter((text): text is string => Boolean(text))
    .map(redact);
}

/**
 * Attributes a mainframe error to the line whose part number it mentions, if any, and classifies
 * it (MODELLED: no error catalogue is public; the client's rules first, then the defaults).
 */
function toLineError(text: string, skus: readonly string[], rules: readonly RejectionRule[]): LineError {
  const upper = text.toUpperCase();
  const sku = skus.find((candidate) => upper.includes(candidate.toUpperCase()));
  const reason = classifyRejection(text, rules);
  return sku === undefined ? { message: text, reason } : { sku, message: text, reason };
}

/**
 * Reads the answer of an order submission. Success is decided by the BODY's `status_code`
 * (no public documentation), not only by the HTTP status: an HTTP 200 with `status_code: 400` is a refusal.
 *
 * - success code → the accepted order (reference, message, notes);
 * - 401/403 → `AuthenticationError`; 429 → `RateLimitError`; 5xx → `ServerError`;
 * - `mainframeErrors[].text` present → `OrderRejectedError` with one line error per text, each
 *   classified (`classifyRejection`), the order's reason the one its lines share, else that of
 *   `status_message`;
 * - otherwise → `InvalidRequestError` with `status_message`.
 *
 * @param body - the parsed answer.
 * @param context - the call.
 * @throws the typed error of a refusal; `ResponseParseError` when `status_code` is not a number.
 */
export function mapPartsUnlimitedOrderResponse(
  body: PartsUnlimitedOrderResponse,
  context: PartsUnlimitedOrderResponseContext,
): PartsUnlimitedAcceptedOrder {
  const details: ApiErrorDetails = {
    service: 'parts-unlimited',
    method: context.method,
    url: context.url,
    status: context.httpStatus,
    responseBody: context.redact(context.text).slice(0, 2_000),
  };
  const bodyStatus = Number(body.status_code);
  if (!Number.isInteger(bodyStatus)) {
    throw new ResponseParseError('parts-unlimited: order answer has a status_code that is not a number', {
      ...details,
      fields: ['status_code'],
    });
  }
  const notes = mainframeTexts(body, context.redact);
  const statusMessage = body.status_message === undefined ? undefined : context.redact(body.status_message);
  const httpOk = context.httpStatus >= 200 && context.httpStatus < 300;
  if (httpOk && context.successStatusCodes.includes(bodyStatus)) {
    const reference = body.reference_number === undefined ? undefined : String(body.reference_number);
    return { reference: reference === '' ? undefined : reference, statusMessage, notes };
  }
  const code = httpOk ? bodyStatus : context.httpStatus;
  const reason = statusMessage ?? notes[0] ?? `status_code ${bodyStatus}`;
  const message = `parts-unlimited: order ${context.poNumber} refused (status_code ${bodyStatus}): ${reason}`;
  if (code === 401 || code === 403) throw new AuthenticationError(message, details);
  if (code === 429) {
    throw new RateLimitError(message, {
      ...details,
      ...(context.retryAfterMs === undefined ? {} : { retryAfterMs: context.retryAfterMs }),
    });
  }
  if (code >= 500) throw new ServerError(message, details);
  if (notes.length > 0) {
    const rules = context.rejectionRules ?? [];
    const lineErrors = notes.map((text) => toLineError(text, context.skus, rules));
    throw new OrderRejectedError(
      'parts-unlimited',
      context.poNumber,
      statusMessage ?? notes.join('; '),
      lineErrors,
      orderRejectionReason(classifyRejection(statusMessage, rules), lineErrors),
    );
  }
  throw new InvalidRequestError(message, details);
}
