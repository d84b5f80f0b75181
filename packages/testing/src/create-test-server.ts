import { createRedactor, REDACTED } from '@dropship/http';
import type { RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';

/** One request the test server saw, with credentials redacted. */
export interface RecordedCall {
  /** HTTP method, upper case. */
  method: string;
  /** The full URL with credential values replaced by `[REDACTED]`. */
  url: string;
  /** The path (no origin, no query). */
  path: string;
  /** The body text, redacted; undefined for a request without a body (or until it has been read). */
  body: string | undefined;
  /** When the request arrived (ms since epoch). */
  time: number;
}

/** Options of {@link createTestServer}. */
export interface TestServerOptions {
  /** More values to redact from recorded calls (credential values are found on the wire already). */
  redact?: readonly string[];
  /** What an unmatched request does. Default `error` (the test fails: nothing reaches the network). */
  onUnhandledRequest?: 'error' | 'warn' | 'bypass';
}

/** An MSW server for tests, with recorded calls. */
export interface TestServer {
  /** The underlying MSW server (for `events`, `boundary`, ...). */
  readonly server: SetupServer;
  /** Starts intercepting (`onUnhandledRequest: 'error'` unless configured). Call in `beforeAll`. */
  listen(): void;
  /** Stops intercepting. Call in `afterAll`. */
  close(): void;
  /** Prepends handlers for the current test. */
  use(...handlers: RequestHandler[]): void;
  /** Drops handlers added with `use`; with arguments, replaces the initial handlers too. Clears recorded calls. */
  resetHandlers(...handlers: RequestHandler[]): void;
  /** Recorded calls, oldest first, optionally filtered by method and path. */
  calls(filter?: { method?: string; path?: string | RegExp }): RecordedCall[];
  /** Forgets recorded calls (not the observed secrets). */
  clearCalls(): void;
  /**
   * Credential values seen on the wire: values of credential-looking headers (`Authorization`,
   * `X-Api-Key`, `*token*`, `*secret*`, ...) and query parameters (`apikey`, `cust`, `token`, ...),
   * at least 6 characters long, with and without an authorization scheme. For leak assertions.
   */
  observedSecrets(): string[];
  /** Replaces observed secrets and `redact` values in a text by `[REDACTED]`. */
  redact(text: string): string;
}

/** Header and query-parameter names whose values are treated as credentials. */
export const credentialNamePattern =
  /authori[sz]ation|api[-_.]?key|access[-_.]?key|token|secret|password|passwd|signature|^key$|^cust(omer)?([-_.]?(number|no|id))?$|dealer/i;

const minimumSecretLength = 6;

function isTestServerOptions(value: unknown): value is TestServerOptions {
  return typeof value === 'object' && value !== null && !('run' in value) && !('info' in value);
}

/**
 * Creates an MSW `setupServer` wrapper for tests: unhandled requests fail the test, every call is
 * recorded (method, redacted URL, redacted body), and the credential values seen on the wire are
 * kept for leak assertions.
 *
 * @param optionsOrHandler - options, or the first initial handler.
 * @param handlers - initial handlers (a simulator's `handlers`).
 * @example
 * ```ts
 * const server = createTestServer(...simulator.handlers);
 * beforeAll(() => server.listen());
 * afterEach(() => server.resetHandlers());
 * afterAll(() => server.close());
 * ```
 */
export function createTestServer(
  optionsOrHandler?: TestServerOptions | RequestHandler,
  ...handlers: RequestHandler[]
): TestServer {
  const options: TestServerOptions = isTestServerOptions(optionsOrHandler) ? optionsOrHandler : {};
  const initial =
    optionsOrHandler !== undefined && !isTestServerOptions(optionsOrHandler)
      ? [optionsOrHandler, ...handlers]
      : handlers;
  const server = setupServer(...initial);
  const secrets = new Set<string>();
  let redactor = createRedactor(options.redact ?? []);
  let recorded: RecordedCall[] = [];

  function learn(value: string): void {
    const candidates = [value, value.replace(/^\w+\s+/, '')];
    let added = false;
    for (const candidate of candidates) {
      if (candidate.length >= minimumSecretLength && !secrets.has(candidate)) {
        secrets.add(candidate);
        added = true;
      }
    }
    if (added) redactor = createRedactor([...secrets, ...(options.redact ?? [])]);
  }

  /**
   * Learns credentials sent in a body (Parts Unlimited's `dealer_number`, OAuth's
   * `client_secret` / `refresh_token`): values of credential-named fields of a JSON object (at
   * any depth) or of a form body.
   */
  function learnFromBody(text: string): void {
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (typeof value === 'object' && value !== null) {
        for (const [name, field] of Object.entries(value)) {
          if (typeof field === 'string' && credentialNamePattern.test(name)) learn(field);
          else visit(field);
        }
      }
    };
    try {
      visit(JSON.parse(text));
    } catch {
      new URLSearchParams(text).forEach((value, name) => {
        if (credentialNamePattern.test(name)) learn(value);
      });
    }
  }

  function redactUrl(url: URL): string {
    const shown = new URL(url.href);
    const names = [...new Set([...shown.searchParams.keys()].filter((name) => credentialNamePattern.test(name)))];
    for (const name of names) shown.searchParams.set(name, 'REDACTED_PLACEHOLDER');
    return redactor(shown.href.replaceAll('REDACTED_PLACEHOLDER', REDACTED));
  }

  server.events.on('request:start', ({ request }) => {
    request.headers.forEach((value, name) => {
      if (credentialNamePattern.test(name)) learn(value);
    });
    const url = new URL(request.url);
    url.searchParams.forEach((value, name) => {
      if (credentialNamePattern.test(name)) learn(value);
    });
    const call: RecordedCall = {
      method: request.method.toUpperCase(),
      url: redactUrl(url),
      path: url.pathname,
      body: undefined,
      time: Date.now(),
    };
    recorded.push(call);
    if (request.body !== null) {
      request
        .clone()
        .text()
        .then((text) => {
          learnFromBody(text);
          call.body = redactor(text);
        })
        .catch(() => undefined);
    }
  });

  return {
    server,
    listen() {
      server.listen({ onUnhandledRequest: options.onUnhandledRequest ?? 'error' });
    },
    close() {
      server.close();
    },
    use(...more) {
      server.use(...more);
    },
    resetHandlers(...next) {
      server.resetHandlers(...next);
      recorded = [];
    },
    calls(filter) {
      return recorded.filter(
        (call) =>
          (filter?.method === undefined || call.method === filter.method.toUpperCase()) &&
          (filter?.path === undefined ||
            (typeof filter.path === 'string' ? call.path === filter.path : filter.path.test(call.path))),
      );
    },
    clearCalls() {
      recorded = [];
    },
    observedSecrets() {
      return [...secrets];
    },
    redact(text) {
      return redactor(text);
    },
  };
}
