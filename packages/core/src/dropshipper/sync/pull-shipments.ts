// Every batching decision of tracking sync lives in this file:
// - how a distributor is asked (one date range for all its waiting POs, PO lists of at most
//   `maxTrackingBatch`, or one look-up per PO), from its `capabilities.batchTracking`;
// - how many of its calls run at once (`concurrencyPerDistributor`, through the context's limiter);
// - which distributor is asked first ({@link inPullOrder});
// - how many POs start settling per turn of the event loop ({@link settleTurnSize}).
import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { DistributorClient, DistributorOrder } from '../../spec/v1/distributor-client.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { SyncTrackingResult } from '../context/dropshipper-types.js';
import type { DistributorSyncGroup } from './group-open-purchase-orders.js';

/** Hands a distributor's answer for the POs `asked` (indexed by number when the caller has that at hand) to be settled. */
export type ReceiveAnswer = (
  orders: readonly DistributorOrder[],
  asked: readonly PurchaseOrder[],
  askedByNumber?: ReadonlyMap<string, PurchaseOrder>,
) => Promise<void>;

/**
 * Asks a distributor for the orders of the group's waiting POs, batched as its API allows, and
 * hands each answer to `receive` as soon as it arrives (so the POs of one batch are settled while
 * the next batches are still in flight). Waits for every batch, then throws the first failure.
 *
 * @param context - the dropshipper's context.
 * @param group - the distributor's open POs.
 * @param counters - the sync's counters (`distributorCalls` is counted here).
 * @param receive - settles the POs of one answer.
 */
export async function pullShipments(
  context: DropshipContext,
  group: DistributorSyncGroup,
  counters: SyncTrackingResult,
  receive: ReceiveAnswer,
): Promise<void> {
  const { distributor, waiting: purchaseOrders } = group;
  const client = context.distributors.get(distributor);
  if (client === undefined) return;
  const limit = context.limiterFor(distributor);
  const { batchTracking, maxTrackingBatch } = client.capabilities;
  let calls: Promise<void>[];
  if (batchTracking === 'date-range') {
    const now = context.now();
    const oldest = group.oldestWaiting ?? now.toISOString();
    const from = new Date(Date.parse(oldest) - context.limits.trackingLookbackDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    counters.distributorCalls++;
    calls = [
      limit(() => client.listShipments({ from, to })).then((orders) =>
        receive(orders, purchaseOrders, group.waitingByNumber),
      ),
    ];
  } else if (batchTracking === 'po-list') {
    const size = Math.max(1, maxTrackingBatch);
    calls = [];
    for (let index = 0; index < purchaseOrders.length; index += size) {
      const asked = purchaseOrders.slice(index, index + size);
      const poNumbers = asked.map((purchaseOrder) => purchaseOrder.poNumber);
      counters.distributorCalls++;
      calls.push(limit(() => client.listShipments({ poNumbers })).then((orders) => receive(orders, asked)));
    }
  } else {
    counters.distributorCalls += purchaseOrders.length;
    calls = purchaseOrders.map((purchaseOrder) =>
      limit(() => client.findOrder(purchaseOrder.poNumber)).then((order) =>
        receive(order === null ? [] : [order], [purchaseOrder]),
      ),
    );
  }
  // Every batch settles before the sync moves on, even when another one failed.
  const results = await Promise.allSettled(calls);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

/**
 * The order in which a sync over every distributor asks them: the ones with a run of calls
 * (batches per PO list, or a call per PO) first, since they set the pace; a distributor answered
 * with one date range last. Stable otherwise.
 *
 * @param clients - the distributor clients.
 */
export function inPullOrder(clients: readonly DistributorClient[]): DistributorClient[] {
  return [...clients].sort(
    (left, right) =>
      Number(left.capabilities.batchTracking === 'date-range') -
      Number(right.capabilities.batchTracking === 'date-range'),
  );
}

/**
 * Most POs the sync starts settling in one turn of the event loop, over every distributor at
 * once. Small turns keep the wait for a distributor's next batch short: a batch that answers
 * while POs are being settled is taken up within one turn, so the calls that set the sync's pace
 * (a PO list in many batches) go out again at once.
 */
export const settleTurnSize = 16;

/** Shares turns of the event loop among the settle loops of one dropshipper (see {@link settleTurnSize}). */
export interface TurnBudget {
  /**
   * POs started since a settle loop last waited for the next turn (it is not reset by turns in
   * which nobody waited, so a loop may yield a little early: never late).
   */
  used: number;
  /** The end of this turn, once a loop waits for it. */
  next: Promise<void> | undefined;
}

/** A fresh budget, one per dropshipper. */
export function createTurnBudget(): TurnBudget {
  return { used: 0, next: undefined };
}

/**
 * Waits until `budget` allows one more PO in this turn of the event loop, and takes it. (A caller
 * in a hot loop checks `budget.used < settleTurnSize` first and just counts, saving an await.)
 *
 * @param budget - the dropshipper's budget.
 */
export async function takeTurn(budget: TurnBudget): Promise<void> {
  while (budget.used >= settleTurnSize) {
    budget.next ??= yieldToEventLoop().then(() => {
      budget.used = 0;
      budget.next = undefined;
    });
    await budget.next;
  }
  budget.used++;
}

/** Lets the event loop run due timers and I/O before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
