import type { z } from 'zod';

/** Retry policy for calls that are safe to repeat (reads). Submissions are never retried blindly. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 2. */
  retries: number;
  /** First backoff delay in ms. Default 200. */
  minDelayMs: number;
  /** Longest backoff delay in ms. Default 5,000. */
  maxDelayMs: number;
  /** Longest wait honoured from a `Retry-After` header, in ms; a longer one fails with `RateLimitError` instead. Default 30,000. */
  maxRetryAfterMs: number;
}

/** A token-bucket rate limit shared by every client using the same credential. */
export interface RateLimitOptions {
  /** Requests allowed per interval, steady state. */
  requests: number;
  /** The interval in ms. */
  intervalMs: number;
  /** Bucket size (requests allowed at once after a quiet period). Default `requests`. */
  burst?: number;
}

/** Credentials injected into every request and redacted everywhere. */
export interface HttpCredentials {
  /** Headers such as `Authorization: Bearer ...` or `api-key: ...`. */
  headers?: Record<string, string>;
  /** Query-string parameters such as Tucker Rocky's `apikey` and `cust`. */
  searchParams?: Record<string, string>;
  /**
   * Names of the headers or query parameters above that hold an account identifier rather than a
   * secret (Tucker Rocky's customer number `cust`). They are injected and redacted (as whole
   * tokens) like the others, but the minimum length `createHttpClient` asks of them is that of a
   * `redact` identifier (3 characters), not that of a secret (6): the vendors do not document
   * how long such numbers are, and a short one is real. Names are matched case-insensitively.
   */
  identifiers?: readonly string[];
}

/** What the log hook receives. Every URL, header and body in it is redacted. */
export type HttpEvent =
  | { type: 'request'; service: string; method: string; url: string; attempt: number }
  | { type: 'response'; service: string; method: string; url: string; status: number; durationMs: number }
  | { type: 'retry'; service: string; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: 'error'; service: string; method: string; url: string; code: string; message: string };

/** Context handed to an adapter's `mapError` for a failed or body-level-failed response. */
export interface ErrorMappingContext {
  service: string;
  method: string;
  /** Redacted URL. */
  url: string;
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  /** Raw body text (not yet redacted: redact before putting it in an error). */
  text: string;
  /** The client's redactor (always set by the client): pass any text taken from the response through it before putting it in an error. */
  redact?: (text: string) => string;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Service id used in errors and events, for example `wps`. */
  service: string;
  baseURL: string;
  /**
   * Custom fetch (tests, proxies). Default the global fetch, resolved at call time. Called as
   * `fetch(url, init)` with `redirect: 'manual'`: the client follows same-origin redirects itself.
   */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default 30,000. */
  timeoutMs?: number;
  /** Non-secret headers sent on every request. */
  headers?: Record<string, string>;
  credentials?: HttpCredentials;
  /**
   * Credentials known only at call time (an OAuth access token), fetched before every attempt.
   * Injected like `credentials`, and every value ever returned is redacted too. Cache tokens
   * inside the function; the client calls it often.
   */
  getCredentials?: () => HttpCredentials | Promise<HttpCredentials>;
  /**
   * More secret values to redact (for example a dealer number, a refresh token). They also
   * identify the account for the shared limiter, which matters when `getCredentials` supplies
   * the real credential.
   */
  redact?: readonly string[];
  retry?: Partial<RetryPolicy>;
  /** Rate limit per credential, or false for none. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Names a limiter of its own within the credential, for an API that limits each operation
   * separately (Amazon SP-API: `getOrders`, `getOrderItems`, ...): clients with the same
   * credential and scope share one limiter; another scope (or none) has another. 1 to 100
   * characters. Default: none (one limiter per credential).
   */
  limiterScope?: string;
  /** Most requests in flight per credential. Default 8. */
  concurrency?: number;
  /**
   * Largest response body read, in bytes (1 KiB to 1 GiB). Default 10 MiB. The body is read as a
   * stream and the read stops at the limit: a larger answer is a `ResponseParseError`.
   */
  maxResponseBytes?: number;
  /** Log hook. Receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
  /**
   * Maps a response to a service-specific error. Called for non-2xx responses, and for 2xx
   * responses too so that body-level failures (a `status_code` in the body) can be raised.
   * Return undefined to fall back to the status-based mapping (or success for 2xx).
   */
  mapError?: (context: ErrorMappingContext) => Error | undefined;
}

/** Query-string values; arrays become repeated keys (`item=a&item=b`). Undefined values are dropped. */
export type SearchParams = Record<string, string | number | boolean | undefined | ReadonlyArray<string | number>>;

/** One request. */
export interface HttpRequest<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to `baseURL`. */
  path: string;
  searchParams?: SearchParams;
  /** JSON body. */
  json?: unknown;
  /** Form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  /** A body sent as it is (a `multipart/form-data` text, say), with its `content-type` in `headers`. Ignored when `json` or `form` is given. */
  body?: string;
  headers?: Record<string, string>;
  /** Lenient schema for the JSON response; a mismatch is a `ResponseParseError` naming the fields. */
  schema?: z.ZodType<T>;
  /** Retry on retryable failures. Default true for GET, false otherwise. Never true for order creation. */
  retry?: boolean;
  /**
   * Retry an HTTP 429 even when `retry` is false: the service refused the call without acting on
   * it, so sending it again after the wait cannot do anything twice. Default true; the wait
   * follows `Retry-After` up to `maxRetryAfterMs`.
   */
  retryOnRateLimit?: boolean;
  /** Statuses returned as a response instead of thrown (for example `[404]` for a lookup). */
  acceptStatus?: readonly number[];
  signal?: AbortSignal;
}

/** A successful (or accepted) response. */
export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** The parsed body (schema output when a schema was given; undefined for an empty body or an accepted non-2xx status). */
  data: T;
  /** The raw body text. */
  text: string;
}

/** The HTTP client every adapter uses. */
export interface HttpClient {
  readonly service: string;
  /** Sends a request with credentials, limits, retries and typed errors. */
  request<T = unknown>(request: HttpRequest<T>): Promise<HttpResponse<T>>;
  /** Replaces every known secret in `text` with `[REDACTED]`. */
  redact(text: string): string;
}
