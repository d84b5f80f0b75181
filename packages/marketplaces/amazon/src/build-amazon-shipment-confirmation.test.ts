import { carrierCodes, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { amazonCarrierCodes, toAmazonCarrier } from './amazon-carrier-codes.js';
import { amazonPackageReferenceId, buildAmazonShipmentConfirmation } from './build-amazon-shipment-confirmation.js';

const shipment = {
  id: 'PO-1:986578788855',
  carrier: 'fedex' as const,
  trackingNumber: '986578788855',
  shippedAt: '2022-02-10T17:00:00-08:00',
  lines: [{ lineId: '52986411826454', quantity: 2 }],
};

describe('buildAmazonShipmentConfirmation (https://developer-docs.amazon.com/sp-api/reference/confirmshipment)', () => {
  it('builds the ConfirmShipmentRequest of one package', () => {
    const body = buildAmazonShipmentConfirmation({
      orderId: '902-1106328-1059050',
      marketplaceId: 'ATVPDKIKX0DER',
      shipment,
    });
    expect(body).toEqual({
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: {
        packageReferenceId: amazonPackageReferenceId('902-1106328-1059050', '986578788855'),
        carrierCode: 'FedEx',
        trackingNumber: '986578788855',
        // ISO 8601 date-time, as the sandbox's accepted example (`2022-02-11T01:00:00.000Z`)
        shipDate: '2022-02-11T01:00:00.000Z',
        orderItems: [{ orderItemId: '52986411826454', quantity: 2 }],
      },
    });
  });

  it('sends Other with the distributor-reported carrier name for a carrier Amazon does not list', () => {
    const body = buildAmazonShipmentConfirmation({
      orderId: '902-1106328-1059050',
      marketplaceId: 'ATVPDKIKX0DER',
      shipment: { ...shipment, carrier: 'other', carrierName: 'Speedee Delivery' },
    });
    expect(body.packageDetail).toMatchObject({ carrierCode: 'Other', carrierName: 'Speedee Delivery' });
  });

  it('removes spaces from the tracking number and keeps hyphens', () => {
    const body = buildAmazonShipmentConfirmation({
      orderId: '902-1106328-1059050',
      marketplaceId: 'ATVPDKIKX0DER',
      shipment: { ...shipment, carrier: 'lasership', trackingNumber: ' 1LS7119013618127-1 ' },
    });
    expect(body.packageDetail.trackingNumber).toBe('1LS7119013618127-1');
    expect(
      buildAmazonShipmentConfirmation({
        orderId: 'x',
        marketplaceId: 'y',
        shipment: { ...shipment, trackingNumber: '9865 7878 8855' },
      }).packageDetail.trackingNumber,
    ).toBe('986578788855');
  });

  it('refuses Other without a carrier name, as Amazon does', () => {
    expect(() =>
      buildAmazonShipmentConfirmation({
        orderId: '902-1106328-1059050',
        marketplaceId: 'ATVPDKIKX0DER',
        shipment: { ...shipment, carrier: 'other' },
      }),
    ).toThrow(ValidationError);
  });
});

describe('amazonPackageReferenceId (https://developer-docs.amazon.com/sp-api/reference/confirmshipment)', () => {
  it('is a positive number without leading zero, at most 15 digits', () => {
    for (let index = 0; index < 200; index += 1) {
      const id = amazonPackageReferenceId(`902-1106328-${String(index).padStart(7, '0')}`, `1Z${index}`);
      expect(id).toMatch(/^[1-9]\d{0,14}$/);
    }
  });

  it('is the same for the same package whatever the spacing, and differs between packages', () => {
    const first = amazonPackageReferenceId('902-1106328-1059050', '1Z5R 8939 0357 5671 27');
    expect(amazonPackageReferenceId('902-1106328-1059050', '1z5r89390357567127')).toBe(first);
    expect(amazonPackageReferenceId('902-1106328-1059050', '1Z879E930346834440')).not.toBe(first);
    expect(amazonPackageReferenceId('902-1106328-1059051', '1Z5R89390357567127')).not.toBe(first);
  });
});

describe('Amazon carrier codes (https://developer-docs.amazon.com/sp-api/changelog/carriercode-value-required-in-shipment-confirmations-for-br-mx-ca-sg-au-in-jp-marketplaces)', () => {
  // The third-party copy of Amazon's carrier list (the official one is in the feed XSD).
  const listed = ['USPS', 'UPS', 'FedEx', 'DHL', 'DHL Global Mail', 'OnTrac', 'Lasership', 'Canada Post', 'Other'];

  it('maps every canonical carrier to a listed code', () => {
    for (const carrier of carrierCodes) expect(listed).toContain(amazonCarrierCodes[carrier]);
  });

  it.each([
    ['ups', undefined, { carrierCode: 'UPS' }],
    ['ontrac', undefined, { carrierCode: 'OnTrac' }],
    ['purolator', undefined, { carrierCode: 'Other', carrierName: 'Purolator' }],
    ['amazon', undefined, { carrierCode: 'Other', carrierName: 'Amazon Logistics' }],
    ['other', 'Speedee', { carrierCode: 'Other', carrierName: 'Speedee' }],
    ['other', undefined, { carrierCode: 'Other' }],
  ] as const)('%s (%s) → %o', (carrier, name, expected) => {
    expect(toAmazonCarrier(carrier, name)).toEqual(expected);
  });

  it('applies overrides', () => {
    expect(toAmazonCarrier('amazon', undefined, { amazon: 'Amazon Shipping' })).toEqual({
      carrierCode: 'Amazon Shipping',
    });
  });
});
