import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/validation-error.js';
import { type DistributorInvoice, parseDistributorInvoice } from '../../model/distributor-invoice.js';
import { type PurchaseOrder, parsePurchaseOrder } from '../../model/purchase-order.js';
import { matchInvoices, parseInvoiceTolerance } from './match-invoices.js';

const purchaseOrder: PurchaseOrder = parsePurchaseOrder({
  poNumber: 'DS-100-EDI',
  distributor: 'acme-edi',
  salesOrderId: 'ebay:100',
  marketplace: 'ebay',
  state: 'shipped',
  version: 4,
  currency: 'USD',
  shipTo: { name: 'Rider', address1: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
  lines: [
    { salesLineId: 'L1', sku: 'PAD-1', quantity: 2, unitCost: 1200 },
    { salesLineId: 'L2', sku: 'BELT-2', quantity: 1, unitCost: 5000 },
  ],
  dropShipFee: 300,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
});

/** An invoice of the whole PO at the PO's prices (total computed unless given). */
function invoice(overrides: Partial<DistributorInvoice> = {}): DistributorInvoice {
  const lines = overrides.lines ?? [
    { sku: 'PAD-1', quantity: 2, unitCost: 1200 },
    { sku: 'BELT-2', quantity: 1, unitCost: 5000 },
  ];
  const charges = overrides.charges ?? [{ kind: 'drop-ship-fee' as const, amount: 300 }];
  const total =
    overrides.total ??
    lines.reduce((sum, line) => sum + line.quantity * line.unitCost, 0) +
      charges.reduce((sum, charge) => sum + charge.amount, 0);
  return parseDistributorInvoice({
    invoiceNumber: 'INV-1',
    poNumber: 'DS-100-EDI',
    distributor: 'acme-edi',
    invoiceDate: '2026-12-03',
    currency: 'USD',
    ...overrides,
    lines,
    charges,
    total,
  });
}

const exact = parseInvoiceTolerance();

describe('matchInvoices: each invoice line against its PO line', () => {
  it('matches an invoice of every unit at the PO prices and fee', () => {
    expect(matchInvoices(purchaseOrder, [invoice()], exact)).toEqual({ status: 'matched', differences: [] });
  });

  it('accepts a unit cost within the absolute tolerance, and flags one cent beyond it', () => {
    const billed = invoice({
      lines: [
        { sku: 'PAD-1', quantity: 2, unitCost: 1225 },
        { sku: 'BELT-2', quantity: 1, unitCost: 5000 },
      ],
    });
    expect(matchInvoices(purchaseOrder, [billed], parseInvoiceTolerance({ absoluteMinorUnits: 25 })).status).toBe(
      'matched',
    );
    const beyond = matchInvoices(purchaseOrder, [billed], parseInvoiceTolerance({ absoluteMinorUnits: 24 }));
    expect(beyond.status).toBe('mismatch');
    expect(beyond.differences).toEqual([
      expect.objectContaining({
        kind: 'unit-cost',
        sku: 'PAD-1',
        expected: 1200,
        invoiced: 1225,
        invoiceNumber: 'INV-1',
      }),
    ]);
  });

  it('accepts a unit cost within the percent tolerance (of the PO cost), and flags beyond it', () => {
    // $12.00 billed $12.60: 5% of the PO's cost.
    const billed = invoice({
      lines: [
        { sku: 'PAD-1', quantity: 2, unitCost: 1260 },
        { sku: 'BELT-2', quantity: 1, unitCost: 5000 },
      ],
    });
    expect(matchInvoices(purchaseOrder, [billed], parseInvoiceTolerance({ percent: 5 })).status).toBe('matched');
    expect(matchInvoices(purchaseOrder, [billed], parseInvoiceTolerance({ percent: 4.9 })).status).toBe('mismatch');
  });

  it('flags a $12 line billed at $20 (the unreconciled ERP case), and a lower price too', () => {
    const over = invoice({
      lines: [
        { sku: 'PAD-1', quantity: 2, unitCost: 2000 },
        { sku: 'BELT-2', quantity: 1, unitCost: 5000 },
      ],
    });
    expect(matchInvoices(purchaseOrder, [over], parseInvoiceTolerance({ percent: 10 })).differences).toEqual([
      expect.objectContaining({ kind: 'unit-cost', sku: 'PAD-1', expected: 1200, invoiced: 2000 }),
    ]);
    const under = invoice({
      lines: [
        { sku: 'PAD-1', quantity: 2, unitCost: 1200 },
        { sku: 'BELT-2', quantity: 1, unitCost: 4000 },
      ],
    });
    expect(matchInvoices(purchaseOrder, [under], exact).differences).toEqual([
      expect.objectContaining({ kind: 'unit-cost', sku: 'BELT-2', expected: 5000, invoiced: 4000 }),
    ]);
  });

  it('flags more units invoiced than ordered, whatever the tolerance', () => {
    const billed = invoice({
      lines: [
        { sku: 'PAD-1', quantity: 3, unitCost: 1200 },
        { sku: 'BELT-2', quantity: 1, unitCost: 5000 },
      ],
    });
    const match = matchInvoices(
      purchaseOrder,
      [billed],
      parseInvoiceTolerance({ absoluteMinorUnits: 100_000, percent: 100 }),
    );
    expect(match.status).toBe('mismatch');
    expect(match.differences).toEqual([
      expect.objectContaining({ kind: 'quantity', sku: 'PAD-1', expected: 2, invoiced: 3 }),
    ]);
  });

  it('flags a SKU the PO does not order', () => {
    const billed = invoice({
      lines: [
        { sku: 'PAD-1', quantity: 2, unitCost: 1200 },
        { sku: 'BELT-2', quantity: 1, unitCost: 5000 },
        { sku: 'CHAIN-9', quantity: 1, unitCost: 900 },
      ],
    });
    expect(matchInvoices(purchaseOrder, [billed], exact).differences).toEqual([
      expect.objectContaining({ kind: 'unexpected-line', sku: 'CHAIN-9', invoiced: 1 }),
    ]);
  });

  it('flags fees (freight, drop-ship fee, other) over the PO fee beyond tolerance; tax is not compared', () => {
    const withFreight = invoice({
      charges: [
        { kind: 'drop-ship-fee', amount: 300 },
        { kind: 'freight', amount: 895 },
        { kind: 'tax', amount: 700 },
      ],
    });
    const match = matchInvoices(purchaseOrder, [withFreight], parseInvoiceTolerance({ absoluteMinorUnits: 500 }));
    expect(match.differences).toEqual([expect.objectContaining({ kind: 'fees', expected: 300, invoiced: 1195 })]);
    const taxOnly = invoice({
      charges: [
        { kind: 'drop-ship-fee', amount: 300 },
        { kind: 'tax', amount: 700 },
      ],
    });
    expect(matchInvoices(purchaseOrder, [taxOnly], exact).status).toBe('matched');
    expect(matchInvoices(purchaseOrder, [withFreight], parseInvoiceTolerance({ absoluteMinorUnits: 895 })).status).toBe(
      'matched',
    );
  });

  it('flags a stated total that is not the lines plus charges', () => {
    const match = matchInvoices(purchaseOrder, [invoice({ total: 99_999 })], exact);
    expect(match.differences).toEqual([expect.objectContaining({ kind: 'total', expected: 7700, invoiced: 99_999 })]);
  });

  it('flags an invoice from another distributor or in another currency than the PO', () => {
    const kinds = matchInvoices(
      purchaseOrder,
      [invoice({ distributor: 'wps', currency: 'CAD' })],
      exact,
    ).differences.map((difference) => difference.kind);
    expect(kinds).toEqual(['distributor', 'currency']);
  });

  it('partial invoices: the first is partial, the two together match; a fee billed on neither is flagged once complete', () => {
    const first = invoice({ invoiceNumber: 'INV-1', lines: [{ sku: 'PAD-1', quantity: 2, unitCost: 1200 }] });
    const second = invoice({
      invoiceNumber: 'INV-2',
      lines: [{ sku: 'BELT-2', quantity: 1, unitCost: 5000 }],
      charges: [],
    });
    expect(matchInvoices(purchaseOrder, [first], exact)).toEqual({ status: 'partial', differences: [] });
    expect(matchInvoices(purchaseOrder, [first, second], exact)).toEqual({ status: 'matched', differences: [] });
    // Partial without a fee yet: not flagged; complete without the fee: flagged (billed under the PO).
    const noFee = invoice({
      invoiceNumber: 'INV-1',
      lines: [{ sku: 'PAD-1', quantity: 2, unitCost: 1200 }],
      charges: [],
    });
    expect(matchInvoices(purchaseOrder, [noFee], exact).status).toBe('partial');
    expect(matchInvoices(purchaseOrder, [noFee, second], exact).differences).toEqual([
      expect.objectContaining({ kind: 'fees', expected: 300, invoiced: 0 }),
    ]);
  });

  it('two invoices billing the same units add up to a quantity mismatch', () => {
    const again = invoice({ invoiceNumber: 'INV-2', charges: [] });
    const match = matchInvoices(purchaseOrder, [invoice(), again], exact);
    expect(match.differences.map((difference) => difference.kind)).toEqual(['quantity', 'quantity']);
  });

  it('an invoice for a PO the store does not hold is held with the reason', () => {
    const match = matchInvoices(null, [invoice({ poNumber: 'DS-404' })], exact);
    expect(match.status).toBe('unknown-purchase-order');
    expect(match.reason).toContain('DS-404');
  });
});

describe('parseInvoiceTolerance', () => {
  it('refuses a negative or fractional amount, a percent over 100 and unknown keys', () => {
    for (const bad of [{ absoluteMinorUnits: -1 }, { absoluteMinorUnits: 1.5 }, { percent: 101 }, { percentage: 5 }])
      expect(() => parseInvoiceTolerance(bad)).toThrow(ValidationError);
    expect(parseInvoiceTolerance({ percent: 2.5 })).toEqual({ absoluteMinorUnits: 0, percent: 2.5 });
  });
});

describe('parseDistributorInvoice', () => {
  it('refuses money that is not whole minor units, a bad date, no lines and unknown keys', () => {
    const valid = {
      invoiceNumber: 'INV-1',
      poNumber: 'DS-1',
      distributor: 'acme-edi',
      invoiceDate: '2026-12-03',
      currency: 'USD',
      lines: [{ sku: 'PAD-1', quantity: 1, unitCost: 1200 }],
      total: 1200,
    };
    expect(parseDistributorInvoice(valid).charges).toEqual([]);
    for (const bad of [
      { ...valid, total: 12.5 },
      { ...valid, invoiceDate: '20261203' },
      { ...valid, lines: [] },
      { ...valid, lines: [{ sku: 'PAD-1', quantity: 1, unitCost: 12.99 }] },
      { ...valid, charges: [{ kind: 'shipping', amount: 100 }] },
      { ...valid, amountDue: 1200 },
    ])
      expect(() => parseDistributorInvoice(bad)).toThrow(ValidationError);
  });
});
