import type {
  DistributorInvoice,
  ReconciliationRecord,
  ReconciliationStatus,
} from '../../model/distributor-invoice.js';
import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import type { SalesOrder } from '../../model/sales-order.js';

/** How to find purchase orders, as a dealer searches them. Criteria combine with AND. */
export interface PurchaseOrderQuery {
  poNumber?: string;
  /** `<marketplace>:<marketplaceOrderId>`. */
  salesOrderId?: string;
  distributor?: string;
  /** One state or any of several. */
  state?: PurchaseOrderState | readonly PurchaseOrderState[];
  /** Only POs created at or after this instant (ISO 8601). */
  createdFrom?: string;
  /** Only POs created before this instant (ISO 8601). */
  createdTo?: string;
  /** At most this many, oldest first. */
  limit?: number;
}

/** A record that an effect happened (tracking pushed, email sent), keyed for idempotency. */
export interface IdempotencyRecord {
  /** For example `tracking:ebay:12-345:1Z999`. */
  key: string;
  /** When it was recorded (ISO 8601). */
  at: string;
  /** A short result to remember (a marketplace reference, a message id). */
  result?: string;
}

/** How to find recorded invoices. Criteria combine with AND. */
export interface InvoiceQuery {
  /** Invoices billing this PO number. */
  poNumber?: string;
  /** Invoices of this distributor. */
  distributor?: string;
}

/** How to find reconciliation records. Criteria combine with AND. */
export interface ReconciliationQuery {
  poNumber?: string;
  distributor?: string;
  /** One status or any of several (for example `mismatch`: the POs a person must look at). */
  status?: ReconciliationStatus | readonly ReconciliationStatus[];
}

/**
 * Where the dropshipper keeps its state. Version 1. An in-memory store ships in core;
 * `@dropship/postgres` is durable.
 *
 * Writes are all-or-nothing. Purchase orders use optimistic concurrency: an update whose
 * `expectedVersion` is not the stored version throws `ConcurrencyConflictError`, and so does
 * creating a PO number that exists.
 *
 * What a store returns is read-only for the caller: a store may hand out frozen objects (the
 * memory store returns its stored, deeply frozen values rather than copies), so copy a PO or
 * apply `transition` to change it. Changing a returned object must never change stored state.
 */
export interface DropshipStore {
  readonly specificationVersion: 'v1';

  /** Saves (inserts or replaces) a sales order. */
  saveSalesOrder(order: SalesOrder): Promise<void>;
  /** A sales order by `<marketplace>:<marketplaceOrderId>`, or null. */
  getSalesOrder(id: string): Promise<SalesOrder | null>;

  /** Inserts a new PO; throws `ConcurrencyConflictError` when the PO number exists. */
  createPurchaseOrder(purchaseOrder: PurchaseOrder): Promise<PurchaseOrder>;
  /** A PO by number, or null. */
  getPurchaseOrder(poNumber: string): Promise<PurchaseOrder | null>;
  /**
   * Replaces a PO if the stored version is `expectedVersion`; throws
   * `ConcurrencyConflictError` otherwise. Returns what was stored.
   */
  updatePurchaseOrder(purchaseOrder: PurchaseOrder, expectedVersion: number): Promise<PurchaseOrder>;
  /** POs matching every given criterion, oldest first. */
  findPurchaseOrders(query: PurchaseOrderQuery): Promise<PurchaseOrder[]>;

  /** The idempotency record for `key`, or null. */
  getIdempotencyRecord(key: string): Promise<IdempotencyRecord | null>;
  /** Inserts the record if its key is new; returns false (and changes nothing) when it exists. */
  putIdempotencyRecord(record: IdempotencyRecord): Promise<boolean>;

  /**
   * Optional capability: the next value of the sequence `name` (1 the first time, then one more
   * at each call). A value is handed out once only, even to several workers at once and after a
   * restart (for a durable store), and never handed back; a value a caller then does not use is a
   * gap, never a reuse. Used for numbers a partner refuses to see twice, such as EDI control
   * numbers. Throws `ValidationError` for an empty or non-string name.
   */
  nextSequenceValue?(name: string): Promise<number>;

  /**
   * Optional capability (invoices, with {@link listInvoices}, {@link saveReconciliation} and
   * {@link findReconciliations}): records a distributor's invoice, validated. Idempotent by
   * distributor and invoice number: the same invoice again returns `already-recorded` and changes
   * nothing; a different body under the same number throws `ConcurrencyConflictError` (entity
   * `invoice`, key `<distributor>:<invoiceNumber>`) and keeps the first.
   */
  recordInvoice?(invoice: DistributorInvoice): Promise<'recorded' | 'already-recorded'>;
  /** Optional capability (invoices): the invoices matching every criterion, in the order recorded. */
  listInvoices?(query: InvoiceQuery): Promise<DistributorInvoice[]>;
  /** Optional capability (invoices): inserts or replaces the reconciliation record of its PO number. */
  saveReconciliation?(record: ReconciliationRecord): Promise<void>;
  /** Optional capability (invoices): the reconciliation records matching every criterion, by PO number. */
  findReconciliations?(query: ReconciliationQuery): Promise<ReconciliationRecord[]>;
}
