import { currencySchema, type Offer, parseWith, type WarehouseStock } from '@dropship/core';
import { z } from 'zod';
import { type CompactPriceMap, createCompactPriceMap } from './compact-price-map.js';
import type { CsvRecordHandler } from './feed-csv-parser.js';
import { type FeedEncoding, feedEncodings } from './feed-text-decoder.js';
import type { FeedBatch, FeedParseContext, FeedParser, FeedRejection, FeedSource } from './feed-types.js';
import {
  detachString,
  parseDecimalToMinorUnits,
  parseStockQuantity,
  parseUpc,
  type StockQuantityOptions,
} from './parse-feed-values.js';
import { parseCsvChunks } from './read-csv-records.js';
import { assertFeedColumns, checkFeedRecord, readFeedHeader } from './resolve-feed-columns.js';

/**
 * Column names of Parts Unlimited's price files (no public documentation, [CODE: price-file parser]).
 * The files are only known from third-party code; the parser finds columns by name.
 */
export const partsUnlimitedColumns = {
  partNumber: 'Part Number',
  vendorPartNumber: 'Vendor Part Number',
  partStatus: 'Part Status',
  partDescription: 'Part Description',
  currentSuggestedRetail: 'Current Suggested Retail',
  baseDealerPrice: 'Base Dealer Price',
  hazardousCode: 'Hazardous Code',
  truckPartOnly: 'Truck Part Only',
  adPolicy: 'Ad Policy',
  upcCode: 'UPC Code',
  brandName: 'Brand Name',
  yourDealerPrice: 'Your Dealer Price',
} as const;

/** Availability columns of the base price file by warehouse code (no public documentation). `National Availability` is the total and is not a warehouse. */
export const partsUnlimitedWarehouseColumns: Readonly<Record<string, string>> = Object.freeze({
  WI: 'WI Availability',
  NY: 'NY Availability',
  TX: 'TX Availability',
  NV: 'NV Availability',
  NC: 'NC Availability',
});

/** Matches the base price file inside Parts Unlimited's ZIP (no public documentation). */
export const PARTS_UNLIMITED_BASE_FILE_PATTERN = /(^|\/)BasePriceFile\.csv$/i;

/** Matches the dealer price file `{DEALER}_PriceFile.csv` inside Parts Unlimited's ZIP (no public documentation). */
export const PARTS_UNLIMITED_DEALER_FILE_PATTERN = /(^|\/)[^/]+_PriceFile\.csv$/i;

/** Options of {@link createPartsUnlimitedParser}. Only `dealerFile` is commonly set. */
export interface PartsUnlimitedParserOptions {
  /**
   * The dealer price file `{DEALER}_PriceFile.csv` (`Part Number`, `Your Dealer Price`), joined
   * on `Part Number`. Without it, `Base Dealer Price` is the cost.
   */
  dealerFile?: FeedSource<Uint8Array>;
  /**
   * A part the dealer file has no (or a zero) price for: cost it at `Base Dealer Price` and count a
   * `dealer-price-missing` warning (default; the base price is the higher, so estimated profit
   * errs low), or reject the row (`missing-dealer-price`).
   */
  missingDealerPrice?: 'base-dealer-price' | 'reject';
  /** Encoding without a byte-order mark. Default `latin1` (third-party readers open the files as latin1; UNCONFIRMED). */
  encoding?: FeedEncoding;
  /** Field separator. Default `,`. */
  delimiter?: string;
  /** Warehouse code → availability column. Default {@link partsUnlimitedWarehouseColumns}. */
  warehouses?: Record<string, string>;
  /** Units assumed for a bare `+` availability ("more than shown"). Default 1, with `isFloor: true`. */
  plusQuantity?: number;
  /** `Part Status` codes that mean discontinued. Default `['D']` (no public documentation). */
  discontinuedStatuses?: string[];
  /** `Part Status` codes that forbid drop-shipping. Default `['W']` (web-blocked, no public documentation). */
  notDropShippableStatuses?: string[];
  /** `Truck Part Only` values meaning truck only. Default `['Y', 'T']` (the real value is UNCONFIRMED). */
  truckOnlyValues?: string[];
  /** `Hazardous Code` values that are not hazardous. Default none: every code (A, B, H, O, M, L, N) marks a hazard class; blank means none. */
  nonHazardousCodes?: string[];
  /**
   * Column holding the minimum advertised price of `Ad Policy` = `Y` parts. Default
   * `Current Suggested Retail` (modelled: the file has no MAP amount column); `null` never sets `mapPrice`.
   */
  mapPriceColumn?: string | null;
  /** Drop-ship fee per purchase order, integer cents (not in the file). Default 0. */
  dropShipFee?: number;
  /** Currency of the prices. Default `USD`. */
  currency?: string;
  /** Longest CSV record in characters. Default 1,048,576. */
  maxRecordLength?: number;
  /** Most physical lines one CSV record may span before the file is refused as broken. Default 20. */
  maxRecordLines?: number;
}

