import { ApiError } from './api-error.js';
import { DropshipError } from './dropship-error.js';
import { NetworkError } from './network-error.js';
import { ResponseParseError } from './response-parse-error.js';
import { ServerError } from './server-error.js';

/** `ApiError` codes after which the server may still have carried out the call. */
const ambiguousApiCodes: ReadonlySet<string> = new Set(['request-timeout', 'unexpected-status']);

/**
 * Whether the remote side may have carried out a call that failed with `error`: the one rule every
 * client and the dropshipper use to decide between "safe to send again" and "look it up first".
 *
 * - `true` (may have acted) for a 5xx (`ServerError`), a connection lost or timed out after the
 *   request left (`NetworkError`), an answer that could not be read (`ResponseParseError`), an HTTP
 *   408 or an unexpected status (`ApiError` codes `request-timeout`, `unexpected-status`), and any
 *   error that is not one of the SDK's typed errors (nothing is known, so assume the worst).
 * - `false` (certainly did not act) for a typed refusal: 401/403, 404, 400/422 and other 4xx,
 *   429 (throttled before acting), and the SDK's own errors raised before or instead of a call
 *   (validation, configuration, missing credential, rejected order, field length, account setup).
 *
 * Err on the side of `true`: a wrong `true` costs one look-up, a wrong `false` may place a PO twice.
 *
 * @param error - what the call threw.
 */
export function mayHaveActed(error: unknown): boolean {
  if (!DropshipError.isInstance(error)) return true;
  if (ServerError.isInstance(error) || NetworkError.isInstance(error) || ResponseParseError.isInstance(error))
    return true;
  if (ApiError.isInstance(error)) return ambiguousApiCodes.has(error.code);
  return false;
}
