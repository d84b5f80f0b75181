import { describe, expect, it } from 'vitest';
import { classifyRejection, orderRejectionReason, rejectionRulesSchema } from './classify-rejection.js';

describe('classifyRejection', () => {
  it.each([
    ['Part 12-345 is discontinued', 'discontinued'],
    ['Item no longer available', 'discontinued'],
    ['Insufficient stock for 87-9938.', 'out-of-stock'],
    ['OUT OF STOCK', 'out-of-stock'],
    ['Item not available', 'out-of-stock'],
    ['Item is not eligible for drop ship', 'not-drop-shippable'],
    ['Truck part only', 'not-drop-shippable'],
    ['Cannot ship to a P.O. Box', 'address-refused'],
    ['Invalid ship-to zip code', 'address-refused'],
    ['Price does not match', 'price-changed'],
    ['Something went sideways', 'other'],
    ['', 'other'],
  ] as const)('%s → %s', (text, reason) => {
    expect(classifyRejection(text)).toBe(reason);
  });

  it("tries the client's own rules first (a code the defaults would miss, or read otherwise)", () => {
    expect(classifyRejection('E42', [{ pattern: 'e42', reason: 'address-refused' }])).toBe('address-refused');
    expect(classifyRejection('Insufficient stock', [{ pattern: /stock/, reason: 'discontinued' }])).toBe(
      'discontinued',
    );
  });

  it('refuses a rule with an unknown reason or key', () => {
    expect(rejectionRulesSchema.safeParse([{ pattern: 'x', reason: 'gone' }]).success).toBe(false);
    expect(rejectionRulesSchema.safeParse([{ pattern: 'x', reason: 'other', extra: 1 }]).success).toBe(false);
    expect(rejectionRulesSchema.safeParse([{ pattern: /x/, reason: 'other' }]).success).toBe(true);
  });
});

describe('orderRejectionReason', () => {
  it('is the reason every refused line shares, else the message', () => {
    expect(orderRejectionReason('other', [{ message: 'a', reason: 'discontinued' }])).toBe('discontinued');
    expect(
      orderRejectionReason('other', [
        { message: 'a', reason: 'discontinued' },
        { message: 'b', reason: 'out-of-stock' },
      ]),
    ).toBe('other');
    expect(orderRejectionReason('address-refused', [])).toBe('address-refused');
  });
});
