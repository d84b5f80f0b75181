import { carrierCodes } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { isWalmartCarrier, toWalmartCarrier, walmartCarrierByCode, walmartCarriers } from './walmart-carriers.js';

describe('walmart carrier mapping (Orders API trackingInfo.carrierName.carrier enum)', () => {
  it('maps every canonical carrier either to an exact enum value or to otherCarrier', () => {
    for (const code of carrierCodes) {
      const mapped = walmartCarrierByCode[code];
      if (mapped !== undefined) expect(walmartCarriers).toContain(mapped);
    }
  });

  it.each([
    ['ups', 'UPS'],
    ['usps', 'USPS'],
    ['fedex', 'FedEx'],
    ['dhl', 'DHL'],
    ['dhl-ecommerce', 'DHL Ecommerce - US'],
    ['ontrac', 'OnTrac'],
    ['lasership', 'LS'],
    ['canada-post', 'Canada Post'],
  ] as const)('%s → carrier %s', (code, carrier) => {
    const choice = toWalmartCarrier({ carrier: code, trackingNumber: '123456789012' });
    expect(choice.carrierName).toEqual({ carrier });
  });

  it('sends a carrier Walmart does not list as otherCarrier with a tracking URL', () => {
    const choice = toWalmartCarrier({ carrier: 'purolator', trackingNumber: '329000123456' });
    expect(choice.carrierName).toEqual({ otherCarrier: 'Purolator' });
    expect(choice.trackingURL).toBe('https://www.purolator.com/en/shipping/tracker?pin=329000123456');
  });

  it('uses the distributor carrier name and the given URL for other', () => {
    const choice = toWalmartCarrier({
      carrier: 'other',
      carrierName: 'Speedy Pigeon',
      trackingNumber: 'SP1',
      trackingUrl: 'https://pigeon.example/track/SP1',
    });
    expect(choice).toEqual({
      carrierName: { otherCarrier: 'Speedy Pigeon' },
      trackingURL: 'https://pigeon.example/track/SP1',
    });
  });

  it('recognises an enum value spelled differently in the distributor name', () => {
    expect(
      toWalmartCarrier({ carrier: 'other', carrierName: 'estes express', trackingNumber: 'E1' }).carrierName,
    ).toEqual({
      carrier: 'Estes Express',
    });
  });

  it.each([
    ['GLS US', 'GLS'],
    ['gls usa', 'GLS'],
    ['LaserShip', 'LS'],
  ])("sends a distributor carrier named %s as Walmart's %s, not as otherCarrier", (carrierName, carrier) => {
    expect(toWalmartCarrier({ carrier: 'other', carrierName, trackingNumber: 'G1' }).carrierName).toEqual({ carrier });
  });

  it('has no tracking URL for other without one (the request builder rejects it)', () => {
    expect(
      toWalmartCarrier({ carrier: 'other', carrierName: 'Speedy Pigeon', trackingNumber: 'SP1' }).trackingURL,
    ).toBeUndefined();
  });

  it('checks enum values case-sensitively', () => {
    expect(isWalmartCarrier('FedEx')).toBe(true);
    expect(isWalmartCarrier('FEDEX')).toBe(false);
    expect(isWalmartCarrier('Fedex Ground')).toBe(false);
  });
});
