import type { Catalog, CatalogUpdateResult, Offer } from '@dropship/core';
import type { FeedBatch, FeedParseContext, FeedParser, FeedSource } from '../feed-types.js';
import {
  partsUnlimitedBaseColumns,
  partsUnlimitedDealerColumns,
  quoteField,
} from './generate-parts-unlimited-files.js';

/** A column of the generated Parts Unlimited base file. */
export type PartsUnlimitedColumn = (typeof partsUnlimitedBaseColumns)[number];

/** A plausible base-file row; tests override the columns they care about. */
export const defaultPartsUnlimitedRow: Record<PartsUnlimitedColumn, string> = {
  'Part Number': '01011234',
  'Punctuated Part Number': '0101-1234',
  'Vendor Part Number': 'M123-44',
  'Vendor Punctuated Part Number': 'M-123-44',
  'Part Status': 'S',
  'Part Description': 'BRAKE LEVER BLACK',
  'Original Retail': '49.95',
  'Current Suggested Retail': '44.95',
  'Base Dealer Price': '29.97',
  'Hazardous Code': '',
  'Truck Part Only': 'N',
  'Part Add Date': '20190412',
  'WI Availability': '3',
  'NY Availability': '0',
  'TX Availability': 'N/A',
  'NV Availability': '+',
  'NC Availability': '12',
  'National Availability': '15',
  Trademark: '',
  'Ad Policy': 'N',
  'Price Changed Today': 'N',
  'Unit of Measure': 'EA',
  'Last Catalog': 'FATBOOK',
  'Last Catalog Page': '123',
  'Commodity Code': '8714100000',
  'Product Code': 'A',
  'Drag Part': 'N',
  Weight: '1.25',
  'Country of Origin': 'US',
  'UPC Code': '012345678905',
  'Brand Name': 'MOOSE RACING',
  'Closeout Catalog Indicator': 'N',
};

/** Options of {@link partsUnlimitedBaseCsv}. */
export interface CsvTextOptions {
  /** Line end. Default CRLF. */
  lineEnd?: string;
  /** Columns of the header (to leave some out). Default all. */
  columns?: readonly string[];
}

/** A base price file with the given rows (each the default row with overrides). */
export function partsUnlimitedBaseCsv(
  rows: Partial<Record<PartsUnlimitedColumn, string>>[],
  options: CsvTextOptions = {},
): string {
  const columns = options.columns ?? partsUnlimitedBaseColumns;
  const lineEnd = options.lineEnd ?? '\r\n';
  const lines = [columns.map(quoteField).join(',')];
  for (const row of rows) {
    const full: Record<string, string> = { ...defaultPartsUnlimitedRow, ...row };
    lines.push(columns.map((column) => quoteField(full[column] ?? '')).join(','));
  }
  return lines.join(lineEnd) + lineEnd;
}

/** A dealer price file with the given (part number, dealer price) pairs. */
export function partsUnlimitedDealerCsv(prices: [string, string][], lineEnd = '\r\n'): string {
  const lines = [partsUnlimitedDealerColumns.join(',')];
  for (const [partNumber, price] of prices) lines.push([partNumber, partNumber, price].map(quoteField).join(','));
  return lines.join(lineEnd) + lineEnd;
}

/** A source serving `content` in chunks of `chunkSize` bytes (small by default, to cut records and characters). */
export function memorySource(
  content: string | Uint8Array,
  chunkSize = 7,
  description = 'memory',
): FeedSource<Uint8Array> & { opened: number } {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const source = {
    description,
    opened: 0,
    async open() {
      source.opened++;
      return (async function* chunks() {
        for (let position = 0; position < bytes.length; position += chunkSize)
          yield bytes.subarray(position, position + chunkSize);
      })();
    },
  };
  return source;
}

/** A source that serves `content` then fails with `error` after `failAfterBytes` bytes. */
export function failingSource(content: string, failAfterBytes: number, error: Error): FeedSource<Uint8Array> {
  const bytes = Buffer.from(content, 'utf8');
  return {
    description: 'failing memory source',
    async open() {
      return (async function* chunks() {
        for (let position = 0; position < failAfterBytes; position += 16)
          yield bytes.subarray(position, Math.min(position + 16, failAfterBytes));
        throw error;
      })();
    },
  };
}

/** A parse context with fixed stamps and optional lead times. */
export function testContext(distributor = 'parts-unlimited', leadTimes: Record<string, number> = {}): FeedParseContext {
  return { distributor, leadTimeDays: (warehouse) => leadTimes[warehouse] ?? 0, updatedAt: '2026-11-22T06:00:00.000Z' };
}

/** Runs a parser over a source and gathers every batch. */
export async function parseAll<T>(
  parser: FeedParser<T>,
  source: FeedSource<T>,
  context = testContext(),
): Promise<{
  rowsRead: number;
  offers: Offer[];
  rejected: FeedBatch['rejected'];
  warnings: Record<string, number>;
}> {
  const result = {
    rowsRead: 0,
    offers: [] as Offer[],
    rejected: [] as FeedBatch['rejected'],
    warnings: {} as Record<string, number>,
  };
  for await (const batch of parser.parse(await source.open(), context)) {
    result.rowsRead += batch.rowsRead;
    result.offers.push(...batch.offers);
    result.rejected.push(...batch.rejected);
    for (const [code, count] of Object.entries(batch.warnings ?? {}))
      result.warnings[code] = (result.warnings[code] ?? 0) + count;
  }
  return result;
}

/** A catalog that only counts what it reads (for memory measurements and contract checks). */
export function createCountingCatalog(): Catalog & {
  seen: number;
  retiredCalls: number;
  listSkus(): AsyncGenerator<string>;
} {
  const catalog = {
    specificationVersion: 'v1' as const,
    seen: 0,
    retiredCalls: 0,
    async findOffers() {
      return [];
    },
    async getOffer() {
      return undefined;
    },
    /** It keeps no offer, so a run never retires any. */
    async *listSkus(): AsyncGenerator<string> {},
    async upsertOffers(offers: Iterable<Offer> | AsyncIterable<Offer>): Promise<CatalogUpdateResult> {
      let upserted = 0;
      for await (const _ of offers) upserted++;
      catalog.seen += upserted;
      return { upserted, retired: 0 };
    },
    async replaceOffers(
      _distributor: string,
      offers: Iterable<Offer> | AsyncIterable<Offer>,
    ): Promise<CatalogUpdateResult> {
      let upserted = 0;
      for await (const _ of offers) upserted++;
      catalog.seen += upserted;
      catalog.retiredCalls++;
      return { upserted, retired: 0 };
    },
  };
  return catalog;
}
