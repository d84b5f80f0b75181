import { DropshipError, markerCheck } from './dropship-error.js';

/** What an {@link ApiError} knows about the failed call. Credentials are already redacted. */
export interface ApiErrorDetails {
  /** The service called, for example `wps` or `ebay`. */
  service: string;
  /** HTTP method. */
  method?: string;
  /** The URL with credentials (query-string keys, tokens) replaced by `[REDACTED]`. */
  url?: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The response body (redacted, truncated), when one arrived. */
  responseBody?: string;
  /** Whether the same call may succeed if tried again. */
  isRetryable?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

const check = markerCheck<ApiError>('api');

/**
 * A call to a distributor or marketplace API failed. Subclasses name the category
 * (authentication, not found, invalid request, rate limited, server, network, malformed
 * response). Carries the status, the redacted URL, the response body and `isRetryable`.
 */
export class ApiError extends DropshipError {
  /** The service called. */
  readonly service: string;
  /** HTTP method. */
  readonly method: string | undefined;
  /** Redacted URL. */
  readonly url: string | undefined;
  /** HTTP status, if a response arrived. */
  readonly status: number | undefined;
  /** Redacted, truncated response body, if one arrived. */
  readonly responseBody: string | undefined;
  /** Whether trying the same call again may succeed. */
  readonly isRetryable: boolean;

  /**
   * @param code - stable code of the category.
   * @param message - what failed; must not contain credentials.
   * @param details - call details, already redacted.
   */
  constructor(code: string, message: string, details: ApiErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    check.mark(this);
    this.service = details.service;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.responseBody = details.responseBody;
    this.isRetryable = details.isRetryable ?? false;
  }

  /** True when `error` is any {@link ApiError} (including its subclasses). */
  static override isInstance(error: unknown): error is ApiError {
    return check.is(error);
  }
}
