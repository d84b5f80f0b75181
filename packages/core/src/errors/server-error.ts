import { ApiError, type ApiErrorDetails } from './api-error.js';
import { markerCheck } from './dropship-error.js';

const check = markerCheck<ServerError>('server');

/** The service failed (HTTP 5xx). Retryable for reads; an order submission must look the PO up before trying again. */
export class ServerError extends ApiError {
  /**
   * @param message - what failed; must not contain credentials.
   * @param details - call details, already redacted.
   */
  constructor(message: string, details: ApiErrorDetails) {
    super('server', message, { isRetryable: true, ...details });
    check.mark(this);
  }

  /** True when `error` is a {@link ServerError}. */
  static override isInstance(error: unknown): error is ServerError {
    return check.is(error);
  }
}
