import type { Listing } from '../../listings/listing.js';
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
 * Where the order intake of one marketplace stands, kept by the store (optional capability
 * "intake"). Saved with optimistic concurrency, like a PO.
 */
export interface IntakeCursor {
  /** The marketplace id. */
  marketplace: string;
  /**
   * Every order changed before this instant (ISO 8601, the marketplace's clock) has been imported;
   * the next scan starts at it minus the overlap window.
   */
  watermark: string;
  /** A scan in progress: its fixed window and the cursor of the next page to read (none: the first page). */
  scan?: { since: string; until: string; cursor?: string };
  /** 1 when created, one more at each save. */
  version: number;
}

/**
 * Where one imported marketplace order stands:
 * - `imported`: saved and its stock reserved; the approval policy has not run yet;
 * - `placed`: the approval policy placed it (see its POs);
 * - `held`: waiting for a person (`reasons` says why);
 * - `unmappable`: the marketplace's order could not be mapped (`reasons` names the field);
 * - `cancelled`: every unit was cancelled (`cancelSalesOrder`, or the marketplace's cancel).
 */
export type ImportedOrderStatus = 'imported' | 'placed' | 'held' | 'unmappable' | 'cancelled';

/** The record of one marketplace order the intake has taken in: the key that makes intake import each order once. */
export interface ImportedOrderRecord {
  /** `<marketplace>:<marketplaceOrderId>`: unique. */
  salesOrderId: string;
  marketplace: string;
  marketplaceOrderId: string;
  status: ImportedOrderStatus;
  /** Why it is held or unmappable (empty otherwise). */
  reasons: string[];
  /** The marketplace's modification time of the order when it was last taken in (ISO 8601). */
  updatedAt?: string;
  /** When the intake first took it in (ISO 8601). */
  importedAt: string;
  /**
   * When the marketplace confirmed the seller's acknowledgement of the order (ISO 8601), where
   * the marketplace requires one (`capabilities.orders: 'list-and-acknowledge'`); absent until
   * then, so that a failed acknowledgement is sent again at the next run. Additive to v1.
   */
  acknowledgedAt?: string;
  /** 1 when created, one more at each update. */
  version: number;
}

/** How to find imported-order records. Criteria combine with AND. */
export interface ImportedOrderQuery {
  marketplace?: string;
  /** One status or any of several. */
  status?: ImportedOrderStatus | readonly ImportedOrderStatus[];
  /** `false`: only records without `acknowledgedAt`; `true`: only records with it. Additive to v1. */
  acknowledged?: boolean;
  /** At most this many, oldest first. */
  limit?: number;
}

/**
 * Stock held for a line of an imported order, at the distributor (and warehouse) the plan chose,
 * so that the next plan sees the deduction before the distributor's stock does:
 * - `open`: held (not yet placed);
 * - `consumed`: placed on a PO; it still counts against offers whose stock was read before
 *   `closedAt` (the distributor's figure does not show the order yet);
 * - `released`: given back (the line was cancelled, or placed elsewhere).
 */
export interface OrderReservation {
  /** `<marketplace>:<marketplaceOrderId>`. */
  salesOrderId: string;
  /** The order line (`OrderLine.lineId`). */
  lineId: string;
  distributor: string;
  sku: string;
  /** The warehouse, when the plan chose one. */
  warehouse?: string;
  quantity: number;
  status: 'open' | 'consumed' | 'released';
  /** When it was made (ISO 8601). */
  createdAt: string;
  /** When it was consumed or released (ISO 8601). */
  closedAt?: string;
}

/** How to find reservations. Criteria combine with AND. */
export interface ReservationQuery {
  salesOrderId?: string;
  distributor?: string;
  sku?: string;
  /** One status or any of several. */
  status?: OrderReservation['status'] | readonly OrderReservation['status'][];
  /**
   * Leaves out reservations closed (consumed or released) at or before this instant (ISO 8601):
   * open ones and ones closed after it are found. Planning asks only for the consumed reservations
   * that can still count against the stock it reads, so old ones cost nothing.
   */
  closedAfter?: string;
}

/** How to find stored listings (optional capability "listings"). Criteria combine with AND. */
export interface ListingQuery {
  marketplace?: string;
  /** Only these listing keys (`<marketplace>:<listing SKU>`, `listingKey`). */
  keys?: readonly string[];
  /** Only listings that sell one of these products (bundle parts included), by product key (`productKeys`). */
  productKeys?: readonly string[];
}

/** Values of a listing at its marketplace: quantity, and price in minor units of `currency`. */
export interface ListingValues {
  quantity: number;
  /** Minor units; absent when no price was sent. */
  price?: number;
  currency?: string;
}

/**
 * What the push step knows of one listing at its marketplace (optional capability "listings"),
 * saved with optimistic concurrency (`version`), so that a crash resends nothing twice and loses
 * nothing:
 * - `sending`: an update (`sending`) was about to go out and its outcome was never recorded: it is
 *   read back (`MarketplaceListings.read`) before anything is resent;
 * - `pending`: the marketplace accepted `sending` for processing (`sending.submissionId`);
 * - `applied`: the marketplace confirmed `published`;
 * - `failed`: the last update was refused (`error`, `retryable`).
 */
