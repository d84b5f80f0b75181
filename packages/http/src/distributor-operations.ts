import { parseWith, type StockLevel, type SubmitOrderResult } from '@dropship/core';
import { chunk, skuListSchema } from './distributor-inputs.js';

/** What {@link fetchStockInBatches} asked and what its batches returned. */
export interface StockBatchesResult<Item> {
  /** The SKUs as the caller asked them (checked, trimmed; repeats kept, in order). */
  readonly asked: string[];
  /** What every batch returned, in batch order. */
  readonly items: Item[];
}

/**
 * The first half of every distributor client's `checkStock`: the SKU list checked
 * (`skuListSchema`: a `ValidationError` before any request), each SKU asked once, in batches of
 * at most `batchSize` fetched concurrently. The client maps `items` back onto `asked`.
 *
 * @param skus - the SKUs the caller passed (unchecked).
 * @param batchSize - most SKUs per request (at least 1).
 * @param fetchBatch - one request for one batch of distinct SKUs.
 * @param subject - what the SKU list is called in a validation error.
 * @throws `ValidationError` for a bad SKU list; whatever a batch throws.
 * @example
 * ```ts
 * const { asked, items } = await fetchStockInBatches(skus, 25, (batch) => fetchInventory(batch));
 * return mapStockLevels(asked, items);
 * ```
 */
export async function fetchStockInBatches<Item>(
  skus: readonly string[],
  batchSize: number,
  fetchBatch: (batch: string[]) => Promise<readonly Item[]>,
  subject = 'SKU list',
): Promise<StockBatchesResult<Item>> {
  const asked = parseWith(skuListSchema, skus, subject);
  const batches = chunk([...new Set(asked)], batchSize);
  const items = (await Promise.all(batches.map(fetchBatch))).flat();
  return { asked, items };
}

/**
 * Stock levels in the order the SKUs were asked (repeats included), from the levels a distributor
 * answered: a SKU it did not answer for is `found: false`.
 *
 * @param asked - the SKUs as asked.
 * @param levels - the levels the distributor returned (one per SKU it knows).
 */
export function stockLevelsAsAsked(asked: readonly string[], levels: readonly StockLevel[]): StockLevel[] {
  const bySku = new Map(levels.map((level) => [level.sku, level]));
  return asked.map((sku) => bySku.get(sku) ?? { sku, found: false, warehouses: [] });
}

/**
 * The result of a validate-only `submitOrder` at a distributor whose API has no validate-only
 * mode: `validated`, nothing sent, with an `unsupported` warning saying that only the client's own
 * checks ran.
 *
 * @param service - service id, the start of the warning (`wps`).
 * @param poNumber - the PO number checked.
 * @param localChecks - what the client checked itself, for the warning (`required fields, PO length`).
 */
export function validatedLocallyResult(service: string, poNumber: string, localChecks: string): SubmitOrderResult {
  return {
    poNumber,
    distributorOrderRefs: [],
    status: 'validated',
    alreadyExisted: false,
    warnings: [
      {
        type: 'unsupported',
        feature: 'validate-only',
        message: `${service}: the API has no validate-only mode; only the local checks ran (${localChecks}). Nothing was sent.`,
      },
    ],
  };
}
