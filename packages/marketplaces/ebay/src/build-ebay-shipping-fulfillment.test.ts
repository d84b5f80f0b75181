import { ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import {
  buildEbayShippingFulfillment,
  ebayShippedQuantities,
  findEbayFulfillment,
  toEbayTrackingNumber,
} from './build-ebay-shipping-fulfillment.js';
import { ebayCarrierCodes, toEbayCarrierCode } from './ebay-carrier-codes.js';

const shipment = {
  id: 'PO-1:1Z5R89390357567127',
  carrier: 'ups' as const,
  trackingNumber: '1Z 5R8 939-0357 5671 27',
  shippedAt: '2026-11-02T08:30:00-07:00',
  lines: [
    { lineId: '10001234567890', quantity: 1 },
    { lineId: '10001234567891', quantity: 1 },
  ],
};

describe('buildEbayShippingFulfillment (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment)', () => {
  it('builds line items, a UTC ISO ship date, the eBay carrier code and a cleaned tracking number', () => {
    expect(buildEbayShippingFulfillment(shipment)).toEqual({
      lineItems: [
        { lineItemId: '10001234567890', quantity: 1 },
        { lineItemId: '10001234567891', quantity: 1 },
      ],
      shippedDate: '2026-11-02T15:30:00.000Z',
      shippingCarrierCode: 'UPS',
      trackingNumber: '1Z5R89390357567127',
    });
  });

  it('uses an override of the carrier table', () => {
    expect(
      buildEbayShippingFulfillment({ ...shipment, carrier: 'dhl' }, { dhl: 'DHLEXPRESS' }).shippingCarrierCode,
    ).toBe('DHLEXPRESS');
  });

  it('refuses a tracking number with characters eBay rejects, naming the field', () => {
    expect(() => toEbayTrackingNumber('1Z5R/8939#')).toThrow(ValidationError);
    expect(() => toEbayTrackingNumber('1Z5R/8939#')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'shipment.trackingNumber' })] }),
    );
  });
});

describe('eBay carrier codes (Trading API ShippingCarrierCodeType)', () => {
  it.each([
    ['ups', 'UPS'],
    ['usps', 'USPS'],
    ['fedex', 'FedEx'],
    ['dhl', 'DHL'],
    ['dhl-ecommerce', 'DHLGlobalMail'],
    ['ontrac', 'ONTRACK'],
    ['lasership', 'Prestige'],
    ['canada-post', 'Other'],
    ['purolator', 'Other'],
    ['amazon', 'Other'],
    ['other', 'Other'],
  ] as const)('%s → %s', (carrier, code) => {
    expect(toEbayCarrierCode(carrier)).toBe(code);
  });

  it('only uses mixed-case codes from the documented list or Other', () => {
    const documented = [
      'UPS',
      'USPS',
      'FedEx',
      'DHL',
      'DHLEXPRESS',
      'DHLGlobalMail',
      'FedExSmartPost',
      'ONTRACK',
      'UPSMailInnovations',
      'Prestige',
      'Other',
    ];
    for (const code of Object.values(ebayCarrierCodes)) expect(documented).toContain(code);
  });
});

describe('reading existing fulfillments', () => {
  const fulfillments = [
    {
      fulfillmentId: '1Z5R89390357567127',
      shipmentTrackingNumber: '1Z5R89390357567127',
      lineItems: [{ lineItemId: 'A', quantity: 1 }],
    },
    { fulfillmentId: '999', lineItems: [{ lineItemId: 'A' }, { lineItemId: 'B', quantity: 2 }] },
  ];

  it('finds a fulfillment by tracking number whatever the spacing and case', () => {
    expect(findEbayFulfillment(fulfillments, '1z5r 8939 0357 5671 27')?.fulfillmentId).toBe('1Z5R89390357567127');
    expect(findEbayFulfillment(fulfillments, '9400111201080805483016')).toBeUndefined();
  });

  it('sums shipped quantities per line item, a missing quantity counting as 1', () => {
    expect(ebayShippedQuantities(fulfillments)).toEqual(
      new Map([
        ['A', 2],
        ['B', 2],
      ]),
    );
  });
});