const codeList = z.array(z.string().trim().min(1)).max(100);

/** Strict schema of {@link PartsUnlimitedParserOptions}: a typo is an error. */
export const partsUnlimitedParserOptionsSchema = z.strictObject({
  dealerFile: z
    .custom<FeedSource<Uint8Array>>(
      (value) => typeof value === 'object' && value !== null && typeof (value as FeedSource).open === 'function',
      'must be a feed source (an object with open())',
    )
    .optional(),
  missingDealerPrice: z.enum(['base-dealer-price', 'reject']).optional(),
  encoding: z.enum(feedEncodings as [FeedEncoding, ...FeedEncoding[]]).optional(),
  delimiter: z.string().length(1).optional(),
  warehouses: z.record(z.string().trim().min(1), z.string().trim().min(1)).optional(),
  plusQuantity: z.number().int().nonnegative().optional(),
  discontinuedStatuses: codeList.optional(),
  notDropShippableStatuses: codeList.optional(),
  truckOnlyValues: codeList.optional(),
  nonHazardousCodes: codeList.optional(),
  mapPriceColumn: z.string().trim().min(1).nullable().optional(),
  dropShipFee: z.number().int().nonnegative().optional(),
  currency: currencySchema.optional(),
  maxRecordLength: z.number().int().positive().optional(),
  maxRecordLines: z.number().int().positive().optional(),
});

const DEALER_FILE = 'dealer price file';

function upperSet(values: readonly string[]): Set<string> {
  return new Set(values.map((value) => value.trim().toUpperCase()));
}

/** Loads the dealer file into a compact map, yielding a batch of rejections per chunk. */
async function* loadDealerPrices(
  source: FeedSource<Uint8Array>,
  prices: CompactPriceMap,
  options: {
    encoding: FeedEncoding;
    delimiter: string;
    maxRecordLength: number | undefined;
    maxRecordLines: number | undefined;
  },
  signal: AbortSignal | undefined,
): AsyncGenerator<FeedBatch, void, undefined> {
  const input = await source.open(signal ? { signal } : {});
  let partColumn = -1;
  let priceColumn = -1;
  let columnCount = 0;
  let rejected: FeedRejection[] = [];
  const reject = (line: number, reason: string, message: string, sku?: string): void => {
    rejected.push(
      sku === undefined
        ? { line, reason, message, file: DEALER_FILE }
        : { line, reason, message, sku, file: DEALER_FILE },
    );
  };
  const onRecord: CsvRecordHandler = (fields, line, problem, lineCount) => {
    if (columnCount === 0) {
      const header = readFeedHeader(fields);
      assertFeedColumns(
        header,
        [partsUnlimitedColumns.partNumber, partsUnlimitedColumns.yourDealerPrice],
        `Parts Unlimited ${DEALER_FILE}`,
      );
      partColumn = header.indexOf(partsUnlimitedColumns.partNumber);
      priceColumn = header.indexOf(partsUnlimitedColumns.yourDealerPrice);
      columnCount = fields.length;
      return;
    }
    const shapeProblem = checkFeedRecord(
      fields,
      columnCount,
      line,
      lineCount,
      problem,
      `Parts Unlimited ${DEALER_FILE}`,
      options.delimiter,
    );
    if (shapeProblem !== undefined) return reject(line, `dealer-${shapeProblem.reason}`, shapeProblem.message);
    const sku = (fields[partColumn] as string).trim();
    if (sku.length === 0) return reject(line, 'dealer-missing-sku', 'Part Number is empty');
    const text = fields[priceColumn] as string;
    const amount = parseDecimalToMinorUnits(text);
    if (amount === undefined) {
      if (text.trim().length === 0) return; // no dealer price: the base price applies
      return reject(
        line,
        'dealer-invalid-price',
        `Your Dealer Price ${JSON.stringify(text)} is not a decimal amount`,
        sku,
      );
    }
    if (amount < 0)
      return reject(line, 'dealer-invalid-price', `Your Dealer Price ${JSON.stringify(text)} is negative`, sku);
    if (amount > 0) prices.set(sku, amount);
  };
  for await (const _ of parseCsvChunks(input, onRecord, { ...options, ...(signal ? { signal } : {}) })) {
    if (rejected.length === 0) continue;
    yield { rowsRead: 0, offers: [], rejected };
    rejected = [];
  }
  if (columnCount === 0)
    assertFeedColumns(
      readFeedHeader([]),
      [partsUnlimitedColumns.partNumber, partsUnlimitedColumns.yourDealerPrice],
      `Parts Unlimited ${DEALER_FILE}`,
    );
}

