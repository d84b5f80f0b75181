import { describe, expect, it } from 'vitest';
import documented from './__fixtures__/walmart-error-documented.json' with { type: 'json' };
import legacy from './__fixtures__/walmart-error-orders-legacy.json' with { type: 'json' };
import { describeWalmartErrors, parseWalmartErrors } from './parse-walmart-errors.js';

describe('parseWalmartErrors', () => {
  it('reads the documented shape {errors:[...]} (https://developer.walmart.com/us-marketplace/docs/error-codes, error-codes page)', () => {
    expect(parseWalmartErrors(documented)).toEqual([
      { code: 'INVALID_REQUEST_CONTENT', message: 'Carrier name is invalid', field: 'carrierName' },
    ]);
  });

  it('reads the Orders-API shape {errors:{error:[...]}} (https://developer.walmart.com/us-marketplace/docs/error-codes, UNCONFIRMED) using description', () => {
    const [detail] = parseWalmartErrors(legacy);
    expect(detail?.code).toBe('INVALID_REQUEST_CONTENT.GMP_ORDER_API');
    expect(detail?.message).toContain('cannot be shipped as quantity is greater than ordered');
    expect(detail?.field).toBe('data');
  });

  it('accepts a lone error object instead of a list', () => {
    expect(parseWalmartErrors({ errors: { error: { code: 'UNAUTHORIZED', info: 'Unauthorized' } } })).toEqual([
      { code: 'UNAUTHORIZED', message: 'Unauthorized' },
    ]);
  });

  it('returns nothing for bodies without errors', () => {
    expect(parseWalmartErrors(undefined)).toEqual([]);
    expect(parseWalmartErrors('oops')).toEqual([]);
    expect(parseWalmartErrors({ order: {} })).toEqual([]);
    expect(parseWalmartErrors({ errors: [{}] })).toEqual([]);
  });

  it('summarises errors with their fields', () => {
    expect(describeWalmartErrors(parseWalmartErrors(documented))).toBe(
      'INVALID_REQUEST_CONTENT: Carrier name is invalid (field carrierName)',
    );
  });
});
