import {
  ApiError,
  ConfigurationError,
  DropshipError,
  NetworkError,
  RateLimitError,
  ResponseParseError,
} from '@dropship/core';
import ky, { TimeoutError } from 'ky';
import type { LimitFunction } from 'p-limit';
import { createRedactor, REDACTED, type Redactor, redactError } from './create-redactor.js';
import { getCredentialLimiter } from './credential-limiter.js';
import type {
  HttpClient,
  HttpClientOptions,
  HttpCredentials,
  HttpEvent,
  HttpRequest,
  HttpResponse,
  RetryPolicy,
  SearchParams,
} from './http-types.js';
import { mapStatusToError } from './map-status-to-error.js';
import { parseJsonResponse, parseWithSchema } from './parse-response.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { defaultMaxResponseBytes, readResponseBody } from './read-response-body.js';
import { type OutgoingRequest, sendWithRedirects } from './send-with-redirects.js';
import type { ThrottleTurn } from './throttle-gate.js';
import { credentialValues, decodePassword, validateClientOptions } from './validate-client-options.js';

/** Retry policy used for what {@link HttpClientOptions.retry} leaves out. */
export const defaultRetryPolicy: Readonly<RetryPolicy> = Object.freeze({
  retries: 2,
  minDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
});

/** Per-attempt timeout used when {@link HttpClientOptions.timeoutMs} is not set. */
export const defaultTimeoutMs = 30_000;

/** Requests in flight per credential when {@link HttpClientOptions.concurrency} is not set. */
export const defaultConcurrency = 8;

/**
 * Backoff before retry number `attempt` (1 for the first retry): `minDelayMs * 2^(attempt-1)`,
 * capped at `maxDelayMs`, minus up to 20 % jitter so that clients do not retry in step.
 *
 * @param attempt - the retry number, from 1.
 * @param policy - the retry policy.
 * @param random - random source in [0, 1) (for tests). Default `Math.random`.
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'minDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 - 0.2 * random()));
}

/** Every method: whether a call is retried is decided in `shouldRetry`, not by ky's method list. */
const allMethods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

/** Retry-After waits attached to the errors of one attempt. */
const retryAfterOf = new WeakMap<object, number>();
/** Errors built from an answer (or by an adapter's hook) that go to the caller as they are. */
const typedErrors = new WeakSet<object>();
/** Errors of `getCredentials`: thrown at once, never retried, never reported as a request failure. */
const credentialErrors = new WeakSet<object>();

function keep<T>(set: WeakSet<object>, error: T): T {
  if (typeof error === 'object' && error !== null) set.add(error);
  return error;
}

function appendSearchParams(target: URLSearchParams, params: SearchParams | undefined): void {
  if (!params) return;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) target.append(name, String(item));
    } else {
      target.append(name, String(value));
    }
  }
}

/** Waits for a slot of a p-limit limiter and holds it until the returned function is called. */
function acquireSlot(limit: LimitFunction): Promise<() => void> {
  return new Promise((granted) => {
    void limit(() => new Promise<void>((release) => granted(() => release())));
  });
}

/**
 * Redacts every string field of an error (message, stack, url, responseBody) in place, as a last
 * safety net for errors built by an adapter's `mapError`.
 */
