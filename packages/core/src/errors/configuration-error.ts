import { DropshipError, markerCheck } from './dropship-error.js';

const check = markerCheck<ConfigurationError>('configuration');

/** The SDK was wired up wrongly: an unknown distributor, a missing store, a bad option. */
export class ConfigurationError extends DropshipError {
  /** @param message - what is misconfigured and how to fix it. */
  constructor(message: string, options?: ErrorOptions) {
    super('configuration', message, options);
    check.mark(this);
  }

  /** True when `error` is a {@link ConfigurationError}. */
  static override isInstance(error: unknown): error is ConfigurationError {
    return check.is(error);
  }
}
