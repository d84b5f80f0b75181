import { describe, expect, it } from 'vitest';
import { automaticPurchaseOrderRequest } from './__fixtures__/automatic-purchase-order-request.js';
import { convertToAutomaticOrder } from './convert-to-automatic-order.js';

const request = automaticPurchaseOrderRequest;

describe('convertToAutomaticOrder (modelled body)', () => {
  it('sends ponumber in the header, the ship-to and numbered lines', () => {
    expect(convertToAutomaticOrder(request, 'GROUND')).toEqual({
      header: { ponumber: 'DS-2001', allowBackorder: false, shipMethod: 'GROUND', comment: 'Gate code 1234' },
      shipToAddress: {
        name: 'Jane Rider',
        company: 'Rider Racing',
        address1: '12 Main St',
        city: 'Boise',
        state: 'ID',
        zip: '83702',
        country: 'US',
        phone: '2085550100',
      },
      lines: [
        { lineNumber: 1, partNumber: 'AD-1001', quantity: 2 },
        { lineNumber: 2, partNumber: 'AD-2002', quantity: 1 },
      ],
    });
  });
});
