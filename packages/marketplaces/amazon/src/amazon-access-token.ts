import { AuthenticationError } from '@dropship/core';
import { readAmazonErrors } from './map-amazon-error.js';

/**
 * True for an SP-API answer that refuses the access token: HTTP 401, or HTTP 403 with code
 * `Unauthorized`, which is what SP-API returns for a revoked, malformed, invalid or expired token
 * (amzn/selling-partner-api-models issues #2333 and #4122).
 *
 * @param error - what a call threw.
 */
export function isRefusedAccessToken(error: unknown): boolean {
  if (!AuthenticationError.isInstance(error)) return false;
  if (error.status === 401) return true;
  if (error.status !== 403 || error.responseBody === undefined) return false;
  try {
    return readAmazonErrors(JSON.parse(error.responseBody)).some((entry) => entry.code === 'Unauthorized');
  } catch {
    return false;
  }
}

/**
 * Sends an SP-API call; when the API refuses the access token it carried (revoked, expired early),
 * drops that token and sends once more with a fresh one. A refusal by the token endpoint itself
 * (`tokenFailures`: the refresh token or client is wrong) is final, as is a second refusal. The one
 * home of this rule for every SP-API operation the adapter calls.
 *
 * @param send - the call (its client fetches the token through `getCredentials`).
 * @param invalidate - drops the token the refused call carried.
 * @param tokenFailures - errors raised by the token endpoint, not by the SP-API call.
 */
export async function sendWithFreshAccessToken<T>(
  send: () => Promise<T>,
  invalidate: () => void,
  tokenFailures: WeakSet<object>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!isRefusedAccessToken(error) || tokenFailures.has(error as object)) throw error;
    invalidate();
    return send();
  }
}
