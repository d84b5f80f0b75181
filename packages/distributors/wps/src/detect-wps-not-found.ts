import { hasUndecodableText } from '@dropship/http';
import type { WpsErrorResponse } from './detect-wps-tax-id-error.js';

/**
 * Decides whether an answer to `GET /orders/{po_number}` is WPS's own "no such order": the
 * positive evidence a lookup needs before an order is sent. WPS clients handle a 404
 * (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination) but its body is NOT FOUND, so the client takes this as an option (`isOrderNotFound`).
 */
export type WpsNotFoundMatcher = (response: WpsErrorResponse) => boolean;

/**
 * The default matcher (MODELLED, fails safe): HTTP 404 whose body is valid UTF-8 and a JSON object
 * with a text `message` (the Laravel-style error body WPS answers its 422s with). An HTML 404 from a
 * proxy, an empty 404 or any other body is not evidence: the lookup is then inconclusive and
 * nothing is sent.
 *
 * @param response - the answer to the lookup.
 */
export function isWpsOrderNotFound(response: WpsErrorResponse): boolean {
  if (response.status !== 404 || hasUndecodableText(response.text)) return false;
  const { body } = response;
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}
