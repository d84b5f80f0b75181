import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { ConfigurationError } from '../../errors/configuration-error.js';
import {
  type DistributorInvoice,
  parseDistributorInvoice,
  type ReconciliationRecord,
} from '../../model/distributor-invoice.js';
import { parseWith } from '../../model/parse.js';
import type { DropshipStore, ReconciliationQuery } from '../../spec/v1/store.js';
import { purchaseOrderStateGroups } from '../../state-machine/purchase-order-state-groups.js';
import { invoiceKey } from '../../stores/invoice-book.js';
import type { DropshipContext } from '../context/dropship-context.js';
import {
  type InvoiceTolerance,
  invoiceToleranceSchema,
  matchInvoices,
  parseInvoiceTolerance,
} from './match-invoices.js';

/** Options of `recordInvoice` and `reconcilePurchaseOrder`. */
export interface ReconcileOptions {
  /** How far invoiced amounts may be from the PO's before it is flagged. Default: no difference allowed. */
  tolerance?: InvoiceTolerance;
}

/** What `recordInvoice` did. */
export interface RecordInvoiceResult {
  /** The invoice as validated and stored. */
  invoice: DistributorInvoice;
  /** `recorded` the first time; `already-recorded` when the same invoice was recorded before (nothing changed). */
  outcome: 'recorded' | 'already-recorded';
  /** Where the invoice's PO stands against every invoice recorded for it. */
  reconciliation: ReconciliationRecord;
}

/** What `reconcilePurchaseOrder` did. */
export interface ReconcilePurchaseOrderResult {
  /** Invoices the distributor's client reported that were new to the store. */
  recorded: number;
  /** Where the PO stands against every invoice recorded for it. */
  reconciliation: ReconciliationRecord;
}

/** What `reconcileDistributor` did. */
export interface ReconcileDistributorResult {
  /** POs asked about (shipped or completed, not yet `matched`). */
  purchaseOrders: number;
  /** `listInvoices` calls made (PO lists of at most `capabilities.maxTrackingBatch`). */
  calls: number;
  /** Invoices new to the store. */
  recorded: number;
  /** POs whose reconciliation is `mismatch` after this pass. */
  mismatched: string[];
}

/** The parsed options of both operations. */
export const reconcileOptionsSchema = z.strictObject({ tolerance: invoiceToleranceSchema.optional() });

/** Most times one reconciliation reads the invoices again after another worker added one. */
const maxReconcileAttempts = 5;

type InvoiceStore = DropshipStore &
  Required<Pick<DropshipStore, 'recordInvoice' | 'listInvoices' | 'saveReconciliation' | 'findReconciliations'>>;

/** The store, when it has the invoice capability; a `ConfigurationError` naming the fix otherwise. */
function invoiceStoreOf(store: DropshipStore, operation: string): InvoiceStore {
  if (
    typeof store.recordInvoice !== 'function' ||
    typeof store.listInvoices !== 'function' ||
    typeof store.saveReconciliation !== 'function' ||
    typeof store.findReconciliations !== 'function'
  )
    throw new ConfigurationError(
      `${operation}: the store does not keep invoices (recordInvoice, listInvoices, saveReconciliation, findReconciliations); use the memory store or @dropship/postgres`,
    );
  return store as InvoiceStore;
}

/**
 * Matches every invoice recorded for `poNumber` against its PO and saves the reconciliation
 * record. `flagged` is true when the PO becomes a mismatch or its differences change (so the
 * mismatch is announced once per set of differences, not at every reconciliation).
 */
