export type {
  CancelledLineResult,
  CancelledLineStatus,
  CancelSalesOrderResult,
  ResolveManualCancelResult,
} from './cancel/cancel-types.js';
export type {
  DropshipContext,
  DropshipLimits,
  IntakeLimits,
} from './context/dropship-context.js';
export type {
  ActualProfit,
  ApprovalPolicy,
  DropshipCallOptions,
  Dropshipper,
  DropshipperOptions,
  DropshipResult,
  ImportedOrderOutcome,
  ImportedOrderResult,
  ImportMarketplaceOrdersResult,
  ImportOrdersOptions,
  IntakeOptions,
  PlacePlanOptions,
  PurchaseOrderOutcome,
  RecoverResult,
  SubmitPurchaseOrderOptions,
  SyncDistributorOptions,
  SyncTrackingResult,
} from './context/dropshipper-types.js';
export { type ConcurrencyLimiter, limitConcurrency } from './context/limit-concurrency.js';
export { createDropshipper, type DropshipperInstance } from './create-dropshipper.js';
export { manualApprovalReason } from './intake/decide-imported-order.js';
export { type IntakeStore, requireIntakeStore } from './intake/intake-store.js';
export {
  type ListingPush,
  type PushListingsOptions,
  requireListingStore,
  takenInOrders,
} from './listings/listing-push.js';
export { type ListingPushOptions, listingPushOptionsSchema } from './listings/listing-push-options.js';
export type { ListingPushRun, ListingStore } from './listings/push-marketplace-listings.js';
export { type DistributorRefusal, purchaseOrderRefusal } from './place/distributor-refusals.js';
export {
  type InvoiceMatch,
  type InvoiceTolerance,
  invoiceToleranceSchema,
  matchInvoices,
  parseInvoiceTolerance,
  type ResolvedInvoiceTolerance,
} from './reconcile/match-invoices.js';
export type {
  ReconcileDistributorResult,
  ReconcileOptions,
  ReconcilePurchaseOrderResult,
  RecordInvoiceResult,
} from './reconcile/reconcile-purchase-order.js';
export {
  defaultRerouteReasons,
  type PriceGuardOptions,
  type RerouteOptions,
  type ReroutePolicy,
} from './reroute/reroute-options.js';
export { mapShipmentToSalesLines } from './sync/map-shipment-lines.js';
export { sumSyncResults } from './sync/sync-tracking.js';
