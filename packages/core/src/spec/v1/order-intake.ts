import type { SalesOrder } from '../../model/sales-order.js';
import type { CallOptions } from './distributor-client.js';
import type { Warning } from './warning.js';

/**
 * What a marketplace adapter can do beyond pushing tracking. Declared in
 * `MarketplaceAdapter.capabilities`; a capability that is absent is not implemented.
 */
export interface MarketplaceCapabilities {
  /**
   * Order intake through `MarketplaceAdapter.orders`:
   * - `list`: `orders.list` is implemented;
   * - `list-and-acknowledge`: and the marketplace requires the seller to acknowledge each order
   *   it imports (Walmart: within four hours), so `orders.acknowledge` is implemented too.
   */
  orders?: 'list' | 'list-and-acknowledge';
  /**
   * Quantity and price push through `MarketplaceAdapter.listings` (`MarketplaceListings`).
   */
  listings?: 'push';
  /**
   * Where the marketplace requires the seller to answer a buyer's cancel request (eBay: a buyer
   * cancellation always needs the seller's approval; Walmart: intent to cancel): `answer` when
   * `orders.answerCancellation` is implemented. Absent: the marketplace cancels by itself (or the
   * seller cancels), and the SDK only observes it.
   */
  cancellations?: 'answer';
}

/**
 * Where an order stands at the marketplace, in the SDK's terms. Only `ready` orders are imported
 * for placing; the others come back in a later listing when they change (the listing is by
 * modification time).
 *
 * - `ready`: paid and waiting to ship;
 * - `not-ready`: not to ship yet (payment pending, Amazon `Pending`, an order on hold);
 * - `cancel-requested`: the buyer asked to cancel, the seller has not answered;
 * - `cancelled`: cancelled at the marketplace (all of it);
 * - `shipped`: already shipped or fulfilled (nothing to place).
 */
export type MarketplaceOrderStatus = 'ready' | 'not-ready' | 'cancel-requested' | 'cancelled' | 'shipped';

/** One page's request of a scan of the orders changed in a window. */
export interface OrderListRequest {
  /** Orders changed at or after this instant (ISO 8601), on the marketplace's modification time. */
  since: string;
  /**
   * Orders changed before this instant (ISO 8601): the end of the window, the same for every page
   * of one scan, so that paging runs over a fixed set.
   */
  until: string;
  /** The previous page's `nextCursor`; absent for a scan's first page. Opaque: pass it back unchanged. */
  cursor?: string;
  /** At most this many orders on the page; default the adapter's `pageSize`, which is also the most. */
  limit?: number;
}

/** An order the marketplace listed and the adapter mapped. */
export interface ListedOrder {
  kind: 'order';
  /** The order in the SDK's terms, validated (`parseSalesOrder`). */
  order: SalesOrder;
  status: MarketplaceOrderStatus;
  /** The marketplace's last modification time of the order (ISO 8601). */
  updatedAt: string;
  /**
   * A cancellation of the order or of some of its lines, requested or done: present when `status`
   * is `cancel-requested` or `cancelled`, and on a `ready` (or `shipped`) order of which some lines
   * or units were cancelled.
   */
  cancellation?: OrderCancellation;
}

/**
 * A cancellation as the marketplace shows it. `lines` absent: all of the order.
 */
export interface OrderCancellation {
  /** `requested`: waiting for the seller's answer (or the marketplace's decision); `done`: cancelled. */
  state: 'requested' | 'done';
  /** The marketplace's id of the request, where it has one (eBay `cancelId`), to answer it by. */
  requestId?: string;
  /** Who asked. */
  requestedBy?: 'buyer' | 'seller' | 'marketplace';
  /** The marketplace's reason, as text. */
  reason?: string;
  /** The lines (marketplace line ids, `OrderLine.lineId`) and units cancelled; absent: every line, every unit. */
  lines?: { lineId: string; quantity: number }[];
}

