import type { PurchaseOrderReroute } from '../../model/purchase-order.js';
import { type ParsedSalesOrder, parseSalesOrder, salesOrderId as toSalesOrderId } from '../../model/sales-order.js';
import type { OrderPlan, PlanExclusion, PlannedPurchaseOrder } from '../../routing/plan-types.js';
import { wholeOrderCancelKey } from '../cancel/cancel-remainder.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PurchaseOrderOutcome } from '../context/dropshipper-types.js';
import { settleReservations } from '../intake/order-reservations.js';
import { placePlannedPurchaseOrder } from '../place/place-planned.js';
import { planOrder } from '../place/plan-order.js';
import { type RefusedLine, refusedLinesOf, rerouteExclusions, unitsToReplace } from './refused-lines.js';
import type { ReroutePolicy } from './reroute-options.js';

/**
 * The key of the record that says a sales line's refused units were held for a person (the
 * sync's sweep leaves the line alone; a new refusal of it makes a new key).
 *
 * @param salesOrderId - the order.
 * @param lineId - the sales line.
 * @param fromPoNumbers - the refused POs that held the line.
 */
export function rerouteHeldKey(salesOrderId: string, lineId: string, fromPoNumbers: readonly string[]): string {
  return `reroute-held:${salesOrderId}:${lineId}:${[...fromPoNumbers].sort().join(',')}`;
}

/** What one re-route of an order did. */
export interface RerouteResult {
  /** New POs sent (or found placed), one outcome per PO. */
  readonly purchaseOrders: PurchaseOrderOutcome[];
  /** Lines held for a person, with the reason (empty when every refused line was placed again). */
  readonly held: { readonly lineIds: readonly string[]; readonly reason: string }[];
}

/** Why the policy holds these refused lines, or undefined when it lets them be re-routed. */
function policyRefusal(policy: ReroutePolicy, refused: readonly RefusedLine[]): string | undefined {
  const notRerouted = refused.filter((line) => line.refused && !policy.reasons.has(line.reason));
  if (notRerouted.length > 0)
    return `refused for ${[...new Set(notRerouted.map((line) => line.reason))].join(', ')}, which the reroute policy does not re-route`;
  const attempt = Math.max(...refused.map((line) => line.rerouteAttempt)) + 1;
  if (attempt > policy.maxReroutes)
    return `already re-routed ${attempt - 1} time(s): the reroute policy allows ${policy.maxReroutes}`;
  return undefined;
}

/** Why the plan's cost or profit holds the lines, or undefined when within the policy. */
function costRefusal(
  policy: ReroutePolicy,
  plan: OrderPlan,
  refused: readonly RefusedLine[],
  planned: readonly PlannedPurchaseOrder[],
): string | undefined {
  if (policy.maxExtraCostPercent !== undefined) {
    const refusedCost = new Map<string, number>();
    for (const line of refused) refusedCost.set(line.salesLineId, line.unitCost);
    let before = 0;
    let after = 0;
    for (const purchaseOrder of planned) {
      for (const line of purchaseOrder.lines) {
        before += (refusedCost.get(line.salesLineId) ?? line.unitCost) * line.quantity;
        after += line.unitCost * line.quantity;
      }
    }
    if (after * 100 > before * (100 + policy.maxExtraCostPercent))
      return `the new plan costs ${after}, more than ${policy.maxExtraCostPercent}% over the refused PO's ${before} (minor units)`;
  }
  if (policy.minimumProfit !== undefined && plan.profit.profit < policy.minimumProfit)
    return `the re-routed lines' estimated profit ${plan.profit.profit} is below the reroute minimum ${policy.minimumProfit} (minor units)`;
  return undefined;
}

/**
 * Re-routes what distributors refused in one order: the units of refused lines that no live PO
 * holds are planned again without the refusing distributor (or warehouse: see
 * `refused-lines.ts`) and placed on new PO numbers (`reroute: { fromPoNumber, attempt, excluded }`)
 * when the policy allows; otherwise they are held with the reason (`reroute-held`).
 *
 * Never twice: only POs already rejected or cancelled (or units a distributor cancelled) free
 * their lines; what is placed again is what no live PO holds, read from the store each time; the
 * new PO goes through the same placement as every PO (deterministic number per order,
 * distributor and attempt; created `submitting` before the call; checked against earlier rivals).
 * A re-route that died half-way is run again as a whole and places only what is still missing.
 *
 * A buyer's cancel wins: an order cancelled as a whole is not re-routed, and the units are
 * counted against the stored order (which a partial cancel reduces).
 *
 * @param context - the dropshipper's context.
 * @param given - the sales order (parsed), used when the store does not hold it.
 * @param policy - the re-route policy.
 * @param cancelledByBuyer - units per sales line the buyer cancelled (never placed again).
 */
