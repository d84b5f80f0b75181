import { describe, expect, it } from 'vitest';
import {
  createCallRecorder,
  createIdGenerator,
  createOrderBook,
  createTrackingNumberGenerator,
} from './simulator-utilities.js';

describe('createIdGenerator', () => {
  it('gives sequential, padded ids', () => {
    const next = createIdGenerator('ORD', { start: 41, width: 4 });
    expect([next(), next()]).toEqual(['ORD0041', 'ORD0042']);
  });
});

describe('createTrackingNumberGenerator', () => {
  it('imitates each carrier format and never repeats', () => {
    const ups = createTrackingNumberGenerator('ups');
    const first = ups();
    expect(first).toMatch(/^1Z[0-9A-Z]{16}$/);
    expect(ups()).not.toBe(first);
    expect(createTrackingNumberGenerator('fedex')()).toMatch(/^\d{12}$/);
    expect(createTrackingNumberGenerator('usps')()).toMatch(/^9400\d{18}$/);
  });
});

describe('createOrderBook', () => {
  const order = (poNumber: string) => ({
    poNumber,
    reference: `R-${poNumber}`,
    lines: [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1 },
    ],
    status: 'open' as const,
    shipments: [],
  });

  it('counts orders per PO number (a second order for a PO is the bug it reveals)', () => {
    const book = createOrderBook();
    book.add(order('PO1'));
    book.add(order('PO1'));
    book.add(order('PO2'));
    expect(book.count('PO1')).toBe(2);
    expect(book.count('PO3')).toBe(0);
    expect(book.findAll('PO1')).toHaveLength(2);
    book.clear();
    expect(book.all()).toEqual([]);
  });

  it('ships part of an order, then the rest, updating the status', () => {
    const book = createOrderBook({ nextTrackingNumber: () => 'TRACK1' });
    book.add(order('PO1'));
    expect(book.ship('PO1', { lines: [{ sku: 'A', quantity: 1 }], trackingNumber: 'FIRST' })).toBe('FIRST');
    expect(book.find('PO1')?.status).toBe('partially_shipped');
    expect(book.remaining('PO1')).toEqual([
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 1 },
    ]);
    expect(book.ship('PO1')).toBe('TRACK1');
    expect(book.find('PO1')?.status).toBe('shipped');
    expect(book.find('PO1')?.shipments[1]?.lines).toEqual([
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 1 },
    ]);
  });

  it('refuses to ship more than is left, an unknown PO, or a cancelled order', () => {
    const book = createOrderBook();
    book.add(order('PO1'));
    expect(() => book.ship('PO1', { lines: [{ sku: 'B', quantity: 2 }] })).toThrow(/cannot ship 2 of B/);
    expect(() => book.ship('NOPE')).toThrow(/no order/);
    expect(book.cancel('PO1')).toBe(true);
    expect(() => book.ship('PO1')).toThrow(/cancelled/);
    expect(book.cancel('PO1')).toBe(false);
  });
});

describe('createCallRecorder', () => {
  it('counts calls and keeps their times per operation', () => {
    const calls = createCallRecorder();
    calls.record('stock');
    calls.record('stock');
    calls.record('submit');
    expect(calls.count()).toBe(3);
    expect(calls.count('stock')).toBe(2);
    expect(calls.times('submit')).toHaveLength(1);
    calls.reset();
    expect(calls.count()).toBe(0);
  });
});
