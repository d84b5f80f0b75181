import { z } from 'zod';
import { nonNegativeMinorUnitsSchema } from './money.js';
import { stockQuantitySchema } from './quantity.js';
import { TEXT_LIMITS, textSchema } from './text.js';

/** Real-time stock of one SKU at one distributor warehouse. */
export const warehouseQuantitySchema = z.object({
  warehouse: textSchema(TEXT_LIMITS.code).min(1),
  quantity: stockQuantitySchema,
  /** True when the count is capped by the distributor and the real number may be higher. */
  isFloor: z.boolean(),
});

/** Real-time stock of one SKU at one distributor warehouse. */
export type WarehouseQuantity = z.infer<typeof warehouseQuantitySchema>;

/** Real-time stock of one SKU at one distributor, as returned by `DistributorClient.checkStock`. */
export const stockLevelSchema = z.object({
  sku: textSchema(TEXT_LIMITS.code).min(1),
  /** False when the distributor does not know the SKU. */
  found: z.boolean(),
  warehouses: z.array(warehouseQuantitySchema),
  /**
   * The distributor's real-time dealer cost of one unit, integer minor units in the dealer's
   * account currency, where the stock call returns a price (the price guard compares it with the
   * planned cost). Absent: the call returns none.
   */
  unitCost: nonNegativeMinorUnitsSchema.optional(),
});

/** Real-time stock of one SKU at one distributor. */
export type StockLevel = z.infer<typeof stockLevelSchema>;
