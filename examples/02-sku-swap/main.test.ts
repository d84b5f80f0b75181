import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe('example 02: SKU swap', () => {
  it('swaps to Tucker Rocky’s SKU when the cheaper WPS is out of stock in real time', async () => {
    const result = await run({ log: () => undefined });

    // The catalog still believes WPS is the cheapest source with stock.
    expect(result.catalogOffers[0]).toMatchObject({ distributor: 'wps', sku: '60-5010', catalogQuantity: 6 });
    expect(result.catalogOffers.map((offer) => offer.distributor)).toContain('tucker-rocky');
    // In real time WPS has none, so the PO goes to Tucker Rocky with Tucker Rocky's SKU.
    expect(result.wpsRealTimeQuantity).toBe(0);
    expect(result.placed).toMatchObject({ distributor: 'tucker-rocky', sku: '606050', stockSource: 'real-time' });
    expect(result.ordersByDistributor).toEqual({ wps: 0, 'parts-unlimited': 0, 'tucker-rocky': 1, automatic: 0 });
  });

  it('keeps the order at WPS when WPS has the part in real time (the swap is the stock check’s doing)', async () => {
    const result = await run({ log: () => undefined, wpsStock: 6 });

    expect(result.wpsRealTimeQuantity).toBe(6);
    expect(result.placed).toMatchObject({ distributor: 'wps', sku: '60-5010', stockSource: 'real-time' });
    expect(result.ordersByDistributor).toEqual({ wps: 1, 'parts-unlimited': 0, 'tucker-rocky': 0, automatic: 0 });
  });
});
