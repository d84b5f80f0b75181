import { describe, expect, it } from 'vitest';
import { normalizeCarrier, trackingUrl } from './normalize-carrier.js';

describe('normalizeCarrier', () => {
  it.each([
    ['UPS Ground', 'ups'],
    ['UP2D', 'ups'],
    ['UG', 'ups'],
    ['FedEx Home Delivery', 'fedex'],
    ['FDXG', 'fedex'],
    ['FE1D', 'fedex'],
    ['USPS Priority Mail', 'usps'],
    ['US1C', 'usps'],
    ['CO5', 'ontrac'],
    ['OnTrac Ground', 'ontrac'],
    ['DHL eCommerce', 'dhl-ecommerce'],
    ['DHL Express', 'dhl'],
    ['LaserShip', 'lasership'],
    ['LSO', 'other'],
    ['Speedy Pigeon', 'other'],
    ['', 'other'],
  ])('%s → %s', (text, expected) => {
    expect(normalizeCarrier(text)).toBe(expected);
  });
});

describe('trackingUrl', () => {
  it('builds a carrier tracking page without spaces in the number', () => {
    expect(trackingUrl('ups', '1Z 999 AA1 01 2345 6784')).toBe('https://www.ups.com/track?tracknum=1Z999AA10123456784');
  });
  it('has no page for other', () => {
    expect(trackingUrl('other', '123')).toBeUndefined();
  });
});
