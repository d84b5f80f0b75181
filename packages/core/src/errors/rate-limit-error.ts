import { ApiError, type ApiErrorDetails } from './api-error.js';
import { markerCheck } from './dropship-error.js';

const check = markerCheck<RateLimitError>('rate-limited');

/** The service throttled the call (HTTP 429 or its own equivalent). Retryable after a wait. */
export class RateLimitError extends ApiError {
  /** How long the service asked to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  /**
   * @param message - what failed.
   * @param details - call details, already redacted, plus the requested wait.
   */
  constructor(message: string, details: ApiErrorDetails & { retryAfterMs?: number }) {
    super('rate-limited', message, { isRetryable: true, ...details });
    check.mark(this);
    this.retryAfterMs = details.retryAfterMs;
  }

  /** True when `error` is a {@link RateLimitError}. */
  static override isInstance(error: unknown): error is RateLimitError {
    return check.is(error);
  }
}
