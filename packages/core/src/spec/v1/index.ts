export type { BuyerNotifier, NotifyShipmentResult } from './buyer-notifier.js';
export type { Catalog, CatalogUpdateResult, OfferQuery } from './catalog.js';
export type {
  CallOptions,
  CancelResult,
  DistributorCapabilities,
  DistributorClient,
  DistributorId,
  DistributorOrder,
  DistributorOrderStatus,
  InvoiceLookup,
  PurchaseOrderRequest,
  PurchaseOrderRequestLine,
  ShipmentQuery,
  SubmitOrderResult,
} from './distributor-client.js';
export type {
  ListingPushResult,
  ListingReading,
  ListingUpdate,
  ListingUpdateOutcome,
  MarketplaceListings,
  PendingListingUpdate,
} from './listing-push.js';
export type {
  MarketplaceAdapter,
  PushTrackingResult,
  ShipmentNotice,
  ShipmentNoticeLine,
} from './marketplace-adapter.js';
export type {
  AcknowledgeOrdersResult,
  AnswerCancellationResult,
  CancellationAnswer,
  ListedOrder,
  ListedOrderEntry,
  MarketplaceCapabilities,
  MarketplaceOrderStatus,
  MarketplaceOrders,
  OrderCancellation,
  OrderListPage,
  OrderListRequest,
  UnmappableOrder,
} from './order-intake.js';
export type {
  DropshipStore,
  DropshipStoreIntake,
  DropshipStoreListings,
  IdempotencyRecord,
  ImportedOrderQuery,
  ImportedOrderRecord,
  ImportedOrderStatus,
  IntakeCursor,
  InvoiceQuery,
  ListingPushRecord,
  ListingPushRecordQuery,
  ListingQuery,
  ListingValues,
  OrderReservation,
  PurchaseOrderQuery,
  ReconciliationQuery,
  ReservationQuery,
} from './store.js';
export type { Warning } from './warning.js';
