import type { RealTimeStock } from '../../eligibility/real-time-stock.js';
import type { OrderPlan, PlanExclusion, PlanHold } from '../../routing/plan-types.js';
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
 */
export function priceGuardTrips(
  plan: OrderPlan,
  realTimeStock: RealTimeStock,
  guard: PriceGuardOptions,
): PriceGuardTrip[] {
  const trips: PriceGuardTrip[] = [];
  for (const purchaseOrder of plan.purchaseOrders) {
    for (const line of purchaseOrder.lines) {
      const unitCost = realTimeStock.get(purchaseOrder.distributor, line.sku)?.unitCost;
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
