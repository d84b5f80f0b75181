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
  MarketplaceAdapter,
  PushTrackingResult,
  ShipmentNotice,
  ShipmentNoticeLine,
} from './marketplace-adapter.js';
export type {
  AcknowledgeOrdersResult,
  ListedOrder,
  ListedOrderEntry,
  MarketplaceCapabilities,
  MarketplaceOrderStatus,
  MarketplaceOrders,
  OrderListPage,
  OrderListRequest,
  UnmappableOrder,
} from './order-intake.js';
export type {
  DropshipStore,
  DropshipStoreIntake,
  IdempotencyRecord,
  ImportedOrderQuery,
  ImportedOrderRecord,
  ImportedOrderStatus,
  IntakeCursor,
  InvoiceQuery,
  OrderReservation,
  PurchaseOrderQuery,
  ReconciliationQuery,
  ReservationQuery,
} from './store.js';
export type { Warning } from './warning.js';
