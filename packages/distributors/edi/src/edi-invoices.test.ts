import { createDropshipper, createMemoryCatalog, parseDistributorInvoice, ValidationError } from '@dropship/core';
import { createMockMarketplaceAdapter } from '@dropship/core/test';
import { describe, expect, it } from 'vitest';
import { orderRequest, useEdiHarness } from './__fixtures__/edi-harness.js';

const harness = useEdiHarness();

describe('createEdi: 810 invoices through the optional listInvoices capability', () => {
  it('declares invoices: list and reports each 810 as a valid DistributorInvoice with our SKUs and an ISO date', async () => {
    const client = harness.createClient();
    expect(client.capabilities.invoices).toBe('list');
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox();
    expect(await client.listInvoices?.({ poNumbers: [request.poNumber] })).toEqual([]);
    harness.partner().invoiceOrder(request.poNumber, { invoiceNumber: 'INV-77', unitCosts: { 'PART-200': 5499 } });
    const [invoice, ...rest] = (await client.listInvoices?.({ poNumbers: [request.poNumber, 'DS-UNKNOWN'] })) ?? [];
    expect(rest).toEqual([]);
    expect(parseDistributorInvoice(invoice)).toEqual({
      invoiceNumber: 'INV-77',
      poNumber: request.poNumber,
      distributor: 'acme-edi',
      invoiceDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      currency: 'USD',
      lines: [
        { sku: 'PART-100', quantity: 2, unitCost: 1250 },
        { sku: 'PART-200', quantity: 1, unitCost: 5499 },
      ],
      charges: [],
      total: 2 * 1250 + 5499,
    });
    await expect(client.listInvoices?.({} as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('the dropshipper picks an 810 up once and flags a unit cost over tolerance on the PO', async () => {
    const client = harness.createClient();
    const offer = (sku: string, cost: number) => ({
      distributor: 'acme-edi',
      sku,
      brand: 'EBC',
      mpn: sku,
      currency: 'USD',
      cost,
      dropShipFee: 0,
      stock: [{ warehouse: 'MAIN', quantity: 10, leadTimeDays: 1 }],
    });
    const dropshipper = createDropshipper({
      distributors: [client],
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
      store: harness.store(),
      catalog: createMemoryCatalog([offer('PART-100', 1250), offer('PART-200', 4999)]),
      approval: { mode: 'auto' },
    });
    const flagged: string[] = [];
    dropshipper.events.on('invoice-mismatch-flagged', (event) => flagged.push(event.poNumber));
    const result = await dropshipper.dropship({
      marketplace: 'ebay',
      marketplaceOrderId: 'EDI-810-1',
      orderedAt: '2026-12-07T09:00:00.000Z',
      currency: 'USD',
      buyer: { name: 'Dana Rider', email: 'dana@example.com' },
      shipTo: {
        name: 'Dana Rider',
        address1: '1 Main St',
        city: 'Boise',
        region: 'ID',
        postalCode: '83702',
        country: 'US',
      },
      lines: [
        { lineId: 'L1', sku: 'PART-100', quantity: 2, unitPrice: 3000 },
        { lineId: 'L2', sku: 'PART-200', quantity: 1, unitPrice: 9000 },
      ],
      shippingPaid: 0,
    });
    const poNumber = result.purchaseOrders[0]?.poNumber as string;
    await harness.partner().processInbox();
    harness.partner().invoiceOrder(poNumber, { invoiceNumber: 'INV-88', unitCosts: { 'PART-200': 5499 } });
    const first = await dropshipper.reconcilePurchaseOrder(poNumber, { tolerance: { percent: 5 } });
    const again = await dropshipper.reconcilePurchaseOrder(poNumber, { tolerance: { percent: 5 } });
    expect([first.recorded, again.recorded]).toEqual([1, 0]);
    expect(again.reconciliation).toMatchObject({ status: 'mismatch', invoiceNumbers: ['INV-88'] });
    expect(again.reconciliation.differences).toEqual([
      expect.objectContaining({ kind: 'unit-cost', sku: 'PART-200', expected: 4999, invoiced: 5499 }),
    ]);
    expect(flagged).toEqual([poNumber]);
    expect((await dropshipper.profit('ebay:EDI-810-1')).cost).toBe(2 * 1250 + 5499);
  });
});
