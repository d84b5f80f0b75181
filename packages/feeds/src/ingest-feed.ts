import {
  type Catalog,
  ConfigurationError,
  type InventoryRules,
  type InventoryRulesInput,
  inventoryRulesSchema,
  type Offer,
  parseWith,
  ValidationError,
} from '@dropship/core';
import { z } from 'zod';
import { createLeadTimeLookup } from './create-lead-time-lookup.js';
import type { FeedParseContext, FeedParser, FeedRejection, FeedSource } from './feed-types.js';

/** Progress of a running ingestion, reported about once per `progressIntervalMs` and once at the end. */
export interface FeedProgress {
  /** The distributor being ingested. */
  distributor: string;
  /** The source's description (no credentials). */
  source: string;
  /** Data rows (or API records) read so far. */
  rowsRead: number;
  /** Offers handed to the catalog so far. */
  offers: number;
  /** Rows rejected so far (all files). */
  rejected: number;
  /** Bytes read from the source so far (0 for sources that do not yield bytes). */
  bytesRead: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Rows per second since the run started. */
  rowsPerSecond: number;
  /** True on the last report, once the whole feed was read. */
  done: boolean;
}

/** Options of {@link ingestFeed}. */
export interface IngestFeedOptions<T> {
  /** The distributor the offers belong to (`parts-unlimited`, `wps`, `tucker-rocky`, `automatic`, or your own id). */
  distributor: string;
  /** Where the feed is read from. */
  source: FeedSource<T>;
  /** How it is turned into offers. */
  parser: FeedParser<T>;
  /** The catalog to update: any `Catalog` (the in-memory one, `@dropship/postgres`, yours). */
  catalog: Catalog;
  /** Inventory rules: per-warehouse lead times come from `rules.warehouses[distributor][warehouse].leadTimeDays` (default 0). */
  rules?: InventoryRulesInput | InventoryRules;
  /**
   * `replace` (default): the feed is the distributor's whole offer set; offers missing from it are
   * retired (`catalog.replaceOffers`). `upsert`: a partial feed (for example items changed since
   * yesterday); nothing is retired (`catalog.upsertOffers`).
   */
  mode?: 'replace' | 'upsert';
  /** Progress callback (throttled). Receives no credentials. A callback that throws is ignored. */
  onProgress?: (progress: FeedProgress) => void;
  /** Milliseconds between progress reports. Default 1,000. */
  progressIntervalMs?: number;
  /** Rejected rows kept as samples in the summary. Default 20. */
  maxRejectedSamples?: number;
  /** `replace` mode: fewer offers than this and the run fails before anything is retired. Default 1 (an empty feed never wipes a distributor). */
  minimumOffers?: number;
  /**
   * `replace` mode: when more than this share of the rows is rejected (0–1), the run fails before
   * anything is retired: the file most likely changed layout. Default 0.5; 1 turns it off.
   */
  maxRejectedShare?: number;
  /**
   * `replace` mode: when the run would retire more than this share (0–1) of the distributor's
   * offers held in the catalog before the run, it fails before anything is retired (a feed cut
   * short, a SKU column moved). Default 0.5; set it higher, up to 1 (no check), when the
   * distributor really dropped that much. The catalog must be able to count what it holds: a
   * {@link SkuListingCatalog} (`@dropship/postgres`), or one with an `offers()` listing (the
   * in-memory catalog of `@dropship/core`); with any other catalog a run with a share below 1 is
   * refused with a `ConfigurationError`. The catalog is read once, before the run.
   */
  maxRetiredShare?: number;
  /** Offers expire this many hours after the run (`expiresAt`); expired offers are never chosen by routing. Default: no expiry. */
  expiresAfterHours?: number;
  /** Clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
  /** Aborts the run (nothing is retired). */
  signal?: AbortSignal;
}

/** What an ingestion did. */
export interface FeedIngestSummary {
  /** The distributor ingested. */
  distributor: string;
  /** The source's description (no credentials). */
  source: string;
  /** The parser's format. */
  format: string;
  /** `replace` or `upsert`. */
  mode: 'replace' | 'upsert';
  /** Data rows (or API records) of the main input read, rejected ones included. */
  rowsRead: number;
  /** Offers built and handed to the catalog. */
  offers: number;
  /** Rejected rows by reason code (rows of secondary files included, with their own codes). */
  rejected: Record<string, number>;
  /** The first rejected rows, with line numbers and reasons (at most `maxRejectedSamples`). */
  rejectedSamples: FeedRejection[];
  /** Values ignored or replaced without losing the row, by code. */
  warnings: Record<string, number>;
  /** Offers the catalog inserted or updated. */
  upserted: number;
  /** Offers of the distributor the catalog retired (always 0 in `upsert` mode). */
  retired: number;
  /** Bytes read from the source (0 when it yields records, not bytes). */
  bytesRead: number;
  /** Wall time of the run. */
  durationMs: number;
  /** `rowsRead` per second of wall time. */
  rowsPerSecond: number;
}

