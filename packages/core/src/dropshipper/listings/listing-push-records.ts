import type { ListingReading, ListingUpdate, ListingUpdateOutcome } from '../../spec/v1/listing-push.js';
import type { ListingPushRecord, ListingValues } from '../../spec/v1/store.js';

/**
 * The pure half of the push step: what a listing should show (its target values), whether it must
 * be sent, and each push record's next state after a send, an outcome or a read-back.
 */

/** What a listing should show: quantity, and price in minor units of `currency` when it is pushed. */
export interface TargetValues {
  readonly quantity: number;
  /** Absent: the price is not pushed (prices off, or no price computed). */
  readonly price?: number;
  readonly currency?: string;
}

/** Most characters of a refusal kept in a record. */
const maxErrorLength = 2_000;

/** True when `shown` holds the target's quantity and, when the target has a price, that price. */
export function showsTarget(shown: ListingValues | undefined, target: TargetValues): boolean {
  return (
    shown !== undefined &&
    shown.quantity === target.quantity &&
    (target.price === undefined || (shown.price === target.price && shown.currency === target.currency))
  );
}

/** The values of a record's update (what it sends or sent). */
function valuesOf(values: ListingValues): TargetValues {
  return {
    quantity: values.quantity,
    ...(values.price === undefined ? {} : { price: values.price, currency: values.currency }),
  };
}

/**
 * Whether a listing's target must be sent, given its record:
 * - never while an update is `sending` (its fate unknown: read back first) or `pending`
 *   (one update in flight per listing; the latest value goes out once it is settled);
 * - not when the marketplace last confirmed these values (`published`);
 * - not when these very values were refused for good (held until the values change).
 *
 * @param record - the listing's push record (undefined: never pushed).
 * @param target - what it should show now.
 */
export function mustSend(record: ListingPushRecord | undefined, target: TargetValues): boolean {
  if (record === undefined) return true;
  if (record.status === 'sending' || record.status === 'pending') return false;
  if (showsTarget(record.published, target)) return false;
  if (record.status === 'failed' && record.retryable === false && showsTarget(record.sending, target)) return false;
  return true;
}

/**
 * The update to send for a target: the absolute quantity, the price only when it differs from
 * what the marketplace last confirmed (a marketplace that sets them in separate calls, such as
 * Walmart's two feeds, is never sent an unchanged price), and the quantity the SDK believes the
 * listing shows (`expectedQuantity`, for marketplaces with compare-and-swap) when known.
 */
export function updateFor(sku: string, record: ListingPushRecord | undefined, target: TargetValues): ListingUpdate {
  const published = record?.published;
  const expected = published?.quantity;
  const priceChanged =
    target.price !== undefined && (published?.price !== target.price || published.currency !== target.currency);
  return {
    sku,
    quantity: target.quantity,
    ...(priceChanged ? { price: { amount: target.price as number, currency: target.currency as string } } : {}),
    ...(expected === undefined ? {} : { expectedQuantity: expected }),
  };
}

/** The record saved before an update goes out: `sending`, with the values and when. */
export function sendingRecord(
  record: ListingPushRecord | undefined,
  identity: { key: string; marketplace: string; sku: string },
  target: TargetValues,
  at: string,
): ListingPushRecord {
  const again = record?.sending !== undefined && record.status !== 'applied' && showsTarget(record.sending, target);
  return {
    ...identity,
    status: 'sending',
    ...(record?.published === undefined ? {} : { published: record.published }),
    sending: { ...target, quantity: target.quantity, at },
    attempts: again ? (record?.attempts ?? 0) + 1 : 1,
    version: record?.version ?? 0,
  };
}

/** Drops `error` and `retryable` (a record no longer failed). */
function withoutError(record: ListingPushRecord): ListingPushRecord {
  const { error: _error, retryable: _retryable, ...rest } = record;
  return rest;
}

/**
 * The record after the marketplace's outcome for its update (`record` is `sending` or `pending`).
 * `stale` records what the listing shows (`currentQuantity`) as published, so that the next
 * update compares against it; `unknown` stays `sending` (read back on the next pass).
 */
export function recordAfterOutcome(
  record: ListingPushRecord,
  outcome: ListingUpdateOutcome,
  at: string,
): ListingPushRecord {
  const sending = record.sending as NonNullable<ListingPushRecord['sending']>;
  switch (outcome.status) {
    case 'applied': {
      const { sending: _sending, ...rest } = withoutError(record);
      return { ...rest, status: 'applied', published: { ...valuesOf(sending), quantity: sending.quantity, at } };
    }
    case 'pending':
      return {
        ...withoutError(record),
        status: 'pending',
        sending: { ...sending, submissionId: outcome.submissionId },
      };
    case 'stale':
      return {
        ...record,
        status: 'failed',
        retryable: true,
        error: `stale: the listing shows ${outcome.currentQuantity}, not ${record.published?.quantity ?? 'the expected quantity'}`,
        published: {
          ...(record.published ?? {}),
          quantity: outcome.currentQuantity,
          at,
        },
      };
    case 'failed':
      return {
        ...record,
        status: 'failed',
        retryable: outcome.retryable,
        error: `${outcome.code === undefined ? '' : `${outcome.code}: `}${outcome.message}`.slice(0, maxErrorLength),
      };
    case 'unknown':
      return { ...record, status: 'sending', error: outcome.message.slice(0, maxErrorLength) };
  }
}

/**
 * The record after a read-back of what the listing shows. A `sending` update that the listing
 * shows is `applied`; one it does not show was not applied and is sent again (`failed`,
 * retryable). What the listing shows becomes `published` (positive evidence from the
 * marketplace), so the next update compares against it.
 */
export function recordAfterReading(record: ListingPushRecord, reading: ListingReading, at: string): ListingPushRecord {
  if (!reading.found)
    return {
      ...record,
      status: 'failed',
      retryable: false,
      error: 'the marketplace has no listing with this SKU',
      sending: record.sending ?? { quantity: 0, at },
    };
  const shown: ListingValues & { at: string } = {
    quantity: reading.quantity ?? 0,
    ...(reading.price === undefined ? {} : { price: reading.price.amount, currency: reading.price.currency }),
    at,
  };
  if (record.status === 'sending' && record.sending !== undefined) {
    if (showsTarget(shown, valuesOf(record.sending)))
      return recordAfterOutcome(record, { sku: record.sku, status: 'applied' }, at);
    return { ...record, status: 'failed', retryable: true, error: 'not applied (read back)', published: shown };
  }
  return { ...record, published: shown };
}
