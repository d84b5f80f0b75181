import { ApiError, type ApiErrorDetails } from './api-error.js';
import { markerCheck } from './dropship-error.js';

const check = markerCheck<NetworkError>('network');

/** No response arrived: the connection dropped, was refused or timed out. The service may or may not have acted. */
export class NetworkError extends ApiError {
  /**
   * @param message - what failed; must not contain credentials.
   * @param details - call details, already redacted.
   */
  constructor(message: string, details: ApiErrorDetails) {
    super('network', message, { isRetryable: true, ...details });
    check.mark(this);
  }

  /** True when `error` is a {@link NetworkError}. */
  static override isInstance(error: unknown): error is NetworkError {
    return check.is(error);
  }
}
