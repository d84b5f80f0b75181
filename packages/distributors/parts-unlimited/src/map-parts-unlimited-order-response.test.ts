import {
  AuthenticationError,
  InvalidRequestError,
  OrderRejectedError,
  RateLimitError,
  ResponseParseError,
  ServerError,
} from '@dropship/core';
import { describe, expect, it } from 'vitest';
import accepted from './__fixtures__/order-accepted.json' with { type: 'json' };
import mainframeErrors from './__fixtures__/order-mainframe-errors.json' with { type: 'json' };
import {
  defaultPartsUnlimitedSuccessStatusCodes,
  mapPartsUnlimitedOrderResponse,
  type PartsUnlimitedOrderResponseContext,
} from './map-parts-unlimited-order-response.js';
import { partsUnlimitedOrderResponseSchema } from './parts-unlimited-schemas.js';

// Seen in third-party clients (no public documentation): success is the BODY's status_code (200–203), errors are mainframeErrors[].text.
const context: PartsUnlimitedOrderResponseContext = {
  poNumber: 'PO-1',
  skus: ['0999-9999', '0101-1234'],
  httpStatus: 200,
  method: 'POST',
  url: 'https://api.parts-unlimited.com/api/v2/orders/dropship',
  text: '',
  successStatusCodes: defaultPartsUnlimitedSuccessStatusCodes,
  redact: (text) => text.replaceAll('DEALER-SECRET', '[REDACTED]'),
};

function map(body: unknown, overrides: Partial<PartsUnlimitedOrderResponseContext> = {}) {
  return mapPartsUnlimitedOrderResponse(partsUnlimitedOrderResponseSchema.parse(body), { ...context, ...overrides });
}

function capture(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('mapPartsUnlimitedOrderResponse', () => {
  it('accepts each success status_code and returns the reference', () => {
    for (const code of [200, 201, 202, 203]) {
      expect(map({ ...accepted, status_code: code }).reference).toBe('DS1234567');
    }
  });

  it('accepts a status_code sent as a string', () => {
    expect(map({ ...accepted, status_code: '202' }).reference).toBe('DS1234567');
  });

  it('treats HTTP 200 with a failing body status_code as a refusal with line errors', () => {
    const error = capture(() => map(mainframeErrors));
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    if (!OrderRejectedError.isInstance(error)) return;
    expect(error.poNumber).toBe('PO-1');
    expect(error.lineErrors).toEqual([
      { sku: '0999-9999', message: 'PART 0999-9999 NOT FOUND', reason: 'other' },
      { message: 'INVALID SHIP TO STATE', reason: 'address-refused' },
    ]);
    // Lines of different reasons: the order's reason is its status_message's ("Order not created": other).
    expect(error.reason).toBe('other');
  });

  it('maps a failing status_code without mainframe errors to InvalidRequestError', () => {
    const error = capture(() => map({ status_code: 422, status_message: 'purchase_order_number is required' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toContain('purchase_order_number is required');
  });

  it('maps 204 (not in 200–203) to a failure', () => {
    expect(InvalidRequestError.isInstance(capture(() => map({ status_code: 204 })))).toBe(true);
  });

  it('maps body-level 401, 429 and 500', () => {
    expect(AuthenticationError.isInstance(capture(() => map({ status_code: 401 })))).toBe(true);
    const limited = capture(() => map({ status_code: 429 }, { retryAfterMs: 2000 }));
    expect(RateLimitError.isInstance(limited) && limited.retryAfterMs).toBe(2000);
    expect(ServerError.isInstance(capture(() => map({ status_code: 500 })))).toBe(true);
  });

  it('uses the HTTP status when it is not 2xx, whatever the body says', () => {
    expect(ServerError.isInstance(capture(() => map({ status_code: 200 }, { httpStatus: 503 })))).toBe(true);
    expect(OrderRejectedError.isInstance(capture(() => map(mainframeErrors, { httpStatus: 400 })))).toBe(true);
  });

  it('keeps mainframe texts of an accepted order as notes', () => {
    expect(map({ status_code: 200, reference_number: 9, mainframeErrors: [{ text: 'BACKORDERED' }] })).toEqual({
      reference: '9',
      statusMessage: undefined,
      notes: ['BACKORDERED'],
    });
  });

  it('redacts secrets echoed by the API', () => {
    const error = capture(() =>
      map(
        { status_code: 400, mainframeErrors: [{ text: 'DEALER DEALER-SECRET NOT ACTIVE' }] },
        { text: '{"text":"DEALER DEALER-SECRET NOT ACTIVE"}' },
      ),
    );
    expect(JSON.stringify(error)).not.toContain('DEALER-SECRET');
    expect((error as Error).message).not.toContain('DEALER-SECRET');
    expect(OrderRejectedError.isInstance(error) && error.lineErrors[0]?.message).toBe('DEALER [REDACTED] NOT ACTIVE');
  });

  it('raises ResponseParseError when status_code is not a number', () => {
    const error = capture(() => map({ status_code: 'OK' }));
    expect(ResponseParseError.isInstance(error) && error.fields).toEqual(['status_code']);
  });
});
