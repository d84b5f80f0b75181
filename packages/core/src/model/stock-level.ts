import { z } from 'zod';
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
});

/** Real-time stock of one SKU at one distributor. */
export type StockLevel = z.infer<typeof stockLevelSchema>;
