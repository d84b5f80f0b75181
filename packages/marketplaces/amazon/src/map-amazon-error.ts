import type { ApiError } from '@dropship/core';
import { mapStatusToError } from '@dropship/http';
import { type AmazonError, amazonErrorBodySchema } from './amazon-schemas.js';

/**
 * The errors of an SP-API error body (`{ errors: [{ code, message, details? }] }`), or an empty
 * list when the body is not one (https://developer-docs.amazon.com/sp-api/reference/confirmshipment).
 *
 * @param body - the parsed response body.
 */
export function readAmazonErrors(body: unknown): AmazonError[] {
  const result = amazonErrorBodySchema.safeParse(body);
  return result.success ? result.data.errors : [];
}

/** What {@link mapAmazonError} needs of a failed response. */
export interface AmazonFailedResponse {
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
 * Maps a non-2xx SP-API response with the SP-API error body to a typed error whose message
 * lists Amazon's codes and messages: 401/403 → `AuthenticationError`, 404 → `NotFoundError`,
 * other 4xx → `InvalidRequestError`, 5xx → `ServerError`. Returns undefined for 2xx, for 429
 * `QuotaExceeded` (the shared client maps it to a retryable `RateLimitError`) and for bodies
 * that are not SP-API errors.
 *
 * @param response - the failed response.
 */
export function mapAmazonError(response: AmazonFailedResponse): ApiError | undefined {
  const { status } = response;
  if (status < 400 || status === 429) return undefined;
  const errors = readAmazonErrors(response.body);
  if (errors.length === 0) return undefined;
  const listed = errors
    .map((entry) =>
      [entry.code, entry.message, entry.details].filter((part) => part !== undefined && part !== '').join(': '),
    )
    .join('; ');
  return mapStatusToError({ ...response, service: 'amazon', detail: listed });
}
