import { ApiError, type ApiErrorDetails } from './api-error.js';
import { markerCheck } from './dropship-error.js';

const check = markerCheck<AuthenticationError>('authentication');

/** The service refused the credentials (HTTP 401/403, or its own equivalent). Not retryable. */
export class AuthenticationError extends ApiError {
  /**
   * @param message - what failed; must not contain credentials.
   * @param details - call details, already redacted.
   */
  constructor(message: string, details: ApiErrorDetails) {
    super('authentication', message, { isRetryable: false, ...details });
    check.mark(this);
  }

  /** True when `error` is a {@link AuthenticationError}. */
  static override isInstance(error: unknown): error is AuthenticationError {
    return check.is(error);
  }
}
