import type { RejectionReason } from '../../errors/order-rejected-error.js';
import type { Address } from '../../model/address.js';
import type { DistributorInvoiceInput } from '../../model/distributor-invoice.js';
import type { DistributorShipment } from '../../model/shipment.js';
import type { StockLevel } from '../../model/stock-level.js';
import type { Warning } from './warning.js';

/** Known distributor ids; any other string is allowed for custom adapters. */
export type DistributorId = 'wps' | 'parts-unlimited' | 'tucker-rocky' | 'automatic' | (string & {});

/** What a distributor client can do. Ask these before calling, instead of catching. */
export interface DistributorCapabilities {
  /**
   * How cancellation works: `supported` (the API cancels a submitted order), `before-submission`
   * (only an unsubmitted cart can be dropped), `unsupported` (no cancel in the API).
   */
  cancel: 'supported' | 'before-submission' | 'unsupported';
  /**
   * How `listShipments` batches: `po-list` (many POs per call, up to `maxTrackingBatch`),
   * `date-range` (one paged call per date range), `none` (one call per PO).
   */
  batchTracking: 'po-list' | 'date-range' | 'none';
  /** Most PO numbers per `listShipments` call when `batchTracking` is `po-list`. */
  maxTrackingBatch: number;
  /** Most SKUs per underlying stock call (the client splits larger requests itself). */
  maxStockBatch: number;
  /** True when reported stock counts are capped (a reported 9 means "9 or more"). */
  stockIsFloor: boolean;
  /** Longest PO number the distributor accepts. */
  maxPoNumberLength: number;
  /** True when `submitOrder` supports `validateOnly` (check without placing). */
  validateOnly: boolean;
  /**
   * Optional: `list` when the client reports the distributor's invoices through `listInvoices`
   * (an EDI 810, an invoice API); absent or `none` otherwise (record them with
   * `dropshipper.recordInvoice`).
   */
  invoices?: 'list' | 'none';
}

/** What `listInvoices` looks up: the invoices of these PO numbers. */
export interface InvoiceLookup {
  poNumbers: string[];
}

/** A line of a purchase order as sent to a distributor. */
export interface PurchaseOrderRequestLine {
  /** The distributor's SKU. */
  sku: string;
  /** Whole units, at least 1. */
  quantity: number;
  /** Expected unit cost in integer minor units, for distributors that validate price. */
  unitCost?: number;
}

/** A purchase order as sent to a distributor's API. */
export interface PurchaseOrderRequest {
  /** The PO number: the idempotency key of the submission. */
  poNumber: string;
  /** The buyer's address: the distributor ships there. */
  shipTo: Address;
  lines: PurchaseOrderRequestLine[];
  /** ISO currency of `unitCost`. */
  currency: string;
  /** A ship method in the distributor's own codes; each client documents its default. */
  shipMethod?: string;
  /** Allow the distributor to backorder what it cannot ship now. Default false. */
  allowBackorder?: boolean;
  /** A note for the distributor (packing slip comment). */
  note?: string;
  /** Check the order without placing it, where `capabilities.validateOnly` is true. */
  validateOnly?: boolean;
}

/** What `submitOrder` returns once the distributor holds the order. */
export interface SubmitOrderResult {
  poNumber: string;
  /** The distributor's order reference(s): order number, cart number, reference number. */
  distributorOrderRefs: string[];
  /** `submitted` when accepted; `acknowledged` when the distributor confirmed it as an order; `backordered` when accepted on backorder; `validated` for a validate-only call. */
  status: 'submitted' | 'acknowledged' | 'backordered' | 'validated';
  /** True when the order already existed (a retry after a lost response) and nothing new was placed. */
  alreadyExisted: boolean;
  warnings: Warning[];
  /**
   * The lines as the distributor answered them, with its unit cost (minor units) where the answer
   * carries one: a validate-only answer's prices let the price guard check before placing.
   */
  lines?: { sku: string; quantity: number; unitCost?: number }[];
}

/** Status of an order at a distributor. */
export type DistributorOrderStatus =
  | 'pending'
  | 'open'
  | 'backordered'
  | 'partially_shipped'
  | 'shipped'
  | 'cancelled'
  | 'rejected'
  | 'unknown';

