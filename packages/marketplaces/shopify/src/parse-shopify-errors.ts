/** What the top-level `errors[]` of a Shopify GraphQL response means. */
export type ShopifyGraphqlFailure =
  | { kind: 'throttled'; message: string; retryAfterMs: number }
  | { kind: 'access-denied'; message: string }
  | { kind: 'graphql'; message: string; codes: string[] };

/** The wait when Shopify does not say how full its bucket is (as `@shopify/graphql-client`'s retry wait). */
export const DEFAULT_THROTTLE_WAIT_MS = 1_000;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The shortest wait after a throttle, even when the bucket already looks full enough. */
export const MIN_THROTTLE_WAIT_MS = 50;

/**
 * How long to wait before the query's cost is available again, from `extensions.cost`
 * (`requestedQueryCost`, `throttleStatus.currentlyAvailable`, `throttleStatus.restoreRate`;
 * https://shopify.dev/docs/api/usage/limits): the missing points divided by the restore rate (points
 * per second), in ms, at least {@link MIN_THROTTLE_WAIT_MS}. {@link DEFAULT_THROTTLE_WAIT_MS}
 * when the cost is not reported. Pure.
 *
 * @param extensions - the response's `extensions`.
 */
export function throttleWaitMs(extensions: unknown): number {
  const cost = record(record(extensions)?.cost);
  const throttle = record(cost?.throttleStatus);
  const requested = numberOf(cost?.requestedQueryCost);
  const available = numberOf(throttle?.currentlyAvailable);
  const restoreRate = numberOf(throttle?.restoreRate);
  if (requested === undefined || available === undefined || restoreRate === undefined || restoreRate <= 0) {
    return DEFAULT_THROTTLE_WAIT_MS;
  }
  const missing = Math.max(0, requested - available);
  return Math.max(MIN_THROTTLE_WAIT_MS, Math.ceil((missing / restoreRate) * 1_000));
}

/**
 * Reads the top-level `errors` of a GraphQL response. Returns undefined when there are none.
 * `THROTTLED` (HTTP 200 or 429, https://shopify.dev/docs/api/usage/limits) gives the wait from the cost extensions;
 * `ACCESS_DENIED` is a refused credential or missing scope; anything else is a GraphQL error
 * (a bad query or variable). Pure.
 *
 * @param body - the parsed response body.
 */
export function parseShopifyGraphqlErrors(body: unknown): ShopifyGraphqlFailure | undefined {
  const envelope = record(body);
  const errors = envelope?.errors;
  if (errors === undefined || errors === null) return undefined;
  if (typeof errors === 'string') {
    return { kind: 'graphql', message: errors, codes: [] };
  }
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const messages: string[] = [];
  const codes: string[] = [];
  for (const error of errors) {
    const entry = record(error);
    const message = typeof entry?.message === 'string' ? entry.message : 'unknown GraphQL error';
    messages.push(message);
    const code = record(entry?.extensions)?.code;
    if (typeof code === 'string') codes.push(code);
  }
  const message = messages.join('; ');
  if (codes.includes('THROTTLED'))
    return { kind: 'throttled', message, retryAfterMs: throttleWaitMs(envelope?.extensions) };
  if (codes.includes('ACCESS_DENIED')) return { kind: 'access-denied', message };
  return { kind: 'graphql', message, codes };
}

/**
 * One line listing Shopify `userErrors` with their input paths, for an error message:
 * `fulfillment.lineItemsByFulfillmentOrder.0: Quantity is invalid; ...`.
 *
 * @param userErrors - the mutation's `userErrors`.
 */
export function describeShopifyUserErrors(
  userErrors: readonly { field?: readonly string[] | null; message: string }[],
): string {
  return userErrors
    .map((error) =>
      error.field && error.field.length > 0 ? `${error.field.join('.')}: ${error.message}` : error.message,
    )
    .join('; ');
}
