import {
  ConcurrencyConflictError,
  type DistributorInvoiceInput,
  type DropshipStore,
  type ReconciliationRecord,
  ValidationError,
} from '@dropship/core';
import { expect, it } from 'vitest';

/** The invoice capability of a store, required by these tests (the memory and PostgreSQL stores have it). */
type InvoiceStore = Required<
  Pick<DropshipStore, 'recordInvoice' | 'listInvoices' | 'saveReconciliation' | 'findReconciliations'>
>;

function invoiceStoreOf(store: DropshipStore): InvoiceStore {
  const { recordInvoice, listInvoices, saveReconciliation, findReconciliations } = store;
  if (!recordInvoice || !listInvoices || !saveReconciliation || !findReconciliations)
    throw new Error('the store under test must keep invoices');
  return {
    recordInvoice: recordInvoice.bind(store),
    listInvoices: listInvoices.bind(store),
    saveReconciliation: saveReconciliation.bind(store),
    findReconciliations: findReconciliations.bind(store),
  };
}

/** An 810 for PO `DS-EBAY-1234-WPS` (the fixtures' PO), as the model takes it. */
export function invoice(overrides: Partial<DistributorInvoiceInput> = {}): DistributorInvoiceInput {
  return {
    invoiceNumber: 'INV-1',
    poNumber: 'DS-EBAY-1234-WPS',
    distributor: 'wps',
    invoiceDate: '2026-11-25',
    currency: 'USD',
    lines: [{ sku: '87-1234', quantity: 2, unitCost: 2500 }],
    charges: [{ kind: 'freight', amount: 895, code: 'D240' }],
    total: 5895,
    ...overrides,
  };
}

function reconciliation(overrides: Partial<ReconciliationRecord> = {}): ReconciliationRecord {
  return {
    poNumber: 'DS-EBAY-1234-WPS',
    distributor: 'wps',
    status: 'matched',
    invoiceNumbers: ['INV-1'],
    differences: [],
    reconciledAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * The optional invoice capability of `DropshipStore`, inside the store spec's describe block (so
 * it runs on the memory store, PGlite and the PostgreSQL server alike).
 *
 * @param current - the store under test (opened and emptied by the caller's hooks).
 */
export function describeInvoiceStoreSpec(current: () => DropshipStore): void {
  it('invoices: recording the same invoice twice is idempotent; a different body under its number is a conflict and the first is kept', async () => {
    const store = invoiceStoreOf(current());
    expect(await store.recordInvoice(invoice() as never)).toBe('recorded');
    expect(await store.recordInvoice(invoice() as never)).toBe('already-recorded');
    const error = await store.recordInvoice(invoice({ total: 5900 }) as never).catch((caught: unknown) => caught);
    expect(ConcurrencyConflictError.isInstance(error)).toBe(true);
    expect((error as ConcurrencyConflictError).key).toBe('wps:INV-1');
    // The same number from another distributor is another invoice.
    expect(await store.recordInvoice(invoice({ distributor: 'parts-unlimited' }) as never)).toBe('recorded');
    expect((await store.listInvoices({ distributor: 'wps' })).map((stored) => stored.total)).toEqual([5895]);
  });

  it('invoices: listed by PO number and distributor in the order recorded, as validated (charges default to none)', async () => {
    const store = invoiceStoreOf(current());
    await store.recordInvoice(invoice({ invoiceNumber: 'INV-9' }) as never);
    await store.recordInvoice(invoice({ invoiceNumber: 'INV-2', charges: undefined, total: 5000 }) as never);
    await store.recordInvoice(invoice({ invoiceNumber: 'INV-3', poNumber: 'DS-OTHER' }) as never);
    const listed = await store.listInvoices({ poNumber: 'DS-EBAY-1234-WPS' });
    expect(listed.map((stored) => stored.invoiceNumber)).toEqual(['INV-9', 'INV-2']);
    expect(listed[1]?.charges).toEqual([]);
    expect(listed[0]).toEqual({ ...invoice({ invoiceNumber: 'INV-9' }) });
    expect(await store.listInvoices({ poNumber: 'DS-NONE' })).toEqual([]);
    expect(await store.listInvoices({})).toHaveLength(3);
  });

  it('invoices: an invalid invoice or query is a ValidationError and writes nothing', async () => {
    const store = invoiceStoreOf(current());
    for (const bad of [invoice({ total: 58.95 }), invoice({ lines: [] }), { ...invoice(), dueDate: '2026-12-25' }]) {
      const error = await store.recordInvoice(bad as never).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
    }
    expect(await store.listInvoices({})).toEqual([]);
    const queryError = await store.listInvoices({ purchaseOrder: 'DS-1' } as never).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(queryError)).toBe(true);
  });

  it('reconciliations: one record per PO number, replaced, found by status (one or several) and PO', async () => {
    const store = invoiceStoreOf(current());
    await store.saveReconciliation(reconciliation({ status: 'partial' }));
    await store.saveReconciliation(
      reconciliation({
        status: 'mismatch',
        invoiceNumbers: ['INV-1', 'INV-2'],
        differences: [
          {
            kind: 'unit-cost',
            invoiceNumber: 'INV-2',
            sku: '87-1234',
            expected: 2500,
            invoiced: 2900,
            message: 'over',
          },
        ],
      }),
    );
    await store.saveReconciliation(
      reconciliation({ poNumber: 'DS-404', status: 'unknown-purchase-order', reason: 'no purchase order DS-404' }),
    );
    expect((await store.findReconciliations({ status: 'mismatch' })).map((record) => record.poNumber)).toEqual([
      'DS-EBAY-1234-WPS',
    ]);
    expect(await store.findReconciliations({ status: 'partial' })).toEqual([]);
    expect(
      (await store.findReconciliations({ status: ['mismatch', 'unknown-purchase-order'] })).map(
        (record) => record.poNumber,
      ),
    ).toEqual(['DS-404', 'DS-EBAY-1234-WPS']);
    const [mismatch] = await store.findReconciliations({ poNumber: 'DS-EBAY-1234-WPS' });
    expect(mismatch?.differences[0]).toMatchObject({ kind: 'unit-cost', expected: 2500, invoiced: 2900 });
    expect(mismatch?.invoiceNumbers).toEqual(['INV-1', 'INV-2']);
    const error = await store.findReconciliations({ state: 'mismatch' } as never).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
  });

  it('invoices: two workers recording the same invoice at once: one records it, the other finds it', async () => {
    const store = invoiceStoreOf(current());
    const outcomes = await Promise.all([
      store.recordInvoice(invoice() as never),
      store.recordInvoice(invoice() as never),
    ]);
    expect(outcomes.sort()).toEqual(['already-recorded', 'recorded']);
    expect(await store.listInvoices({})).toHaveLength(1);
  });
}
