import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import {
  createPurchaseOrderNumbering,
  MAX_PURCHASE_ORDER_NUMBER_LENGTH,
  purchaseOrderNumber,
} from './purchase-order-number.js';

/**
 * Inputs → numbers, taken by running `purchaseOrderNumber` as it was before
 * `PurchaseOrderNumbering` existed (commit a1aa7fd). PO numbers are stored and sent to
 * distributors, so these must never change: [salesOrderId, distributor, prefix, attempt, number].
 */
const pinnedNumbers: readonly (readonly [string, string, string | null, number, string])[] = [
  ['ebay:12-34567-89012', 'wps', null, 0, 'DS-1N92TGR0Z09TJ6'],
  ['ebay:12-34567-89012', 'wps', null, 1, 'DS-14GEA8003D10IJ'],
  ['ebay:12-34567-89012', 'wps', null, 2, 'DS-12WLFK51R3W0RC'],
  ['ebay:1', 'parts-unlimited', null, 0, 'DS-1OUMY780Y4H7WD'],
  ['amazon:111-2223334-5556667', 'tucker-rocky', null, 0, 'DS-1JKMUB717PZQV1'],
  ['amazon:111-2223334-5556667', 'tucker-rocky', null, 7, 'DS-0KTAWVO0EHYWC0'],
  ['walmart:108826281472239', 'automatic', null, 0, 'DS-14N8BC40YAYFCC'],
  ['shopify:#1001', 'automatic', 'ACME5', 0, 'ACME5-1MZZHDI19BFL6P'],
  ['shopify:#1001', 'automatic', 'ACME5', 3, 'ACME5-1TY5P4200KKDIO'],
  ['shopify:#1001', 'wps', 'X', 0, 'X-1A1SF1D1NERIBQ'],
  ['ebay:ümlaut-☃-😀', 'wps', null, 0, 'DS-0D2U6WH0UMVI7B'],
  ['ebay:24-0-1', 'wps', 'DS', 10, 'DS-0LHR0MO1HLERQI'],
  ['a:b', 'c', 'Z9', 123456, 'Z9-0MG7DK10O05Q70'],
];

describe('PurchaseOrderNumbering', () => {
  it.each(pinnedNumbers)(
    'numbers %s at %s (prefix %s, attempt %i) exactly as before: %s',
    (salesOrderId, distributor, prefix, attempt, expected) => {
      const numbering = createPurchaseOrderNumbering(prefix === null ? {} : { prefix });
      expect(numbering.numberFor(salesOrderId, distributor, attempt)).toBe(expected);
      expect(purchaseOrderNumber(salesOrderId, distributor, { ...(prefix === null ? {} : { prefix }), attempt })).toBe(
        expected,
      );
      if (attempt === 0) expect(numbering.numberFor(salesOrderId, distributor)).toBe(expected);
    },
  );

  it('keeps its prefix for every attempt', () => {
    const numbering = createPurchaseOrderNumbering({ prefix: 'ACME' });
    expect(numbering.prefix).toBe('ACME');
    for (const attempt of [0, 1, 2, 50])
      expect(numbering.numberFor('ebay:1', 'wps', attempt)).toMatch(/^ACME-[A-Z0-9]{14}$/);
    expect(createPurchaseOrderNumbering().prefix).toBe('DS');
  });

  it('refuses a malformed prefix, an unknown option and bad arguments with a ValidationError naming the path', () => {
    expect(() => createPurchaseOrderNumbering({ prefix: 'dealer' })).toThrow(/prefix/);
    expect(() => createPurchaseOrderNumbering({ prefix: 'DEALER' })).toThrow(ValidationError);
    expect(() => createPurchaseOrderNumbering({ prefx: 'DS' } as never)).toThrow(ValidationError);
    const numbering = createPurchaseOrderNumbering();
    expect(() => numbering.numberFor('', 'wps')).toThrow(/salesOrderId/);
    expect(() => numbering.numberFor('ebay:1', '')).toThrow(/distributor/);
    expect(() => numbering.numberFor('ebay:1', 'wps', -1)).toThrow(/attempt/);
    expect(() => numbering.numberFor('ebay:1', 'wps', 1.5)).toThrow(ValidationError);
  });
});

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
