import { currencySchema, type Offer, parseWith, type WarehouseStock } from '@dropship/core';
import { z } from 'zod';
import type { FeedBatch, FeedParseContext, FeedParser, FeedRejection } from './feed-types.js';
import { parseDecimalToMinorUnits, parseUpc } from './parse-feed-values.js';

/**
 * The fields of a WPS item this parser reads (https://www.wps-inc.com/data-depot/v4/api/services/items, https://www.wps-inc.com/data-depot/v4/api/services/inventory). `listWpsItems` from
 * `@dropship/wps` yields pages of exactly this shape; any page of objects with these fields works.
 */
export interface WpsItemRecord {
  /** The WPS SKU. */
  sku: string;
  /** Item name. */
  name?: string | undefined;
  /** WPS brand id (names come from `brandNames`). */
  brand_id?: number | null | undefined;
  /** The supplier's (manufacturer's) part number. */
  supplier_product_id?: string | undefined;
  /** UPC. */
  upc?: string | undefined;
  /** Dealer cost, decimal text (`"29.97"`). */
  standard_dealer_price?: string | undefined;
  /** Minimum advertised price, decimal text. */
  mapp_price?: string | undefined;
  /** The brand enforces `mapp_price`. */
  has_map_policy?: boolean | undefined;
  /** Drop-ship fee, decimal text. */
  drop_ship_fee?: string | undefined;
  /** WPS allows drop-shipping the item. */
  drop_ship_eligible?: boolean | undefined;
  /** Item status text. */
  status?: string | undefined;
  /** `include=inventory`: the inventory object, one `<code>_warehouse` count per warehouse. */
  inventory?: { data?: Readonly<Record<string, unknown>> | null | undefined } | null | undefined;
}

/** Options of {@link createWpsItemParser}. */
export interface WpsItemParserOptions {
  /**
   * The count at which WPS stops counting per warehouse; counts at or above it are floors
   * (`isFloor`). UNCONFIRMED (https://www.wps-inc.com/data-depot/v4/api/services/inventory: 9 per the inventory page, 25 per a 2026 client). Default 9.
   */
  inventoryCap?: number;
  /** WPS brand id → brand name (for example from `GET /brands`). Without a name the offer has no brand and swaps by UPC only. */
  brandNames?: Record<string, string>;
  /** Item `status` values meaning discontinued. The value set is NOT FOUND in public sources; default none. */
  discontinuedStatuses?: string[];
  /** Currency of the prices. Default `USD`. */
  currency?: string;
}

/** Text that may be absent; `null` (as JSON APIs send for an empty field) reads as absent. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);
const optionalFlag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? undefined);

/**
 * The types of the item fields this parser reads (the WPS API's item object, https://www.wps-inc.com/data-depot/v4/api/services/items): an
 * item whose field has another type (a numeric `name`, an object for a price) is rejected with
 * its line, never read as if it were text. `null` reads as an absent field.
 */
const wpsItemFieldsSchema = z.looseObject({
  name: optionalText,
  brand_id: z.number().nullable().optional(),
  supplier_product_id: optionalText,
  upc: optionalText,
  standard_dealer_price: optionalText,
  mapp_price: optionalText,
  has_map_policy: optionalFlag,
  drop_ship_fee: optionalText,
  drop_ship_eligible: optionalFlag,
  status: optionalText,
  inventory: z
    .looseObject({ data: z.record(z.string(), z.unknown()).nullable().optional() })
    .nullable()
    .optional(),
});

const optionsSchema = z.strictObject({
  inventoryCap: z.number().int().positive().optional(),
  brandNames: z.record(z.string(), z.string().trim().min(1)).optional(),
  discontinuedStatuses: z.array(z.string().trim().min(1)).optional(),
  currency: currencySchema.optional(),
});

const WAREHOUSE_SUFFIX = '_warehouse';

/**
 * Creates the parser of WPS items read through the Data Depot API (pages of
 * {@link WpsItemRecord}, as `listWpsItems` yields them). Each item becomes an offer:
 * `cost` ← `standard_dealer_price` (exact cents), `mapPrice` ← `mapp_price` when `has_map_policy`,
 * `dropShipFee` ← `drop_ship_fee`, `dropShipEligible` ← `drop_ship_eligible` (true when absent),
 * `mpn` ← `supplier_product_id`, `upc`, `title` ← `name`, and one stock row per
 * `<code>_warehouse` count of the inventory (`pa2_warehouse` → `PA2`), a floor at the cap, with the
 * rules' lead time. An item without a usable dealer price is rejected (`missing-price`,
 * `invalid-price`); its `line` is its position in the listing.
 *
 * @param options - inventory cap, brand names, status list.
 * @throws `ValidationError` for a bad option.
 * @example
 * ```ts
 * import { listWpsItems } from '@dropship/wps';
 * const summary = await ingestFeed({
 *   distributor: 'wps',
 *   source: createIterableSource('WPS /items', () => listWpsItems({ apiToken, pageSize: 500 })),
 *   parser: createWpsItemParser(),
 *   catalog,
 * });
 * ```
 */
