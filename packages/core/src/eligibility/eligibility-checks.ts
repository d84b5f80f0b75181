import { SHELF_DISTRIBUTOR } from '../model/offer.js';
import type { EligibilityCheck, EligibilityReason, StockCheckContext } from './eligibility-types.js';

/** Formats integer minor units for a message, for example `USD 12.50`. */
function formatMinorUnits(amount: number, currency: string): string {
  const sign = amount < 0 ? '-' : '';
  const absolute = Math.abs(amount);
  const cents = absolute % 100;
  return `${currency} ${sign}${(absolute - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

const parsedInstants = new Map<string, number>();

/** Epoch milliseconds of an ISO date-time, memoised (catalog offers share a few timestamps). */
function instantMs(iso: string): number {
  let value = parsedInstants.get(iso);
  if (value === undefined) {
    value = Date.parse(iso);
    if (parsedInstants.size >= 10_000) parsedInstants.clear();
    parsedInstants.set(iso, value);
  }
  return value;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The distributor is in `rules.excludedDistributors`. */
export const distributorExcludedCheck: EligibilityCheck = {
  name: 'distributor-excluded',
  kind: 'offer',
  check: (offer, { rules }) =>
    rules.excludedDistributors.has(offer.distributor)
      ? { code: 'distributor-excluded', message: `distributor ${offer.distributor} is excluded by the rules` }
      : undefined,
};

/** Shelf stock offered while `rules.shelfStock` is `never`. */
export const shelfStockDisabledCheck: EligibilityCheck = {
  name: 'shelf-stock-disabled',
  kind: 'offer',
  check: (offer, { rules }) =>
    offer.distributor === SHELF_DISTRIBUTOR && rules.rules.shelfStock === 'never'
      ? { code: 'shelf-stock-disabled', message: 'shelf stock is not used (rules.shelfStock is "never")' }
      : undefined,
};

/** The offer is priced in another currency than the sales order. */
export const currencyMismatchCheck: EligibilityCheck = {
  name: 'currency-mismatch',
  kind: 'offer',
  check: (offer, { currency }) =>
    currency !== undefined && offer.currency !== currency
      ? { code: 'currency-mismatch', message: `offer is priced in ${offer.currency}, the order in ${currency}` }
      : undefined,
};

/** The distributor does not allow drop-shipping this item (does not apply to shelf stock). */
export const dropShipEligibleCheck: EligibilityCheck = {
  name: 'not-drop-ship-eligible',
  kind: 'offer',
  check: (offer) =>
    !offer.dropShipEligible && offer.distributor !== SHELF_DISTRIBUTOR
      ? { code: 'not-drop-ship-eligible', message: `${offer.distributor} does not drop-ship ${offer.sku}` }
      : undefined,
};

/** Discontinued items are excluded (when `rules.excludeDiscontinued`). */
export const discontinuedCheck: EligibilityCheck = {
  name: 'discontinued',
  kind: 'offer',
  check: (offer, { rules }) =>
    offer.discontinued && rules.rules.excludeDiscontinued
      ? { code: 'discontinued', message: `${offer.distributor} ${offer.sku} is discontinued` }
      : undefined,
};

/** Truck-only (oversize) items are excluded (when `rules.excludeTruckOnly`). */
export const truckOnlyCheck: EligibilityCheck = {
  name: 'truck-only',
  kind: 'offer',
  check: (offer, { rules }) =>
    offer.truckOnly && rules.rules.excludeTruckOnly
      ? { code: 'truck-only', message: `${offer.distributor} ${offer.sku} ships by truck only` }
      : undefined,
};

/** Hazardous items are excluded (when `rules.excludeHazardous`). */
export const hazardousCheck: EligibilityCheck = {
  name: 'hazardous',
  kind: 'offer',
  check: (offer, { rules }) =>
    offer.hazardous && rules.rules.excludeHazardous
      ? { code: 'hazardous', message: `${offer.distributor} ${offer.sku} is hazardous material` }
      : undefined,
};

/** The offer's price and stock are past `expiresAt`: never chosen. */
export const expiredCheck: EligibilityCheck = {
  name: 'expired',
  kind: 'offer',
  check: (offer, { nowMs }) =>
    offer.expiresAt !== undefined && instantMs(offer.expiresAt) <= nowMs
      ? { code: 'expired', message: `${offer.distributor} ${offer.sku} expired at ${offer.expiresAt}` }
      : undefined,
};

/** The line's unit price is below `rules.dropShipCutoffPrice` (does not apply to shelf stock). */
export const cutoffPriceCheck: EligibilityCheck = {
  name: 'cutoff-price',
  kind: 'offer',
  check: (offer, { line, rules }) => {
    const cutoff = rules.rules.dropShipCutoffPrice;
    if (cutoff === undefined || line.unitPrice >= cutoff || offer.distributor === SHELF_DISTRIBUTOR) return undefined;
    return {
      code: 'cutoff-price',
      message: `unit price ${formatMinorUnits(line.unitPrice, offer.currency)} is below the drop-ship cutoff of ${formatMinorUnits(cutoff, offer.currency)}`,
    };
  },
};

function blockedReason(
  code: 'lead-time' | 'warehouse-excluded' | 'unknown-lead-time',
  context: StockCheckContext,
): EligibilityReason | undefined {
  const { stock, quantity, rules } = context;
  if (stock.usableQuantity >= quantity) return undefined;
  const hits = stock.blocked.filter((entry) => entry.reason === code);
  if (hits.length === 0) return undefined;
  const warehouses = hits.map((entry) => entry.warehouse);
  if (code === 'lead-time') {
    const detail = hits.map((entry) => `${entry.warehouse} (${plural(entry.leadTimeDays ?? 0, 'day')})`).join(', ');
    return {
      code,
      message: `stock at ${detail} is over the maximum lead time of ${plural(rules.rules.maxLeadTimeDays, 'day')}`,
      warehouses,
    };
  }
  if (code === 'unknown-lead-time') {
    return {
      code,
      message: `stock at ${warehouses.join(', ')} is at a warehouse the catalog does not describe: its lead time is unknown (give it one with rules.warehouses or rules.unknownWarehouseLeadTimeDays)`,
      warehouses,
    };
  }
  return { code, message: `stock at ${warehouses.join(', ')} is in an excluded warehouse`, warehouses };
}

/**
 * The usable warehouses cannot cover the line and some units sit in warehouses over the maximum
 * lead time (a per-warehouse rule overrides the offer's lead time).
 */
export const leadTimeCheck: EligibilityCheck = {
  name: 'lead-time',
  kind: 'stock',
  check: (_offer, context) => blockedReason('lead-time', context),
};

/**
 * The usable warehouses cannot cover the line and some units sit at warehouses the catalog does
 * not describe (a real-time answer's extra warehouse), whose lead time is unknown.
 */
export const unknownLeadTimeCheck: EligibilityCheck = {
  name: 'unknown-lead-time',
  kind: 'stock',
  check: (_offer, context) => blockedReason('unknown-lead-time', context),
};

/** The usable warehouses cannot cover the line and some units sit in excluded warehouses. */
export const warehouseExcludedCheck: EligibilityCheck = {
  name: 'warehouse-excluded',
  kind: 'stock',
  check: (_offer, context) => blockedReason('warehouse-excluded', context),
};

/**
 * The offer holds fewer units than the line needs, even counting warehouses the rules block: when
 * the blocked warehouses would cover the line, their reasons (`lead-time`, `warehouse-excluded`,
 * `unknown-lead-time`) say why and this one would only be noise.
 */
export const stockCheck: EligibilityCheck = {
  name: 'insufficient-stock',
  kind: 'stock',
  check: (offer, { stock, quantity }) => {
    if (stock.usableQuantity >= quantity) return undefined;
    let held = stock.usableQuantity;
    for (const entry of stock.blocked) held += entry.available;
    if (held >= quantity) return undefined;
    const source = stock.stockSource === 'real-time' ? ' (real-time)' : '';
    if (stock.notFound) {
      return { code: 'insufficient-stock', message: `${offer.distributor} does not know ${offer.sku}${source}` };
    }
    return {
      code: 'insufficient-stock',
      message: `${offer.distributor} ${offer.sku}: ${plural(stock.usableQuantity, 'usable unit')} of ${quantity} needed${source}`,
    };
  },
};

/**
 * The built-in checks, in the order they run. Every one runs, so a result lists every failing
 * reason. Add your own with `[...defaultEligibilityChecks, myCheck]`.
 */
export const defaultEligibilityChecks: readonly EligibilityCheck[] = Object.freeze([
  distributorExcludedCheck,
  shelfStockDisabledCheck,
  currencyMismatchCheck,
  dropShipEligibleCheck,
  discontinuedCheck,
  truckOnlyCheck,
  hazardousCheck,
  expiredCheck,
  cutoffPriceCheck,
  leadTimeCheck,
  unknownLeadTimeCheck,
  warehouseExcludedCheck,
  stockCheck,
]);

/**
 * The built-in stock checks. Routing applies their rule directly (it only offers usable
 * warehouses with units left) and runs them for explanations only.
 *
 * @internal
 */
export const builtInStockChecks: ReadonlySet<EligibilityCheck> = new Set([
  leadTimeCheck,
  unknownLeadTimeCheck,
  warehouseExcludedCheck,
  stockCheck,
]);