async function reconcileStored(
  context: DropshipContext,
  store: InvoiceStore,
  poNumber: string,
  distributorOfInvoice: string,
  options: ReconcileOptions,
): Promise<{ record: ReconciliationRecord; flagged: boolean }> {
  const tolerance = parseInvoiceTolerance(options.tolerance);
  const [purchaseOrder, previous] = await Promise.all([
    store.getPurchaseOrder(poNumber),
    store.findReconciliations({ poNumber }),
  ]);
  const keysOf = (invoices: readonly DistributorInvoice[]) => invoices.map(invoiceKey);
  let invoices = await store.listInvoices({ poNumber });
  let record: ReconciliationRecord;
  for (let attempt = 1; ; attempt++) {
    const match = matchInvoices(purchaseOrder, invoices, tolerance);
    record = {
      poNumber,
      distributor: purchaseOrder?.distributor ?? distributorOfInvoice,
      status: match.status,
      invoiceNumbers: invoices.map((invoice) => invoice.invoiceNumber),
      differences: match.differences,
      ...(match.reason !== undefined ? { reason: match.reason } : {}),
      reconciledAt: context.now().toISOString(),
    };
    await store.saveReconciliation(record);
    // Another worker may have recorded an invoice of this PO between the read and the save, and
    // saved its record before this one: read again, and match again until the invoices held still.
    const after = await store.listInvoices({ poNumber });
    if (isDeepStrictEqual(keysOf(after), keysOf(invoices)) || attempt === maxReconcileAttempts) break;
    invoices = after;
  }
  const before = previous[0];
  const flagged =
    record.status === 'mismatch' &&
    (before?.status !== 'mismatch' || !isDeepStrictEqual(before.differences, record.differences));
  return { record, flagged };
}

/** Emits `invoice-mismatch-flagged` for a PO whose reconciliation was just flagged. */
function announceMismatch(context: DropshipContext, record: ReconciliationRecord): void {
  context.emit('invoice-mismatch-flagged', {
    poNumber: record.poNumber,
    distributor: record.distributor,
    invoiceNumbers: record.invoiceNumbers,
    differences: record.differences,
  });
}

/** Stores one validated invoice (idempotently), reconciles its PO, announces what is new. */
async function storeInvoice(
  context: DropshipContext,
  store: InvoiceStore,
  invoice: DistributorInvoice,
  options: ReconcileOptions,
): Promise<RecordInvoiceResult> {
  const outcome = await store.recordInvoice(invoice);
  const { record, flagged } = await reconcileStored(context, store, invoice.poNumber, invoice.distributor, options);
  if (outcome === 'recorded')
    context.emit('invoice-recorded', {
      invoiceNumber: invoice.invoiceNumber,
      poNumber: invoice.poNumber,
      distributor: invoice.distributor,
      status: record.status,
    });
  if (flagged) announceMismatch(context, record);
  return { invoice, outcome, reconciliation: record };
}

/**
 * Records an invoice a distributor sent (a supplier without an invoice API: the PDF typed in, an
 * email-po supplier's invoice) and reconciles its PO. An invoice for a PO the store does not hold
 * is kept with status `unknown-purchase-order`, never dropped.
 *
 * @param context - the dropshipper's context.
 * @param input - the invoice (validated here).
 * @param options - the tolerance.
 * @throws {@link ValidationError} for a malformed invoice or options (nothing is written).
 * @throws {@link ConcurrencyConflictError} when another invoice body was recorded under the same distributor and number.
 * @throws {@link ConfigurationError} when the store does not keep invoices.
 */
export async function recordInvoice(
  context: DropshipContext,
  input: unknown,
  options: unknown = {},
): Promise<RecordInvoiceResult> {
  const parsedOptions = parseWith(reconcileOptionsSchema, options, 'recordInvoice options');
  const invoice = parseDistributorInvoice(input);
  const store = invoiceStoreOf(context.store, 'recordInvoice');
  return storeInvoice(context, store, invoice, parsedOptions);
}

/**
 * Reconciles one PO: when its distributor's client reports invoices
 * (`capabilities.invoices: 'list'`), asks it for the PO's invoices and records the new ones,
 * then matches every recorded invoice against the PO.
 *
 * @param context - the dropshipper's context.
 * @param poNumber - the PO.
 * @param options - the tolerance.
 * @throws {@link ConfigurationError} for an unknown PO number or a store without invoices.
 * @throws {@link ValidationError} when the client reports a malformed invoice (nothing of it is written).
 */
