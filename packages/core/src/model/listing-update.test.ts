import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { parseListingUpdates } from './listing-update.js';

describe('parseListingUpdates', () => {
  it('keeps valid updates: a quantity, a price, both, with expectedQuantity', () => {
    const updates = [
      { sku: 'A', quantity: 0 },
      { sku: 'B', price: { amount: 1_999, currency: 'USD' } },
      { sku: 'C', quantity: 3, price: { amount: 0, currency: 'CAD' }, expectedQuantity: 2 },
    ];
    expect(parseListingUpdates(updates, 'updates')).toEqual(updates);
  });

  it('refuses what no marketplace takes, naming the field: no value, a negative or fractional one, a SKU twice, an unknown key, a long SKU', () => {
    for (const [bad, field] of [
      [[{ sku: 'A' }], '0'],
      [[{ sku: 'A', quantity: -1 }], '0.quantity'],
      [[{ sku: 'A', quantity: 1.5 }], '0.quantity'],
      [[{ sku: 'A', price: { amount: 10.5, currency: 'USD' } }], '0.price.amount'],
      [[{ sku: 'A', price: { amount: 10, currency: 'usd' } }], '0.price.currency'],
      [
        [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
        '1.sku',
      ],
      [[{ sku: 'A', quantity: 1, colour: 'red' }], '0'],
      [[{ sku: 'A'.repeat(41), quantity: 1 }], '0.sku'],
    ] as const) {
      let caught: unknown;
      try {
        parseListingUpdates(bad, 'updates', 40);
      } catch (error) {
        caught = error;
      }
      expect(ValidationError.isInstance(caught), JSON.stringify(bad)).toBe(true);
      expect((caught as ValidationError).issues.map((issue) => issue.path).join(' '), JSON.stringify(bad)).toContain(
        field,
      );
    }
  });
});
