import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { IntakeStore } from './intake-store.js';

/** True when the marketplace requires the seller to acknowledge each order it takes in. */
export function requiresAcknowledgement(adapter: MarketplaceAdapter): boolean {
  return adapter.capabilities?.orders === 'list-and-acknowledge' && typeof adapter.orders?.acknowledge === 'function';
}

/**
 * The orders of `marketplace` taken in (not unmappable) that the marketplace has not confirmed as
 * acknowledged yet: the ones a failed acknowledgement left, sent again at each run.
 *
 * @param store - the store, with the intake capability.
 * @param marketplace - the marketplace id.
 */
export async function unacknowledgedOrderIds(store: IntakeStore, marketplace: string): Promise<string[]> {
  const records = await store.findImportedOrders({
    marketplace,
    status: ['imported', 'placed', 'held'],
    acknowledged: false,
  });
  return records.map((record) => record.marketplaceOrderId);
}

/**
 * Acknowledges orders at a marketplace that requires it, in one call, and marks each one the
 * marketplace confirmed (`acknowledgedAt` on its record). Only positive evidence counts: an order
 * the answer does not list as acknowledged, or a call that fails, stays unacknowledged and is
 * sent again at the next run (acknowledging twice is allowed). Event `orders-acknowledged`.
 *
 * @param context - the dropshipper's context.
 * @param store - the store, with the intake capability.
 * @param adapter - the marketplace's adapter.
 * @param marketplaceOrderIds - the orders to acknowledge.
 * @returns how many the marketplace confirmed.
 */
export async function acknowledgeImportedOrders(
  context: DropshipContext,
  store: IntakeStore,
  adapter: MarketplaceAdapter,
  marketplaceOrderIds: readonly string[],
): Promise<number> {
  const acknowledge = adapter.orders?.acknowledge;
  if (!requiresAcknowledgement(adapter) || acknowledge === undefined || marketplaceOrderIds.length === 0) return 0;
  const { marketplace } = adapter;
  const asked = [...new Set(marketplaceOrderIds)];
  let confirmed: string[];
  let failed: { marketplaceOrderId: string; error: string }[];
  try {
    const answer = await acknowledge.call(adapter.orders, asked);
    const askedSet = new Set(asked);
    confirmed = [...new Set((answer?.acknowledged ?? []).filter((id) => askedSet.has(id)))];
    const confirmedSet = new Set(confirmed);
    const reported = new Map((answer?.failed ?? []).map((entry) => [entry.marketplaceOrderId, entry.error]));
    failed = asked
      .filter((id) => !confirmedSet.has(id))
      .map((id) => ({ marketplaceOrderId: id, error: reported.get(id) ?? 'not confirmed by the marketplace' }));
  } catch (error) {
    const message = describeError(error);
    confirmed = [];
    failed = asked.map((id) => ({ marketplaceOrderId: id, error: message }));
  }
  const now = context.now().toISOString();
  for (const marketplaceOrderId of confirmed)
    await markAcknowledged(store, `${marketplace}:${marketplaceOrderId}`, now);
  context.emit('orders-acknowledged', { marketplace, acknowledged: confirmed, failed });
  return confirmed.length;
}

/** Sets `acknowledgedAt` on a record (again on the newer version when a decision was saved meanwhile). */
async function markAcknowledged(store: IntakeStore, salesOrderId: string, now: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const record = await store.getImportedOrder(salesOrderId);
    if (record === null || record.acknowledgedAt !== undefined) return;
    try {
      await store.updateImportedOrder({ ...record, acknowledgedAt: now }, record.version);
      return;
    } catch (error) {
      if (!ConcurrencyConflictError.isInstance(error)) throw error;
    }
  }
}