export async function reconcilePurchaseOrder(
  context: DropshipContext,
  poNumber: string,
  options: unknown = {},
): Promise<ReconcilePurchaseOrderResult> {
  const parsedOptions = parseWith(reconcileOptionsSchema, options, 'reconcilePurchaseOrder options');
  const store = invoiceStoreOf(context.store, 'reconcilePurchaseOrder');
  const purchaseOrder = await store.getPurchaseOrder(poNumber);
  if (purchaseOrder === null) throw new ConfigurationError(`reconcilePurchaseOrder: no purchase order ${poNumber}`);
  const client = context.distributors.get(purchaseOrder.distributor);
  let recorded = 0;
  if (client?.capabilities.invoices === 'list' && typeof client.listInvoices === 'function') {
    const listInvoices = client.listInvoices.bind(client);
    const reported = await context.limiterFor(purchaseOrder.distributor)(() => listInvoices({ poNumbers: [poNumber] }));
    // Every invoice is validated before any is written: a malformed answer writes nothing.
    const invoices = reported.map(parseDistributorInvoice).filter((invoice) => invoice.poNumber === poNumber);
    for (const invoice of invoices) {
      const result = await storeInvoice(context, store, invoice, parsedOptions);
      if (result.outcome === 'recorded') recorded += 1;
    }
  }
  const { record, flagged } = await reconcileStored(context, store, poNumber, purchaseOrder.distributor, parsedOptions);
  if (flagged) announceMismatch(context, record);
  return { recorded, reconciliation: record };
}

/**
 * Reconciles a distributor's shipped POs in batches: asks its client (`capabilities.invoices:
 * 'list'`) for the invoices of every PO that shipped and is not `matched` yet, PO lists of at most
 * `capabilities.maxTrackingBatch`, records the new invoices and reconciles each PO they bill.
 * What a nightly job runs per distributor.
 *
 * @param context - the dropshipper's context.
 * @param distributor - the distributor id.
 * @param options - the tolerance.
 * @throws {@link ConfigurationError} for an unknown distributor, a client that does not report
 *   invoices (record them with `recordInvoice`), or a store without invoices.
 * @throws {@link ValidationError} when the client reports a malformed invoice (nothing of that batch is written).
 */
export async function reconcileDistributor(
  context: DropshipContext,
  distributor: string,
  options: unknown = {},
): Promise<ReconcileDistributorResult> {
  const parsedOptions = parseWith(reconcileOptionsSchema, options, 'reconcileDistributor options');
  const store = invoiceStoreOf(context.store, 'reconcileDistributor');
  const client = context.distributors.get(distributor);
  if (client === undefined) throw new ConfigurationError(`reconcileDistributor: no distributor ${distributor}`);
  if (client.capabilities.invoices !== 'list' || typeof client.listInvoices !== 'function')
    throw new ConfigurationError(
      `reconcileDistributor: ${distributor} does not report invoices (capabilities.invoices is not 'list'); record them with recordInvoice`,
    );
  const listInvoices = client.listInvoices.bind(client);
  const matched = new Set(
    (await store.findReconciliations({ distributor, status: 'matched' })).map((record) => record.poNumber),
  );
  const poNumbers = (await store.findPurchaseOrders({ distributor, state: purchaseOrderStateGroups.shipped }))
    .map((purchaseOrder) => purchaseOrder.poNumber)
    .filter((poNumber) => !matched.has(poNumber));
  const batchSize = Math.max(1, client.capabilities.maxTrackingBatch);
  const result: ReconcileDistributorResult = {
    purchaseOrders: poNumbers.length,
    calls: 0,
    recorded: 0,
    mismatched: [],
  };
  for (let start = 0; start < poNumbers.length; start += batchSize) {
    const batch = poNumbers.slice(start, start + batchSize);
    result.calls += 1;
    const reported = await context.limiterFor(distributor)(() => listInvoices({ poNumbers: batch }));
    // Every invoice of the batch is validated before any is written.
    const invoices = reported.map(parseDistributorInvoice);
    for (const invoice of invoices) {
      const recorded = await storeInvoice(context, store, invoice, parsedOptions);
      if (recorded.outcome === 'recorded') result.recorded += 1;
    }
  }
  result.mismatched = (await store.findReconciliations({ distributor, status: 'mismatch' })).map(
    (record) => record.poNumber,
  );
  return result;
}

/**
 * The reconciliation records matching a query (for example `{ status: 'mismatch' }`: the POs a
 * person must look at).
 *
 * @param context - the dropshipper's context.
 * @param query - see `ReconciliationQuery`.
 * @throws {@link ConfigurationError} when the store does not keep invoices.
 */
export async function findReconciliations(
  context: DropshipContext,
  query: ReconciliationQuery,
): Promise<ReconciliationRecord[]> {
  const store = invoiceStoreOf(context.store, 'reconciliations');
  return store.findReconciliations(query);
}
