import { DropshipError, markerCheck } from './dropship-error.js';

const check = markerCheck<AccountSetupError>('account-setup');

/**
 * The dealer's account with a distributor or marketplace is not set up for what was asked,
 * for example a WPS account without a Tax ID or a Tucker Rocky account without a credit card.
 * Retrying does not help; the dealer must fix the account.
 */
export class AccountSetupError extends DropshipError {
  /** The service, for example `tucker-rocky`. */
  readonly service: string;
  /** What the account lacks, for example `tax-id` or `credit-card`. */
  readonly requirement: string;

  /**
   * @param service - the service.
   * @param requirement - what the account lacks.
   * @param message - how the dealer fixes it.
   */
  constructor(service: string, requirement: string, message: string, options?: ErrorOptions) {
    super('account-setup', `${service}: ${message}`, options);
    check.mark(this);
    this.service = service;
    this.requirement = requirement;
  }

  /** True when `error` is an {@link AccountSetupError}. */
  static override isInstance(error: unknown): error is AccountSetupError {
    return check.is(error);
  }
}
