/** A rate limit as a token bucket: `requests` per `intervalMs` steady, `burst` at once. */
export interface BucketLimit {
  requests: number;
  intervalMs: number;
  burst: number;
}

/** The busiest window found, and what the limit allows in it. */
export interface WindowReport {
  /** Window length, ms. */
  windowMs: number;
  /** Most requests seen in any window of that length. */
  most: number;
  /** Most the limit allows in such a window (with the jitter allowance). */
  allowed: number;
  /** Where the busiest window starts (ms from the first request). */
  at: number;
}

/**
 * Sliding-window check of request times against a token bucket: in any window of length W, a
 * bucket lets at most `burst + W × requests / intervalMs` requests through. Windows of ½, 1, 2 and
 * 5 intervals are checked, each starting at every request. `jitterMs` widens each window by the
 * time a request may spend between leaving the client's limiter and reaching the server (event
 * loop, MSW), which can bring two requests closer than the limiter spaced them.
 *
 * @param times - arrival times at the server, ms.
 * @param limit - the bucket.
 * @param jitterMs - allowance for arrival jitter.
 * @returns one report per window length.
 */
export function slidingWindowReports(times: readonly number[], limit: BucketLimit, jitterMs: number): WindowReport[] {
  const sorted = [...times].sort((left, right) => left - right);
  const first = sorted[0] ?? 0;
  return [0.5, 1, 2, 5].map((factor) => {
    const windowMs = limit.intervalMs * factor;
    const allowed = Math.floor(limit.burst + ((windowMs + jitterMs) * limit.requests) / limit.intervalMs);
    let most = 0;
    let at = 0;
    let end = 0;
    for (let start = 0; start < sorted.length; start += 1) {
      const from = sorted[start] as number;
      while (end < sorted.length && (sorted[end] as number) < from + windowMs) end += 1;
      if (end - start > most) {
        most = end - start;
        at = from - first;
      }
    }
    return { windowMs, most, allowed, at };
  });
}
