import { ApiError, type ApiErrorDetails } from './api-error.js';
import { markerCheck } from './dropship-error.js';

const check = markerCheck<ResponseParseError>('response-parse');

/**
 * The service answered with a body the SDK cannot use (not JSON, or a required field missing
 * or of the wrong type). Names the service and the field.
 */
export class ResponseParseError extends ApiError {
  /** Dotted paths of the offending fields (empty when the body was not parseable at all). */
  readonly fields: readonly string[];

  /**
   * @param message - what is wrong with the body.
   * @param details - call details plus the offending field paths.
   */
  constructor(message: string, details: ApiErrorDetails & { fields?: readonly string[] }) {
    super('response-parse', message, { isRetryable: false, ...details });
    check.mark(this);
    this.fields = details.fields ?? [];
  }

  /** True when `error` is a {@link ResponseParseError}. */
  static override isInstance(error: unknown): error is ResponseParseError {
    return check.is(error);
  }
}
