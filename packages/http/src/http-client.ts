import { ApiError, ConfigurationError, NetworkError, RateLimitError, type ResponseParseError } from '@dropship/core';
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
import { delay } from './token-bucket.js';

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

/** What a request gets instead of a response when it must go back to the throttle gate first. */
const gateClosed: unique symbol = Symbol('gate closed');

/** Retry-After waits attached to the errors of one attempt. */
const retryAfterOf = new WeakMap<object, number>();

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

function validateOptions(options: HttpClientOptions): URL {
  if (typeof options.service !== 'string' || options.service.trim().length === 0) {
    throw new ConfigurationError('createHttpClient: `service` must be a non-empty string such as "wps".');
  }
  let base: URL;
  try {
    base = new URL(options.baseURL);
  } catch {
    throw new ConfigurationError(`${options.service}: \`baseURL\` must be an absolute http(s) URL.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new ConfigurationError(`${options.service}: \`baseURL\` must use http or https.`);
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    throw new ConfigurationError(`${options.service}: \`timeoutMs\` must be a positive number of milliseconds.`);
  }
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency > 0)) {
    throw new ConfigurationError(`${options.service}: \`concurrency\` must be a positive integer.`);
  }
  if (options.rateLimit && !(options.rateLimit.requests > 0 && options.rateLimit.intervalMs > 0)) {
    throw new ConfigurationError(
      `${options.service}: \`rateLimit.requests\` and \`rateLimit.intervalMs\` must be positive.`,
    );
  }
  return base;
}

function credentialValues(credentials: HttpCredentials | undefined): string[] {
  return [...Object.values(credentials?.headers ?? {}), ...Object.values(credentials?.searchParams ?? {})];
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
  if (error instanceof ApiError) return error.status === undefined ? error.code : `HTTP ${error.status}`;
  return error instanceof Error ? error.name : 'error';
}

