import type { ApiError } from '@dropship/core';
import { mapStatusToError } from '@dropship/http';
import { type EbayError, ebayErrorBodySchema } from './ebay-schemas.js';

/** eBay error ids of `createShippingFulfillment` that the adapter acts on (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). */
export const ebayErrorIds = {
  invalidOrderId: 32100,
  invalidLineItemId: 32200,
  duplicateLineItem: 32210,
  invalidTrackingNumberOrCarrier: 32300,
  invalidShippedDate: 32500,
  invalidInputData: 32600,
  maximumTrackingNumbersExceeded: 34100,
  usePutToUpdate: 34500,
} as const;

/** eBay error ids of `getOrders` (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders). */
export const ebayOrderListErrorIds = {
  invalidFilterName: 30700,
  invalidFilterValue: 30800,
  invalidDateFormat: 30810,
  startDateMissing: 30820,
  dateRangeTooLong: 30830,
  startAfterEnd: 30840,
  dateInFuture: 30850,
  invalidOffset: 31000,
  invalidLimit: 31100,
  systemError: 30500,
} as const;

/**
 * The errors of an eBay error body (`{ errors: [{ errorId, domain, category, message }] }`),
 * or an empty list when the body is not one.
 *
 * @param body - the parsed response body.
 */
export function readEbayErrors(body: unknown): EbayError[] {
  const result = ebayErrorBodySchema.safeParse(body);
  return result.success ? result.data.errors : [];
}

/**
 * The eBay error ids carried by an error the adapter threw (read from its response body), for
 * example `[32300]` for an invalid tracking number or carrier.
 *
 * @param error - an error thrown by the eBay adapter.
 */
export function ebayErrorIdsOf(error: unknown): number[] {
  const body = (error as Partial<ApiError> | null)?.responseBody;
  if (typeof body !== 'string') return [];
  try {
    return readEbayErrors(JSON.parse(body)).map((entry) => entry.errorId);
  } catch {
    return [];
  }
}

/** What {@link mapEbayError} needs of a failed response. */
export interface EbayFailedResponse {
  /** HTTP method. */
  method: string;
  /** Redacted URL. */
  url: string;
  /** HTTP status. */
  status: number;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  /** The raw body text (redacted before it reaches the error). */
  text: string;
  /** The client's redactor. */
  redact: (text: string) => string;
}

/**
 * Maps a non-2xx eBay response whose body is eBay's error shape to a typed error whose message
 * lists eBay's error ids and messages: 401/403 → `AuthenticationError`, 404 → `NotFoundError`,
 * other 4xx → `InvalidRequestError`, 5xx → `ServerError`. Returns undefined for 2xx, for 429
 * (the shared client maps it with its Retry-After) and for bodies that are not eBay errors.
 *
 * @param response - the failed response.
 */
export function mapEbayError(response: EbayFailedResponse): ApiError | undefined {
  const { status } = response;
  if (status < 400 || status === 429) return undefined;
  const errors = readEbayErrors(response.body);
  if (errors.length === 0) return undefined;
  const listed = errors.map((entry) => `${entry.errorId}${entry.message ? ` ${entry.message}` : ''}`).join('; ');
  return mapStatusToError({ ...response, service: 'ebay', detail: listed });
}