/**
 * Creates the parser of Parts Unlimited's daily price file (no public documentation): `BasePriceFile.csv`
 * joined on `Part Number` with the dealer's `{DEALER}_PriceFile.csv`.
 *
 * Each base row becomes an {@link Offer}:
 * - `sku` ← Part Number; `mpn` ← Vendor Part Number; `brand` ← Brand Name; `upc` ← UPC Code
 *   (8–14 digits, else ignored with an `invalid-upc-ignored` warning); `title` ← Part Description;
 * - `cost` ← Your Dealer Price in exact integer cents (Base Dealer Price when the dealer file has none);
 * - `stock` ← WI / NY / TX / NV / NC Availability: integers, `12+` or `+` as floors
 *   (`isFloor: true`), `N/A` or empty = that warehouse does not stock it; lead times from the rules;
 * - Part Status `D` → `discontinued`, `W` (web-blocked) → `dropShipEligible: false`; `C`
 *   (closeout), `NEW`, `S`, `P` change nothing;
 * - any Hazardous Code → `hazardous`; Truck Part Only `Y`/`T` → `truckOnly`;
 * - Ad Policy `Y` → `mapPrice` ← Current Suggested Retail (modelled).
 *
 * Memory: the dealer file is loaded first into a {@link CompactPriceMap} (≈ 50 MB per million
 * parts), then the base file streams through in chunks. A bad row (wrong column count, bad price,
 * bad quantity, malformed quoting, empty part number) is rejected with its line number and reason.
 *
 * @param options - the dealer file and the code lists; see {@link PartsUnlimitedParserOptions}.
 * @throws `ValidationError` for a bad option; the parse throws one when a required column
 * (`Part Number`, `Base Dealer Price`; `Your Dealer Price` in the dealer file) is missing.
 * @example
 * ```ts
 * const zip = createZipArchive('/downloads/pricefile.zip');
 * const parser = createPartsUnlimitedParser({ dealerFile: zip.entry(PARTS_UNLIMITED_DEALER_FILE_PATTERN) });
 * const summary = await ingestFeed({ distributor: 'parts-unlimited', source: zip.entry(PARTS_UNLIMITED_BASE_FILE_PATTERN), parser, catalog });
 * ```
 */
