/**
 * Payloads of the listing push events (`pushListings`, issue 21). They carry marketplace ids,
 * listing SKUs, values and the marketplace's refusal: never a credential.
 */

/** A listing's new values reached its marketplace: `applied` (confirmed) or `pending` (accepted for processing). */
export interface ListingPushedEvent {
  marketplace: string;
  /** The listing SKU. */
  sku: string;
  /** `applied` or `pending` (`submissionId` given). */
  status: 'applied' | 'pending';
  /** The quantity sent. */
  quantity: number;
  /** The price sent, minor units (absent: not sent). */
  price?: number;
  /** The marketplace's submission id, when pending. */
  submissionId?: string;
}

/**
 * A listing's update did not reach its marketplace, or its fate is unknown:
 * - `failed`: refused (`retryable` says whether the next pass sends it again or it is held until
 *   its values change);
 * - `unknown`: no answer of the documented shape, or the whole call failed: read back next pass.
 */
export interface ListingPushFailedEvent {
  marketplace: string;
  /** The listing SKU. */
  sku: string;
  status: 'failed' | 'unknown';
  /** Whether the next pass sends it again by itself. */
  retryable: boolean;
  /** The marketplace's code and message, or the error (never a credential). */
  error: string;
}

/** The listing push events by name, merged into `DropshipEventMap`. */
export interface ListingEventMap {
  'listing-pushed': [event: ListingPushedEvent];
  'listing-push-failed': [event: ListingPushFailedEvent];
}

/** The listing push event names, in a stable order. */
export const listingEventNames = ['listing-pushed', 'listing-push-failed'] as const;
