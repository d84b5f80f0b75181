/**
 * `@dropship/feeds`: distributor price and inventory feeds into the `@dropship` catalog,
 * streamed end to end. Sources (local file, HTTP(S), FTP/FTPS, ZIP entries, paged APIs), a fast
 * RFC 4180 CSV reader, parsers into `Offer` (Parts Unlimited's price file joined with the dealer
 * file, WPS items from the Data Depot API, column maps for layouts that are not public), and
 * `ingestFeed`, which replaces a distributor's offers in any `Catalog` and retires the ones that
 * disappeared, never on a failed run.
 *
 * @packageDocumentation
 */
export {
  type ColumnMap,
  type ColumnMappedField,
  type ColumnRule,
  type ColumnTransform,
  columnMapSchema,
  createColumnMapParser,
  type StockColumnRule,
} from './column-map-parser.js';
export { type CompactPriceMap, createCompactPriceMap } from './compact-price-map.js';
export { createLeadTimeLookup } from './create-lead-time-lookup.js';
export {
  type CsvParser,
  type CsvParserOptions,
  type CsvRecordHandler,
  type CsvRecordProblem,
  createCsvParser,
  DEFAULT_MAX_RECORD_LENGTH,
} from './feed-csv-parser.js';
export { createFeedTextDecoder, type FeedEncoding, type FeedTextDecoder, feedEncodings } from './feed-text-decoder.js';
export type {
  FeedBatch,
  FeedOpenOptions,
  FeedParseContext,
  FeedParser,
  FeedRejection,
  FeedSource,
} from './feed-types.js';
export { createFileSource, type FileSource, type FileSourceOptions } from './file-source.js';
export { createFtpSource, type FtpSourceOptions } from './ftp-source.js';
export { createHttpSource, describeUrl, type HttpSourceOptions } from './http-source.js';
export {
  DEFAULT_MAX_RETIRED_SHARE,
  type FeedIngestSummary,
  type FeedProgress,
  type IngestFeedOptions,
  ingestFeed,
  type SkuListingCatalog,
} from './ingest-feed.js';
export { createIterableSource } from './iterable-source.js';
export {
  detachString,
  parseDecimalToMinorUnits,
  parseStockQuantity,
  parseUpc,
  type StockQuantity,
  type StockQuantityOptions,
} from './parse-feed-values.js';
export {
  createPartsUnlimitedParser,
  PARTS_UNLIMITED_BASE_FILE_PATTERN,
  PARTS_UNLIMITED_DEALER_FILE_PATTERN,
  type PartsUnlimitedParserOptions,
  partsUnlimitedColumns,
  partsUnlimitedParserOptionsSchema,
  partsUnlimitedWarehouseColumns,
} from './parts-unlimited-price-file-parser.js';
export {
  createPartsUnlimitedPriceFileSource,
  PARTS_UNLIMITED_PRICE_FILE_URL,
  type PartsUnlimitedPriceFileOptions,
} from './parts-unlimited-price-file-source.js';
export { type CsvReadOptions, type CsvRecord, parseCsvChunks, readCsvRecords } from './read-csv-records.js';
export {
  assertFeedColumns,
  checkFeedRecord,
  describeColumnCountProblem,
  type FeedHeader,
  type FeedRecordProblem,
  readFeedHeader,
} from './resolve-feed-columns.js';
export { createWpsItemParser, type WpsItemParserOptions, type WpsItemRecord } from './wps-item-parser.js';
export {
  createZipArchive,
  DEFAULT_MAX_COMPRESSION_RATIO,
  DEFAULT_MAX_ZIP_ENTRY_SIZE,
  type ZipArchive,
  type ZipArchiveOptions,
} from './zip-archive.js';
