import type { HttpResponseResolver } from 'msw';

/** A response, or a function building one (called for each request it answers). */
export type SequencedResponse = Response | (() => Response | Promise<Response>);

/**
 * A resolver that answers the 1st request with the 1st response, the 2nd with the 2nd, and every
 * later one with the last (for example `503, 503, 200`). Responses given as objects are cloned,
 * so the last one can repeat.
 *
 * @param responses - at least one response.
 * @example
 * ```ts
 * server.use(http.get(url, respondInSequence(
 *   new HttpResponse(null, { status: 503 }),
 *   () => HttpResponse.json({ data: [] }),
 * )));
 * ```
 */
export function respondInSequence(...responses: SequencedResponse[]): HttpResponseResolver {
  if (responses.length === 0) throw new TypeError('respondInSequence needs at least one response');
  let index = 0;
  return async () => {
    const next = responses[Math.min(index, responses.length - 1)] as SequencedResponse;
    index += 1;
    return typeof next === 'function' ? next() : next.clone();
  };
}
