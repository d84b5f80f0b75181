import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { MAX_PURCHASE_ORDER_NUMBER_LENGTH, purchaseOrderNumber } from './purchase-order-number.js';

describe('purchaseOrderNumber', () => {
  it('is deterministic, ASCII A-Z 0-9 -, and at most 20 characters', () => {
    const number = purchaseOrderNumber('ebay:12-34567-89012', 'wps');
    expect(number).toBe(purchaseOrderNumber('ebay:12-34567-89012', 'wps'));
    expect(number).toMatch(/^DS-[A-Z0-9]{14}$/);
    expect(number.length).toBeLessThanOrEqual(MAX_PURCHASE_ORDER_NUMBER_LENGTH);
    expect(MAX_PURCHASE_ORDER_NUMBER_LENGTH).toBeLessThanOrEqual(20); // Parts Unlimited: 20, Automatic: 22
  });

  it('differs by sales order, by distributor and by attempt', () => {
    const base = purchaseOrderNumber('ebay:1', 'wps');
    expect(purchaseOrderNumber('ebay:2', 'wps')).not.toBe(base);
    expect(purchaseOrderNumber('amazon:1', 'wps')).not.toBe(base);
    expect(purchaseOrderNumber('ebay:1', 'parts-unlimited')).not.toBe(base);
    expect(purchaseOrderNumber('ebay:1', 'wps', { attempt: 1 })).not.toBe(base);
    expect(purchaseOrderNumber('ebay:1', 'wps', { attempt: 0 })).toBe(base);
  });

  it('keeps the longest prefix within 20 characters', () => {
    const number = purchaseOrderNumber('shopify:#1001', 'automatic', { prefix: 'ACME5' });
    expect(number).toMatch(/^ACME5-[A-Z0-9]{14}$/);
    expect(number).toHaveLength(20);
  });

  it('has no collision among 300,000 sequential order ids at 4 distributors', () => {
    const seen = new Set<string>();
    for (let order = 0; order < 75_000; order++) {
      for (const distributor of ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic']) {
        seen.add(purchaseOrderNumber(`ebay:24-${order}-1`, distributor));
      }
    }
    expect(seen.size).toBe(300_000);
  });

  it('spreads the hash: a one-character change flips about half of the bits', () => {
    const toBits = (number: string): string =>
      [number.slice(3, 10), number.slice(10)]
        .map((part) => Number.parseInt(part, 36).toString(2).padStart(32, '0'))
        .join('');
    let flipped = 0;
    const samples = 2000;
    for (let index = 0; index < samples; index++) {
      const left = toBits(purchaseOrderNumber(`ebay:order-${index}`, 'wps'));
      const right = toBits(purchaseOrderNumber(`ebay:order-${index + 1}`, 'wps'));
      for (let bit = 0; bit < 64; bit++) if (left[bit] !== right[bit]) flipped++;
    }
    const average = flipped / samples;
    expect(average).toBeGreaterThan(28);
    expect(average).toBeLessThan(36);
  });

  it('rejects bad arguments with a ValidationError', () => {
    expect(() => purchaseOrderNumber('', 'wps')).toThrow(ValidationError);
    expect(() => purchaseOrderNumber('ebay:1', 42 as never)).toThrow(ValidationError);
    expect(() => purchaseOrderNumber('ebay:1', 'wps', { prefix: 'DEALER' })).toThrow(ValidationError);
    expect(() => purchaseOrderNumber('ebay:1', 'wps', { attempt: 1.5 })).toThrow(ValidationError);
  });
});