/**
 * Creates the HTTP client an adapter uses for one service and one credential.
 *
 * What it does for every request:
 * - joins `baseURL` and the path, adds query parameters, injects the credentials (headers or
 *   query string);
 * - waits for the shared per-credential limits (token bucket + concurrency), which every client
 *   with the same service and credentials shares;
 * - times out each attempt after `timeoutMs` (body included);
 * - retries retryable calls (GET by default) on 408, 429, 5xx, dropped connections and timeouts
 *   with exponential backoff, honouring `Retry-After` up to `maxRetryAfterMs` (a longer wait is a
 *   `RateLimitError` carrying `retryAfterMs`); a 429 is retried for any method (see
 *   {@link HttpRequest.retryOnRateLimit}); a throttle (429 or a `RateLimitError` with a wait) pauses
 *   every request of the credential, and after the pause they resume one at a time, the throttled
 *   one first, until an answer is not a throttle;
 * - maps failures to the typed errors of `@dropship/core` and parses the JSON body with the
 *   given zod schema (`ResponseParseError` naming the fields);
 * - redacts every credential in errors (message, url, body, cause chain) and events.
 *
 * The hot path calls `fetch` directly; see the package README for the measurement behind that.
 *
 * @param options - service, base URL, credentials, limits, hooks.
 * @throws `ConfigurationError` for an invalid option.
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
  const base = validateOptions(options);
  const service = options.service;
  const baseURL = base.href.replace(/\/+$/, '');
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const staticHeaders = options.credentials?.headers ?? {};
  const staticParams = options.credentials?.searchParams ?? {};
  const limiter = getCredentialLimiter(`${service}@${base.host}`, options.credentials, {
    concurrency: options.concurrency ?? defaultConcurrency,
    rateLimit: options.rateLimit,
    identity: options.redact,
  });
  const secrets = new Set<string>([...credentialValues(options.credentials), ...(options.redact ?? [])]);
  let redactor: Redactor = createRedactor(secrets);
  const redact = (text: string): string => redactor(text);
  const onEvent = options.onEvent;
  const emit = (event: HttpEvent): void => {
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch {
      // A failing log hook must not fail the call.
    }
  };
  const defaultHeaders: Record<string, string> = { accept: 'application/json', ...options.headers };

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

  function resolvePath(path: string): string {
    if (/^https?:\/\//i.test(path)) {
      const target = new URL(path);
      if (target.origin !== base.origin) {
        throw new ConfigurationError(
          `${service}: refusing to send credentials to another origin (${target.origin}); paths must stay under baseURL.`,
        );
      }
      return target.href;
    }
    return `${baseURL}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** Builds the real URL (with credentials) and its display form (credentials as `[REDACTED]`). */
  function buildUrls(
    request: HttpRequest<unknown>,
    credentialParams: Record<string, string>,
  ): { url: string; displayUrl: string } {
    const target = resolvePath(request.path);
    const query = new URLSearchParams();
    appendSearchParams(query, request.searchParams);
    const plain = query.toString();
    const credentialEntries = Object.entries(credentialParams);
    if (credentialEntries.length === 0) {
      const url = plain.length > 0 ? `${target}${target.includes('?') ? '&' : '?'}${plain}` : target;
      return { url, displayUrl: redact(url) };
    }
    const secretQuery = new URLSearchParams(credentialEntries).toString();
    const shownQuery = credentialEntries.map(([name]) => `${encodeURIComponent(name)}=${REDACTED}`).join('&');
    const separator = target.includes('?') ? '&' : '?';
    const join = (extra: string) => [plain, extra].filter((part) => part.length > 0).join('&');
    return {
      url: `${target}${separator}${join(secretQuery)}`,
      displayUrl: redact(`${target}${separator}${join(shownQuery)}`),
    };
  }

  async function attempt<T>(
    request: HttpRequest<T>,
    method: string,
    attemptNumber: number,
    dynamic: HttpCredentials | undefined,
  ): Promise<HttpResponse<T>> {
    if (limiter.bucket) await limiter.bucket.take(request.signal);
    const { url, displayUrl } = buildUrls(request, { ...staticParams, ...dynamic?.searchParams });
    const headers: Record<string, string> = {
      ...defaultHeaders,
      ...staticHeaders,
      ...dynamic?.headers,
      ...request.headers,
    };
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] ??= 'application/json';
    } else if (request.form !== undefined) {
      body = new URLSearchParams(request.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }

    emit({ type: 'request', service, method, url: displayUrl, attempt: attemptNumber });
    const started = performance.now();
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeoutSignal]) : timeoutSignal;
    const fetchImplementation = options.fetch ?? globalThis.fetch;

    let response: Response;
    let text: string;
    try {
      response = await fetchImplementation(url, { method, headers, body, signal });
      text = await response.text();
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      const details = { service, method, url: displayUrl, cause: redactError(error, redact) };
      if (timeoutSignal.aborted) {
        throw new NetworkError(`${service}: ${method} ${displayUrl} timed out after ${timeoutMs} ms`, details);
      }
      const reason = error instanceof Error ? redact(error.message) : 'unknown error';
      throw new NetworkError(`${service}: ${method} ${displayUrl} failed without a response (${reason})`, details);
    }

    const status = response.status;
    emit({
      type: 'response',
      service,
      method,
      url: displayUrl,
      status,
      durationMs: Math.round(performance.now() - started),
    });
    const ok = status >= 200 && status < 300;
    const accepted = !ok && (request.acceptStatus?.includes(status) ?? false);
    if (accepted) return { status, headers: response.headers, data: undefined as T, text };

    const isJson = /json/i.test(response.headers.get('content-type') ?? '');
    let parsed: unknown;
    let parseFailure: ResponseParseError | undefined;
    try {
      parsed = parseJsonResponse(text, { service, method, url: displayUrl, status, text, redact });
    } catch (error) {
      parseFailure = error as ResponseParseError;
    }

    if (options.mapError) {
      const mapped = options.mapError({
        service,
        method,
        url: displayUrl,
        status,
        headers: response.headers,
        body: parsed,
        text,
        redact,
      });
      if (mapped) {
        scrubError(mapped, redact);
        if (status === 429 || isRetryableError(mapped)) {
          // The header wins; otherwise the wait the adapter read from the body (Shopify's throttleStatus).
          const wait =
            parseRetryAfter(response.headers.get('retry-after')) ??
            (RateLimitError.isInstance(mapped) ? mapped.retryAfterMs : undefined);
          if (wait !== undefined) retryAfterOf.set(mapped, wait);
        }
        throw mapped;
      }
    }

    if (!ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const error = mapStatusToError({
        service,
        method,
        url: displayUrl,
        status,
        statusText: response.statusText,
        text,
        redact,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
      if (retryAfterMs !== undefined) retryAfterOf.set(error, retryAfterMs);
      throw error;
    }

    if (parseFailure && (request.schema || isJson)) throw parseFailure;
    const data = request.schema
      ? parseWithSchema(request.schema, parseFailure ? undefined : parsed, {
          service,
          method,
          url: displayUrl,
          status,
          text,
          redact,
        })
      : (parsed as T);
    return { status, headers: response.headers, data, text };
  }

  async function send<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const method = request.method ?? 'GET';
    const retryable = request.retry ?? method === 'GET';
    const retryOnRateLimit = request.retryOnRateLimit ?? true;
    const gate = limiter.throttle;
    // Set when this request was throttled and paused the gate: it goes first when the pause ends.
    let retryFirst = false;
    for (let attemptNumber = 1; ; ) {
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
          throw error;
        }
        if (dynamic) learnSecrets(dynamic);
      }
      // After a throttle the gate lets the credential's requests through one at a time (see
      // throttle-gate.ts); the turn is taken before the concurrency slot, so waiting holds no slot.
      const turn = gate.closed ? await gate.enter(request.signal, retryFirst) : undefined;
      let response: HttpResponse<T> | typeof gateClosed;
      try {
        // A request that passed the open gate, then waited for a slot while a pause began, goes
        // back to the gate instead of sending.
        response = await limiter.concurrency<[], HttpResponse<T> | typeof gateClosed>(() =>
          turn === undefined && gate.closed ? gateClosed : attempt(request, method, attemptNumber, dynamic),
        );
      } catch (error) {
        if (request.signal?.aborted) {
          turn?.release();
          throw error;
        }
        scrubError(error, redact);
        const retryAfterMs = typeof error === 'object' && error !== null ? retryAfterOf.get(error) : undefined;
        const rateLimited = RateLimitError.isInstance(error);
        // A wait beyond the cap fails fast below, and so do the others: no pause for it.
        const paused = rateLimited && retryAfterMs !== undefined && retryAfterMs <= policy.maxRetryAfterMs;
        if (paused) {
          const until = Date.now() + retryAfterMs;
          gate.pauseUntil(until);
          limiter.bucket?.pauseUntil(until);
        }
        turn?.release();

        const allowed = rateLimited ? retryable || retryOnRateLimit : retryable;
        const mayRetry = allowed && isRetryableError(error) && attemptNumber <= policy.retries;
        if (mayRetry && retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
          const failure = rateLimited
            ? new RateLimitError(
                `${service}: rate limited; asked to wait ${Math.ceil(retryAfterMs / 1000)} s, more than the ${Math.ceil(policy.maxRetryAfterMs / 1000)} s allowed (maxRetryAfterMs)`,
                {
                  service,
                  method,
                  url: (error as ApiError).url,
                  status: (error as ApiError).status,
                  responseBody: (error as ApiError).responseBody,
                  retryAfterMs,
                },
              )
            : error;
          reportFailure(failure, method);
          throw failure;
        }
        if (!mayRetry) {
          reportFailure(error, method);
          throw error;
        }
        const waitMs = retryAfterMs ?? backoffDelay(attemptNumber, policy);
        emit({
          type: 'retry',
          service,
          method,
          url: (error as ApiError).url ?? redact(request.path),
          attempt: attemptNumber + 1,
          delayMs: waitMs,
          reason: describeFailure(error),
        });
        attemptNumber += 1;
        retryFirst = paused;
        // A throttled request waits at the gate, whose pause lasts at least `waitMs`.
        if (!paused) await delay(waitMs, request.signal);
        continue;
      }
      turn?.release();
      if (response !== gateClosed) return response;
    }
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

  return {
    service,
    request: send,
    redact,
  };
}
