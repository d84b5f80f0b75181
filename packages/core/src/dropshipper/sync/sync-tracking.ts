import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import type { DistributorOrder } from '../../spec/v1/distributor-client.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { SyncTrackingResult } from '../context/dropshipper-types.js';
import {
  recordDistributorRefusal,
  rerouteOrders,
  resumeReroutes,
  watchedRefusedPurchaseOrders,
} from '../reroute/distributor-side-refusals.js';
import { type DistributorSyncGroup, groupOpenPurchaseOrders, syncedStates } from './group-open-purchase-orders.js';
import {
  inPullOrder,
  pullShipments,
  type ReceiveAnswer,
  settleTurnSize,
  type TurnBudget,
  takeTurn,
  yieldToEventLoop,
} from './pull-shipments.js';
import { settlePurchaseOrder } from './settle-purchase-order.js';

/** One PO to settle, with the distributor's answer for it if there was one. */
interface SettleItem {
  readonly purchaseOrder: PurchaseOrder;
  readonly remote: DistributorOrder | undefined;
}

/** Counters at zero. */
export function emptySyncResult(): SyncTrackingResult {
  return {
    purchaseOrders: 0,
    distributorCalls: 0,
    shipmentsRecorded: 0,
    trackingPushed: 0,
    buyersNotified: 0,
    completed: 0,
    errors: [],
  };
}

/**
 * The counters of several syncs added up (a queue that ran one sync per batch of POs reports
 * their total), errors in order.
 *
 * @param results - the syncs' results.
 */
export function sumSyncResults(results: readonly SyncTrackingResult[]): SyncTrackingResult {
  const total = emptySyncResult();
  for (const result of results) {
    total.purchaseOrders += result.purchaseOrders;
    total.distributorCalls += result.distributorCalls;
    total.shipmentsRecorded += result.shipmentsRecorded;
    total.trackingPushed += result.trackingPushed;
    total.buyersNotified += result.buyersNotified;
    total.completed += result.completed;
    total.errors.push(...result.errors);
  }
  return total;
}

/**
 * Settles POs, starting at most `settleTurnSize` per turn of the event loop over every
 * distributor: all may be in flight at once, but a long run of in-memory work never holds up
 * other distributors' answers (timers and sockets get their turn between groups).
 */
async function settleAll(
  context: DropshipContext,
  turns: TurnBudget,
  items: readonly SettleItem[],
  counters: SyncTrackingResult,
): Promise<void> {
  const settling: Promise<void>[] = [];
  for (let index = 0; index < items.length; index++) {
    if (turns.used >= settleTurnSize) await takeTurn(turns);
    else turns.used++;
    const { purchaseOrder, remote } = items[index] as SettleItem;
    // Never rejects: a PO that fails is counted in `counters.errors`.
    settling.push(settlePurchaseOrder(context, purchaseOrder, remote, counters));
  }
  await Promise.all(settling);
}

/**
 * Pulls one distributor's answers for a group of its open POs and settles each PO as its batch
 * arrives. POs with nothing recorded and nothing reported are left alone.
 *
 * @param context - the dropshipper's context.
 * @param turns - the dropshipper's turn budget.
 * @param group - the distributor's open POs.
 * @param counters - the sync's counters.
 */
export async function syncGroup(
  context: DropshipContext,
  turns: TurnBudget,
  group: DistributorSyncGroup,
  counters: SyncTrackingResult,
): Promise<void> {
  const { distributor, waiting, withShipments } = group;
  /** POs with recorded shipments that an answer covered (settled with it). */
  const reported = new Set<string>();
  /** Orders with a PO its distributor refused on its side in this sync: re-routed after the pull. */
  const refusedOrders = new Set<string>();
  const receive: ReceiveAnswer = async (orders, asked, askedByNumber) => {
    let byNumber = askedByNumber;
    if (byNumber === undefined) {
      const index = new Map<string, PurchaseOrder>();
      for (const purchaseOrder of asked) index.set(purchaseOrder.poNumber, purchaseOrder);
      byNumber = index;
    }
    // The last answer for a PO number wins; answers for POs not asked about are ignored.
    const answers = new Map<string, DistributorOrder>();
    for (const order of orders) if (byNumber.has(order.poNumber)) answers.set(order.poNumber, order);
    const items: SettleItem[] = [];
    for (const [poNumber, remote] of answers) {
      let purchaseOrder = byNumber.get(poNumber) as PurchaseOrder;
      if (mayBeRefusal(remote)) {
        try {
          const refused = await recordDistributorRefusal(context, purchaseOrder, remote);
          if (refused !== undefined) {
            purchaseOrder = refused;
            refusedOrders.add(refused.salesOrderId);
          }
        } catch (error) {
          counters.errors.push({ poNumber, distributor, step: 'reroute', message: describeError(error) });
          continue;
        }
      }
      if (purchaseOrder.shipments.length > 0) reported.add(poNumber);
      if (purchaseOrder.shipments.length > 0 || (remote.shipments?.length ?? 0) > 0)
        items.push({ purchaseOrder, remote });
    }
    return settleAll(context, turns, items, counters);
  };
  if (waiting.length > 0) {
    try {
      await pullShipments(context, group, counters, receive);
    } catch (error) {
      counters.errors.push({ distributor, step: 'pull', message: describeError(error) });
    }
  }
  // Lines a distributor refused on its side go elsewhere when the reroute policy allows.
  if (refusedOrders.size > 0) await rerouteOrders(context, refusedOrders, counters.errors);
  // Not reported (or their batch failed): only recorded shipments can still need a push,
  // a notification or completion.
  await settleAll(
    context,
    turns,
    withShipments
      .filter((purchaseOrder) => !reported.has(purchaseOrder.poNumber))
      .map((purchaseOrder) => ({ purchaseOrder, remote: undefined })),
    counters,
  );
}