export function createPartsUnlimitedParser(options: PartsUnlimitedParserOptions = {}): FeedParser<Uint8Array> {
  const settings = parseWith(partsUnlimitedParserOptionsSchema, options, 'Parts Unlimited parser options');
  const encoding = settings.encoding ?? 'latin1';
  const delimiter = settings.delimiter ?? ',';
  const warehouseColumns = settings.warehouses ?? partsUnlimitedWarehouseColumns;
  const quantityOptions: StockQuantityOptions = { plusQuantity: settings.plusQuantity ?? 1 };
  const discontinued = upperSet(settings.discontinuedStatuses ?? ['D']);
  const notDropShippable = upperSet(settings.notDropShippableStatuses ?? ['W']);
  const truckOnlyValues = upperSet(settings.truckOnlyValues ?? ['Y', 'T']);
  const nonHazardous = upperSet(settings.nonHazardousCodes ?? []);
  const mapPriceColumn =
    settings.mapPriceColumn === undefined ? partsUnlimitedColumns.currentSuggestedRetail : settings.mapPriceColumn;
  const dropShipFee = settings.dropShipFee ?? 0;
  const currency = settings.currency ?? 'USD';
  const rejectMissingDealerPrice = settings.missingDealerPrice === 'reject';
  const csvOptions = {
    encoding,
    delimiter,
    maxRecordLength: settings.maxRecordLength,
    maxRecordLines: settings.maxRecordLines,
  };

  return {
    format: 'parts-unlimited-price-file',
    async *parse(input, context: FeedParseContext) {
      const signal = context.signal;
      let prices: CompactPriceMap | undefined;
      if (settings.dealerFile !== undefined) {
        prices = createCompactPriceMap(1 << 16);
        yield* loadDealerPrices(settings.dealerFile, prices, csvOptions, signal);
      }

      let columnCount = 0;
      let partColumn = -1;
      let vendorColumn = -1;
      let statusColumn = -1;
      let descriptionColumn = -1;
      let baseColumn = -1;
      let hazardColumn = -1;
      let truckColumn = -1;
      let adPolicyColumn = -1;
      let mapColumn = -1;
      let upcColumn = -1;
      let brandColumn = -1;
      let stockColumns: { warehouse: string; column: number; name: string; leadTimeDays: number }[] = [];

      let offers: Offer[] = [];
      let rejected: FeedRejection[] = [];
      let warnings: Record<string, number> = {};
      let rowsRead = 0;
      const warn = (code: string): void => {
        warnings[code] = (warnings[code] ?? 0) + 1;
      };
      const reject = (line: number, reason: string, message: string, sku?: string): void => {
        rejected.push(sku === undefined ? { line, reason, message } : { line, reason, message, sku });
      };
      const text = (fields: string[], column: number): string | undefined => {
        if (column < 0) return undefined;
        const value = (fields[column] as string).trim();
        return value.length === 0 ? undefined : detachString(value);
      };

      const onRecord: CsvRecordHandler = (fields, line, problem, lineCount) => {
        if (columnCount === 0) {
          const header = readFeedHeader(fields);
          assertFeedColumns(
            header,
            [partsUnlimitedColumns.partNumber, partsUnlimitedColumns.baseDealerPrice],
            'Parts Unlimited base price file',
          );
          partColumn = header.indexOf(partsUnlimitedColumns.partNumber);
          vendorColumn = header.indexOf(partsUnlimitedColumns.vendorPartNumber);
          statusColumn = header.indexOf(partsUnlimitedColumns.partStatus);
          descriptionColumn = header.indexOf(partsUnlimitedColumns.partDescription);
          baseColumn = header.indexOf(partsUnlimitedColumns.baseDealerPrice);
          hazardColumn = header.indexOf(partsUnlimitedColumns.hazardousCode);
          truckColumn = header.indexOf(partsUnlimitedColumns.truckPartOnly);
          adPolicyColumn = header.indexOf(partsUnlimitedColumns.adPolicy);
          mapColumn = mapPriceColumn === null ? -1 : header.indexOf(mapPriceColumn);
          upcColumn = header.indexOf(partsUnlimitedColumns.upcCode);
          brandColumn = header.indexOf(partsUnlimitedColumns.brandName);
          stockColumns = Object.entries(warehouseColumns).flatMap(([warehouse, name]) => {
            const column = header.indexOf(name);
            return column < 0 ? [] : [{ warehouse, column, name, leadTimeDays: context.leadTimeDays(warehouse) }];
          });
          columnCount = fields.length;
          return;
        }
        rowsRead++;
        const shapeProblem = checkFeedRecord(
          fields,
          columnCount,
          line,
          lineCount,
          problem,
          'Parts Unlimited base price file',
          delimiter,
        );
        if (shapeProblem !== undefined) return reject(line, shapeProblem.reason, shapeProblem.message);

        const sku = (fields[partColumn] as string).trim();
        if (sku.length === 0) return reject(line, 'missing-sku', 'Part Number is empty');

        let cost = prices?.get(sku);
        if (cost === undefined) {
          if (prices !== undefined && rejectMissingDealerPrice) {
            return reject(line, 'missing-dealer-price', `the ${DEALER_FILE} has no price for ${sku}`, sku);
          }
          const baseText = fields[baseColumn] as string;
          const base = parseDecimalToMinorUnits(baseText);
          if (base === undefined || base < 0) {
            const empty = baseText.trim().length === 0;
            return reject(
              line,
              empty ? 'missing-price' : 'invalid-price',
              empty
                ? `Base Dealer Price is empty${prices === undefined ? '' : ` and the ${DEALER_FILE} has no price`}`
                : `Base Dealer Price ${JSON.stringify(baseText)} is not a non-negative decimal amount`,
              sku,
            );
          }
          cost = base;
          if (prices !== undefined) warn('dealer-price-missing');
        }

        const stock: WarehouseStock[] = [];
        for (let index = 0; index < stockColumns.length; index++) {
          const warehouseColumn = stockColumns[index] as (typeof stockColumns)[number];
          const value = fields[warehouseColumn.column] as string;
          const quantity = parseStockQuantity(value, quantityOptions);
          if (quantity === undefined) {
            return reject(
              line,
              'invalid-quantity',
              `${warehouseColumn.name} ${JSON.stringify(value)} is not a quantity`,
              sku,
            );
          }
          if (quantity === 'not-stocked') continue;
          stock.push({
            warehouse: warehouseColumn.warehouse,
            quantity: quantity.quantity,
            leadTimeDays: warehouseColumn.leadTimeDays,
            isFloor: quantity.isFloor,
          });
        }

        const status = statusColumn < 0 ? '' : (fields[statusColumn] as string).trim().toUpperCase();
        const hazard = hazardColumn < 0 ? '' : (fields[hazardColumn] as string).trim().toUpperCase();
        const truck = truckColumn < 0 ? '' : (fields[truckColumn] as string).trim().toUpperCase();

        let upc: string | undefined;
        if (upcColumn >= 0) {
          const parsed = parseUpc(fields[upcColumn] as string);
          if (parsed === null) warn('invalid-upc-ignored');
          else upc = parsed;
        }
        let mapPrice: number | undefined;
        if (mapColumn >= 0 && adPolicyColumn >= 0 && (fields[adPolicyColumn] as string).trim().toUpperCase() === 'Y') {
          const amount = parseDecimalToMinorUnits(fields[mapColumn] as string);
          if (amount !== undefined && amount > 0) mapPrice = amount;
          else warn('invalid-map-price-ignored');
        }

        offers.push({
          distributor: context.distributor,
          sku: detachString(sku),
          brand: text(fields, brandColumn),
          mpn: text(fields, vendorColumn),
          upc,
          title: text(fields, descriptionColumn),
          currency,
          cost,
          dropShipFee,
          estimatedShipping: 0,
          mapPrice,
          stock,
          dropShipEligible: !notDropShippable.has(status),
          discontinued: discontinued.has(status),
          hazardous: hazard.length > 0 && !nonHazardous.has(hazard),
          truckOnly: truck.length > 0 && truckOnlyValues.has(truck),
          expiresAt: context.expiresAt,
          updatedAt: context.updatedAt,
        });
      };

      for await (const _ of parseCsvChunks(input, onRecord, { ...csvOptions, ...(signal ? { signal } : {}) })) {
        if (rowsRead === 0 && rejected.length === 0) continue;
        const batch: FeedBatch = { rowsRead, offers, rejected, warnings };
        offers = [];
        rejected = [];
        warnings = {};
        rowsRead = 0;
        yield batch;
      }
      if (columnCount === 0) {
        assertFeedColumns(
          readFeedHeader([]),
          [partsUnlimitedColumns.partNumber, partsUnlimitedColumns.baseDealerPrice],
          'Parts Unlimited base price file',
        );
      }
    },
  };
}
