import type { RateLimitOptions } from './http-types.js';

/** A token bucket: `requests` per `intervalMs` steady state, `burst` at once after a quiet period. */
export interface TokenBucket {
  /** Waits until the caller may send one request. Rejects with the signal's reason when aborted. */
  take(signal?: AbortSignal): Promise<void>;
  /** Holds every caller until `time` (ms since epoch), for example after a 429 with Retry-After. */
  pauseUntil(time: number): void;
}

/**
 * Waits `ms` milliseconds; rejects with the signal's reason when it aborts first.
 *
 * @param ms - the delay.
 * @param signal - aborts the wait.
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Creates a reservation-based token bucket: each caller reserves the next free slot at once, so
 * callers go in arrival order and never more than `burst` requests leave together.
 *
 * @param options - the rate.
 * @param now - clock in ms (for tests). Default `Date.now`.
 */
export function createTokenBucket(options: RateLimitOptions, now: () => number = Date.now): TokenBucket {
  if (!(options.requests > 0) || !(options.intervalMs > 0)) {
    throw new RangeError('rateLimit.requests and rateLimit.intervalMs must be positive numbers');
  }
  const capacity = Math.max(1, options.burst ?? options.requests);
  const tokensPerMs = options.requests / options.intervalMs;
  let tokens = capacity;
  let updatedAt = now();
  let pausedUntil = 0;

  return {
    take(signal) {
      const current = now();
      tokens = Math.min(capacity, tokens + (current - updatedAt) * tokensPerMs);
      updatedAt = current;
      tokens -= 1;
      const wait = Math.max(tokens >= 0 ? 0 : Math.ceil(-tokens / tokensPerMs), pausedUntil - current);
      return delay(wait, signal);
    },
    pauseUntil(time) {
      pausedUntil = Math.max(pausedUntil, time);
    },
  };
}
