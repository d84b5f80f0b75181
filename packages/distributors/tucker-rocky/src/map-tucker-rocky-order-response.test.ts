import { AccountSetupError, AuthenticationError, OrderRejectedError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import failedLines from './__fixtures__/order-failed-lines.json' with { type: 'json' };
import successful from './__fixtures__/order-successful.json' with { type: 'json' };
import {
  mapTuckerRockyOrderResponse,
  type TuckerRockyOrderResponseContext,
} from './map-tucker-rocky-order-response.js';
import { tuckerRockyOrderResponseSchema } from './tucker-rocky-schemas.js';
import { defaultTuckerRockyAuthenticationFailurePattern } from './tucker-rocky-settings.js';

// Seen in third-party clients (no public documentation): success = ORD.status "SUCCESSFUL" AND no per-line errormsg.
const context: TuckerRockyOrderResponseContext = {
  poNumber: 'PO-1',
  skus: ['1234-5678', '9999-0000'],
  toItem: (sku) => sku,
  duplicatePoPattern: /duplicate/i,
  creditCardPattern: /credit\s*card/i,
  authenticationFailurePattern: defaultTuckerRockyAuthenticationFailurePattern,
  redact: (text) => text.replaceAll('CUST-SECRET', '[REDACTED]'),
  url: 'https://api.tucker.com/bin/trws?type=ORD&apikey=[REDACTED]&cust=[REDACTED]',
};

function map(body: unknown, overrides: Partial<TuckerRockyOrderResponseContext> = {}) {
  return mapTuckerRockyOrderResponse(tuckerRockyOrderResponseSchema.parse(body), { ...context, ...overrides });
}

describe('mapTuckerRockyOrderResponse', () => {
  it('accepts SUCCESSFUL without line errors', () => {
    expect(map(successful)).toEqual({ kind: 'accepted', orderNumber: '7123456' });
  });

  it('surfaces per-line errors of a FAILED order in OrderRejectedError.lineErrors', () => {
    const outcome = map(failedLines);
    expect(outcome.kind).toBe('rejected');
    const error = outcome.kind === 'rejected' ? outcome.error : undefined;
    expect(OrderRejectedError.isInstance(error) && error.lineErrors).toEqual([
      { sku: '9999-0000', message: 'Item not found', reason: 'other' },
    ]);
    expect(error?.message).toContain('Order contains errors');
  });

  it('treats SUCCESSFUL with every line refused as a refusal that still names the created order', () => {
    const body = {
      ORD: {
        status: 'SUCCESSFUL',
        orderoutput: { ordernum: 55, orderline: [{ itemnum: '1234-5678', errormsg: 'Discontinued' }] },
      },
    };
    const outcome = map(body, { skus: ['1234-5678'] });
    expect(outcome.kind).toBe('rejected');
    expect(outcome.orderNumber).toBe('55');
    const error = outcome.kind === 'rejected' ? outcome.error : undefined;
    expect(OrderRejectedError.isInstance(error) && error.lineErrors).toEqual([
      { sku: '1234-5678', message: 'Discontinued', reason: 'discontinued' },
    ]);
    expect(OrderRejectedError.isInstance(error) && error.reason).toBe('discontinued');
    expect(error?.message).toContain('order 55 was created');
  });

  it('reads SUCCESSFUL with some lines refused as placed for the rest, the refused lines classified', () => {
    const body = {
      ORD: {
        status: 'SUCCESSFUL',
        orderoutput: {
          ordernum: 55,
          orderline: [
            { itemnum: '1234-5678', errormsg: 'Discontinued' },
            { itemnum: '9999-0000', errormsg: '' },
          ],
        },
      },
    };
    expect(map(body)).toEqual({
      kind: 'accepted',
      orderNumber: '55',
      refusedLines: [{ sku: '1234-5678', message: 'Discontinued', reason: 'discontinued' }],
    });
  });

  it('classifies with the dealer rules first, and gives the order the reason its lines share', () => {
    const outcome = map(failedLines, { rejectionRules: [{ pattern: 'item not found', reason: 'discontinued' }] });
    const error = outcome.kind === 'rejected' ? outcome.error : undefined;
    expect(OrderRejectedError.isInstance(error) && error.reason).toBe('discontinued');
  });

  it('reads a duplicate PO refusal as an existing order', () => {
    expect(map({ ORD: { status: 'FAILED', errormsg: 'Duplicate PO number PO-1' } })).toEqual({
      kind: 'duplicate',
      orderNumber: undefined,
      message: 'Duplicate PO number PO-1',
    });
  });

  it('maps the missing credit card to AccountSetupError, with a configurable pattern', () => {
    const outcome = map({ ORD: { status: 'FAILED', errormsg: 'Account must be configured with a credit card' } });
    const error = outcome.kind === 'rejected' ? outcome.error : undefined;
    expect(AccountSetupError.isInstance(error) && error.requirement).toBe('credit-card');
    const custom = map(
      { ORD: { status: 'FAILED', errormsg: 'NO CC ON FILE' } },
      { creditCardPattern: /no cc on file/i },
    );
    expect(custom.kind === 'rejected' && AccountSetupError.isInstance(custom.error)).toBe(true);
  });

  it('maps refused credentials to AuthenticationError', () => {
    const outcome = map({ ORD: { status: 'FAILED', errormsg: 'Invalid API key' } });
    expect(outcome.kind === 'rejected' && AuthenticationError.isInstance(outcome.error)).toBe(true);
  });

  it('redacts the customer number echoed in an error', () => {
    const outcome = map({
      ORD: {
        status: 'FAILED',
        errormsg: 'Customer CUST-SECRET on hold',
        orderinput: { orderline: { itemnum: 'X', errormsg: 'CUST-SECRET' } },
      },
    });
    const error = outcome.kind === 'rejected' ? outcome.error : undefined;
    expect(
      JSON.stringify({ message: error?.message, lines: OrderRejectedError.isInstance(error) ? error.lineErrors : [] }),
    ).not.toContain('CUST-SECRET');
  });

  it('reads a FAILED status without a message as a refusal', () => {
    const outcome = map({ ORD: { status: 'FAILED' } });
    expect(outcome.kind === 'rejected' && OrderRejectedError.isInstance(outcome.error)).toBe(true);
  });
});
