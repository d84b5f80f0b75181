import type { Offer, WarehouseStock } from '../../model/offer.js';
import type { StockLevel } from '../../model/stock-level.js';
import type { DropshipContext } from '../context/dropship-context.js';

/**
 * The trigger after a real-time stock check that disagrees with the catalog: planning reports
 * each distributor's answer here, and the push step (when the dropshipper pushes listings)
 * records the newer stock in the catalog and pushes the listings of those products.
 */

/** What the push step does with offers whose real-time stock differs from the catalog's. */
type DisagreementHandler = (offers: Offer[]) => Promise<void>;

const handlers = new WeakMap<DropshipContext, DisagreementHandler>();

/**
 * Registers what to do when a real-time stock check disagrees with the catalog (one handler per
 * dropshipper: the push step's).
 *
 * @param context - the dropshipper's context.
 * @param handler - takes the offers with the real-time stock.
 */
export function onStockDisagreement(context: DropshipContext, handler: DisagreementHandler): void {
  handlers.set(context, handler);
}

/** True when two stock lists differ in a warehouse's quantity or floor flag. */
function stockDiffers(catalog: readonly WarehouseStock[], realTime: readonly WarehouseStock[]): boolean {
  if (catalog.length !== realTime.length) return true;
  const known = new Map(catalog.map((level) => [level.warehouse, level]));
  return realTime.some((level) => {
    const before = known.get(level.warehouse);
    return before === undefined || before.quantity !== level.quantity || before.isFloor !== level.isFloor;
  });
}

/**
 * Planning's report of one distributor's real-time answer. The offers whose stock differs from
 * the catalog's are handed to the push step with the real-time stock (lead times kept from the
 * catalog; a warehouse the catalog does not know is left out: its lead time is unknown) and
 * `updatedAt` now. Runs in the background: planning never waits for a push, and a failure is a
 * `warning` event.
 *
 * @param context - the dropshipper's context.
 * @param distributor - the distributor that answered.
 * @param offers - the offers planning considered (any distributor; others are skipped).
 * @param levels - the distributor's answer.
 */
export function stockChecked(
  context: DropshipContext,
  distributor: string,
  offers: Iterable<readonly Offer[]>,
  levels: readonly StockLevel[],
): void {
  const handler = handlers.get(context);
  if (handler === undefined) return;
  const bySku = new Map(levels.map((level) => [level.sku, level]));
  const updated = new Map<string, Offer>();
  const updatedAt = context.now().toISOString();
  for (const list of offers)
    for (const offer of list) {
      const level = offer.distributor === distributor ? bySku.get(offer.sku) : undefined;
      if (level === undefined || updated.has(offer.sku)) continue;
      const leadTimes = new Map(offer.stock.map((stock) => [stock.warehouse, stock.leadTimeDays]));
      const stock: WarehouseStock[] = (level.found ? level.warehouses : []).flatMap((warehouse) => {
        const leadTimeDays = leadTimes.get(warehouse.warehouse);
        return leadTimeDays === undefined
          ? []
          : [
              {
                warehouse: warehouse.warehouse,
                quantity: warehouse.quantity,
                isFloor: warehouse.isFloor,
                leadTimeDays,
              },
            ];
      });
      if (stockDiffers(offer.stock, stock)) updated.set(offer.sku, { ...offer, stock, updatedAt });
    }
  if (updated.size === 0) return;
  handler([...updated.values()]).catch((error: unknown) => {
    context.emit('warning', {
      warning: {
        type: 'other',
        message: `listing push after a real-time stock check failed (the next pass sends it): ${error instanceof Error ? error.message : String(error)}`,
      },
    });
  });
}
