import type { Offer } from '@dropship/core';

/** Options of {@link FeedSource.open}. */
export interface FeedOpenOptions {
  /** Aborts the transfer; the iteration then throws. */
  signal?: AbortSignal;
}

/**
 * Where a feed's data comes from: a file, an HTTP(S) URL, an FTP(S) server, a ZIP entry, or an
 * API read page by page. `open` starts a fresh read each time; the chunks arrive as the transfer
 * goes (nothing is buffered whole), and a failed transfer makes the iteration throw, never end
 * early.
 *
 * @typeParam T - what one chunk is: bytes (`Uint8Array`) for files, pages of records for an API.
 */
export interface FeedSource<T = Uint8Array> {
  /** What is read, for progress lines and error messages. Never contains credentials. */
  readonly description: string;
  /** Starts reading. Rejects when the data cannot be reached (missing file, refused login, HTTP error). */
  open(options?: FeedOpenOptions): Promise<AsyncIterable<T>>;
}

/** A row (or API record) that was skipped, and why. */
export interface FeedRejection {
  /** 1-based line of the record in its file (for an API feed: the record's position in the stream). */
  line: number;
  /** Stable reason code, for example `invalid-price`, `column-count`, `missing-sku`. */
  reason: string;
  /** What was wrong, for people (`Your Dealer Price "12.3.4" is not a decimal amount`). */
  message: string;
  /** The distributor SKU, when it could be read. */
  sku?: string;
  /** The file the row came from, when the feed reads more than one (for example `dealer price file`). */
  file?: string;
}

/** What a parser produced from one chunk of its input. */
export interface FeedBatch {
  /** Data rows (or API records) of the main input consumed by this batch, rejected ones included. */
  rowsRead: number;
  /** Offers built from those rows, valid and complete. */
  offers: Offer[];
  /** Rows skipped. A rejection with `file` set belongs to a secondary file and is not one of `rowsRead`. */
  rejected: FeedRejection[];
  /** Values that were ignored or replaced without losing the row, by code (for example `dealer-price-missing`). */
  warnings?: Record<string, number>;
}

/** What a parser is told about the run. */
export interface FeedParseContext {
  /** The distributor id the offers belong to. */
  distributor: string;
  /** Lead time in days of one of the distributor's warehouses (from the inventory rules; default 0). */
  leadTimeDays(warehouse: string): number;
  /** ISO 8601 time stamped on every offer as `updatedAt`. */
  updatedAt: string;
  /** ISO 8601 time stamped on every offer as `expiresAt`, when the run sets one. */
  expiresAt?: string;
  /** Aborts the run. */
  signal?: AbortSignal;
}

/**
 * Turns a feed's input into offers, batch by batch, so that memory stays flat. A bad row is a
 * {@link FeedRejection}, never an exception; an exception means the input itself is unusable
 * (a missing required column, a broken transfer) and ends the run.
 *
 * @typeParam T - the chunk type of the {@link FeedSource} it reads.
 */
export interface FeedParser<T = Uint8Array> {
  /** The format read, for messages (`parts-unlimited-price-file`, `column-map`, `wps-items`). */
  readonly format: string;
  /** Reads `input` to the end, yielding one batch per chunk. */
  parse(input: AsyncIterable<T>, context: FeedParseContext): AsyncIterable<FeedBatch>;
}
