/** What a GraphQL answer said of the cost bucket, and when. */
interface BucketReading {
  available: number;
  maximum: number;
  restoreRate: number;
  at: number;
}

/** Paces an adapter's queries by Shopify's cost bucket (see {@link createShopifyCostPacer}). */
export interface ShopifyCostPacer {
  /** Reads `extensions.cost.throttleStatus` of an answer (ignored when absent). */
  observe(extensions: unknown): void;
  /**
   * The wait, in ms, before a query of `requestedCost` points finds them in the bucket, by the
   * last answer and the restore rate since; 0 when nothing is known yet, when the points are
   * there, or when the query costs more than the bucket holds (Shopify answers that itself).
   */
  waitFor(requestedCost: number): number;
}

function numberAt(value: unknown, key: string): number | undefined {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
}

/**
 * Creates the pacer of one adapter: Shopify takes a query's requested cost from a leaky bucket
 * refilled at `restoreRate` points a second and answers `THROTTLED` when the points are not
 * there (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits); every answer
 * reports the bucket (`extensions.cost.throttleStatus`). Waiting for the points before sending a
 * query whose cost is known (a listing page) spends no call on a `THROTTLED` answer. A throttle
 * that still comes (another app process spending the same bucket) is waited out by the client as
 * before. Pure apart from the clock.
 *
 * @param now - the clock, ms since epoch.
 */
export function createShopifyCostPacer(now: () => number = Date.now): ShopifyCostPacer {
  let reading: BucketReading | undefined;
  return {
    observe(extensions) {
      const cost =
        typeof extensions === 'object' && extensions !== null ? (extensions as { cost?: unknown }).cost : undefined;
      const status =
        typeof cost === 'object' && cost !== null ? (cost as { throttleStatus?: unknown }).throttleStatus : undefined;
      const available = numberAt(status, 'currentlyAvailable');
      const maximum = numberAt(status, 'maximumAvailable');
      const restoreRate = numberAt(status, 'restoreRate');
      if (available === undefined || maximum === undefined || restoreRate === undefined || restoreRate <= 0) return;
      reading = { available, maximum, restoreRate, at: now() };
    },
    waitFor(requestedCost) {
      if (!reading || requestedCost > reading.maximum) return 0;
      const elapsedSeconds = Math.max(0, now() - reading.at) / 1_000;
      const available = Math.min(reading.maximum, reading.available + elapsedSeconds * reading.restoreRate);
      if (available >= requestedCost) return 0;
      return Math.ceil(((requestedCost - available) / reading.restoreRate) * 1_000);
    },
  };
}
