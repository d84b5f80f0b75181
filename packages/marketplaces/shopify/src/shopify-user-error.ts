import { type ApiErrorDetails, InvalidRequestError } from '@dropship/core';

/** One `userErrors` entry of a Shopify mutation. */
export interface ShopifyUserErrorField {
  /** Path of the input Shopify blames, for example `['fulfillment', 'lineItemsByFulfillmentOrder', '0']`; empty when it names none. */
  field: readonly string[];
  /** Shopify's message. */
  message: string;
}

/**
 * A Shopify mutation answered with `userErrors` (HTTP 200, nothing written;
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate). An `InvalidRequestError` (so `InvalidRequestError.isInstance`
 * holds) that also lists every user error with the input path it blames.
 */
export class ShopifyUserError extends InvalidRequestError {
  /** Every user error with its input path. */
  readonly userErrors: readonly ShopifyUserErrorField[];

  /**
   * @param message - what failed.
   * @param userErrors - the mutation's user errors.
   * @param details - call details, already redacted.
   */
  constructor(message: string, userErrors: readonly ShopifyUserErrorField[], details: ApiErrorDetails) {
    super(message, details);
    this.userErrors = userErrors;
  }

  /** True when `error` is a {@link ShopifyUserError}, even from another copy of the package. */
  static override isInstance(error: unknown): error is ShopifyUserError {
    return (
      InvalidRequestError.isInstance(error) &&
      error.name === 'ShopifyUserError' &&
      Array.isArray((error as { userErrors?: unknown }).userErrors)
    );
  }
}
