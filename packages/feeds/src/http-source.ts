import { NetworkError, parseWith } from '@dropship/core';
import { createRedactor, mapStatusToError, type Redactor, redactError } from '@dropship/http';
import { z } from 'zod';
import type { FeedSource } from './feed-types.js';

/** Options of {@link createHttpSource}. */
export interface HttpSourceOptions {
  /** HTTP method. Default `GET` (`POST` when `json` or `body` is given). */
  method?: 'GET' | 'POST';
  /** Extra request headers. Values of `authorization`, `cookie`, `api-key` and `x-api-key` are treated as secrets. */
  headers?: Record<string, string>;
  /** JSON request body (sets `content-type: application/json`). */
  json?: unknown;
  /** Raw request body. */
  body?: string | Uint8Array;
  /** HTTP Basic user name (may also come from the URL: `https://user:password@host/...`). */
  username?: string;
  /** HTTP Basic password (may also come from the URL). */
  password?: string;
  /** Bearer token (`Authorization: Bearer …`). */
  bearerToken?: string;
  /** Custom fetch (tests, proxies). Default the global fetch. */
  fetch?: typeof fetch;
  /** The transfer fails when no byte arrives for this long, in ms (waiting for headers included). Default 60,000. */
  idleTimeoutMs?: number;
  /** Service name in errors. Default `http`. */
  service?: string;
  /** More values to keep out of messages (an account or dealer number). */
  secrets?: string[];
}

const secretHeaders = new Set(['authorization', 'proxy-authorization', 'cookie', 'api-key', 'x-api-key']);

const optionsSchema = z.strictObject({
  method: z.enum(['GET', 'POST']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  json: z.unknown().optional(),
  body: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  bearerToken: z.string().min(1).optional(),
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  idleTimeoutMs: z.number().int().positive().optional(),
  service: z.string().trim().min(1).optional(),
  secrets: z.array(z.string()).optional(),
});

const urlSchema = z.union([z.string(), z.instanceof(URL)]).transform((value, context) => {
  try {
    const url = new URL(String(value));
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  context.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
  return z.NEVER;
});

/**
 * Describes a URL for messages: scheme, host and path, without credentials or query string
 * (a query string may carry a token).
 *
 * @param url - the URL.
 */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}

/** Secret values of a URL: its user info and every query-string value. */
function urlSecrets(url: URL): string[] {
  const secrets = [decodeURIComponent(url.username), decodeURIComponent(url.password), url.username, url.password];
  for (const value of url.searchParams.values()) secrets.push(value);
  return secrets;
}

/**
 * A feed downloaded over HTTP(S) with `fetch`, streamed: chunks are handed on as they arrive.
 * Credentials (user info in the URL, `username`/`password`, `bearerToken`, secret headers,
 * query-string values) never appear in the description, errors or progress: the description is
 * scheme + host + path, and every message passes through a redactor.
 *
 * A non-2xx answer is the SDK's typed error (`AuthenticationError` for 401/403, `NotFoundError`
 * for 404, `RateLimitError`, `ServerError`, ...); a dropped connection, a body cut short or
 * `idleTimeoutMs` without data is a `NetworkError`. The iteration throws: it never ends early.
 *
 * @param url - the file's URL.
 * @param options - method, body, credentials, fetch, idle timeout.
 * @throws `ValidationError` for a URL that is not http(s) or a bad option.
 * @example
 * ```ts
 * const source = createHttpSource('https://feeds.example.com/tucker/inventory.csv', {
 *   username: 'dealer', password: process.env.FEED_PASSWORD,
 * });
 * ```
 */
export function createHttpSource(url: string | URL, options: HttpSourceOptions = {}): FeedSource<Uint8Array> {
  const target = parseWith(urlSchema, url, 'feed URL');
  const settings = parseWith(optionsSchema, options, 'HTTP source options');
  const service = settings.service ?? 'http';
  const username = settings.username ?? (target.username ? decodeURIComponent(target.username) : undefined);
  const password = settings.password ?? (target.password ? decodeURIComponent(target.password) : undefined);
  const secrets = [...urlSecrets(target), ...(settings.secrets ?? [])];
  target.username = '';
  target.password = '';
  const description = describeUrl(target);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers ?? {})) {
    headers[name.toLowerCase()] = value;
    if (secretHeaders.has(name.toLowerCase())) secrets.push(value);
  }
  if (username !== undefined || password !== undefined) {
    const basic = `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`;
    headers.authorization = basic;
    secrets.push(basic, username ?? '', password ?? '');
  }
  if (settings.bearerToken !== undefined) {
    headers.authorization = `Bearer ${settings.bearerToken}`;
    secrets.push(settings.bearerToken);
  }
  let body: string | Uint8Array | undefined = settings.body;
  if (settings.json !== undefined) {
    body = JSON.stringify(settings.json);
    headers['content-type'] ??= 'application/json';
  }
  const method = settings.method ?? (body === undefined ? 'GET' : 'POST');
  const redact: Redactor = createRedactor(secrets);
  const fetchImplementation = settings.fetch ?? fetch;
  const idleTimeoutMs = settings.idleTimeoutMs ?? 60_000;

  return {
    description,
    async open(openOptions = {}) {
      const outerSignal = openOptions.signal;
      outerSignal?.throwIfAborted();
      const controller = new AbortController();
      const forwardAbort = () => controller.abort(outerSignal?.reason);
      outerSignal?.addEventListener('abort', forwardAbort, { once: true });
      let idleTimer: NodeJS.Timeout | undefined;
      let idle = false;
      const arm = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          idle = true;
          controller.abort();
        }, idleTimeoutMs);
        idleTimer.unref?.();
      };
      const release = () => {
        clearTimeout(idleTimer);
        outerSignal?.removeEventListener('abort', forwardAbort);
      };
      const failure = (error: unknown, stage: string): unknown => {
        if (outerSignal?.aborted) return outerSignal.reason;
        const reason = idle
          ? `no data for ${idleTimeoutMs} ms`
          : redact(error instanceof Error ? `${error.message}${causeCode(error)}` : String(error));
        return new NetworkError(`${service}: ${method} ${description} failed ${stage}: ${reason}`, {
          service,
          method,
          url: description,
          cause: redactError(error, redact),
        });
      };

      arm();
      let response: Response;
      try {
        response = await fetchImplementation(target, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: controller.signal,
          redirect: 'follow',
        });
      } catch (error) {
        release();
        throw failure(error, 'before a response arrived');
      }
      if (!response.ok) {
        let text = '';
        try {
          text = (await response.text()).slice(0, 64 * 1024);
        } catch {
          // The status says enough.
        }
        release();
        throw mapStatusToError({
          service,
          method,
          url: description,
          status: response.status,
          statusText: response.statusText,
          text,
          redact,
        });
      }
      const stream = response.body;
      if (stream === null) {
        release();
        return (async function* empty() {})();
      }
      return (async function* chunks() {
        const reader = stream.getReader();
        let finished = false;
        try {
          for (;;) {
            arm();
            let part: Awaited<ReturnType<typeof reader.read>>;
            try {
              part = await reader.read();
            } catch (error) {
              finished = true;
              throw failure(error, 'while downloading');
            }
            clearTimeout(idleTimer);
            if (part.done) {
              finished = true;
              return;
            }
            yield part.value;
          }
        } finally {
          release();
          if (!finished) await reader.cancel().catch(() => undefined);
        }
      })();
    },
  };
}

function causeCode(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause === 'object') {
    if (typeof cause.code === 'string') return ` (${cause.code})`;
    if (typeof cause.message === 'string') return ` (${cause.message})`;
  }
  return '';
}
