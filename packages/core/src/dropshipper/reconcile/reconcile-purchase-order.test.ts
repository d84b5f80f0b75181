import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { DropshipEventMap } from '../../events/index.js';
import { type DistributorInvoiceInput, parseDistributorInvoice } from '../../model/distributor-invoice.js';
import type { OfferInput } from '../../model/offer.js';
import type { DistributorClient, InvoiceLookup } from '../../spec/v1/distributor-client.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter, type MockDistributorClient } from '../../test.js';
import { salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from '../create-dropshipper.js';

const at = new Date('2026-12-07T15:00:00.000Z');

function offer(distributor: string, sku: string, cost: number, dropShipFee = 0): OfferInput {
  return {
    distributor,
    sku,
    brand: 'EBC',
    mpn: sku,
    currency: 'USD',
    cost,
    dropShipFee,
    stock: [{ warehouse: 'A', quantity: 50, leadTimeDays: 0 }],
  };
}

/**
 * A distributor whose API reports invoices like a real one: every invoice it ever sent for the
 * POs asked, on every call (it does not deduplicate for the caller). Counts its calls.
 */
function withInvoices(client: MockDistributorClient) {
  const sent: DistributorInvoiceInput[] = [];
  const calls: InvoiceLookup[] = [];
  const reporting: DistributorClient = {
    specificationVersion: 'v1',
    distributor: client.distributor,
    capabilities: { ...client.capabilities, invoices: 'list', maxTrackingBatch: 2 },
    checkStock: (skus, options) => client.checkStock(skus, options),
    submitOrder: (request, options) => client.submitOrder(request, options),
    findOrder: (poNumber, options) => client.findOrder(poNumber, options),
    listShipments: (query, options) => client.listShipments(query, options),
    cancelOrder: (poNumber, options) => client.cancelOrder(poNumber, options),
    async listInvoices(query) {
      calls.push(query);
      return sent.filter((invoice) => query.poNumbers.includes(invoice.poNumber));
    },
  };
  return { client: reporting, mock: client, send: (invoice: DistributorInvoiceInput) => sent.push(invoice), calls };
}

function setup(store: DropshipStore = createMemoryStore()) {
  const edi = withInvoices(
    createMockDistributorClient({ distributor: 'acme-edi', stock: { PAD: { A: 50 } }, now: () => at }),
  );
  const email = createMockDistributorClient({
    distributor: 'shop-by-email',
    stock: { BELT: { A: 50 } },
    now: () => at,
  });
  const dropshipper = createDropshipper({
    distributors: [edi.client, email],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    store,
    catalog: createMemoryCatalog([offer('acme-edi', 'PAD', 1200, 300), offer('shop-by-email', 'BELT', 5000)]),
    approval: { mode: 'auto' },
    now: () => at,
  });
  const seen: { name: keyof DropshipEventMap; payload: unknown }[] = [];
  dropshipper.events.on('invoice-recorded', (payload) => seen.push({ name: 'invoice-recorded', payload }));
  dropshipper.events.on('invoice-mismatch-flagged', (payload) =>
    seen.push({ name: 'invoice-mismatch-flagged', payload }),
  );
  return { edi, dropshipper, seen, store };
}

async function placeOne(dropshipper: ReturnType<typeof setup>['dropshipper'], id: string, sku: string, quantity = 2) {
  const result = await dropshipper.dropship(salesOrder(id, [{ lineId: 'L1', sku, quantity, unitPrice: 9000 }]));
  const poNumber = result.purchaseOrders[0]?.poNumber;
  if (poNumber === undefined) throw new Error(`nothing placed for ${id}`);
  return poNumber;
}

function beltInvoice(poNumber: string, overrides: Partial<DistributorInvoiceInput> = {}): DistributorInvoiceInput {
  return {
    invoiceNumber: 'E-1',
    poNumber,
    distributor: 'shop-by-email',
    invoiceDate: '2026-12-07',
    currency: 'USD',
    lines: [{ sku: 'BELT', quantity: 2, unitCost: 5000 }],
    total: 10_000,
    ...overrides,
  };
}

describe('dropshipper.recordInvoice: a supplier without an invoice API', () => {
  it('records an invoice within tolerance as matched, announces it once, and a second recording changes nothing', async () => {
    const { dropshipper, seen } = setup();
    const poNumber = await placeOne(dropshipper, '7001', 'BELT');
    const first = await dropshipper.recordInvoice(beltInvoice(poNumber));
    expect(first.outcome).toBe('recorded');
    expect(first.reconciliation).toMatchObject({
      poNumber,
      status: 'matched',
      invoiceNumbers: ['E-1'],
      differences: [],
    });
    const again = await dropshipper.recordInvoice(beltInvoice(poNumber));
    expect(again.outcome).toBe('already-recorded');
    expect(seen).toEqual([
      {
        name: 'invoice-recorded',
        payload: { invoiceNumber: 'E-1', poNumber, distributor: 'shop-by-email', status: 'matched' },
      },
    ]);
    expect(await dropshipper.reconciliations({ status: 'matched' })).toHaveLength(1);
  });

  it('flags a unit cost over tolerance: mismatch status a person can query, and one event', async () => {
    const { dropshipper, seen } = setup();
    const poNumber = await placeOne(dropshipper, '7002', 'BELT');
    const billed = beltInvoice(poNumber, { lines: [{ sku: 'BELT', quantity: 2, unitCost: 5600 }], total: 11_200 });
    const result = await dropshipper.recordInvoice(billed, { tolerance: { percent: 12 } });
    expect(result.reconciliation.status).toBe('matched');
    const strict = await dropshipper.reconcilePurchaseOrder(poNumber, { tolerance: { absoluteMinorUnits: 100 } });
    expect(strict.reconciliation.status).toBe('mismatch');
    // Reconciling again with the same differences does not announce it twice.
    await dropshipper.reconcilePurchaseOrder(poNumber, { tolerance: { absoluteMinorUnits: 100 } });
    const flagged = seen.filter((event) => event.name === 'invoice-mismatch-flagged');
    expect(flagged).toEqual([
      {
        name: 'invoice-mismatch-flagged',
        payload: expect.objectContaining({
          poNumber,
          distributor: 'shop-by-email',
          invoiceNumbers: ['E-1'],
          differences: [expect.objectContaining({ kind: 'unit-cost', sku: 'BELT', expected: 5000, invoiced: 5600 })],
        }),
      },
    ]);
    expect((await dropshipper.reconciliations({ status: 'mismatch' })).map((record) => record.poNumber)).toEqual([
      poNumber,
    ]);
  });

  it('refuses a different body under the same invoice number and keeps the first', async () => {
    const { dropshipper, store } = setup();
    const poNumber = await placeOne(dropshipper, '7003', 'BELT');
    await dropshipper.recordInvoice(beltInvoice(poNumber));
    await expect(dropshipper.recordInvoice(beltInvoice(poNumber, { total: 10_001 }))).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect((await store.listInvoices?.({ poNumber }))?.map((invoice) => invoice.total)).toEqual([10_000]);
  });

  it('holds an invoice for an unknown PO with a reason, never drops it', async () => {
    const { dropshipper, seen, store } = setup();
    const result = await dropshipper.recordInvoice(beltInvoice('DS-NOWHERE'));
    expect(result.reconciliation).toMatchObject({ status: 'unknown-purchase-order', distributor: 'shop-by-email' });
    expect(result.reconciliation.reason).toContain('DS-NOWHERE');
    expect(await store.listInvoices?.({ poNumber: 'DS-NOWHERE' })).toHaveLength(1);
    expect(await dropshipper.reconciliations({ status: 'unknown-purchase-order' })).toHaveLength(1);
    expect(seen).toEqual([
      { name: 'invoice-recorded', payload: expect.objectContaining({ status: 'unknown-purchase-order' }) },
    ]);
  });

  it('two partial invoices: partial, then matched; a malformed invoice or option writes nothing', async () => {
    const { dropshipper, store } = setup();
    const poNumber = await placeOne(dropshipper, '7004', 'BELT');
    const half = { lines: [{ sku: 'BELT', quantity: 1, unitCost: 5000 }], total: 5000 };
    expect(
      (await dropshipper.recordInvoice(beltInvoice(poNumber, { invoiceNumber: 'E-1', ...half }))).reconciliation.status,
    ).toBe('partial');
    await expect(
      dropshipper.recordInvoice({ ...beltInvoice(poNumber), invoiceNumber: 'E-9', total: 1.5 }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      dropshipper.recordInvoice(beltInvoice(poNumber, { invoiceNumber: 'E-8' }), { tolerence: {} } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await store.listInvoices?.({ poNumber })).toHaveLength(1);
    const second = await dropshipper.recordInvoice(beltInvoice(poNumber, { invoiceNumber: 'E-2', ...half }));
    expect(second.reconciliation).toMatchObject({ status: 'matched', invoiceNumbers: ['E-1', 'E-2'] });
  });

  it('another worker recording an invoice of the same PO between the read and the save: the record ends with both', async () => {
    const memory = createMemoryStore();
    const half = { lines: [{ sku: 'BELT', quantity: 1, unitCost: 5000 }], total: 5000 };
    let interleaved = false;
    let poNumber = '';
    // The other worker's invoice lands after this worker read the invoices, before it saved.
    const racing: DropshipStore = Object.assign(Object.create(memory) as DropshipStore, {
      async saveReconciliation(record: Parameters<typeof memory.saveReconciliation>[0]) {
        if (!interleaved) {
          interleaved = true;
          await memory.recordInvoice(parseDistributorInvoice(beltInvoice(poNumber, { invoiceNumber: 'E-2', ...half })));
        }
        return memory.saveReconciliation(record);
      },
    });
    const { dropshipper } = setup(racing);
    poNumber = await placeOne(dropshipper, '7006', 'BELT');
    const result = await dropshipper.recordInvoice(beltInvoice(poNumber, { invoiceNumber: 'E-1', ...half }));
    expect(interleaved).toBe(true);
    expect(result.reconciliation).toMatchObject({ status: 'matched', invoiceNumbers: ['E-1', 'E-2'] });
    expect(await memory.findReconciliations({ poNumber })).toEqual([result.reconciliation]);
  });

  it('actual profit uses the invoiced figures once an invoice is recorded', async () => {
    const { dropshipper } = setup();
    const poNumber = await placeOne(dropshipper, '7005', 'BELT');
    const before = await dropshipper.profit('ebay:7005');
    expect([before.cost, before.dropShipFees]).toEqual([10_000, 0]);
    await dropshipper.recordInvoice(
      beltInvoice(poNumber, {
        lines: [{ sku: 'BELT', quantity: 2, unitCost: 5600 }],
        charges: [{ kind: 'freight', amount: 895 }],
        total: 12_095,
      }),
    );
    const after = await dropshipper.profit('ebay:7005');
    expect([after.cost, after.dropShipFees]).toEqual([11_200, 895]);
    expect(after.profit).toBe(before.profit - 1200 - 895);
  });

  it('needs a store that keeps invoices', async () => {
    const memory = createMemoryStore();
    const { recordInvoice: _r, listInvoices: _l, saveReconciliation: _s, findReconciliations: _f, ...plain } = memory;
    const { dropshipper } = setup(plain as DropshipStore);
    await expect(dropshipper.recordInvoice(beltInvoice('DS-1'))).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('dropshipper.reconcilePurchaseOrder: a client that reports invoices (an EDI 810)', () => {
  it('asks the client once per call, records each invoice once although the client reports it every time, flags fees', async () => {
    const { dropshipper, edi, seen } = setup();
    const poNumber = await placeOne(dropshipper, '7101', 'PAD');
    const empty = await dropshipper.reconcilePurchaseOrder(poNumber);
    expect(empty).toMatchObject({ recorded: 0, reconciliation: { status: 'partial', invoiceNumbers: [] } });
    edi.send({
      invoiceNumber: '810-1',
      poNumber,
      distributor: 'acme-edi',
      invoiceDate: '2026-12-07',
      currency: 'USD',
      lines: [{ sku: 'PAD', quantity: 2, unitCost: 1200 }],
      charges: [
        { kind: 'drop-ship-fee', amount: 300, code: 'H090' },
        { kind: 'freight', amount: 1500, code: 'D240' },
      ],
      total: 4200,
    });
    const first = await dropshipper.reconcilePurchaseOrder(poNumber, { tolerance: { absoluteMinorUnits: 100 } });
    const second = await dropshipper.reconcilePurchaseOrder(poNumber, { tolerance: { absoluteMinorUnits: 100 } });
    expect([first.recorded, second.recorded]).toEqual([1, 0]);
    expect(edi.calls).toEqual([{ poNumbers: [poNumber] }, { poNumbers: [poNumber] }, { poNumbers: [poNumber] }]);
    expect(second.reconciliation.status).toBe('mismatch');
    expect(second.reconciliation.differences).toEqual([
      expect.objectContaining({ kind: 'fees', expected: 300, invoiced: 1800 }),
    ]);
    expect(seen.map((event) => event.name)).toEqual(['invoice-recorded', 'invoice-mismatch-flagged']);
  });

  it('a malformed invoice from the client writes nothing; an unknown PO number is a ConfigurationError', async () => {
    const { dropshipper, edi, store } = setup();
    const poNumber = await placeOne(dropshipper, '7102', 'PAD');
    edi.send({
      invoiceNumber: '810-2',
      poNumber,
      distributor: 'acme-edi',
      invoiceDate: '2026-12-07',
      currency: 'USD',
      lines: [{ sku: 'PAD', quantity: 2, unitCost: 1200 }],
      total: 2400,
    });
    edi.send({ invoiceNumber: '810-3', poNumber, distributor: 'acme-edi' } as DistributorInvoiceInput);
    await expect(dropshipper.reconcilePurchaseOrder(poNumber)).rejects.toBeInstanceOf(ValidationError);
    expect(await store.listInvoices?.({ poNumber })).toEqual([]);
    await expect(dropshipper.reconcilePurchaseOrder('DS-NOWHERE')).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('dropshipper.reconcileDistributor: a nightly pass over a distributor that reports invoices', () => {
  const padInvoice = (poNumber: string, invoiceNumber: string, unitCost = 1200): DistributorInvoiceInput => ({
    invoiceNumber,
    poNumber,
    distributor: 'acme-edi',
    invoiceDate: '2026-12-07',
    currency: 'USD',
    lines: [{ sku: 'PAD', quantity: 2, unitCost }],
    charges: [{ kind: 'drop-ship-fee', amount: 300 }],
    total: 2 * unitCost + 300,
  });

  it('asks for shipped POs in lists of maxTrackingBatch, records each invoice once, skips matched POs next time', async () => {
    const { dropshipper, edi } = setup();
    const poNumbers: string[] = [];
    for (const id of ['7201', '7202', '7203']) poNumbers.push(await placeOne(dropshipper, id, 'PAD'));
    const unshipped = await placeOne(dropshipper, '7204', 'PAD');
    for (const poNumber of poNumbers) edi.mock.shipOrder(poNumber);
    await dropshipper.syncTracking();
    const [first, second, third] = poNumbers as [string, string, string];
    edi.send(padInvoice(first, '810-A'));
    edi.send(padInvoice(second, '810-B', 1500));
    const pass = await dropshipper.reconcileDistributor('acme-edi');
    expect(pass).toEqual({ purchaseOrders: 3, calls: 2, recorded: 2, mismatched: [second] });
    expect(edi.calls.map((call) => call.poNumbers.length)).toEqual([2, 1]);
    expect(edi.calls.flatMap((call) => call.poNumbers)).not.toContain(unshipped);
    edi.send(padInvoice(third, '810-C'));
    const next = await dropshipper.reconcileDistributor('acme-edi');
    // The matched PO is not asked again; the mismatch and the uninvoiced PO are.
    expect(next).toEqual({ purchaseOrders: 2, calls: 1, recorded: 1, mismatched: [second] });
    expect([...(edi.calls[2]?.poNumbers ?? [])].sort()).toEqual([second, third].sort());
  });

  it('refuses a distributor whose client does not report invoices, and an unknown one', async () => {
    const { dropshipper } = setup();
    await expect(dropshipper.reconcileDistributor('shop-by-email')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(dropshipper.reconcileDistributor('nobody')).rejects.toBeInstanceOf(ConfigurationError);
  });
});