/** An order as the distributor knows it: status and shipments with tracking. */
export interface DistributorOrder {
  poNumber: string;
  distributorOrderRefs: string[];
  status: DistributorOrderStatus;
  /** The distributor's own status text, as is. */
  statusText?: string;
  /** Why, classified, when `status` is `cancelled` or `rejected` and the distributor said why. */
  statusReason?: RejectionReason;
  /**
   * Lines (or units of lines) the distributor cancelled or refused on its side while the rest of
   * the order goes on (a backorder it will not fill, a line it could not ship). Each entry is the
   * total cancelled so far for that SKU (reading the order again repeats it, never adds to it).
   */
  cancelledLines?: { sku: string; quantity: number; reason: RejectionReason; message?: string }[];
  /**
   * Every package shipped so far, one per tracking number, each time the order is read (the SDK
   * records new ones and revises boxes of a distributor order seen again). Say what a package
   * holds in one of three ways:
   * - `lines`: the exact contents of that package, when the API reports contents per package;
   * - `packageOf: { ref, lines, complete }`: when the API reports tracking numbers and items per
   *   order (a warehouse order, an invoice) but not per package. Every box of that order carries
   *   the same `ref` and the order's total `lines`; `complete` is true once the distributor says
   *   that order shipped in full. The SDK records each box at once, waits for `complete` (or for
   *   the dropshipper's `packageGroupSettleMs`) before pushing, then spreads the order's units
   *   over its boxes deterministically. Use it whenever an order may ship in several boxes;
   * - neither: "the rest of the PO" (every unit not covered by another package). Only for a
   *   distributor that ships a PO in one package, or says nothing of contents at all; a client
   *   that knows an order is split must use `packageOf`, or the first package takes every unit.
   *
   * `packageOf` with `lines` is a `ValidationError`.
   */
  shipments: DistributorShipment[];
}

/** What `listShipments` looks up: a list of PO numbers, or a date range (ISO dates, inclusive). */
export type ShipmentQuery = { poNumbers: string[] } | { from: string; to: string };

/** The answer to `cancelOrder`. */
export interface CancelResult {
  /** `cancelled`: done; `requested`: asked, the distributor decides; `unsupported`: cannot be done through the API. */
  status: 'cancelled' | 'requested' | 'unsupported';
  /** Set when `status` is `unsupported`, saying what to do instead. */
  warning?: Warning;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
}

/**
 * A distributor's API, as the dropshipper uses it. Version 1.
 *
 * Implementations must:
 * - never place an order twice for one PO number: `submitOrder` looks the PO number up first
 *   and returns the existing order (`alreadyExisted: true`) when there is one, so a retry after
 *   a lost response is safe;
 * - never retry an order creation blindly on a timeout or 5xx: look the PO up instead;
 * - throw the SDK's typed errors (`AuthenticationError`, `RateLimitError`, `ServerError`,
 *   `NetworkError`, `ResponseParseError`, `OrderRejectedError`, `AccountSetupError`,
 *   `FieldLengthError`, ...) and never put a credential in an error, log or event;
 * - report what they cannot do as a `Warning` (for example cancel), not a throw.
 */
export interface DistributorClient {
  readonly specificationVersion: 'v1';
  /** The distributor's id. */
  readonly distributor: DistributorId;
  readonly capabilities: DistributorCapabilities;

  /**
   * Real-time stock per warehouse for each SKU, in the order asked. Unknown SKUs come back with
   * `found: false`. Splits into batches of `capabilities.maxStockBatch` itself.
   */
  checkStock(skus: readonly string[], options?: CallOptions): Promise<StockLevel[]>;

  /**
   * Places the order, idempotently on `request.poNumber`: finds an existing order for the PO
   * number before creating one. Throws `OrderRejectedError` when the distributor refuses it.
   */
  submitOrder(request: PurchaseOrderRequest, options?: CallOptions): Promise<SubmitOrderResult>;

  /**
   * Status and shipments of the order for a PO number, or null when the distributor has none.
   * Report every package so far, with its contents as `lines` (exact, per package), `packageOf`
   * (one box of a distributor order whose box contents are not reported) or neither (the rest of
   * the PO): see `DistributorOrder.shipments`.
   */
  findOrder(poNumber: string, options?: CallOptions): Promise<DistributorOrder | null>;

  /**
   * Orders with their shipments for many POs at once, batched as `capabilities.batchTracking`
   * allows. POs the distributor does not know are left out of the result. Shipments are described
   * as for `findOrder` (see `DistributorOrder.shipments`).
   */
  listShipments(query: ShipmentQuery, options?: CallOptions): Promise<DistributorOrder[]>;

  /** Cancels the order where the API can; returns `unsupported` with a warning where it cannot. */
  cancelOrder(poNumber: string, options?: CallOptions): Promise<CancelResult>;

  /**
   * Optional capability (`capabilities.invoices: 'list'`): every invoice the distributor sent so
   * far for these PO numbers, as `DistributorInvoice` values (the dropshipper validates each and
   * records it once, by distributor and invoice number; returning one again is harmless). POs
   * without an invoice are left out.
   */
  listInvoices?(query: InvoiceLookup, options?: CallOptions): Promise<DistributorInvoiceInput[]>;
}
