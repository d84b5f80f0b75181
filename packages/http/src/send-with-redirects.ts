import { ApiError } from '@dropship/core';

/** Most same-origin redirects followed for one attempt; one more is an error. */
export const maxRedirectHops = 5;

const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** One request as the transport sends it. */
export interface OutgoingRequest {
  /** The real URL, credentials included. */
  url: string;
  /** The URL as errors and events may show it (credentials replaced). */
  displayUrl: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal;
}

/** What a redirect error needs to know about the client. */
export interface RedirectContext {
  /** Service id, for the error. */
  service: string;
  /** The only origin the client's credentials may go to (its `baseURL`'s). */
  origin: string;
  /** The client's redactor, for the redirect target. */
  redact: (text: string) => string;
}

function redirectError(request: OutgoingRequest, status: number, context: RedirectContext, reason: string): ApiError {
  return new ApiError(
    'unexpected-status',
    `${context.service}: ${request.method} ${request.displayUrl} answered HTTP ${status}, ${reason}`,
    { service: context.service, method: request.method, url: request.displayUrl, status, isRetryable: false },
  );
}

/**
 * Sends one request with `redirect: 'manual'` and follows redirects only within the client's own
 * origin, at most {@link maxRedirectHops} times. A redirect to another origin is never followed:
 * whatever the client injects (credential headers, query-string credentials, a body holding a
 * refresh token that a 307/308 would re-send) must not reach a host it was not meant for. It is
 * an `ApiError` with code `unexpected-status` naming the (redacted) target: the server answered
 * without the documented answer, so a write may have been carried out (`mayHaveActed` is true).
 *
 * A 303, and a 301/302 answering a POST, continue as a GET without a body (as browsers and
 * `fetch` do); a 307/308 repeats the method and body.
 *
 * @param fetchImplementation - the fetch to call.
 * @param request - the request; its `displayUrl` names it in errors.
 * @param context - the service, the allowed origin and the redactor.
 * @returns the first answer that is not a followed redirect.
 * @throws `ApiError` (`unexpected-status`) for a redirect to another origin or too many redirects.
 */
export async function sendWithRedirects(
  fetchImplementation: typeof fetch,
  request: OutgoingRequest,
  context: RedirectContext,
): Promise<Response> {
  let { url, method, headers, body } = request;
  for (let hop = 0; ; hop += 1) {
    const response = await fetchImplementation(url, {
      method,
      headers,
      body,
      signal: request.signal,
      redirect: 'manual',
    });
    if (!redirectStatuses.has(response.status)) return response;
    const location = response.headers.get('location');
    let target: URL | undefined;
    try {
      target = location === null ? undefined : new URL(location, url);
    } catch {
      target = undefined;
    }
    // A redirect without a readable target is an answer like any other unexpected status.
    if (target === undefined) return response;
    void response.body?.cancel().catch(() => undefined);
    const current = { ...request, method };
    if (target.origin !== context.origin) {
      throw redirectError(
        current,
        response.status,
        context,
        `a redirect to another origin (${context.redact(target.href)}); not followed, so that no credential leaves ${context.origin}`,
      );
    }
    if (hop >= maxRedirectHops) {
      throw redirectError(current, response.status, context, `more than ${maxRedirectHops} redirects in a row`);
    }
    if (
      (response.status === 303 && method !== 'HEAD') ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      headers.delete('content-type');
    }
    url = target.href;
  }
}
