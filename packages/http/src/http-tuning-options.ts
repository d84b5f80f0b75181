import { z } from 'zod';
import type { createHttpClient } from './http-client.js';
import type { HttpClientOptions } from './http-types.js';

/**
 * The accepted range of every numeric option of {@link createHttpClient}, inclusive. Values
 * outside it are refused (a `ConfigurationError` from the client, a `ValidationError` from an
 * adapter's options schema): `retries: 1e9` or `-1` is a mistake, not a wish.
 */
export const httpOptionRanges = Object.freeze({
  /** Per-attempt timeout: 1 ms to 10 minutes. */
  timeoutMs: { min: 1, max: 600_000 },
  /** Retries after the first attempt: 0 to 10. */
  retries: { min: 0, max: 10 },
  /** First backoff delay: 0 to 1 minute. */
  minDelayMs: { min: 0, max: 60_000 },
  /** Longest backoff delay: 0 to 10 minutes. */
  maxDelayMs: { min: 0, max: 600_000 },
  /** Longest `Retry-After` honoured: 0 to 1 hour. */
  maxRetryAfterMs: { min: 0, max: 3_600_000 },
  /** Requests in flight per credential: 1 to 1,000. */
  concurrency: { min: 1, max: 1_000 },
  /** Rate limit requests per interval (and burst): 1 to 100,000. */
  requests: { min: 1, max: 100_000 },
  /** Rate limit interval: 1 ms to 1 day. */
  intervalMs: { min: 1, max: 86_400_000 },
  /** Largest response body read: 1 KiB to 1 GiB. */
  maxResponseBytes: { min: 1_024, max: 1_073_741_824 },
});

/**
 * A zod integer in one of the {@link httpOptionRanges}.
 *
 * @param name - the range to use.
 */
function ranged(name: keyof typeof httpOptionRanges) {
  const { min, max } = httpOptionRanges[name];
  return z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max.toLocaleString('en-US')}`);
}

/** Zod schema of a `retry` option: the `RetryPolicy` fields, each in its range; no other key. */
export const retryPolicyOptionSchema = z.strictObject({
  retries: ranged('retries').optional(),
  minDelayMs: ranged('minDelayMs').optional(),
  maxDelayMs: ranged('maxDelayMs').optional(),
  maxRetryAfterMs: ranged('maxRetryAfterMs').optional(),
});

/** Zod schema of a rate limit: `{ requests, intervalMs, burst? }`, each in its range. */
export const rateLimitSchema = z.strictObject({
  requests: ranged('requests'),
  intervalMs: ranged('intervalMs'),
  burst: ranged('requests').optional(),
});

/**
 * Zod fields for the HTTP tuning options adapters pass through to {@link createHttpClient}
 * (`timeoutMs`, `retry`, `concurrency`, `onEvent`), to spread into an adapter's own options
 * schema so every adapter validates them alike, ranges included.
 */
export const httpTuningOptionsShape = {
  /** Per-attempt timeout in ms. */
  timeoutMs: ranged('timeoutMs').optional(),
  /** Retry policy overrides (`RetryPolicy` fields). */
  retry: retryPolicyOptionSchema.optional(),
  /** Most requests in flight per credential. */
  concurrency: ranged('concurrency').optional(),
  /** Log hook; receives redacted events only. */
  onEvent: z
    .custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'must be a function')
    .optional(),
};

/** Zod schema of an adapter's `rateLimit` option: `false`, or `{ requests, intervalMs, burst? }`. */
export const rateLimitOptionSchema = z.union([z.literal(false), rateLimitSchema]).optional();

/** Zod schema of the numeric options {@link createHttpClient} checks itself. */
export const httpClientNumbersSchema = z.object({
  timeoutMs: ranged('timeoutMs').optional(),
  retry: retryPolicyOptionSchema.optional(),
  concurrency: ranged('concurrency').optional(),
  maxResponseBytes: ranged('maxResponseBytes').optional(),
  rateLimit: rateLimitOptionSchema,
});

/** The options an adapter passes through to {@link createHttpClient} unchanged. */
export type HttpTuningOptions = Pick<
  HttpClientOptions,
  'fetch' | 'timeoutMs' | 'retry' | 'rateLimit' | 'concurrency' | 'onEvent'
>;

const tuningKeys = ['fetch', 'timeoutMs', 'retry', 'rateLimit', 'concurrency', 'onEvent'] as const;

/**
 * The HTTP tuning an adapter was given (`fetch`, `timeoutMs`, `retry`, `rateLimit`,
 * `concurrency`, `onEvent`), keeping only the options that are set, to spread into
 * {@link createHttpClient}'s options: one pass-through for every adapter.
 *
 * @param options - the adapter's (validated) options.
 * @example
 * ```ts
 * const http = createHttpClient({ service: 'wps', baseURL, ...httpTuningOf(settings), credentials });
 * ```
 */
export function httpTuningOf(options: HttpTuningOptions): HttpTuningOptions {
  const tuning: Record<string, unknown> = {};
  for (const key of tuningKeys) if (options[key] !== undefined) tuning[key] = options[key];
  return tuning as HttpTuningOptions;
}
