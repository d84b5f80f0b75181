import { type ErrorMappingContext, mapStatusToError, parseRetryAfter } from '@dropship/http';
import { describeWalmartErrors, parseWalmartErrors } from './parse-walmart-errors.js';

/**
 * Maps a Walmart error body (either known shape, https://developer.walmart.com/us-marketplace/docs/error-codes)
 * to the SDK's typed error for its status, naming Walmart's codes and fields in the message. The
 * one home of this rule for every Walmart call (the client's `mapError`). Returns undefined for
 * successes and bodies without Walmart errors (the status-based mapping then applies).
 *
 * @param context - the failed response, as the HTTP client hands it over.
 */
export function mapWalmartError(context: ErrorMappingContext): Error | undefined {
  if (context.status < 400) return undefined;
  const details = parseWalmartErrors(context.body);
  if (details.length === 0) return undefined;
  const retryAfterMs = parseRetryAfter(context.headers.get('retry-after'));
  return mapStatusToError({
    service: context.service,
    method: context.method,
    url: context.url,
    status: context.status,
    statusText: describeWalmartErrors(details),
    text: context.text,
    redact: context.redact ?? ((text) => text),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
