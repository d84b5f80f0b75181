import { parseShopifyGraphqlErrors } from './parse-shopify-errors.js';

/**
 * Wraps `fetch` so that a THROTTLED GraphQL answer (HTTP 200 or 429, research
 * /marketplace-apis.md §4.5) carries a `Retry-After` header computed from its `throttleStatus`.
 * Shopify sends no such header; `@dropship/http` waits for the `Retry-After` of a rate-limited
 * answer, so this is how the cost bucket sets the wait before the retry. Other responses pass
 * through unchanged (their body is re-wrapped, not altered).
 *
 * @param fetchImplementation - the fetch to wrap. Default the global fetch.
 */
export function withShopifyThrottleRetryAfter(fetchImplementation?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await (fetchImplementation ?? globalThis.fetch)(input, init);
    if (response.status !== 200 && response.status !== 429) return response;
    if (response.headers.has('retry-after') || !/json/i.test(response.headers.get('content-type') ?? ''))
      return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    if (text.includes('THROTTLED')) {
      try {
        const failure = parseShopifyGraphqlErrors(JSON.parse(text));
        if (failure?.kind === 'throttled') headers.set('retry-after', (failure.retryAfterMs / 1000).toFixed(3));
      } catch {
        // Not JSON: the HTTP client reports it.
      }
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers });
  };
}