/** The seller's answer to a buyer's cancel request (`MarketplaceOrders.answerCancellation`). */
export interface CancellationAnswer {
  marketplaceOrderId: string;
  /** `OrderCancellation.requestId`, where the marketplace gave one. */
  requestId?: string;
  /** The lines and units the answer is about; absent: the whole order. */
  lines?: { lineId: string; quantity: number }[];
  /**
   * `accept`: nothing ships (the distributor cancelled, or nothing was placed); `refuse`: it has
   * shipped or cannot be stopped (with `shipment` where the marketplace wants it).
   */
  decision: 'accept' | 'refuse';
  /** For `refuse`, where the marketplace takes it (eBay's reject call): the tracking number and when it shipped (ISO 8601). */
  shipment?: { trackingNumber?: string; shippedAt?: string };
}

/** What `answerCancellation` did. */
export interface AnswerCancellationResult {
  /** `answered`: the marketplace confirmed the answer now; `already-answered`: it already had an answer (idempotent). */
  status: 'answered' | 'already-answered';
  warnings?: Warning[];
}

/**
 * An order the marketplace listed that the adapter could not map to a `SalesOrder` (a missing
 * ship-to, a price that is not money, a restricted field the seller's access does not show). It is
 * held with its reason, never dropped.
 */
export interface UnmappableOrder {
  kind: 'unmappable';
  /** The marketplace's order id (as far as it could be read; `unknown` when not even that). */
  marketplaceOrderId: string;
  /** The marketplace's last modification time (ISO 8601), when it could be read. */
  updatedAt?: string;
  /** Where the order stands, as far as it could be read: intake holds only `ready` (and `cancel-requested`) ones it cannot map. */
  status: MarketplaceOrderStatus;
  /** The marketplace's field that could not be mapped (its own path, for example `shippingAddress.Name`). */
  field: string;
  /** Why, for a person. Never carries credentials. */
  reason: string;
}

/** One entry of a listing page. */
export type ListedOrderEntry = ListedOrder | UnmappableOrder;

/** One page of a scan. */
export interface OrderListPage {
  /** The page's orders, in the marketplace's order. The same order may appear on two pages. */
  orders: ListedOrderEntry[];
  /** Pass to the next `list` call with the same window; absent on the last page. */
  nextCursor?: string;
  warnings?: Warning[];
}

/** What `orders.acknowledge` did, per order. */
export interface AcknowledgeOrdersResult {
  /** Orders the marketplace confirmed as acknowledged (positive evidence only). */
  acknowledged: string[];
  /** Orders not confirmed, with why; acknowledging again is safe (the marketplace allows it). */
  failed: { marketplaceOrderId: string; error: string }[];
}

/**
 * A marketplace's order intake: lists the orders changed in a window, page by page, mapped to
 * `SalesOrder`s. Listing is read-only and may repeat an order (paging over changing data does):
 * the SDK deduplicates, not the adapter.
 */
export interface MarketplaceOrders {
  /** The most orders one `list` call returns (the marketplace's documented page maximum, or less by setting). */
  readonly pageSize: number;
  /** One page of the orders changed in `[since, until)`. */
  list(request: OrderListRequest, options?: CallOptions): Promise<OrderListPage>;
  /**
   * Where `capabilities.orders` is `list-and-acknowledge`: tells the marketplace the seller has
   * the orders. Idempotent at the marketplace (acknowledging twice is allowed).
   */
  acknowledge?(marketplaceOrderIds: readonly string[], options?: CallOptions): Promise<AcknowledgeOrdersResult>;
  /**
   * Where `capabilities.cancellations` is `answer`: answers a buyer's cancel request, once the
   * SDK knows the distributor's answer. Idempotent: answering what the marketplace already has an
   * answer for returns `already-answered` (the adapter reads before it writes where the API has no
   * natural key). Throws the SDK's typed errors when the answer is not confirmed.
   */
  answerCancellation?(answer: CancellationAnswer, options?: CallOptions): Promise<AnswerCancellationResult>;
}
