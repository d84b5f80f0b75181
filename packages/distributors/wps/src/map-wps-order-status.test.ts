import { describe, expect, it } from 'vitest';
import { combineWpsOrderStatuses, mapWpsOrderStatus } from './map-wps-order-status.js';

describe('mapWpsOrderStatus', () => {
  it.each([
    ['Shipped', 'shipped'],
    ['INVOICED', 'shipped'],
    ['Open', 'open'],
    ['In Process', 'open'],
    ['Pending', 'pending'],
    ['On Hold', 'pending'],
    ['Backordered', 'backordered'],
    ['Back Order', 'backordered'],
    ['Partially Shipped', 'partially_shipped'],
    ['Cancelled', 'cancelled'],
    ['Canceled', 'cancelled'],
    ['Rejected', 'rejected'],
  ] as const)('maps the known-looking text %s to %s', (text, expected) => {
    expect(mapWpsOrderStatus(text, false)).toBe(expected);
  });

  it('keeps text it cannot read as unknown instead of guessing (the value set is NOT FOUND, https://www.wps-inc.com/data-depot/v4/api/order-processing/orders)', () => {
    expect(mapWpsOrderStatus('Z7', false)).toBe('unknown');
    expect(mapWpsOrderStatus(undefined, false)).toBe('unknown');
  });

  it('reads a warehouse order with tracking as at least partially shipped', () => {
    expect(mapWpsOrderStatus('Z7', true)).toBe('partially_shipped');
    expect(mapWpsOrderStatus('Open', true)).toBe('partially_shipped');
    expect(mapWpsOrderStatus('Shipped', true)).toBe('shipped');
  });

  it('lets the dealer pin real values, case-insensitively', () => {
    expect(mapWpsOrderStatus('z7', false, { Z7: 'shipped' })).toBe('shipped');
    expect(mapWpsOrderStatus('Open', false, { open: 'pending' })).toBe('pending');
  });
});

describe('combineWpsOrderStatuses', () => {
  it.each([
    [[], 'pending'],
    [['shipped', 'shipped'], 'shipped'],
    [['shipped', 'open'], 'partially_shipped'],
    [['shipped', 'cancelled'], 'shipped'],
    [['cancelled', 'cancelled'], 'cancelled'],
    [['cancelled', 'rejected'], 'cancelled'],
    [['open', 'backordered'], 'backordered'],
    [['open', 'unknown'], 'unknown'],
    [['open', 'pending'], 'open'],
  ] as const)('combines %j into %s', (statuses, expected) => {
    expect(combineWpsOrderStatuses(statuses)).toBe(expected);
  });
});
