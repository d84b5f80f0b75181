import { describe, expect, it } from 'vitest';
import userErrors from './__fixtures__/shopify-fulfillment-create-user-errors.json' with { type: 'json' };
import throttled from './__fixtures__/shopify-throttled.json' with { type: 'json' };
import {
  DEFAULT_THROTTLE_WAIT_MS,
  describeShopifyUserErrors,
  MIN_THROTTLE_WAIT_MS,
  parseShopifyGraphqlErrors,
  throttleWaitMs,
} from './parse-shopify-errors.js';

describe('parseShopifyGraphqlErrors (https://shopify.dev/docs/api/usage/limits)', () => {
  it('reads THROTTLED and waits until the requested cost is restored', () => {
    // 752 requested, 352 available, 100 restored per second → 4 s.
    expect(parseShopifyGraphqlErrors(throttled)).toEqual({
      kind: 'throttled',
      message: 'Throttled',
      retryAfterMs: 4_000,
    });
  });

  it('falls back to a one-second wait without cost extensions, and waits at least 50 ms', () => {
    expect(throttleWaitMs(undefined)).toBe(DEFAULT_THROTTLE_WAIT_MS);
    expect(
      throttleWaitMs({
        cost: { requestedQueryCost: 10, throttleStatus: { currentlyAvailable: 900, restoreRate: 50 } },
      }),
    ).toBe(MIN_THROTTLE_WAIT_MS);
    expect(
      throttleWaitMs({
        cost: { requestedQueryCost: 150, throttleStatus: { currentlyAvailable: 0, restoreRate: 1_000 } },
      }),
    ).toBe(150);
  });

  it('reads ACCESS_DENIED and other GraphQL errors', () => {
    expect(
      parseShopifyGraphqlErrors({
        errors: [{ message: 'Access denied for order field.', extensions: { code: 'ACCESS_DENIED' } }],
      }),
    ).toEqual({
      kind: 'access-denied',
      message: 'Access denied for order field.',
    });
    expect(
      parseShopifyGraphqlErrors({ errors: [{ message: "Field 'nope' doesn't exist on type 'Order'" }] }),
    ).toMatchObject({ kind: 'graphql' });
    expect(parseShopifyGraphqlErrors({ errors: '[API] Invalid API key or access token' })).toMatchObject({
      kind: 'graphql',
    });
  });

  it('returns undefined when there are no top-level errors (userErrors are not top-level)', () => {
    expect(parseShopifyGraphqlErrors(userErrors)).toBeUndefined();
    expect(parseShopifyGraphqlErrors({ data: {}, errors: [] })).toBeUndefined();
  });

  it('lists userErrors with their input paths', () => {
    expect(describeShopifyUserErrors(userErrors.data.fulfillmentCreate.userErrors)).toBe(
      'fulfillment.lineItemsByFulfillmentOrder.0.fulfillmentOrderLineItems.0.quantity: Quantity must be less than or equal to the remaining quantity',
    );
  });
});