export function createWpsItemParser(options: WpsItemParserOptions = {}): FeedParser<readonly WpsItemRecord[]> {
  const settings = parseWith(optionsSchema, options, 'WPS item parser options');
  const inventoryCap = settings.inventoryCap ?? 9;
  const brandNames = settings.brandNames ?? {};
  const discontinued = new Set((settings.discontinuedStatuses ?? []).map((status) => status.toUpperCase()));
  const currency = settings.currency ?? 'USD';

  return {
    format: 'wps-items',
    async *parse(input, context: FeedParseContext) {
      let position = 0;
      for await (const page of input) {
        context.signal?.throwIfAborted();
        const offers: Offer[] = [];
        const rejected: FeedRejection[] = [];
        const warnings: Record<string, number> = {};
        const warn = (code: string): void => {
          warnings[code] = (warnings[code] ?? 0) + 1;
        };
        for (const item of page) {
          position++;
          const line = position;
          const sku = typeof item?.sku === 'string' ? item.sku.trim() : '';
          if (sku.length === 0) {
            rejected.push({ line, reason: 'missing-sku', message: 'the item has no sku' });
            continue;
          }
          const fields = wpsItemFieldsSchema.safeParse(item);
          if (!fields.success) {
            const named = [...new Set(fields.error.issues.map((issue) => issue.path.join('.')))].join(', ');
            rejected.push({ line, reason: 'invalid-item', message: `item fields of the wrong type: ${named}`, sku });
            continue;
          }
          const record = fields.data;
          const priceText = record.standard_dealer_price;
          const cost = priceText === undefined ? undefined : parseDecimalToMinorUnits(priceText);
          if (cost === undefined || cost < 0) {
            rejected.push(
              priceText === undefined
                ? { line, reason: 'missing-price', message: 'standard_dealer_price is missing', sku }
                : {
                    line,
                    reason: 'invalid-price',
                    message: `standard_dealer_price ${JSON.stringify(priceText)} is not a non-negative decimal amount`,
                    sku,
                  },
            );
            continue;
          }
          const stock: WarehouseStock[] = [];
          const inventory = record.inventory?.data;
          let badQuantity: string | undefined;
          if (inventory) {
            for (const field of Object.keys(inventory)) {
              if (!field.endsWith(WAREHOUSE_SUFFIX)) continue;
              const raw = inventory[field];
              if (raw === null || raw === undefined) continue;
              // WPS sends counts as numbers or numeric strings (https://www.wps-inc.com/data-depot/v4/api/services/inventory fixture data).
              const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
              if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
                badQuantity = `${field} ${JSON.stringify(raw)} is not a quantity`;
                break;
              }
              const warehouse = field.slice(0, -WAREHOUSE_SUFFIX.length).toUpperCase();
              stock.push({
                warehouse,
                quantity: value,
                leadTimeDays: context.leadTimeDays(warehouse),
                isFloor: value >= inventoryCap,
              });
            }
          }
          if (badQuantity !== undefined) {
            rejected.push({ line, reason: 'invalid-quantity', message: badQuantity, sku });
            continue;
          }
          let mapPrice: number | undefined;
          if (record.has_map_policy === true && record.mapp_price !== undefined) {
            const amount = parseDecimalToMinorUnits(record.mapp_price);
            if (amount !== undefined && amount > 0) mapPrice = amount;
            else warn('invalid-map-price-ignored');
          }
          let dropShipFee = 0;
          if (record.drop_ship_fee !== undefined) {
            const amount = parseDecimalToMinorUnits(record.drop_ship_fee);
            if (amount !== undefined && amount >= 0) dropShipFee = amount;
            else warn('invalid-drop-ship-fee-ignored');
          }
          let upc: string | undefined;
          if (record.upc !== undefined) {
            const parsed = parseUpc(record.upc);
            if (parsed === null) warn('invalid-upc-ignored');
            else upc = parsed;
          }
          const brand =
            record.brand_id === null || record.brand_id === undefined ? undefined : brandNames[String(record.brand_id)];
          const mpn = record.supplier_product_id?.trim();
          const title = record.name?.trim();
          offers.push({
            distributor: context.distributor,
            sku,
            brand,
            mpn: mpn ? mpn : undefined,
            upc,
            title: title ? title : undefined,
            currency,
            cost,
            dropShipFee,
            estimatedShipping: 0,
            mapPrice,
            stock,
            dropShipEligible: record.drop_ship_eligible ?? true,
            discontinued: record.status !== undefined && discontinued.has(record.status.trim().toUpperCase()),
            hazardous: false,
            truckOnly: false,
            expiresAt: context.expiresAt,
            updatedAt: context.updatedAt,
          });
        }
        const batch: FeedBatch = { rowsRead: page.length, offers, rejected, warnings };
        yield batch;
      }
    },
  };
}
