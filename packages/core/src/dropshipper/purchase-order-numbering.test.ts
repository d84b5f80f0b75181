import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ValidationError } from '../errors/validation-error.js';
import type { OfferInput } from '../model/offer.js';
import { createPurchaseOrderNumbering, purchaseOrderNumber } from '../routing/purchase-order-number.js';
import { createMockDistributorClient, createMockMarketplaceAdapter } from '../test.js';
import { salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from './context/dropshipper-types.js';
import { createDropshipper } from './create-dropshipper.js';

const at = new Date('2026-11-20T15:00:00.000Z');

const padOffer: OfferInput = {
  distributor: 'wps',
  sku: 'W-PAD',
  brand: 'EBC',
  mpn: 'FA123',
  currency: 'USD',
  cost: 1500,
  dropShipFee: 0,
  stock: [{ warehouse: 'PA', quantity: 5, leadTimeDays: 0 }],
};
const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };

function setup(overrides: Partial<DropshipperOptions> = {}) {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const dropshipper = createDropshipper({
    distributors: [wps],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    catalog: createMemoryCatalog([padOffer]),
    approval: { mode: 'auto' },
    now: () => at,
    ...overrides,
  });
  return { wps, dropshipper };
}

describe('createDropshipper: PO numbering', () => {
  it('numbers first and retry POs with the poNumberPrefix option', async () => {
    const { wps, dropshipper } = setup({ poNumberPrefix: 'ACME' });
    const numbering = createPurchaseOrderNumbering({ prefix: 'ACME' });
    wps.rejectNextSubmit('discontinued at this warehouse');

    const first = await dropshipper.dropship(salesOrder('5001', [padLine]));
    const second = await dropshipper.dropship(salesOrder('5001', [padLine]));

    expect(first.purchaseOrders).toEqual([
      expect.objectContaining({ poNumber: numbering.numberFor('ebay:5001', 'wps', 0), outcome: 'rejected' }),
    ]);
    expect(second.purchaseOrders).toEqual([
      expect.objectContaining({ poNumber: numbering.numberFor('ebay:5001', 'wps', 1), outcome: 'submitted' }),
    ]);
    expect(wps.orders().map((order) => order.poNumber)).toEqual([numbering.numberFor('ebay:5001', 'wps', 1)]);
    for (const purchaseOrder of await dropshipper.purchaseOrders('ebay:5001'))
      expect(purchaseOrder.poNumber).toMatch(/^ACME-[0-9A-Z]{14}$/);
  });

  it('keeps the numbers of the default prefix byte-identical (they are stored)', async () => {
    const { wps, dropshipper } = setup();
    wps.rejectNextSubmit('discontinued at this warehouse');
    await dropshipper.dropship(salesOrder('5002', [padLine]));
    await dropshipper.dropship(salesOrder('5002', [padLine]));
    const numbers = (await dropshipper.purchaseOrders('ebay:5002')).map((purchaseOrder) => purchaseOrder.poNumber);
    expect(numbers.sort()).toEqual(
      [purchaseOrderNumber('ebay:5002', 'wps'), purchaseOrderNumber('ebay:5002', 'wps', { attempt: 1 })].sort(),
    );
    expect(purchaseOrderNumber('ebay:5002', 'wps', { attempt: 1 })).toMatch(/^DS-[0-9A-Z]{14}$/);
  });

  it('refuses a malformed prefix', () => {
    for (const poNumberPrefix of ['', 'acme', 'TOOLONG', 'A-B'])
      expect(() => setup({ poNumberPrefix })).toThrow(ValidationError);
    expect(() => setup({ poNumberPrefix: 'acme' })).toThrow(/poNumberPrefix/);
  });
});
