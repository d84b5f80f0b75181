import { type Offer, SHELF_DISTRIBUTOR } from '../../model/offer.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import { type ParsedSalesOrder, salesOrderId as toSalesOrderId } from '../../model/sales-order.js';
import type { OrderPlan } from '../../routing/plan-types.js';
import { createRealTimeStock, type RealTimeStock } from '../../routing/real-time-stock.js';
import type { DistributorClient } from '../../spec/v1/distributor-client.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
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
): Promise<RealTimeStock> {
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
  await Promise.all(
    [...skusByDistributor].map(async ([distributor, skus]) => {
      const client = context.distributors.get(distributor) as DistributorClient;
      try {
        realTime.setAll(distributor, await client.checkStock([...skus]));
      } catch (error) {
        const message = `${distributor}: real-time stock check failed (${describeError(error)}); using catalog stock`;
        context.emit('stock-check-failed', { distributor, salesOrderId: toSalesOrderId(order), message });
        context.emit('warning', { warning: { type: 'stock-fallback', distributor, message } });
      }
    }),
  );
  return realTime;
}

/**
 * Plans a parsed sales order with the catalog's offers and real-time stock: a dry run, nothing is
 * placed or saved. A line is not planned at a distributor that refused a PO holding it (a field
 * too long, an invalid request, an account not set up: see `distributor-refusals.ts`).
 *
 * @param context - the dropshipper's context.
 * @param order - the sales order, parsed at the public entry.
 * @param orderPurchaseOrders - the order's POs in the store (for the refusals).
 */
export async function planOrder(
  context: DropshipContext,
  order: ParsedSalesOrder,
  orderPurchaseOrders: readonly PurchaseOrder[],
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
  const realTimeStock = await checkRealTimeStock(context, order, offers);
  const result = context.planner.plan(order, { offers, realTimeStock, now: context.now() });
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
  if (approval.mode === 'manual') return ['approval required: confirm the plan with dropship(order, { plan })'];
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
