import { ApiError, type ApiErrorDetails } from './api-error.js';
import { markerCheck } from './dropship-error.js';

const check = markerCheck<NotFoundError>('not-found');

/** The resource does not exist at the service (HTTP 404). Not retryable. */
export class NotFoundError extends ApiError {
  /**
   * @param message - what failed; must not contain credentials.
   * @param details - call details, already redacted.
   */
  constructor(message: string, details: ApiErrorDetails) {
    super('not-found', message, { isRetryable: false, ...details });
    check.mark(this);
  }

  /** True when `error` is a {@link NotFoundError}. */
  static override isInstance(error: unknown): error is NotFoundError {
    return check.is(error);
  }
}