function scrubError(error: unknown, redact: (text: string) => string): void {
  if (typeof error !== 'object' || error === null) return;
  for (const field of ['message', 'stack', 'url', 'responseBody'] as const) {
    const value = (error as Record<string, unknown>)[field];
    if (typeof value === 'string') {
      const redacted = redact(value);
      if (redacted !== value) {
        Object.defineProperty(error, field, {
          value: redacted,
          writable: true,
          configurable: true,
          enumerable: field !== 'stack' && field !== 'message',
        });
      }
    }
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) {
    Object.defineProperty(error, 'cause', {
      value: redactError(cause, redact),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}

function isRetryableError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { isRetryable?: unknown }).isRetryable === true;
}

function describeFailure(error: unknown): string {
  if (ApiError.isInstance(error)) return error.status === undefined ? error.code : `HTTP ${error.status}`;
  return error instanceof Error ? error.name : 'error';
}

/** The part of one attempt the `beforeRequest` hook prepares and the transport consumes. */
interface PreparedAttempt {
  request: OutgoingRequest;
  turn: ThrottleTurn | undefined;
  releaseSlot: () => void;
}

/** What one call carries from attempt to attempt. */
interface CallState {
  method: string;
  /** The URL without credentials: the display form when no credential goes in the query string. */
  target: string;
  body: string | undefined;
  attemptNumber: number;
  /** Set when this call was throttled and paused the gate: it goes first when the pause ends. */
  retryFirst: boolean;
  /** The wait before the next attempt, decided in `shouldRetry` and handed to ky's `delay`. */
  nextWaitMs: number;
  /** The display URL of the latest attempt. */
  displayUrl: string;
  prepared: PreparedAttempt | undefined;
  result: HttpResponse<unknown> | undefined;
}

function releaseAttempt(prepared: PreparedAttempt | undefined): void {
  prepared?.releaseSlot();
  prepared?.turn?.release();
}

/**
 * Creates the HTTP client an adapter uses for one service and one credential.
 *
 * Every call runs on ky: ky builds the request, runs the `beforeRequest` hook (which waits for
 * the credential's throttle gate, concurrency slot and token, then injects the credentials), times
 * each attempt out after `timeoutMs` (the body read included, since ky's timeout wraps the
 * transport) and runs the retry loop with the wait the client decides. What it does for every
 * request:
 * - joins `baseURL` and the path, adds query parameters, injects the credentials (headers or
 *   query string);
 * - waits for the shared per-credential limits (token bucket + concurrency), which every client
 *   with the same service and credentials shares;
 * - retries retryable calls (GET by default) on 408, 429, 5xx, dropped connections and timeouts
 *   with exponential backoff, honouring `Retry-After` up to `maxRetryAfterMs` (a longer wait is a
 *   `RateLimitError` carrying `retryAfterMs`); a 429 is retried for any method (see
 *   {@link HttpRequest.retryOnRateLimit}); a throttle (429 or a `RateLimitError` with a wait) pauses
 *   every request of the credential, and after the pause they resume one at a time, the throttled
 *   one first, until an answer is not a throttle;
 * - follows redirects within the base URL's origin only (at most 5); a redirect to another origin
 *   is an `ApiError` (`unexpected-status`) and nothing is sent there;
 * - reads the body as a stream up to `maxResponseBytes` (a larger one, or a JSON answer that is
 *   not valid UTF-8, is a `ResponseParseError`);
 * - maps failures to the typed errors of `@dropship/core` and parses the JSON body with the
 *   given zod schema (`ResponseParseError` naming the fields);
 * - redacts every credential (and the password of the base URL) in errors (message, url, body,
 *   cause chain) and events, before any caller or hook sees them.
 *
 * @param options - service, base URL, credentials, limits, hooks.
 * @throws `ConfigurationError` for an invalid option, a numeric option out of range, or a secret
 *   too short to redact safely (fewer than 6 characters).
 * @example
 * ```ts
 * const http = createHttpClient({
 *   service: 'wps',
 *   baseURL: 'https://api.wps-inc.com',
 *   credentials: { headers: { Authorization: `Bearer ${apiToken}` } },
 *   rateLimit: { requests: 10, intervalMs: 1_000 },
 * });
 * const { data } = await http.request({ path: '/inventory', searchParams: { 'filter[sku]': 'A-1' }, schema });
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = validateClientOptions(options);
  const service = options.service;
  const baseURL = base.href.replace(/\/+$/, '');
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  const staticHeaders = Object.entries(options.credentials?.headers ?? {});
  const staticParams = options.credentials?.searchParams ?? {};
  const scope = options.limiterScope === undefined ? '' : `#${options.limiterScope}`;
  const limiter = getCredentialLimiter(`${service}@${base.host}${scope}`, options.credentials, {
    concurrency: options.concurrency ?? defaultConcurrency,
    rateLimit: options.rateLimit,
    identity: options.redact,
  });
  const gate = limiter.throttle;
  const urlPassword = base.password.length > 0 ? [base.password, decodePassword(base.password)] : [];
  const secrets = new Set<string>([
    ...credentialValues(options.credentials),
    ...(options.redact ?? []),
    ...urlPassword,
  ]);
  let redactor: Redactor = createRedactor(secrets);
  const redact = (text: string): string => redactor(text);
  const redirectContext = { service, origin: base.origin, redact };
  const onEvent = options.onEvent;
  const emit = (event: HttpEvent): void => {
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch {
      // A failing log hook must not fail the call.
    }
  };
  const transport = ky.create({
    timeout: timeoutMs,
    throwHttpErrors: false,
    headers: { accept: 'application/json', ...options.headers },
  });

  function learnSecrets(credentials: HttpCredentials): void {
    let added = false;
    for (const value of credentialValues(credentials)) {
      if (!secrets.has(value)) {
        secrets.add(value);
        added = true;
      }
    }
    if (added) redactor = createRedactor(secrets);
  }

  function resolveTarget(request: HttpRequest<unknown>): string {
    let target: string;
    if (/^https?:\/\//i.test(request.path)) {
      const url = new URL(request.path);
      if (url.origin !== base.origin) {
        throw new ConfigurationError(
          `${service}: refusing to send credentials to another origin (${redact(url.origin)}); paths must stay under baseURL.`,
        );
      }
      target = url.href;
    } else {
      target = `${baseURL}${request.path.startsWith('/') ? '' : '/'}${request.path}`;
    }
    const query = new URLSearchParams();
    appendSearchParams(query, request.searchParams);
    const plain = query.toString();
    return plain.length > 0 ? `${target}${target.includes('?') ? '&' : '?'}${plain}` : target;
  }

  /** The real URL (credentials in the query string) and its display form (`[REDACTED]`). */
  function withCredentialParams(target: string, dynamic: HttpCredentials | undefined): [string, string] {
    const credentialEntries = Object.entries({ ...staticParams, ...dynamic?.searchParams });
    if (credentialEntries.length === 0) return [target, redact(target)];
    const separator = target.includes('?') ? '&' : '?';
    const secretQuery = new URLSearchParams(credentialEntries).toString();
    const shownQuery = credentialEntries.map(([name]) => `${encodeURIComponent(name)}=${REDACTED}`).join('&');
    return [`${target}${separator}${secretQuery}`, redact(`${target}${separator}${shownQuery}`)];
  }

  /**
   * ky's `beforeRequest` hook: reads call-time credentials, waits for the throttle gate, a
   * concurrency slot and a token (in that order, so that waiting at the gate holds no slot), then
   * injects the credentials into the request ky built.
   */
  async function prepareAttempt<T>(
    state: CallState,
    call: HttpRequest<T>,
    request: Request,
    callHeaders: ReadonlySet<string>,
  ): Promise<void> {
    // Credentials that come from a call (an OAuth token) are read before the request takes a
    // turn or a concurrency slot: fetching a token may itself be a request of this credential
    // (Walmart's token endpoint shares the API's host and Basic credential), which would wait
    // forever for the turn or the slot its caller holds.
    let dynamic: HttpCredentials | undefined;
    if (options.getCredentials) {
      try {
        dynamic = await options.getCredentials();
      } catch (error) {
        scrubError(error, redact);
        throw keep(credentialErrors, error);
      }
      if (dynamic) learnSecrets(dynamic);
    }
    let turn: ThrottleTurn | undefined;
    let releaseSlot: () => void;
    for (;;) {
      // After a throttle the gate lets the credential's requests through one at a time (see
      // throttle-gate.ts); the turn is taken before the concurrency slot.
      turn = gate.closed ? await gate.enter(call.signal, state.retryFirst) : undefined;
      releaseSlot = await acquireSlot(limiter.concurrency);
      // A request that passed the open gate, then waited for a slot while a pause began, goes
      // back to the gate instead of sending.
      if (turn !== undefined || !gate.closed) break;
      releaseSlot();
    }
    const [url, displayUrl] = withCredentialParams(state.target, dynamic);
    const prepared: PreparedAttempt = {
      request: {
        url,
        displayUrl,
        method: state.method,
        headers: request.headers,
        body: state.body,
        signal: request.signal,
      },
      turn,
      releaseSlot,
    };
    try {
      if (limiter.bucket) await limiter.bucket.take(call.signal);
    } catch (error) {
      releaseAttempt(prepared);
      throw error;
    }
    for (const [name, value] of [...staticHeaders, ...Object.entries(dynamic?.headers ?? {})]) {
      if (!callHeaders.has(name.toLowerCase())) request.headers.set(name, value);
    }
    // The attempt sends a copy built from the entries, not the Headers of ky's Request: on a retry
    // that Request is a clone, and a fetch wrapper or interceptor that copies the headers it is
    // given (MSW records the entries a Headers object was built or set with) would keep only the
    // ones set since the clone, dropping the client's and the call's headers.
    prepared.request.headers = new Headers([...request.headers.entries()]);
    state.displayUrl = displayUrl;
    state.prepared = prepared;
  }

  /** Reads and judges one answer: returns the response, or throws the typed error it amounts to. */
  async function interpret<T>(
    call: HttpRequest<T>,
    request: OutgoingRequest,
    response: Response,
  ): Promise<HttpResponse<T>> {
    const { method, displayUrl: url } = request;
    const status = response.status;
    const body = await readResponseBody(response, maxResponseBytes, { service, method, url, status });
    const text = body.text;
    const ok = status >= 200 && status < 300;
    const accepted = !ok && (call.acceptStatus?.includes(status) ?? false);
    if (accepted) return { status, headers: response.headers, data: undefined as T, text };

    const isJson = /json/i.test(response.headers.get('content-type') ?? '');
    const context = { service, method, url, status, text, redact };
    let parsed: unknown;
    let parseFailure: ResponseParseError | undefined;
    try {
      parsed = parseJsonResponse(text, context);
    } catch (error) {
      parseFailure = error as ResponseParseError;
    }
    if (ok && !body.validUtf8 && (call.schema !== undefined || isJson || parsed !== undefined)) {
      throw new ResponseParseError(
        `${service}: the response from ${method} ${url} is not valid UTF-8; it was not read as JSON`,
        { service, method, url, status, fields: [] },
      );
    }

    if (options.mapError) {
      const mapped = options.mapError({ ...context, headers: response.headers, body: parsed });
      if (mapped) {
        scrubError(mapped, redact);
        if (status === 429 || isRetryableError(mapped)) {
          // The header wins; otherwise the wait the adapter read from the body (Shopify's throttleStatus).
          const wait =
            parseRetryAfter(response.headers.get('retry-after')) ??
            (RateLimitError.isInstance(mapped) ? mapped.retryAfterMs : undefined);
          if (wait !== undefined) retryAfterOf.set(mapped, wait);
        }
        throw keep(typedErrors, mapped);
      }
    }

    if (!ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const error = mapStatusToError({
        service,
        method,
        url,
        status,
        statusText: response.statusText,
        text,
        redact,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
      if (retryAfterMs !== undefined) retryAfterOf.set(error, retryAfterMs);
      throw error;
    }

    if (parseFailure && (call.schema || isJson)) throw parseFailure;
    const data = call.schema ? parseWithSchema(call.schema, parseFailure ? undefined : parsed, context) : (parsed as T);
    return { status, headers: response.headers, data, text };
  }

  /** The transport ky calls for each attempt (inside its timeout): send, follow, read, judge. */
  async function transmit<T>(state: CallState, call: HttpRequest<T>): Promise<Response> {
    const prepared = state.prepared;
    state.prepared = undefined;
    if (prepared === undefined) throw new Error('the beforeRequest hook did not prepare this attempt');
    const { request } = prepared;
    try {
      emit({ type: 'request', service, method: request.method, url: request.displayUrl, attempt: state.attemptNumber });
      const started = performance.now();
      const response = await sendWithRedirects(options.fetch ?? globalThis.fetch, request, redirectContext);
      emit({
        type: 'response',
        service,
        method: request.method,
        url: request.displayUrl,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
      });
      state.result = await interpret(call, request, response);
      return response;
    } catch (error) {
      if (DropshipError.isInstance(error) || typedErrors.has(error as object)) {
        if (RateLimitError.isInstance(error)) {
          const wait = retryAfterOf.get(error);
          // A wait beyond the cap fails fast (see shouldRetry), and so do the others: no pause for it.
          if (wait !== undefined && wait <= policy.maxRetryAfterMs) {
            const until = Date.now() + wait;
            gate.pauseUntil(until);
            limiter.bucket?.pauseUntil(until);
          }
        }
        throw error;
      }
      if (call.signal?.aborted) throw call.signal.reason;
      // Aborted by ky's timeout: ky has already rejected the attempt with its TimeoutError.
      if (request.signal.aborted) throw error;
      const reason = error instanceof Error ? redact(error.message) : 'unknown error';
      throw new NetworkError(
        `${service}: ${request.method} ${request.displayUrl} failed without a response (${reason})`,
        {
          service,
          method: request.method,
          url: request.displayUrl,
          cause: redactError(error, redact),
        },
      );
    } finally {
      releaseAttempt(prepared);
    }
  }

  /** Turns what ky rejected with into the SDK's typed error. */
  function toTypedError(error: unknown, state: CallState): unknown {
    if (DropshipError.isInstance(error) || typedErrors.has(error as object) || credentialErrors.has(error as object)) {
      return error;
    }
    if (error instanceof TimeoutError) {
      return new NetworkError(`${service}: ${state.method} ${state.displayUrl} timed out after ${timeoutMs} ms`, {
        service,
        method: state.method,
        url: state.displayUrl,
        cause: redactError(error, redact),
      });
    }
    const reason = error instanceof Error ? redact(error.message) : 'unknown error';
    return new NetworkError(`${service}: ${state.method} ${state.displayUrl} failed without a response (${reason})`, {
      service,
      method: state.method,
      url: state.displayUrl,
      cause: redactError(error, redact),
    });
  }

  /** ky's `shouldRetry`: the retry decision, the wait (handed to ky's `delay`) and the event. */
  function decideRetry<T>(state: CallState, call: HttpRequest<T>, error: unknown, retryCount: number): boolean {
    if (call.signal?.aborted || credentialErrors.has(error as object)) return false;
    const typed = toTypedError(error, state);
    const retryable = call.retry ?? state.method === 'GET';
    const rateLimited = RateLimitError.isInstance(typed);
    const allowed = rateLimited ? retryable || (call.retryOnRateLimit ?? true) : retryable;
    if (!allowed || !isRetryableError(typed)) return false;
    const retryAfterMs = typeof typed === 'object' && typed !== null ? retryAfterOf.get(typed) : undefined;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
      if (!rateLimited) return false;
      const apiError = typed as ApiError;
      throw keep(
        typedErrors,
        new RateLimitError(
          `${service}: rate limited; asked to wait ${Math.ceil(retryAfterMs / 1000)} s, more than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s allowed (maxRetryAfterMs)`,
          {
            service,
            method: state.method,
            url: apiError.url,
            status: apiError.status,
            responseBody: apiError.responseBody,
            retryAfterMs,
          },
        ),
      );
    }
    const waitMs = retryAfterMs ?? backoffDelay(retryCount, policy);
    const paused = rateLimited && retryAfterMs !== undefined;
    emit({
      type: 'retry',
      service,
      method: state.method,
      url: (typed as ApiError).url ?? state.displayUrl,
      attempt: retryCount + 1,
      delayMs: waitMs,
      reason: describeFailure(typed),
    });
    state.attemptNumber = retryCount + 1;
    state.retryFirst = paused;
    // A throttled request waits at the gate, whose pause lasts at least `waitMs`.
    state.nextWaitMs = paused ? 0 : waitMs;
    return true;
  }

  function reportFailure(error: unknown, method: string): void {
    if (!onEvent) return;
    const apiError = error as Partial<ApiError>;
    emit({
      type: 'error',
      service,
      method,
      url: typeof apiError.url === 'string' ? apiError.url : '',
      code: typeof apiError.code === 'string' ? apiError.code : 'error',
      message: redact(error instanceof Error ? error.message : String(error)),
    });
  }

  async function send<T>(call: HttpRequest<T>): Promise<HttpResponse<T>> {
    const method = call.method ?? 'GET';
    const target = resolveTarget(call);
    const callHeaders = new Headers(call.headers);
    let body: string | undefined;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      if (!callHeaders.has('content-type')) callHeaders.set('content-type', 'application/json');
    } else if (call.form !== undefined) {
      body = new URLSearchParams(call.form).toString();
      if (!callHeaders.has('content-type')) callHeaders.set('content-type', 'application/x-www-form-urlencoded');
    } else if (call.body !== undefined) {
      body = call.body;
    }
    const callHeaderNames = new Set(callHeaders.keys());
    const state: CallState = {
      method,
      target,
      body,
      attemptNumber: 1,
      retryFirst: false,
      nextWaitMs: 0,
      displayUrl: redact(target),
      prepared: undefined,
      result: undefined,
    };
    try {
      await transport(target, {
        method,
        headers: callHeaders,
        ...(call.signal ? { signal: call.signal } : {}),
        fetch: () => transmit(state, call),
        hooks: { beforeRequest: [(request) => prepareAttempt(state, call, request, callHeaderNames)] },
        retry: {
          limit: policy.retries,
          methods: allMethods,
          backoffLimit: Number.POSITIVE_INFINITY,
          delay: () => state.nextWaitMs,
          shouldRetry: ({ error, retryCount }) => decideRetry(state, call, error, retryCount),
        },
      });
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      if (credentialErrors.has(error as object)) throw error;
      const failure = toTypedError(error, state);
      scrubError(failure, redact);
      reportFailure(failure, method);
      throw failure;
    }
    if (state.result === undefined) throw new Error('the transport returned no result');
    return state.result as HttpResponse<T>;
  }

  return {
    service,
    request: send,
    redact,
  };
}
