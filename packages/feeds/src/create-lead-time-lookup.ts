import type { InventoryRules } from '@dropship/core';

/**
 * The lead time of each of a distributor's warehouses, from the inventory rules
 * (`rules.warehouses[distributor][warehouse].leadTimeDays`), 0 when the rules say nothing.
 * Results are cached per warehouse code.
 *
 * @param rules - parsed inventory rules.
 * @param distributor - the distributor id (`parts-unlimited`, `wps`, ...).
 * @example
 * ```ts
 * const leadTimeDays = createLeadTimeLookup(parseInventoryRules({ warehouses: { wps: { PA2: { leadTimeDays: 2 } } } }), 'wps');
 * leadTimeDays('PA2'); // 2
 * leadTimeDays('CA'); // 0
 * ```
 */
export function createLeadTimeLookup(rules: InventoryRules, distributor: string): (warehouse: string) => number {
  const byWarehouse = rules.warehouses[distributor] ?? {};
  const cache = new Map<string, number>();
  return (warehouse) => {
    let days = cache.get(warehouse);
    if (days === undefined) {
      days = Object.hasOwn(byWarehouse, warehouse) ? (byWarehouse[warehouse]?.leadTimeDays ?? 0) : 0;
      cache.set(warehouse, days);
    }
    return days;
  };
}
