import { z } from 'zod';
import type { createHttpClient } from './http-client.js';

const positiveInteger = z.number().int('must be a whole number').positive('must be at least 1');

/**
 * Zod fields for the HTTP tuning options adapters pass through to {@link createHttpClient}
 * (`timeoutMs`, `retry`, `concurrency`, `onEvent`), to spread into an adapter's own options
 * schema so every adapter validates them alike.
 */
export const httpTuningOptionsShape = {
  /** Per-attempt timeout in ms. */
  timeoutMs: positiveInteger.optional(),
  /** Retry policy overrides (`RetryPolicy` fields). */
  retry: z.record(z.string(), z.number()).optional(),
  /** Most requests in flight per credential. */
  concurrency: positiveInteger.optional(),
  /** Log hook; receives redacted events only. */
  onEvent: z
    .custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'must be a function')
    .optional(),
};

/** Zod schema of an adapter's `rateLimit` option: `false`, or `{ requests, intervalMs, burst? }`. */
export const rateLimitOptionSchema = z
  .union([z.literal(false), z.object({ requests: positiveInteger, intervalMs: positiveInteger }).loose()])
  .optional();
