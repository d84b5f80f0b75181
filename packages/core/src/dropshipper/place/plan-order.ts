import type { RejectionReason } from '../../errors/order-rejected-error.js';
import { type Offer, SHELF_DISTRIBUTOR } from '../../model/offer.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import { type ParsedSalesOrder, salesOrderId as toSalesOrderId } from '../../model/sales-order.js';
import type { OrderPlan, PlanExclusion, PlanHold } from '../../routing/plan-types.js';
import { createRealTimeStock, type RealTimeStock } from '../../routing/real-time-stock.js';
import type { DistributorClient } from '../../spec/v1/distributor-client.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import { missingMarketplaceAdapter } from '../context/marketplace-coverage.js';
import { reservedStockLedger } from '../intake/order-reservations.js';
import { stockChecked } from '../listings/real-time-stock-trigger.js';
import { priceGuardExclusions, priceGuardHolds, priceGuardTrips, validatedPrices } from '../reroute/price-guard.js';
import { refusedLinesOf, rerouteExclusions } from '../reroute/refused-lines.js';
import { defaultRerouteReasons } from '../reroute/reroute-options.js';

/** The reasons that keep a refused line away from its distributor without a reroute policy. */
const defaultReasons: ReadonlySet<RejectionReason> = new Set(defaultRerouteReasons);

import { refusingDistributorsByLine } from './distributor-refusals.js';

/** The catalog's offers for every line of `order`, by sales line id. */
async function offersFor(context: DropshipContext, order: ParsedSalesOrder): Promise<Map<string, Offer[]>> {
  const offers = new Map<string, Offer[]>();
  await Promise.all(
    order.lines.map(async (line) => {
      offers.set(
        line.lineId,
        await context.catalog.findOffers({ sku: line.sku, ...(line.product ? { product: line.product } : {}) }),
      );
    }),
  );
  return offers;
}

/**
 * Asks each configured distributor once for the real-time stock of every SKU it offers for the
 * order. A distributor whose check fails is planned on catalog stock, with an event and a warning.
 */
async function checkRealTimeStock(
  context: DropshipContext,
  order: ParsedSalesOrder,
  offers: Map<string, Offer[]>,
): Promise<{ realTime: RealTimeStock; fallbacks: Map<string, string> }> {
  const skusByDistributor = new Map<string, Set<string>>();
  for (const lineOffers of offers.values()) {
    for (const offer of lineOffers) {
      if (offer.distributor === SHELF_DISTRIBUTOR || !context.distributors.has(offer.distributor)) continue;
      let skus = skusByDistributor.get(offer.distributor);
      if (skus === undefined) {
        skus = new Set();
        skusByDistributor.set(offer.distributor, skus);
      }
      skus.add(offer.sku);
    }
  }
  const realTime = createRealTimeStock();
  /** Why a distributor's lines rest on catalog stock: its check failed. */
  const fallbacks = new Map<string, string>();
  await Promise.all(
    [...skusByDistributor].map(async ([distributor, skus]) => {
      const client = context.distributors.get(distributor) as DistributorClient;
      try {
        const levels = await client.checkStock([...skus]);
        realTime.setAll(distributor, levels);
        stockChecked(context, distributor, offers.values(), levels);
      } catch (error) {
        const message = `${distributor}: real-time stock check failed (${describeError(error)}); using catalog stock`;
        fallbacks.set(distributor, message);
        context.emit('stock-check-failed', { distributor, salesOrderId: toSalesOrderId(order), message });
        context.emit('warning', { warning: { type: 'stock-fallback', distributor, message } });
      }
    }),
  );
  return { realTime, fallbacks };
}

/**
 * The plan with the reason on each line that rests on catalog stock because its distributor's
 * real-time check failed (the plan itself is unchanged when none did).
 */
function withFallbackReasons(plan: OrderPlan, fallbacks: ReadonlyMap<string, string>): OrderPlan {
  if (fallbacks.size === 0) return plan;
  return {
    ...plan,
    purchaseOrders: plan.purchaseOrders.map((purchaseOrder) => {
      const reason = fallbacks.get(purchaseOrder.distributor);
      if (reason === undefined) return purchaseOrder;
      return {
        ...purchaseOrder,
        lines: purchaseOrder.lines.map((line) =>
          line.stockSource === 'catalog' ? { ...line, stockSourceReason: reason } : line,
        ),
      };
    }),
  };
}

/** The plan with a `marketplace-adapter-missing` hold when its tracking could never be pushed. */
function withMarketplaceHold(context: DropshipContext, plan: OrderPlan): OrderPlan {
  const missing = missingMarketplaceAdapter(context, plan.marketplace);
  if (missing === undefined) return plan;
  return { ...plan, holds: [...plan.holds, { code: 'marketplace-adapter-missing', message: missing }] };
}

