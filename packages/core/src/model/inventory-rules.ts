import { z } from 'zod';
import { minorUnitsSchema, nonNegativeMinorUnitsSchema } from './money.js';
import { parseWith } from './parse.js';
import { requiredTextSchema, TEXT_LIMITS } from './text.js';

/** Longest lead time, in days, that rules and offers accept: a year. */
export const MAX_LEAD_TIME_DAYS = 365;

/** A lead time in whole days, 0 to {@link MAX_LEAD_TIME_DAYS}. */
export const leadTimeDaysSchema = z
  .number()
  .int('must be a whole number of days')
  .nonnegative('must not be negative')
  .max(MAX_LEAD_TIME_DAYS, `must be at most ${MAX_LEAD_TIME_DAYS} days`);

/** A distributor, warehouse or marketplace id. */
const code = requiredTextSchema(TEXT_LIMITS.code);

/** Per-warehouse rule: a lead time that overrides the offer's, or an exclusion. Unknown keys are refused. */
export const warehouseRuleSchema = z.strictObject({
  leadTimeDays: leadTimeDaysSchema.optional(),
  excluded: z.boolean().default(false),
});

/** Per-warehouse rule. */
export type WarehouseRule = z.infer<typeof warehouseRuleSchema>;

/**
 * The dealer's drop-ship rules. Every field has a default, so `parseInventoryRules({})` gives
 * a usable set: lead time at most 1 day, no cutoff, discontinued / truck-only / hazardous
 * offers excluded, single shipment preferred, shelf stock not used. Unknown keys (a misspelt rule)
 * are refused, numbers have ranges and texts the model's limits.
 */
export const inventoryRulesSchema = z.strictObject({
  /** Warehouses with a longer lead time are not drop-shippable. Default 1 ("anything with a lead time greater than 1 is not drop-shippable"). */
  maxLeadTimeDays: leadTimeDaysSchema.default(1),
  /**
   * The lead time, in days, of stock a real-time answer reports at a warehouse the catalog's
   * offer does not describe (and no `warehouses` rule gives a lead time for). Default unset: such
   * stock is of unknown lead time and not used (reason `unknown-lead-time`), rather than taken
   * as shipping today.
   */
  unknownWarehouseLeadTimeDays: leadTimeDaysSchema.optional(),
  /** Lines whose unit sale price is below this (integer minor units) are not drop-shipped: the drop-ship fee would eat the margin. */
  dropShipCutoffPrice: nonNegativeMinorUnitsSchema.optional(),
  /** Rules per distributor, then per warehouse code: `{ wps: { PA2: { excluded: true } } }`. */
  warehouses: z.record(code, z.record(requiredTextSchema(TEXT_LIMITS.code), warehouseRuleSchema)).default({}),
  /** Distributors not to use at all. */
  excludedDistributors: z.array(code).default([]),
  excludeDiscontinued: z.boolean().default(true),
  excludeTruckOnly: z.boolean().default(true),
  excludeHazardous: z.boolean().default(true),
  /** Preferred brands, most preferred first (for products where several brands are interchangeable). */
  brandPreferences: z.array(requiredTextSchema(TEXT_LIMITS.name)).default([]),
  /** Fixed tie-break order of distributors, first wins. Distributors not listed follow in alphabetical order. */
  distributorPriority: z.array(code).default([]),
  /** `required`: all lines from one distributor or the order is not placed; `preferred`: one distributor when one can take every line; `none`: per line. */
  singleShipment: z.enum(['required', 'preferred', 'none']).default('preferred'),
  /** Split one line across distributors when none has enough stock for all of it. */
  allowLineSplit: z.boolean().default(false),
  /** Use the dealer's own shelf stock: `prefer` before any distributor, `fallback` only when no distributor can, `never`. */
  shelfStock: z.enum(['prefer', 'fallback', 'never']).default('never'),
  /** Marketplace fee as basis points of the sale (1500 = 15%), per marketplace id, for estimated profit. */
  marketplaceFeeBasisPoints: z.record(code, z.number().int().min(0).max(10_000)).default({}),
  /** Minimum estimated profit (integer minor units, may be negative) for automatic placement. */
  minimumProfit: minorUnitsSchema.optional(),
});

/** The dealer's drop-ship rules, with defaults applied. */
export type InventoryRules = z.infer<typeof inventoryRulesSchema>;

/** Inventory rules as a user writes them (every field optional). */
export type InventoryRulesInput = z.input<typeof inventoryRulesSchema>;

/**
 * Validates inventory rules and applies defaults.
 *
 * @throws {@link ValidationError} listing every problem with its path.
 */
export function parseInventoryRules(input: unknown = {}): InventoryRules {
  return parseWith(inventoryRulesSchema, input, 'inventory rules');
}
