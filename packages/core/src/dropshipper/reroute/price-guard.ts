import type { RealTimeStock } from '../../eligibility/real-time-stock.js';
import type { ParsedSalesOrder } from '../../model/sales-order.js';
import type { OrderPlan, PlanExclusion, PlanHold } from '../../routing/plan-types.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PriceGuardOptions } from './reroute-options.js';

/** One planned line whose distributor's real-time price is over the tolerance. */
export interface PriceGuardTrip {
  /** The planned PO number. */
  readonly poNumber: string;
  /** Its distributor. */
  readonly distributor: string;
  /** The sales line. */
  readonly salesLineId: string;
  /** The distributor SKU. */
  readonly sku: string;
  /** Planned cost of one unit, minor units. */
  readonly plannedUnitCost: number;
  /** The distributor's real-time price of one unit, minor units. */
  readonly unitCost: number;
}

/**
 * The planned lines whose distributor answered a real-time unit price (`StockLevel.unitCost`)
 * above the planned unit cost by more than `tolerancePercent` (integer arithmetic: price × 100 >
 * planned × (100 + tolerance)). Lines without a real-time price are not judged.
 *
 * @param plan - the plan.
 * @param realTimeStock - the stock (and prices) the plan was made with.
 * @param guard - the price guard.
 * @param validated - prices a validate-only submit answered ({@link validatedPrices}), when asked.
 */
export function priceGuardTrips(
  plan: OrderPlan,
  realTimeStock: RealTimeStock,
  guard: PriceGuardOptions,
  validated: ReadonlyMap<string, number> = new Map(),
): PriceGuardTrip[] {
  const trips: PriceGuardTrip[] = [];
  for (const purchaseOrder of plan.purchaseOrders) {
    for (const line of purchaseOrder.lines) {
      const unitCost =
        realTimeStock.get(purchaseOrder.distributor, line.sku)?.unitCost ??
        validated.get(validatedPriceKey(purchaseOrder.distributor, line.sku));
      if (unitCost === undefined) continue;
      if (unitCost * 100 <= line.unitCost * (100 + guard.tolerancePercent)) continue;
      trips.push({
        poNumber: purchaseOrder.poNumber,
        distributor: purchaseOrder.distributor,
        salesLineId: line.salesLineId,
        sku: line.sku,
        plannedUnitCost: line.unitCost,
        unitCost,
      });
    }
  }
  return trips;
}

/**
 * Exclusions that plan tripped lines elsewhere (`reroute`): each line without its distributor.
 *
 * @param trips - the trips.
 */
export function priceGuardExclusions(trips: readonly PriceGuardTrip[]): PlanExclusion[] {
  return trips.map((trip) => ({ distributor: trip.distributor, lineIds: [trip.salesLineId] }));
}

/**
 * Holds that keep tripped POs from being placed (`hold`): one per planned PO, naming its lines.
 *
 * @param trips - the trips.
 * @param tolerancePercent - the guard's tolerance, for the message.
 */
export function priceGuardHolds(trips: readonly PriceGuardTrip[], tolerancePercent: number): PlanHold[] {
  const byPurchaseOrder = new Map<string, PriceGuardTrip[]>();
  for (const trip of trips) byPurchaseOrder.set(trip.poNumber, [...(byPurchaseOrder.get(trip.poNumber) ?? []), trip]);
  return [...byPurchaseOrder].map(([poNumber, list]) => ({
    code: 'price-changed',
    poNumber,
    message: `price guard: ${list
      .map(
        (trip) =>
          `${trip.distributor} ${trip.sku} now costs ${trip.unitCost}, planned ${trip.plannedUnitCost} (over ${tolerancePercent}%)`,
      )
      .join('; ')}: ${poNumber} is held, not placed blind`,
  }));
}

/** The key of a validated price: distributor and SKU. */
function validatedPriceKey(distributor: string, sku: string): string {
  return `${distributor}\u0000${sku}`;
}

/**
 * With `priceGuard.validateOnly`, asks each distributor of a planned PO whose API checks an order
 * without placing it (`capabilities.validateOnly`) for its prices: one `submitOrder` with
 * `validateOnly: true` per planned PO, nothing placed. Returns the unit costs it answered
 * (`SubmitOrderResult.lines`). A check that fails or answers no price leaves the line unjudged,
 * with a warning (as a failed stock check leaves it on catalog stock).
 *
 * @param context - the dropshipper's context.
 * @param plan - the plan.
 * @param order - the sales order (its ship-to is sent).
 */
export async function validatedPrices(
  context: DropshipContext,
  plan: OrderPlan,
  order: ParsedSalesOrder,
): Promise<Map<string, number>> {
  const prices = new Map<string, number>();
  if (context.priceGuard?.validateOnly !== true) return prices;
  await Promise.all(
    plan.purchaseOrders.map(async (purchaseOrder) => {
      const client = context.distributors.get(purchaseOrder.distributor);
      if (client === undefined || !client.capabilities.validateOnly) return;
      try {
        const answer = await client.submitOrder({
          poNumber: purchaseOrder.poNumber,
          shipTo: order.shipTo,
          currency: order.currency,
          lines: purchaseOrder.lines.map((line) => ({
            sku: line.sku,
            quantity: line.quantity,
            unitCost: line.unitCost,
          })),
          validateOnly: true,
        });
        for (const line of answer.lines ?? [])
          if (line.unitCost !== undefined && Number.isSafeInteger(line.unitCost) && line.unitCost >= 0)
            prices.set(validatedPriceKey(purchaseOrder.distributor, line.sku), line.unitCost);
      } catch (error) {
        context.emit('warning', {
          warning: {
            type: 'other',
            message: `${purchaseOrder.distributor}: validate-only price check of ${purchaseOrder.poNumber} failed (${describeError(error)}); its prices are not judged`,
          },
          poNumber: purchaseOrder.poNumber,
        });
      }
    }),
  );
  return prices;
}
