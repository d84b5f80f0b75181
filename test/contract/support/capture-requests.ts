import type { SetupServer } from 'msw/node';

/** One request exactly as an adapter sent it (method, URL, headers, body), seen by MSW. */
export interface CapturedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** The full URL. */
  url: URL;
  /** Header names in lower case, as `fetch` sends them. */
  headers: Record<string, string>;
  /** The body text; empty for a request without a body. */
  body: string;
}

/** The requests an MSW server saw while it listened, in order. */
export interface RequestCapture {
  /** Every request so far (bodies read), oldest first. */
  requests(): Promise<CapturedRequest[]>;
  /** Forgets the requests captured so far. */
  clear(): void;
  /** Stops capturing. */
  stop(): void;
}

/**
 * Captures every request that reaches an MSW server, whole (headers and body included, which
 * the recorded calls of `@dropship/testing` redact), so that a contract test checks what the
 * adapter really put on the wire.
 *
 * @param server - the MSW server the simulators' handlers run in.
 */
export function captureRequests(server: SetupServer): RequestCapture {
  let pending: Promise<CapturedRequest>[] = [];
  const listener = ({ request }: { request: Request }): void => {
    const copy = request.clone();
    pending.push(
      copy.text().then((body) => ({
        method: copy.method.toUpperCase(),
        url: new URL(copy.url),
        headers: Object.fromEntries([...copy.headers].map(([name, value]) => [name.toLowerCase(), value])),
        body,
      })),
    );
  };
  server.events.on('request:start', listener);
  return {
    requests: () => Promise.all(pending),
    clear: () => {
      pending = [];
    },
    stop: () => server.events.removeListener('request:start', listener),
  };
}

/**
 * A copy of a captured request with its JSON body changed, for the negative controls.
 *
 * @param request - a request the adapter sent.
 * @param change - edits the parsed body in place.
 */
export function withJsonBody(
  request: CapturedRequest,
  change: (body: Record<string, unknown>) => void,
): CapturedRequest {
  const body = JSON.parse(request.body) as Record<string, unknown>;
  change(body);
  return { ...request, body: JSON.stringify(body) };
}

/**
 * A copy of a captured request without one header, for the negative controls.
 *
 * @param request - a request the adapter sent.
 * @param name - the header to drop (any case).
 */
export function withoutHeader(request: CapturedRequest, name: string): CapturedRequest {
  const headers = { ...request.headers };
  delete headers[name.toLowerCase()];
  return { ...request, headers };
}
