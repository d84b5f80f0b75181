// The PDF and the CSV, rendered without SMTP: text a spreadsheet or a PDF viewer could misread
// (formulas, quotes, line breaks, characters outside Latin-1, amounts in other currencies).
import { formatMinorUnits } from '@dropship/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readPdfText, shipTo } from './__fixtures__/email-po-harness.js';
import { buildPurchaseOrderDocument } from './purchase-order-document.js';
import { renderPurchaseOrderCsv } from './render-purchase-order-csv.js';
import { renderPurchaseOrderPdf } from './render-purchase-order-pdf.js';

const document = (overrides: Partial<Parameters<typeof buildPurchaseOrderDocument>[0]['request']> = {}) =>
  buildPurchaseOrderDocument({
    request: {
      poNumber: 'PO-77',
      shipTo,
      lines: [{ sku: 'PART-1', quantity: 3, unitCost: 1999 }],
      currency: 'USD',
      ...overrides,
    },
    buyer: { company: 'Moto Dealer Inc', email: 'po@dealer.test' },
    supplierName: 'Acme',
    issuedAt: '2026-12-07T12:00:00.000Z',
    describeSku: (sku) => (sku === 'PART-1' ? '=HYPERLINK("http://evil.test","click")' : 'Seat, "pro", 2\nrows'),
  });

describe('purchase order rendering', () => {
  it('CSV: quotes commas, quotes and line breaks, and defuses a formula in a text field', () => {
    const csv = renderPurchaseOrderCsv(
      document({
        lines: [
          { sku: 'PART-1', quantity: 3, unitCost: 1999 },
          { sku: '+SEAT-9', quantity: 1 },
        ],
      }),
    );
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      sku: 'PART-1',
      description: `'=HYPERLINK("http://evil.test","click")`,
      unit_cost: '19.99',
      line_total: '59.97',
    });
    expect(rows[1]).toMatchObject({
      sku: `'+SEAT-9`,
      description: 'Seat, "pro", 2\nrows',
      unit_cost: '',
      line_total: '',
    });
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('amounts are exact decimals in the currency’s own digits', () => {
    expect([
      formatMinorUnits(5, 'USD'),
      formatMinorUnits(1999, 'USD'),
      formatMinorUnits(500, 'JPY'),
      formatMinorUnits(12_345, 'KWD'),
    ]).toEqual(['0.05', '19.99', '500', '12.345']);
    const yen = renderPurchaseOrderCsv(
      document({ currency: 'JPY', lines: [{ sku: 'PART-1', quantity: 2, unitCost: 4500 }] }),
    );
    expect((parse(yen, { columns: true }) as Record<string, string>[])[0]).toMatchObject({
      unit_cost: '4500',
      line_total: '9000',
    });
  });

  it('PDF: characters outside Latin-1 print as ? (not garbled), Latin-1 ones as they are; the same PO gives the same bytes', async () => {
    const unusual = document({ shipTo: { ...shipTo, name: 'Zoë Łukasz 山田' } });
    const [page] = await readPdfText(await renderPurchaseOrderPdf(unusual));
    expect(page).toContain('Zoë ?ukasz ??');
    const [first, second] = await Promise.all([renderPurchaseOrderPdf(unusual), renderPurchaseOrderPdf(unusual)]);
    expect(first.equals(second)).toBe(true);
    expect(renderPurchaseOrderCsv(unusual)).toContain('Zoë Łukasz 山田');
  });
});