export async function rerouteOrder(
  context: DropshipContext,
  given: ParsedSalesOrder,
  policy: ReroutePolicy,
  cancelledByBuyer: ReadonlyMap<string, number> = new Map(),
): Promise<RerouteResult> {
  const result: RerouteResult = { purchaseOrders: [], held: [] };
  const salesOrderId = toSalesOrderId(given);
  // Each round re-routes what the last one's POs had refused, up to the policy's limit.
  for (let round = 0; round <= policy.maxReroutes + 1; round++) {
    // A buyer's cancel wins: nothing of an order cancelled as a whole is placed again, and the
    // stored order (reduced by a partial cancel) is what the buyer still wants.
    if ((await context.store.getIdempotencyRecord(wholeOrderCancelKey(salesOrderId))) !== null) return result;
    const stored = await context.store.getSalesOrder(salesOrderId);
    const order = stored === null ? given : parseSalesOrder(stored);
    const existing = await context.store.findPurchaseOrders({ salesOrderId });
    const refused = refusedLinesOf(existing);
    const needed = unitsToReplace(order, existing, refused, cancelledByBuyer);
    if (needed.size === 0) return result;
    const affected = refused.filter((line) => needed.has(line.salesLineId));
    const from = affected[0] as RefusedLine;
    const fromPoNumbers = [...new Set(affected.map((line) => line.poNumber))];
    const hold = async (lineIds: readonly string[], reason: string): Promise<RerouteResult> => {
      result.held.push({ lineIds, reason });
      // Remembered per line, so that the sync's sweep does not plan held lines again at every run.
      for (const lineId of lineIds)
        await context.store.putIdempotencyRecord({
          key: rerouteHeldKey(salesOrderId, lineId, refusingPurchaseOrders(affected, lineId)),
          at: context.now().toISOString(),
          result: reason.slice(0, 500),
        });
      context.emit('reroute-held', { salesOrderId, fromPoNumbers, lineIds, reason });
      return result;
    };
    const refusal = policyRefusal(policy, affected);
    if (refusal !== undefined) return await hold([...needed.keys()], refusal);
    // The order with only the units to place again: the plan (and its profit) is theirs alone.
    const partial: ParsedSalesOrder = {
      ...order,
      shippingPaid: 0,
      lines: order.lines
        .filter((line) => needed.has(line.lineId))
        .map((line) => ({ ...line, quantity: needed.get(line.lineId) as number })),
    };
    delete (partial as { fees?: unknown }).fees;
    const plan = await planOrder(context, partial, existing);
    const priceHeld = new Set(
      plan.holds.flatMap((planHold) => (planHold.poNumber === undefined ? [] : [planHold.poNumber])),
    );
    const planned = plan.purchaseOrders.filter((purchaseOrder) => !priceHeld.has(purchaseOrder.poNumber));
    const costHold = costRefusal(policy, plan, affected, planned);
    if (costHold !== undefined) return await hold([...needed.keys()], costHold);
    const unplacedIds = [
      ...plan.unplaced.map((line) => line.salesLineId),
      ...plan.purchaseOrders
        .filter((purchaseOrder) => priceHeld.has(purchaseOrder.poNumber))
        .flatMap((purchaseOrder) => purchaseOrder.lines.map((line) => line.salesLineId)),
    ];
    if (unplacedIds.length > 0) {
      const reasons = [
        ...plan.unplaced.map((line) => `${line.salesLineId}: ${line.message}`),
        ...plan.holds.filter((planHold) => planHold.poNumber !== undefined).map((planHold) => planHold.message),
      ];
      await hold(unplacedIds, `no other distributor can take them now (${reasons.join('; ')})`);
    }
    if (planned.length === 0) return result;
    const reroute: PurchaseOrderReroute = {
      fromPoNumber: from.poNumber,
      attempt: Math.max(...affected.map((line) => line.rerouteAttempt)) + 1,
      excluded: distinctPlaces(rerouteExclusions(refused, policy.reasons)),
    };
    const outcomes = (
      await Promise.all(
        planned.map((purchaseOrder) =>
          // The plan holds only the units missing now: none of them is covered.
          placePlannedPurchaseOrder(context, order, purchaseOrder, new Map(), reroute),
        ),
      )
    ).flat();
    for (const outcome of outcomes) {
      result.purchaseOrders.push(outcome);
      if (outcome.outcome === 'submitted' || outcome.outcome === 'unknown' || outcome.outcome === 'rejected')
        context.emit('purchase-order-rerouted', {
          salesOrderId,
          fromPoNumber: reroute.fromPoNumber,
          poNumber: outcome.poNumber,
          distributor: outcome.distributor,
          attempt: reroute.attempt,
          lineIds: planned
            .filter((purchaseOrder) => purchaseOrder.distributor === outcome.distributor)
            .flatMap((purchaseOrder) => purchaseOrder.lines.map((line) => line.salesLineId)),
        });
    }
    await settleReservations(context, salesOrderId, await context.store.findPurchaseOrders({ salesOrderId }));
    // Only a new refusal needs another round.
    if (!outcomes.some((outcome) => outcome.outcome === 'rejected')) return result;
  }
  return result;
}

/** The distributors (and warehouses) excluded, each once. */
function distinctPlaces(exclusions: readonly PlanExclusion[]): PurchaseOrderReroute['excluded'] {
  const places = new Map<string, PurchaseOrderReroute['excluded'][number]>();
  for (const exclusion of exclusions)
    places.set(JSON.stringify([exclusion.distributor, exclusion.warehouse ?? null]), {
      distributor: exclusion.distributor,
      ...(exclusion.warehouse === undefined ? {} : { warehouse: exclusion.warehouse }),
    });
  return [...places.values()];
}

/**
 * The refused POs that held a sales line (the key of its hold record).
 *
 * @param refused - refused lines of the order.
 * @param lineId - the sales line.
 */
export function refusingPurchaseOrders(refused: readonly RefusedLine[], lineId: string): string[] {
  return [...new Set(refused.filter((line) => line.salesLineId === lineId).map((line) => line.poNumber))];
}