/**
 * Tracking sync over every open PO in the store: each distributor's calls start as soon as its
 * own open POs are read, in {@link inPullOrder}. Open POs of a distributor no client is configured
 * for any more are still pushed, emailed and completed from what is recorded.
 *
 * @param context - the dropshipper's context.
 * @param turns - the dropshipper's turn budget.
 */
export async function syncOpenPurchaseOrders(context: DropshipContext, turns: TurnBudget): Promise<SyncTrackingResult> {
  const { store, distributors } = context;
  const counters = emptySyncResult();
  const clients = inPullOrder([...distributors.values()]);
  const syncs: Promise<void>[] = [];
  /** Live POs with units cancelled on the distributor's side (for the re-route sweep). */
  const partlyCancelled: PurchaseOrder[] = [];
  for (const client of clients) {
    const open = await store.findPurchaseOrders({ distributor: client.distributor, state: syncedStates });
    for (const purchaseOrder of open) if (purchaseOrder.rejection !== undefined) partlyCancelled.push(purchaseOrder);
    // Refused POs are still asked about for a while: a package shipped anyway is recorded and flagged.
    const watched = await watchedRefusedPurchaseOrders(context, client.distributor);
    counters.purchaseOrders += open.length;
    if (open.length === 0 && watched.length === 0) continue;
    const group = groupOpenPurchaseOrders(context, client.distributor, open);
    for (const purchaseOrder of watched) {
      group.waiting.push(purchaseOrder);
      group.waitingByNumber?.set(purchaseOrder.poNumber, purchaseOrder);
      if (group.oldestWaiting === undefined || purchaseOrder.createdAt < group.oldestWaiting)
        group.oldestWaiting = purchaseOrder.createdAt;
    }
    syncs.push(syncGroup(context, turns, group, counters));
    // Lets the calls just started (and answers already due) go before reading the next distributor.
    await yieldToEventLoop();
  }
  const orphans = new Map<string, PurchaseOrder[]>();
  for (const purchaseOrder of await store.findPurchaseOrders({ state: syncedStates })) {
    if (distributors.has(purchaseOrder.distributor)) continue;
    counters.purchaseOrders++;
    const list = orphans.get(purchaseOrder.distributor) ?? [];
    list.push(purchaseOrder);
    orphans.set(purchaseOrder.distributor, list);
  }
  for (const [distributor, open] of orphans)
    syncs.push(syncGroup(context, turns, groupOpenPurchaseOrders(context, distributor, open), counters));
  await Promise.all(syncs);
  // Re-routes a crash or a failure left undone (reroute/distributor-side-refusals.ts).
  await resumeReroutes(context, counters.errors, partlyCancelled);
  return counters;
}

/** True when an answer may carry a refusal on the distributor's side (checked cheaply before any work). */
function mayBeRefusal(remote: DistributorOrder): boolean {
  return remote.status === 'cancelled' || remote.status === 'rejected' || (remote.cancelledLines?.length ?? 0) > 0;
}

/** States tracking sync acts on, as a set. */
const synced: ReadonlySet<PurchaseOrderState> = new Set(syncedStates);

/**
 * Tracking sync for one distributor: all its open POs, or only those of `poNumbers` (POs of
 * other distributors, unknown or not open are ignored). One batched pull as its API allows, then
 * each PO is settled. No recovery pass and no other distributor: what a queue job calls.
 *
 * @param context - the dropshipper's context.
 * @param turns - the dropshipper's turn budget.
 * @param distributor - the distributor id (one no client is configured for is settled from what is recorded).
 * @param poNumbers - only these POs; default every open PO of the distributor.
 */
export async function syncOneDistributor(
  context: DropshipContext,
  turns: TurnBudget,
  distributor: string,
  poNumbers: readonly string[] | undefined,
): Promise<SyncTrackingResult> {
  const counters = emptySyncResult();
  let open: PurchaseOrder[];
  if (poNumbers === undefined) {
    open = await context.store.findPurchaseOrders({ distributor, state: syncedStates });
  } else {
    const found = await Promise.all(
      [...new Set(poNumbers)].map((poNumber) => context.store.getPurchaseOrder(poNumber)),
    );
    open = found.filter(
      (purchaseOrder): purchaseOrder is PurchaseOrder =>
        purchaseOrder !== null && purchaseOrder.distributor === distributor && synced.has(purchaseOrder.state),
    );
  }
  counters.purchaseOrders = open.length;
  if (open.length > 0) await syncGroup(context, turns, groupOpenPurchaseOrders(context, distributor, open), counters);
  return counters;
}

/**
 * Pushes, emails and completes one PO from what is recorded, with no distributor call.
 *
 * @param context - the dropshipper's context.
 * @param purchaseOrder - the PO as read.
 */
export async function settleRecorded(
  context: DropshipContext,
  purchaseOrder: PurchaseOrder,
): Promise<SyncTrackingResult> {
  const counters = emptySyncResult();
  if (!synced.has(purchaseOrder.state)) return counters;
  counters.purchaseOrders = 1;
  await settlePurchaseOrder(context, purchaseOrder, undefined, counters);
  return counters;
}
