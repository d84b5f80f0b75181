import { carrierCodes } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { shopifyCompanyByCode, shopifyTrackingCompanies, toShopifyTrackingInfo } from './shopify-carriers.js';

describe('shopify tracking companies (FulfillmentTrackingInfo.company, Admin GraphQL 2025-01)', () => {
  it('maps canonical carriers only to exact Shopify names', () => {
    for (const code of carrierCodes) {
      const mapped = shopifyCompanyByCode[code];
      if (mapped !== undefined) expect(shopifyTrackingCompanies).toContain(mapped);
    }
  });

  it.each([
    ['ups', 'UPS'],
    ['usps', 'USPS'],
    ['fedex', 'FedEx'],
    ['dhl', 'DHL Express'],
    ['dhl-ecommerce', 'DHL eCommerce'],
    ['ontrac', 'OnTrac'],
    ['canada-post', 'Canada Post'],
    ['lasership', 'Lasership'],
    ['purolator', 'Purolator'],
    ['amazon', 'Amazon'],
  ] as const)('%s → %s without a URL (Shopify builds it)', (carrier, company) => {
    expect(toShopifyTrackingInfo({ carrier, trackingNumber: 'AB 12' })).toEqual({
      trackingInfo: { company, number: 'AB12' },
      knownCompany: true,
    });
  });

  it('sends an unknown carrier by its name with the tracking URL', () => {
    expect(
      toShopifyTrackingInfo({
        carrier: 'other',
        carrierName: 'Speedy Pigeon',
        trackingNumber: 'SP1',
        trackingUrl: 'https://pigeon.example/SP1',
      }),
    ).toEqual({
      trackingInfo: { company: 'Speedy Pigeon', number: 'SP1', url: 'https://pigeon.example/SP1' },
      knownCompany: false,
    });
  });

  it('recognises a Shopify name in the distributor carrier name, fixing its case', () => {
    expect(
      toShopifyTrackingInfo({ carrier: 'other', carrierName: 'royal mail', trackingNumber: 'RM1' }).trackingInfo,
    ).toEqual({
      company: 'Royal Mail',
      number: 'RM1',
    });
  });

  it('names an unnamed other carrier "Other" and sends no URL when none is known', () => {
    expect(toShopifyTrackingInfo({ carrier: 'other', trackingNumber: 'X1' })).toEqual({
      trackingInfo: { company: 'Other', number: 'X1' },
      knownCompany: false,
    });
  });

  it('sends LaserShip with Shopify\'s spelling "Lasership", so Shopify builds the tracking link', () => {
    expect(toShopifyTrackingInfo({ carrier: 'lasership', trackingNumber: '1LS7 1234 5678' })).toEqual({
      trackingInfo: { company: 'Lasership', number: '1LS712345678' },
      knownCompany: true,
    });
    expect(
      toShopifyTrackingInfo({ carrier: 'other', carrierName: 'LaserShip', trackingNumber: 'LX1' }).trackingInfo,
    ).toEqual({ company: 'Lasership', number: 'LX1' });
  });

  it.each([
    ['UPS Canada', 'UPS'],
    ['GLS US', 'GLS'],
    ['gls usa', 'GLS'],
  ])("maps the unlisted name %s to Shopify's %s", (carrierName, company) => {
    expect(toShopifyTrackingInfo({ carrier: 'other', carrierName, trackingNumber: 'Z9' })).toEqual({
      trackingInfo: { company, number: 'Z9' },
      knownCompany: true,
    });
  });

  it('lists no name Shopify does not (UPS Canada, GLS US and the LaserShip spelling were wrong)', () => {
    const listed: readonly string[] = shopifyTrackingCompanies;
    for (const wrong of ['UPS Canada', 'GLS US', 'LaserShip']) expect(listed).not.toContain(wrong);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
