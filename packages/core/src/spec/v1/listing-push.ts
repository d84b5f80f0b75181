import type { CallOptions } from './distributor-client.js';
import type { Warning } from './warning.js';

/**
 * One listing's new values, in the marketplace's terms: an absolute quantity (every marketplace
 * sets quantity as an absolute value) and/or a price. At least one of the two is present.
 */
export interface ListingUpdate {
  /** The marketplace's listing SKU (`Listing.sku`). */
  sku: string;
  /** Units to show, a whole number ≥ 0. Absent: the quantity is not changed. */
  quantity?: number;
  /** The price to show, integer minor units of `currency`. Absent: the price is not changed. */
  price?: { amount: number; currency: string };
  /**
   * Where the marketplace supports a compare-and-swap (Shopify `changeFromQuantity`): the quantity
   * the SDK believes the listing shows now (what it last pushed). Absent: no compare (the first
   * push of a listing). Adapters of marketplaces without compare-and-swap ignore it.
   */
  expectedQuantity?: number;
}

/**
 * What the marketplace said of one listing's update. Only `applied` and `pending` are positive
 * evidence; `failed` and `unknown` are resent (after a read-back for `unknown`) on a later pass.
 * - `applied`: the marketplace confirmed the new values (a synchronous per-item success);
 * - `pending`: the marketplace accepted the update for processing and gave a `submissionId`
 *   (Amazon `ACCEPTED`, a Walmart feed id); {@link MarketplaceListings.confirm} tells later;
 * - `stale`: compare-and-swap refused it: the listing no longer shows `expectedQuantity`; it
 *   shows `currentQuantity` (a sale the SDK has not imported yet, or a person's edit);
 * - `failed`: the marketplace refused this item (with its code and message); `retryable` says
 *   whether sending the same update later can succeed (a throttle, a concurrent-access error)
 *   or needs a person (an unknown SKU, an invalid price);
 * - `unknown`: no answer of the documented shape for this item (a call that failed after it may
 *   have acted, an answer without this SKU).
 */
export type ListingUpdateOutcome =
  | { sku: string; status: 'applied' }
  | { sku: string; status: 'pending'; submissionId: string }
  | { sku: string; status: 'stale'; currentQuantity: number }
  | { sku: string; status: 'failed'; retryable: boolean; code?: string; message: string }
  | { sku: string; status: 'unknown'; message: string };

/** What one `push` did: one outcome per update sent, in the order sent. */
export interface ListingPushResult {
  outcomes: ListingUpdateOutcome[];
  /** Calls made to the marketplace (for the "fewest calls" figures). */
  calls: number;
  warnings?: Warning[];
}

/** What a listing shows at the marketplace now, as `read` found it. */
export interface ListingReading {
  sku: string;
  /** False when the marketplace has no listing with this SKU. */
  found: boolean;
  /** The quantity shown, when found. */
  quantity?: number;
  /** The price shown, minor units, when found and the marketplace reports it. */
  price?: { amount: number; currency: string };
}

/** A pending submission to ask about: what {@link MarketplaceListings.confirm} takes. */
export interface PendingListingUpdate {
  submissionId: string;
  /** The update that was sent. */
  update: ListingUpdate;
}

/**
 * A marketplace's bulk quantity and price push, declared as `capabilities.listings: 'push'`.
 *
 * The adapter batches as the marketplace allows (`batchSize` updates per call, its documented
 * bulk endpoint) and paces itself within the marketplace's limits; it reports per item and never
 * throws for one item's failure. It throws the SDK's typed errors only when a whole call failed
 * and nothing in it is known to have been applied (an `AuthenticationError`, a `RateLimitError`
 * after its retries) — then no outcome is returned for any item. The SDK decides what changed and
 * never sends an unchanged value; the adapter never deduplicates for the SDK.
 */
export interface MarketplaceListings {
  /** Most updates one call carries (the marketplace's documented batch size, or less by setting). */
  readonly batchSize: number;
  /**
   * `synchronous` when `push` answers with each item's final outcome (eBay, Shopify);
   * `asynchronous` when the marketplace queues updates (`pending`) and `confirm` tells later
   * (Amazon, Walmart feeds).
   */
  readonly mode: 'synchronous' | 'asynchronous';
  /** Sends the updates, in as few calls as `batchSize` allows. Each SKU at most once per call. */
  push(updates: readonly ListingUpdate[], options?: CallOptions): Promise<ListingPushResult>;
  /**
   * Where `mode` is `asynchronous`: the final outcome of pending updates (`applied`, `failed`,
   * `unknown`), or `pending` again when the marketplace has not finished.
   */
  confirm?(pending: readonly PendingListingUpdate[], options?: CallOptions): Promise<ListingPushResult>;
  /**
   * What the listings show now (the read-back a reconcile and a crash recovery use: a push whose
   * outcome was never recorded is read back before anything is resent). In the order asked.
   */
  read(skus: readonly string[], options?: CallOptions): Promise<ListingReading[]>;
}