export interface ListingPushRecord {
  /** `<marketplace>:<listing SKU>`. */
  key: string;
  marketplace: string;
  sku: string;
  status: 'sending' | 'pending' | 'applied' | 'failed';
  /** What the marketplace last confirmed the listing shows, and when (ISO 8601). Absent: never confirmed. */
  published?: ListingValues & { at: string };
  /** The update in flight, pending or last refused, and when it was sent (ISO 8601). */
  sending?: ListingValues & { at: string; submissionId?: string };
  /** The marketplace's refusal, when `failed` (never a credential). */
  error?: string;
  /** When `failed`: whether resending the same update later can succeed. */
  retryable?: boolean;
  /** Sends of the current update so far (1 on the first). */
  attempts: number;
  /** Optimistic-concurrency version, 1 on creation. */
  version: number;
}

/** How to find listing push records. Criteria combine with AND. */
export interface ListingPushRecordQuery {
  marketplace?: string;
  keys?: readonly string[];
  /** One status or any of several. */
  status?: ListingPushRecord['status'] | readonly ListingPushRecord['status'][];
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

  /**
   * Optional capability "intake" (every method below, together): the intake cursor of a
   * marketplace, or null before its first import.
   */
  getIntakeCursor?(marketplace: string): Promise<IntakeCursor | null>;
  /**
   * Optional capability "intake": saves the cursor if the stored version is `expectedVersion`
   * (`null`: none stored yet) and returns what was stored (version one more); throws
   * `ConcurrencyConflictError` (entity `intake-cursor`) otherwise.
   */
  saveIntakeCursor?(cursor: IntakeCursor, expectedVersion: number | null): Promise<IntakeCursor>;
  /**
   * Optional capability "intake": inserts the record (version 1) if no record has its
   * `salesOrderId`; returns false, and changes nothing, when one exists (another worker took it).
   */
  createImportedOrder?(record: ImportedOrderRecord): Promise<boolean>;
  /** Optional capability "intake": the record of `<marketplace>:<marketplaceOrderId>`, or null. */
  getImportedOrder?(salesOrderId: string): Promise<ImportedOrderRecord | null>;
  /**
   * Optional capability "intake": replaces the record if the stored version is `expectedVersion`
   * and returns what was stored; throws `ConcurrencyConflictError` (entity `imported-order`) otherwise.
   */
  updateImportedOrder?(record: ImportedOrderRecord, expectedVersion: number): Promise<ImportedOrderRecord>;
  /** Optional capability "intake": the records matching every criterion, oldest first. */
  findImportedOrders?(query: ImportedOrderQuery): Promise<ImportedOrderRecord[]>;
  /**
   * Optional capability "intake": replaces every reservation of `salesOrderId` with
   * `reservations` (all of that order), atomically.
   */
  replaceReservations?(salesOrderId: string, reservations: readonly OrderReservation[]): Promise<void>;
  /** Optional capability "intake": the reservations matching every criterion. */
  findReservations?(query: ReservationQuery): Promise<OrderReservation[]>;

  /**
   * Optional capability "listings" (every method below, together): inserts or replaces listings,
   * keyed by `<marketplace>:<listing SKU>`, all or nothing. Listings are validated (`parseListings`)
   * before they reach the store.
   */
  putListings?(listings: readonly Listing[]): Promise<void>;
  /** Optional capability "listings": removes the listings with these keys (and their push records). */
  deleteListings?(keys: readonly string[]): Promise<void>;
  /** Optional capability "listings": the listings matching every criterion, by key. */
  findListings?(query: ListingQuery): Promise<Listing[]>;
  /** Optional capability "listings": the push records matching every criterion, by key. */
  findListingPushRecords?(query: ListingPushRecordQuery): Promise<ListingPushRecord[]>;
  /**
   * Optional capability "listings": saves push records, all or nothing. Each entry's stored version
   * must be `expectedVersion` (null: the record must not exist yet), else `ConcurrencyConflictError`
   * and nothing is written. Returns the saved records (version incremented; 1 when created).
   */
  saveListingPushRecords?(
    entries: readonly { record: ListingPushRecord; expectedVersion: number | null }[],
  ): Promise<ListingPushRecord[]>;
}

/** The methods of the store's optional "intake" capability, every one present: what a store that has it implements. */
export type DropshipStoreIntake = Required<
  Pick<
    DropshipStore,
    | 'getIntakeCursor'
    | 'saveIntakeCursor'
    | 'createImportedOrder'
    | 'getImportedOrder'
    | 'updateImportedOrder'
    | 'findImportedOrders'
    | 'replaceReservations'
    | 'findReservations'
  >
>;

/** The methods of the store's optional "listings" capability, every one present. */
export type DropshipStoreListings = Required<
  Pick<
    DropshipStore,
    'putListings' | 'deleteListings' | 'findListings' | 'findListingPushRecords' | 'saveListingPushRecords'
  >
>;
