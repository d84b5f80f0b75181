import {
  ApiError,
  type ApiErrorDetails,
  AuthenticationError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from '@dropship/core';
import { truncateBody } from './parse-response.js';

/** A non-2xx response, as {@link mapStatusToError} needs it. */
export interface FailedResponse {
  service: string;
  method: string;
  /** Redacted URL. */
  url: string;
  status: number;
  statusText?: string;
  /** Raw body text; redacted and truncated before it reaches the error. */
  text: string;
  /** Wait asked by a `Retry-After` header, in ms. */
  retryAfterMs?: number;
  /** The redactor of the call. */
  redact: (text: string) => string;
  /**
   * The service's own account of the failure, read from its error body (for example eBay's
   * error ids and messages). Shown instead of the raw body preview; redacted.
   */
  detail?: string;
}

const previewLength = 200;

/**
 * Maps an HTTP status to the SDK's typed error: 401/403 → `AuthenticationError`, 404 →
 * `NotFoundError`, 400/422 (and other 4xx) → `InvalidRequestError`, 408 → a retryable
 * `ApiError` (`request-timeout`), 429 → `RateLimitError` with `retryAfterMs`, 5xx →
 * `ServerError`. The message names the service, method, redacted URL and status, plus the
 * start of the (redacted) body.
 *
 * @param response - the failed response.
 */
export function mapStatusToError(response: FailedResponse): ApiError {
  const { service, method, url, status } = response;
  const responseBody = truncateBody(response.text, response.redact);
  const preview =
    response.detail !== undefined && response.detail.length > 0
      ? `: ${response.redact(response.detail)}`
      : responseBody.length > 0
        ? `: ${responseBody.slice(0, previewLength).replace(/\s+/g, ' ')}`
        : '';
  const statusLabel = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const message = `${service}: ${method} ${url} failed with ${statusLabel}${preview}`;
  const details: ApiErrorDetails = { service, method, url, status, responseBody };

  if (status === 401 || status === 403) {
    return new AuthenticationError(
      `${service}: the credentials were refused (${statusLabel}) on ${method} ${url}${preview}`,
      details,
    );
  }
  if (status === 404) return new NotFoundError(message, details);
  if (status === 408) return new ApiError('request-timeout', message, { ...details, isRetryable: true });
  if (status === 429) {
    const wait =
      response.retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(response.retryAfterMs / 1000)} s)`;
    return new RateLimitError(`${service}: rate limited on ${method} ${url}${wait}`, {
      ...details,
      ...(response.retryAfterMs === undefined ? {} : { retryAfterMs: response.retryAfterMs }),
    });
  }
  if (status >= 500) return new ServerError(message, details);
  if (status >= 400) return new InvalidRequestError(message, details);
  return new ApiError('unexpected-status', message, { ...details, isRetryable: false });
}
