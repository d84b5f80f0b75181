import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { parseDistributorShipment } from './parse-distributor-shipment.js';

// The hand-written fast path beside the schema is gone (see parse-distributor-shipment.ts); its
// behaviour tests stay, against the one parser.
describe('parseDistributorShipment: the usual reports', () => {
  it('answers for the usual reports: rest of the PO, exact lines, a box of a distributor order', () => {
    const base = { carrier: 'ups', trackingNumber: '1Z999', shippedAt: '2026-11-20T15:00:00Z' };
    expect(parseDistributorShipment(base)).toEqual(base);
    expect(parseDistributorShipment({ ...base, lines: [{ sku: 'A', quantity: 2 }] })).toEqual({
      ...base,
      lines: [{ sku: 'A', quantity: 2 }],
    });
    const box = { ...base, packageOf: { ref: 'W1', lines: [{ sku: 'A', quantity: 1 }], complete: true } };
    expect(parseDistributorShipment(box)).toEqual(box);
  });

  it('builds fresh objects: freezing the result leaves the reported package alone', () => {
    const input = {
      carrier: 'ups',
      trackingNumber: '1Z999',
      shippedAt: '2026-11-20T15:00:00Z',
      lines: [{ sku: 'A', quantity: 2 }],
    };
    const parsed = parseDistributorShipment(input);
    expect(parsed).not.toBe(input);
    expect(parsed.lines).not.toBe(input.lines);
    expect(parsed.lines?.[0]).not.toBe(input.lines[0]);
  });

  it('refuses an array as a report', () => {
    const base = { carrier: 'ups', trackingNumber: '1Z999', shippedAt: '2026-11-20T15:00:00Z' };
    expect(() => parseDistributorShipment([base])).toThrow(ValidationError);
  });
});

describe('parseDistributorShipment', () => {
  it('keeps a tracking URL, and words its errors', () => {
    const withUrl = {
      carrier: 'ups',
      trackingNumber: '1Z999',
      shippedAt: '2026-11-20T15:00:00Z',
      trackingUrl: 'https://track.example/1Z999',
    };
    expect(parseDistributorShipment(withUrl)).toEqual(withUrl);
    let error: unknown;
    try {
      parseDistributorShipment({ carrier: 'ups', trackingNumber: '', shippedAt: 'yesterday' }, 'shipment');
    } catch (caught) {
      error = caught;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'shippedAt',
      'trackingNumber',
    ]);
  });
});
