import { readFileSync } from 'node:fs';
import { FieldLengthError, type PurchaseOrderRequest, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { ediPartnerSchema } from './edi-options.js';
import { parseX12, type X12TransactionSet } from './parse-x12.js';
import { readEdiPurchaseOrder } from './read-edi-purchase-order.js';
import { parseEdiPurchaseOrderRequest, writeEdiPurchaseOrder } from './write-edi-purchase-order.js';
import { formatX12Decimal, parseX12Decimal } from './x12-money.js';

const partner = ediPartnerSchema.parse({
  senderId: 'DEALER01',
  receiverId: 'ACMEPARTS',
  shipToIdentifier: { qualifier: '92', value: 'DROPSHIP CUSTOMER' },
});
const at = new Date('2026-12-07T09:30:00Z');

const request: PurchaseOrderRequest = {
  poNumber: 'PO-10042',
  shipTo: {
    name: 'Jordan Rider',
    company: 'Rider Racing',
    address1: '1200 W Main St',
    address2: 'Unit 4',
    city: 'Boise',
    region: 'ID',
    postalCode: '83702',
    country: 'US',
    phone: '2085550100',
    email: 'jordan@example.com',
  },
  lines: [
    { sku: '0101-1234', quantity: 2, unitCost: 1999 },
    { sku: 'HLM-44', quantity: 1, unitCost: 40000 },
  ],
  currency: 'USD',
  shipMethod: 'UPSG',
  note: 'Leave at back door',
};

async function onlySet(text: string): Promise<X12TransactionSet> {
  const [interchange] = await parseX12(text, 'test');
  return interchange?.groups[0]?.transactionSets[0] as X12TransactionSet;
}

describe('writeEdiPurchaseOrder', () => {
  it('writes an 850 that the parser reads back into the same PO (ship-to, part numbers, costs in minor units, total)', async () => {
    const text = writeEdiPurchaseOrder(
      {
        request,
        partner,
        controlNumber: 42,
        at,
        purpose: 'original',
        lineExtras: [{ manufacturerPartNumber: 'MFR-778' }, {}],
      },
      'acme',
    );
    const [interchange] = await parseX12(text, 'test');
    expect(interchange?.controlNumber).toBe('000000042');
    expect(interchange?.sender).toEqual({ qualifier: 'ZZ', id: 'DEALER01' });
    expect(interchange?.receiver).toEqual({ qualifier: 'ZZ', id: 'ACMEPARTS' });
    expect(interchange?.groups[0]).toMatchObject({
      functionalIdentifier: 'PO',
      controlNumber: '42',
      version: '004010',
    });
    const document = readEdiPurchaseOrder(interchange?.groups[0]?.transactionSets[0] as X12TransactionSet, 'test');
    expect(document).toEqual({
      kind: '850',
      purpose: 'original',
      type: 'DS',
      poNumber: 'PO-10042',
      date: '20261207',
      note: 'Leave at back door',
      shipMethod: 'UPSG',
      shipTo: request.shipTo,
      lines: [
        { lineNumber: '1', quantity: 2, unitCost: 1999, partNumbers: { VP: '0101-1234', MG: 'MFR-778' } },
        { lineNumber: '2', quantity: 1, unitCost: 40000, partNumbers: { VP: 'HLM-44' } },
      ],
      total: 2 * 1999 + 40000,
    });
    expect(text).toContain('N1*ST*Jordan Rider*92*DROPSHIP CUSTOMER~');
    expect(text).toContain('PO1*1*2*EA*19.99*PE*VP*0101-1234*MG*MFR-778~');
    expect(text).toContain('PO1*2*1*EA*400*PE*VP*HLM-44~');
    expect(text).toContain('CTT*2~');
  });

  it('writes the same text for the same input (a retry resends the same interchange) and another for another control number', () => {
    const input = { request, partner, controlNumber: 7, at, purpose: 'original' as const };
    expect(writeEdiPurchaseOrder(input, 'acme')).toBe(writeEdiPurchaseOrder(input, 'acme'));
    expect(writeEdiPurchaseOrder({ ...input, controlNumber: 8 }, 'acme')).not.toBe(
      writeEdiPurchaseOrder(input, 'acme'),
    );
  });

  it('reads the public drop-ship 850 and writes its PO back with the same lines, ship-to and total', async () => {
    const publicText = readFileSync(new URL('./__fixtures__/stedi-850-drop-ship.edi', import.meta.url), 'latin1');
    const original = readEdiPurchaseOrder(await onlySet(publicText), 'partner');
    const samePartner = ediPartnerSchema.parse({
      senderId: 'COYOTE',
      receiverId: 'ACME',
      version: '005010',
      partnerPartQualifier: 'VC',
      manufacturerPartQualifier: 'SK',
      priceBasis: 'PE',
    });
    const rewritten = writeEdiPurchaseOrder(
      {
        request: {
          poNumber: original.poNumber,
          shipTo: { ...original.shipTo },
          lines: original.lines.map((line) => ({
            sku: line.partNumbers.VC as string,
            quantity: line.quantity,
            unitCost: line.unitCost as number,
          })),
          currency: 'USD',
          shipMethod: original.shipMethod as string,
          note: original.note as string,
        },
        partner: samePartner,
        controlNumber: 2073,
        at: new Date('2023-07-28T18:25:00Z'),
        purpose: 'original',
        lineExtras: original.lines.map((line) => ({ manufacturerPartNumber: line.partNumbers.SK as string })),
      },
      'acme',
    );
    const reread = readEdiPurchaseOrder(await onlySet(rewritten), 'partner');
    expect({ ...reread, lines: reread.lines.map(({ lineNumber: _, ...line }) => line) }).toEqual({
      ...original,
      lines: original.lines.map(({ lineNumber: _, ...line }) => line),
    });
    expect(original.total).toBe(370000);
  });

  it('keeps X12 delimiters and accents out of the ship-to', async () => {
    const hostile = { ...request, shipTo: { ...request.shipTo, name: 'Zoë *O~Neil>', address1: '12 Main St^Apt|3' } };
    const text = writeEdiPurchaseOrder(
      { request: hostile, partner, controlNumber: 9, at, purpose: 'original' },
      'acme',
    );
    const document = readEdiPurchaseOrder(await onlySet(text), 'test');
    expect(document.shipTo.name).toBe('Zoe O Neil');
    expect(document.shipTo.address1).toBe('12 Main St Apt 3');
    expect(document.lines).toHaveLength(2);
  });

  it('refuses a ship-to longer than X12 allows with a FieldLengthError naming each element, before writing', () => {
    const long = { ...request, shipTo: { ...request.shipTo, name: 'N'.repeat(61), city: 'C'.repeat(31) } };
    const error = (() => {
      try {
        return writeEdiPurchaseOrder({ request: long, partner, controlNumber: 9, at, purpose: 'original' }, 'acme');
      } catch (caught) {
        return caught;
      }
    })();
    expect(FieldLengthError.isInstance(error)).toBe(true);
    expect((error as FieldLengthError).violations.map((violation) => violation.field).sort()).toEqual([
      'N102',
      'N401',
      'PER02',
    ]);
  });

  it('writes BEG01 01 for a cancel, and omits PO104/PO105 and AMT when a line has no cost', async () => {
    const text = writeEdiPurchaseOrder(
      {
        request: { ...request, lines: [{ sku: 'A-1', quantity: 3 }] },
        partner,
        controlNumber: 10,
        at,
        purpose: 'cancel',
      },
      'acme',
    );
    expect(text).toContain('BEG*01*DS*PO-10042**20261207~');
    expect(text).toContain('PO1*1*3*EA***VP*A-1~');
    expect(text).not.toContain('AMT*');
  });
});

describe('parseEdiPurchaseOrderRequest', () => {
  it('refuses PO numbers longer than the partner takes or holding a delimiter or a space', () => {
    for (const poNumber of ['P'.repeat(23), 'PO*1', 'PO 1', 'PO~1', '']) {
      const error = (() => {
        try {
          return parseEdiPurchaseOrderRequest({ ...request, poNumber }, partner);
        } catch (caught) {
          return caught;
        }
      })();
      expect(ValidationError.isInstance(error), poNumber).toBe(true);
    }
    expect(parseEdiPurchaseOrderRequest(request, partner).poNumber).toBe('PO-10042');
  });

  it('refuses a SKU X12 would change (a delimiter, non-ASCII): the partner would read another part number', () => {
    for (const sku of ['A*1', 'A~1', 'Ä-1', 'A  1']) {
      const error = (() => {
        try {
          return parseEdiPurchaseOrderRequest({ ...request, lines: [{ sku, quantity: 1 }] }, partner);
        } catch (caught) {
          return caught;
        }
      })();
      expect(ValidationError.isInstance(error), sku).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['lines.0.sku']);
    }
    expect(
      parseEdiPurchaseOrderRequest({ ...request, lines: [{ sku: 'ACM/8900-400', quantity: 1 }] }, partner).lines[0]
        ?.sku,
    ).toBe('ACM/8900-400');
  });
});

describe('X12 decimals', () => {
  it('writes minor units as decimals and reads them back exactly, per currency', () => {
    expect([1999, 40000, 5, 0, -350].map((value) => formatX12Decimal(value, 'USD'))).toEqual([
      '19.99',
      '400',
      '0.05',
      '0',
      '-3.5',
    ]);
    expect(formatX12Decimal(1500, 'JPY')).toBe('1500');
    expect(['19.99', '400', '.5', '3.50', '-3.5'].map((text) => parseX12Decimal(text, 'USD'))).toEqual([
      1999, 40000, 50, 350, -350,
    ]);
    expect(parseX12Decimal('1.999', 'USD')).toBeUndefined();
    expect(parseX12Decimal('abc', 'USD')).toBeUndefined();
    expect(parseX12Decimal('.', 'USD')).toBeUndefined();
  });
});