/**
 * A catalog that can list one distributor's live offers, so that `replace` mode can tell how many
 * offers a run would retire before it retires them (`maxRetiredShare`). `@dropship/postgres`'s
 * catalog is one; the in-memory catalog of `@dropship/core` is read through its `offers()`.
 */
export interface SkuListingCatalog extends Catalog {
  /** The SKUs of `distributor`'s live (not retired) offers, in any order. */
  listSkus(distributor: string): AsyncIterable<string>;
}

/** Default {@link IngestFeedOptions.maxRetiredShare}. */
export const DEFAULT_MAX_RETIRED_SHARE = 0.5;

const isFunction = (value: unknown): boolean => typeof value === 'function';
const hasMethods =
  (...methods: string[]) =>
  (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    methods.every((method) => isFunction((value as Record<string, unknown>)[method]));

const ingestOptionsSchema = z.strictObject({
  distributor: z.string().trim().min(1, 'must be a non-empty distributor id'),
  source: z.custom<FeedSource<unknown>>(hasMethods('open'), 'must be a feed source (an object with open())'),
  parser: z.custom<FeedParser<unknown>>(hasMethods('parse'), 'must be a feed parser (an object with parse())'),
  catalog: z.custom<Catalog>(
    hasMethods('replaceOffers', 'upsertOffers'),
    'must be a Catalog (with replaceOffers and upsertOffers)',
  ),
  rules: z.unknown().optional(),
  mode: z.enum(['replace', 'upsert']).optional(),
  onProgress: z.custom<(progress: FeedProgress) => void>(isFunction, 'must be a function').optional(),
  progressIntervalMs: z.number().nonnegative().optional(),
  maxRejectedSamples: z.number().int().nonnegative().max(10_000).optional(),
  minimumOffers: z.number().int().nonnegative().optional(),
  maxRejectedShare: z.number().min(0).max(1).optional(),
  maxRetiredShare: z.number().min(0, 'must be a share from 0 to 1').max(1, 'must be a share from 0 to 1').optional(),
  expiresAfterHours: z.number().positive().optional(),
  now: z.custom<() => Date>(isFunction, 'must be a function').optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
});

/**
 * Reads a distributor feed into a catalog, streamed end to end: the source yields chunks, the
 * parser turns each chunk into a batch of offers, and the offers reach the catalog as an async
 * iterable, so memory stays flat however large the file.
 *
 * In `replace` mode (the default) a new day's file replaces prices and stock in place and the
 * distributor's offers that disappeared are retired (`catalog.replaceOffers`). **A run that fails
 * retires nothing**: the offers iterable throws the failure (a broken transfer, an unreadable
 * header, a broken file such as an unterminated quote, an abort, or a feed that looks wrong: fewer
 * than `minimumOffers` offers, more than `maxRejectedShare` of its rows rejected, or more than
 * `maxRetiredShare` of the distributor's offers about to be retired) instead of ending, so the catalog never sees a
 * complete set, and a `Catalog` retires only once it has read the whole set (the in-memory
 * catalog retires after its loop; `@dropship/postgres` does everything in one transaction that
 * the error rolls back). Offers upserted before the failure keep their fresh values in catalogs
 * that write as they read. A catalog that returns without reading the set to its end is reported
 * with a `ConfigurationError`.
 *
 * Bad rows never stop the run: each is counted by reason, and the first few are kept with their
 * line numbers in the summary.
 *
 * @param options - distributor, source, parser, catalog, rules and the run's settings.
 * @returns what was read, rejected, upserted and retired.
 * @throws `ValidationError` for bad options, a missing required column, a structurally broken
 * CSV file (a quote never closed, a row that swallowed the line breaks of the rows after it) or a
 * feed that fails the `minimumOffers` / `maxRejectedShare` / `maxRetiredShare` checks (the message
 * names the share); `ConfigurationError` when `maxRetiredShare` is below 1 and the catalog cannot
 * count its offers; the source's errors (`NotFoundError`,
 * `AuthenticationError`, `NetworkError`, ...) when the transfer fails. Nothing is retired then.
 * @example
 * ```ts
 * const catalog = createMemoryCatalog();
 * const summary = await ingestFeed({
 *   distributor: 'parts-unlimited',
 *   source: createFileSource('BasePriceFile.csv'),
 *   parser: createPartsUnlimitedParser({ dealerFile: createFileSource('12345_PriceFile.csv') }),
 *   catalog,
 *   rules: { warehouses: { 'parts-unlimited': { NC: { leadTimeDays: 2 } } } },
 *   onProgress: (progress) => console.error(`${progress.rowsRead} rows, ${progress.rowsPerSecond} rows/s`),
 * });
 * ```
 */
export async function ingestFeed<T>(options: IngestFeedOptions<T>): Promise<FeedIngestSummary> {
  const settings = parseWith(ingestOptionsSchema, options, 'feed ingestion options');
  const rules: InventoryRules = parseWith(inventoryRulesSchema, settings.rules ?? {}, 'inventory rules');
  const source = options.source;
  const parser = options.parser;
  const { catalog, distributor, signal } = settings;
  const mode = settings.mode ?? 'replace';
  const progressIntervalMs = settings.progressIntervalMs ?? 1_000;
  const maxSamples = settings.maxRejectedSamples ?? 20;
  const minimumOffers = settings.minimumOffers ?? 1;
  const maxRejectedShare = settings.maxRejectedShare ?? 0.5;
  const maxRetiredShare = settings.maxRetiredShare ?? DEFAULT_MAX_RETIRED_SHARE;
  const checksRetired = mode === 'replace' && maxRetiredShare < 1;
  const now = (settings.now ?? (() => new Date()))();
  const context: FeedParseContext = {
    distributor,
    leadTimeDays: createLeadTimeLookup(rules, distributor),
    updatedAt: now.toISOString(),
    ...(settings.expiresAfterHours === undefined
      ? {}
      : { expiresAt: new Date(now.getTime() + settings.expiresAfterHours * 3_600_000).toISOString() }),
    ...(signal ? { signal } : {}),
  };

  const started = performance.now();
  let rowsRead = 0;
  let offerCount = 0;
  let rejectedCount = 0;
  let rejectedMainRows = 0;
  let bytesRead = 0;
  const rejected: Record<string, number> = {};
  const rejectedSamples: FeedRejection[] = [];
  const warnings: Record<string, number> = {};
  let lastReport = started;
  let completed = false;

  const report = (done: boolean): void => {
    if (!settings.onProgress) return;
    const elapsedMs = performance.now() - started;
    try {
      settings.onProgress({
        distributor,
        source: source.description,
        rowsRead,
        offers: offerCount,
        rejected: rejectedCount,
        bytesRead,
        elapsedMs: Math.round(elapsedMs),
        rowsPerSecond: elapsedMs > 0 ? Math.round(rowsRead / (elapsedMs / 1000)) : 0,
        done,
      });
    } catch {
      // A failing progress hook must not fail the run.
    }
  };

  signal?.throwIfAborted();

  async function* countBytes(chunks: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
    for await (const chunk of chunks) {
      if (chunk instanceof Uint8Array) bytesRead += chunk.byteLength;
      else if (typeof chunk === 'string') bytesRead += chunk.length;
      yield chunk;
    }
  }

  async function* offers(): AsyncGenerator<Offer, void, undefined> {
    // Opened here, inside the iteration, so that a source is never left open if the catalog
    // fails before reading, and so that an unreachable source fails the catalog's update.
    const input = await source.open(signal ? { signal } : {});
    for await (const batch of parser.parse(countBytes(input), context)) {
      rowsRead += batch.rowsRead;
      for (const rejection of batch.rejected) {
        rejectedCount++;
        if (rejection.file === undefined) rejectedMainRows++;
        rejected[rejection.reason] = (rejected[rejection.reason] ?? 0) + 1;
        if (rejectedSamples.length < maxSamples) rejectedSamples.push(rejection);
      }
      if (batch.warnings) {
        for (const code in batch.warnings) warnings[code] = (warnings[code] ?? 0) + (batch.warnings[code] ?? 0);
      }
      const time = performance.now();
      if (time - lastReport >= progressIntervalMs) {
        lastReport = time;
        report(false);
      }
      const batchOffers = batch.offers;
      if (notInFeed !== undefined && notInFeed.size > 0) {
        for (let index = 0; index < batchOffers.length; index++) notInFeed.delete((batchOffers[index] as Offer).sku);
      }
      for (let index = 0; index < batchOffers.length; index++) {
        offerCount++;
        yield batchOffers[index] as Offer;
      }
    }
    signal?.throwIfAborted();
    if (mode === 'replace') checkFeedLooksWhole();
    completed = true;
  }

  function checkFeedLooksWhole(): void {
    const issues = [];
    if (offerCount < minimumOffers) {
      issues.push({
        path: 'offers',
        message: `the feed produced ${offerCount} offers from ${rowsRead} rows, fewer than minimumOffers (${minimumOffers})`,
      });
    }
    if (rowsRead > 0 && rejectedMainRows / rowsRead > maxRejectedShare) {
      const reasons = Object.entries(rejected)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(', ');
      issues.push({
        path: 'rejected',
        message: `${rejectedMainRows} of ${rowsRead} rows were rejected (${reasons}), more than maxRejectedShare (${maxRejectedShare}); did the file change layout?`,
      });
    }
    if (notInFeed !== undefined && heldBefore > 0 && notInFeed.size / heldBefore > maxRetiredShare) {
      issues.push({
        path: 'retired',
        message: `the run would retire ${notInFeed.size} of the ${heldBefore} ${distributor} offers in the catalog (${formatShare(notInFeed.size / heldBefore)}), more than maxRetiredShare (${formatShare(maxRetiredShare)}); if the distributor really dropped them, run again with a higher maxRetiredShare (1 turns the check off)`,
      });
    }
    if (issues.length > 0) {
      throw new ValidationError(`${distributor} feed from ${source.description} (nothing was retired)`, issues);
    }
  }

  // Read before the catalog's update starts (a database catalog may hold its only connection
  // in a transaction while it reads the offers): the offers the run would retire unless the feed
  // has them.
  const notInFeed = checksRetired ? await listHeldSkus(catalog, distributor, maxRetiredShare) : undefined;
  const heldBefore = notInFeed?.size ?? 0;
  const result =
    mode === 'replace' ? await catalog.replaceOffers(distributor, offers()) : await catalog.upsertOffers(offers());
  if (!completed) {
    throw new ConfigurationError(
      `${distributor}: the catalog's ${mode === 'replace' ? 'replaceOffers' : 'upsertOffers'} returned before reading the whole feed; a Catalog must consume the offers to the end (and let their errors through) before retiring anything.`,
    );
  }
  report(true);
  const durationMs = performance.now() - started;
  return {
    distributor,
    source: source.description,
    format: parser.format,
    mode,
    rowsRead,
    offers: offerCount,
    rejected,
    rejectedSamples,
    warnings,
    upserted: result.upserted,
    retired: result.retired,
    bytesRead,
    durationMs: Math.round(durationMs),
    rowsPerSecond: durationMs > 0 ? Math.round(rowsRead / (durationMs / 1000)) : 0,
  };
}

/** A share as a percentage for messages: `0.5` → `50 %`, `0.985` → `98.5 %`. */
function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

/**
 * The SKUs of `distributor`'s live offers in the catalog: from `listSkus` (an
 * {@link SkuListingCatalog}), or from an `offers()` listing (the in-memory catalog).
 *
 * @throws `ConfigurationError` when the catalog has neither.
 */
async function listHeldSkus(catalog: Catalog, distributor: string, maxRetiredShare: number): Promise<Set<string>> {
  const held = new Set<string>();
  const listing = catalog as Partial<SkuListingCatalog> & { offers?: () => Iterable<Offer> };
  if (typeof listing.listSkus === 'function') {
    for await (const sku of listing.listSkus(distributor)) held.add(sku);
    return held;
  }
  if (typeof listing.offers === 'function') {
    for (const offer of listing.offers()) if (offer.distributor === distributor) held.add(offer.sku);
    return held;
  }
  throw new ConfigurationError(
    `${distributor}: replace mode with maxRetiredShare ${maxRetiredShare} needs a catalog that can list the offers it holds (listSkus(distributor), see SkuListingCatalog, or an offers() listing); this catalog has neither. Add listSkus to it, or pass maxRetiredShare: 1 to replace without the check.`,
  );
}