/**
 * Plans a parsed sales order with the catalog's offers and real-time stock: a dry run, nothing is
 * placed or saved. A line is not planned at a distributor that refused a PO holding it (a field
 * too long, an invalid request, an account not set up: see `distributor-refusals.ts`), nor on
 * stock other orders' reservations hold (see `intake/order-reservations.ts`), nor at a
 * distributor (or warehouse) that refused or cancelled it (`reroute/refused-lines.ts`). With the
 * `priceGuard` option, a planned line whose distributor's real-time price is over the tolerance
 * is planned elsewhere (`reroute`) or its PO held (`hold`: a `price-changed` hold naming it).
 *
 * @param context - the dropshipper's context.
 * @param order - the sales order, parsed at the public entry.
 * @param orderPurchaseOrders - the order's POs in the store (for the refusals).
 * @param exclude - more offers not to use.
 */
export async function planOrder(
  context: DropshipContext,
  order: ParsedSalesOrder,
  orderPurchaseOrders: readonly PurchaseOrder[],
  exclude: readonly PlanExclusion[] = [],
): Promise<OrderPlan> {
  const refused = refusingDistributorsByLine(orderPurchaseOrders);
  const offers = await offersFor(context, order);
  for (const [lineId, distributors] of refused) {
    const lineOffers = offers.get(lineId);
    if (lineOffers !== undefined)
      offers.set(
        lineId,
        lineOffers.filter((offer) => !distributors.has(offer.distributor)),
      );
  }
  const { realTime: realTimeStock, fallbacks } = await checkRealTimeStock(context, order, offers);
  const now = context.now();
  // Stock other orders hold (imported, or placed after the stock was read): see order-reservations.ts.
  const ledger = await reservedStockLedger(context, toSalesOrderId(order), offers, realTimeStock, now);
  // Lines a distributor refused or cancelled are not planned there again (reroute/refused-lines.ts).
  const reasons = context.reroute?.reasons ?? defaultReasons;
  let exclusions = [...rerouteExclusions(refusedLinesOf(orderPurchaseOrders), reasons), ...exclude];
  const planWith = (excluded: readonly PlanExclusion[]): OrderPlan =>
    context.planner.plan(order, {
      offers,
      realTimeStock,
      now,
      ...(ledger === undefined ? {} : { ledger, reserve: false }),
      ...(excluded.length === 0 ? {} : { exclude: excluded }),
    });
  let planned = planWith(exclusions);
  const { priceGuard } = context;
  const priceHolds: PlanHold[] = [];
  // The price guard: a distributor's real-time price over the tolerance is never placed blind.
  for (let round = 0; priceGuard !== undefined && round <= context.limits.maxAttempts; round++) {
    const trips = priceGuardTrips(planned, realTimeStock, priceGuard, await validatedPrices(context, planned, order));
    if (trips.length === 0) break;
    for (const trip of trips)
      context.emit('price-guard-tripped', { salesOrderId: planned.salesOrderId, ...trip, action: priceGuard.action });
    if (priceGuard.action === 'hold') {
      priceHolds.push(...priceGuardHolds(trips, priceGuard.tolerancePercent));
      break;
    }
    exclusions = [...exclusions, ...priceGuardExclusions(trips)];
    planned = planWith(exclusions);
  }
  const guarded = priceHolds.length === 0 ? planned : { ...planned, holds: [...planned.holds, ...priceHolds] };
  const result = withMarketplaceHold(context, withFallbackReasons(guarded, fallbacks));
  context.emit('order-planned', {
    salesOrderId: result.salesOrderId,
    complete: result.complete,
    purchaseOrders: result.purchaseOrders.length,
    unplaced: result.unplaced.length,
  });
  return result;
}

/**
 * Why a plan may not be placed without the caller confirming it (the approval policy): none when
 * it may.
 *
 * @param context - the dropshipper's context.
 * @param plan - the plan `dropship` made.
 */
export function holdReasonsFor(context: DropshipContext, plan: OrderPlan): string[] {
  const { approval } = context;
  if (approval.mode === 'manual') return ['approval required: place the reviewed plan with placePlan(result.plan)'];
  const reasons: string[] = [];
  if (!plan.complete && approval.allowIncomplete !== true) {
    reasons.push(`incomplete plan: ${plan.unplaced.length} line(s) cannot be placed`);
  }
  const minimum = approval.minimumProfit ?? context.rules.minimumProfit ?? 0;
  if (plan.profit.profit < minimum) {
    reasons.push(`estimated profit ${plan.profit.profit} is below the minimum ${minimum} (minor units)`);
  }
  return reasons;
}
