import type { CarrierCode } from '../../model/carrier.js';
import type { SalesOrder } from '../../model/sales-order.js';
import type { CallOptions } from './distributor-client.js';
import type { MarketplaceListings } from './listing-push.js';
import type { MarketplaceCapabilities, MarketplaceOrders } from './order-intake.js';
import type { Warning } from './warning.js';

/** Quantity of one marketplace order line in a package. */
export interface ShipmentNoticeLine {
  /** The marketplace's line id (`OrderLine.lineId`). */
  lineId: string;
  quantity: number;
}

/** A package to tell the marketplace (and the buyer) about, in marketplace terms. */
export interface ShipmentNotice {
  /** Stable shipment id (`<poNumber>:<trackingNumber>`): the idempotency key of the push. */
  id: string;
  carrier: CarrierCode;
  /** The carrier's name when `carrier` is `other` (or as the distributor reported it). */
  carrierName?: string;
  trackingNumber: string;
  /** Tracking page, required by some marketplaces when the carrier is `other`. */
  trackingUrl?: string;
  /** When it shipped (ISO 8601). */
  shippedAt: string;
  /** What is in the package, by marketplace line. */
  lines: ShipmentNoticeLine[];
}

/** What `pushTracking` did. */
export interface PushTrackingResult {
  /** `pushed`: written now; `already-pushed`: the marketplace already had this tracking number for the order. */
  status: 'pushed' | 'already-pushed';
  /** The marketplace's id of the fulfillment/shipment, when it gives one. */
  reference?: string;
  warnings?: Warning[];
}

/**
 * A marketplace's API for shipment tracking. Version 1.
 *
 * `pushTracking` must be idempotent per (order, tracking number): where the API has no natural
 * key it reads what the order already has before writing, and returns `already-pushed` instead
 * of writing twice.
 */
export interface MarketplaceAdapter {
  readonly specificationVersion: 'v1';
  /** The marketplace id, matching `SalesOrder.marketplace`. */
  readonly marketplace: string;
  /** True when the marketplace itself emails the buyer when tracking is pushed (the SDK then does not, by default). */
  readonly notifiesBuyer: boolean;
  /** What the adapter can do beyond pushing tracking. Absent: nothing more (a v1 adapter from before intake). */
  readonly capabilities?: MarketplaceCapabilities;
  /** Order intake, where `capabilities.orders` is declared. */
  readonly orders?: MarketplaceOrders;
  /** Quantity and price push, where `capabilities.listings` is declared. */
  readonly listings?: MarketplaceListings;

  /** Tells the marketplace that the lines in `shipment` shipped with this tracking. */
  pushTracking(
    input: { order: SalesOrder; shipment: ShipmentNotice },
    options?: CallOptions,
  ): Promise<PushTrackingResult>;
}
