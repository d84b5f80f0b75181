import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/validation-error.js';
import { salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import { intakeWorld } from './__fixtures__/intake-world.js';

/** A listing of the pads (EBC FA123, which WPS sells as W-PAD) under the dealer's own eBay SKU. */
const padListing = {
  marketplace: 'ebay',
  sku: 'MY-PADS',
  product: { brand: 'EBC', mpn: 'FA123' },
  currency: 'USD',
  handlingTimeDays: 1,
  price: { kind: 'fixed', amount: 3000 },
};

/** An eBay order of one line under the dealer's listing SKU `sku`: no brand, no MPN, as eBay gives it. */
const listedOrder = (id: string, sku: string) => salesOrder(id, [{ lineId: 'L1', sku, quantity: 1, unitPrice: 3000 }]);

describe('order intake: the product behind a listing SKU (the listings option)', () => {
  it('gives a line the product of its listing, so routing finds the offers, and places it', async () => {
    const world = intakeWorld({ approval: { mode: 'auto' }, listings: [padListing] });
    world.intake.putOrder(listedOrder('A', 'MY-PADS'), { updatedAt: world.clock.ago(10) });
    const result = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(result).toMatchObject({ imported: 1, placed: 1, held: 0 });
    const saved = await world.dropshipper.store.getSalesOrder('ebay:A');
    expect(saved?.lines[0]).toMatchObject({ sku: 'MY-PADS', product: { brand: 'EBC', mpn: 'FA123' } });
    const [purchaseOrder] = await world.dropshipper.purchaseOrders('ebay:A');
    expect(purchaseOrder?.lines).toEqual([expect.objectContaining({ sku: 'W-PAD', quantity: 1 })]);
  });

  it('without the listing, the same order finds no offer and is held (nothing placed)', async () => {
    const world = intakeWorld({ approval: { mode: 'auto' } });
    world.intake.putOrder(listedOrder('A', 'MY-PADS'), { updatedAt: world.clock.ago(10) });
    const result = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(result).toMatchObject({ imported: 1, placed: 0, held: 1 });
    expect(await world.dropshipper.purchaseOrders('ebay:A')).toEqual([]);
  });

  it('holds an order with a line of a bundle listing, naming the line, and places the others', async () => {
    const bundle = {
      ...padListing,
      sku: 'PAD-KIT',
      product: undefined,
      bundle: [
        { product: { brand: 'EBC', mpn: 'FA123' }, quantity: 2 },
        { product: { brand: 'EBC', mpn: 'FA999' }, quantity: 1 },
      ],
    };
    const world = intakeWorld({ approval: { mode: 'auto' }, listings: [padListing, bundle] });
    world.intake.putOrder(listedOrder('KIT', 'PAD-KIT'), { updatedAt: world.clock.ago(10) });
    world.intake.putOrder(listedOrder('ONE', 'MY-PADS'), { updatedAt: world.clock.ago(9) });
    const result = await world.dropshipper.importMarketplaceOrders('ebay');
    expect(result).toMatchObject({ imported: 1, unmappable: 1, placed: 1 });
    expect(await world.dropshipper.store.getImportedOrder?.('ebay:KIT')).toMatchObject({
      status: 'unmappable',
      reasons: [expect.stringMatching(/^lines\.0\.sku: listing PAD-KIT sells a bundle of 2 products/)],
    });
    expect(await world.dropshipper.purchaseOrders('ebay:KIT')).toEqual([]);
  });

  it('refuses listings that are not valid at creation, naming the listing and the field', () => {
    const refused = (() => {
      try {
        intakeWorld({ listings: [padListing, { ...padListing, sku: 'OTHER', handlingTimeDays: -1 }] });
      } catch (error) {
        return error;
      }
    })();
    expect(ValidationError.isInstance(refused)).toBe(true);
    expect(String((refused as Error).message)).toMatch(/1\.handlingTimeDays/);
  });
});
