import { ApiError, type ApiErrorDetails } from './api-error.js';
import { markerCheck } from './dropship-error.js';

const check = markerCheck<InvalidRequestError>('invalid-request');

/** The service rejected the request as invalid (HTTP 400/422, or a body-level validation failure). Not retryable. */
export class InvalidRequestError extends ApiError {
  /**
   * @param message - what failed; must not contain credentials.
   * @param details - call details, already redacted.
   */
  constructor(message: string, details: ApiErrorDetails) {
    super('invalid-request', message, { isRetryable: false, ...details });
    check.mark(this);
  }

  /** True when `error` is a {@link InvalidRequestError}. */
  static override isInstance(error: unknown): error is InvalidRequestError {
    return check.is(error);
  }
}
