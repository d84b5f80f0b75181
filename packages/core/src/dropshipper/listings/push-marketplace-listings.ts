import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { listingKey } from '../../listings/listing.js';
import type {
  ListingReading,
  ListingUpdate,
  ListingUpdateOutcome,
  MarketplaceListings,
} from '../../spec/v1/listing-push.js';
import type { DropshipStore, DropshipStoreListings, ListingPushRecord } from '../../spec/v1/store.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { ListingPushSettings } from './listing-push-options.js';
import {
  mustSend,
  recordAfterOutcome,
  recordAfterReading,
  sendingRecord,
  type TargetValues,
  updateFor,
} from './listing-push-records.js';
import { computeListingTargets } from './listing-values.js';

/** A store with the "listings" capability. */
export type ListingStore = DropshipStore & DropshipStoreListings;

/** What one push pass did at one marketplace (`pushListings`). */
export interface ListingPushRun {
  /** Marketplace id. */
  marketplace: string;
  /** Listings computed. */
  considered: number;
  /** Listings whose values differ from what the marketplace last confirmed (sent, or waiting on an update in flight). */
  changed: number;
  /** Updates sent (a listing sent again after a compare-and-swap refusal counts twice). */
  sent: number;
  /** Updates the marketplace confirmed applied (this pass's sends and confirmations of earlier ones). */
  applied: number;
  /** Updates accepted for processing, to confirm on a later pass. */
  pending: number;
  /** Updates refused (retried next pass when retryable, else held until the values change). */
  failed: number;
  /** Updates refused by compare-and-swap (the listing had sold): sent again capped at what it shows. */
  stale: number;
  /** Updates whose fate is unknown (read back next pass). */
  unknown: number;
  /** Listings read back (a crash or an unknown outcome before; every listing on a `full` pass). */
  readBack: number;
  /** Calls made to the marketplace (push, confirm, read). */
  calls: number;
  /** Why the pass stopped early (a whole call failed, another worker was pushing); the next pass goes on. */
  error?: string;
}

/** An update about to go out, with what it stands for. */
interface Outgoing {
  readonly key: string;
  readonly target: TargetValues;
  record: ListingPushRecord;
  readonly update: ListingUpdate;
}

/** Splits `items` into chunks of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** An empty run. */
function newRun(marketplace: string): ListingPushRun {
  return {
    marketplace,
    considered: 0,
    changed: 0,
    sent: 0,
    applied: 0,
    pending: 0,
    failed: 0,
    stale: 0,
    unknown: 0,
    readBack: 0,
    calls: 0,
  };
}

/** The message of a thrown value (never a credential: the SDK's errors are redacted). */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One pass at one marketplace: what it needs. */
export interface MarketplacePass {
  readonly context: DropshipContext;
  readonly store: ListingStore;
  readonly settings: ListingPushSettings;
  readonly marketplace: string;
  readonly listings: MarketplaceListings;
  /** Only these listing keys; undefined: every listing of the marketplace. */
  readonly keys: readonly string[] | undefined;
  /** Read back every listing first (a full reconcile). */
  readonly full: boolean;
  readonly signal: AbortSignal | undefined;
  /**
   * Keys this dropshipper left `sending` after a failed call or an unknown outcome: read back at
   * once. Another `sending` record may be in flight in another worker: read back only once its
   * lease (`sendingLeaseMs`) has run out.
   */
  readonly leftSending: Set<string>;
}

/**
 * Saves records in one batch and puts the saved ones back in `records`. Returns false (saving
 * nothing) when another worker changed one of them since it was read.
 */
async function save(
  pass: MarketplacePass,
  records: Map<string, ListingPushRecord>,
  changed: readonly { next: ListingPushRecord; previous: ListingPushRecord | undefined }[],
  run: ListingPushRun,
): Promise<boolean> {
  if (changed.length === 0) return true;
  try {
    const saved = await pass.store.saveListingPushRecords(
      changed.map(({ next, previous }) => ({ record: next, expectedVersion: previous?.version ?? null })),
    );
    for (const record of saved) records.set(record.key, record);
    return true;
  } catch (error) {
    if (!ConcurrencyConflictError.isInstance(error)) throw error;
    run.error = `another worker is pushing these listings (${error.message}); they are left to it`;
    return false;
  }
}

/** Emits the events of one outcome and counts it. */
function report(
  pass: MarketplacePass,
  run: ListingPushRun,
  record: ListingPushRecord,
  outcome: ListingUpdateOutcome,
): void {
  const { marketplace } = pass;
  const sending = record.sending;
  switch (outcome.status) {
    case 'applied':
    case 'pending': {
      run[outcome.status]++;
      const values = outcome.status === 'applied' ? record.published : sending;
      pass.context.emit('listing-pushed', {
        marketplace,
        sku: record.sku,
        status: outcome.status,
        quantity: values?.quantity ?? 0,
        ...(values?.price === undefined ? {} : { price: values.price }),
        ...(outcome.status === 'pending' ? { submissionId: outcome.submissionId } : {}),
      });
      return;
    }
    case 'stale':
      run.stale++;
      return;
    case 'failed':
    case 'unknown':
      run[outcome.status]++;
      pass.context.emit('listing-push-failed', {
        marketplace,
        sku: record.sku,
        status: outcome.status,
        retryable: outcome.status === 'unknown' || outcome.retryable,
        error: outcome.message,
      });
  }
}

/** Reads back the listings whose update's fate is unknown (and, on a full pass, every listing). */
async function readBack(
  pass: MarketplacePass,
  records: Map<string, ListingPushRecord>,
  skus: readonly string[],
  run: ListingPushRun,
): Promise<boolean> {
  if (skus.length === 0) return true;
  let readings: ListingReading[];
  try {
    readings = await pass.listings.read(skus, { signal: pass.signal });
  } catch (error) {
    run.calls += Math.ceil(skus.length / pass.listings.batchSize);
    run.error = `read-back failed: ${messageOf(error)}`;
    return false;
  }
  run.calls += Math.ceil(skus.length / pass.listings.batchSize);
  run.readBack += readings.length;
  const nowMs = pass.context.now().getTime();
  const at = new Date(nowMs).toISOString();
  const changed: { next: ListingPushRecord; previous: ListingPushRecord | undefined }[] = [];
  for (const reading of readings) {
    const key = listingKey({ marketplace: pass.marketplace, sku: reading.sku });
    const previous = records.get(key);
    if (previous === undefined) {
      if (!reading.found) continue;
      const shown = {
        quantity: reading.quantity ?? 0,
        ...(reading.price === undefined ? {} : { price: reading.price.amount, currency: reading.price.currency }),
        at,
      };
      changed.push({
        next: {
          key,
          marketplace: pass.marketplace,
          sku: reading.sku,
          status: 'applied',
          published: shown,
          attempts: 0,
          version: 0,
        },
        previous,
      });
      continue;
    }
    if (previous.status === 'pending') continue;
    const next = recordAfterReading(previous, reading, at);
    // An asynchronous marketplace may not have processed an update yet: not shown is not proof.
    if (
      previous.status === 'sending' &&
      next.status !== 'applied' &&
      reading.found &&
      pass.listings.mode === 'asynchronous' &&
      nowMs - Date.parse(previous.sending?.at ?? at) < pass.settings.asynchronousSettleMs
    ) {
      run.unknown++;
      continue;
    }
    pass.leftSending.delete(key);
    if (previous.status === 'sending' && next.status === 'applied')
      report(pass, run, next, { sku: reading.sku, status: 'applied' });
    changed.push({ next, previous });
  }
  return save(pass, records, changed, run);
}

/** Asks the marketplace about pending updates (asynchronous marketplaces). */
async function confirmPending(
  pass: MarketplacePass,
  records: Map<string, ListingPushRecord>,
  run: ListingPushRun,
): Promise<boolean> {
  const { confirm } = pass.listings;
  const nowMs = pass.context.now().getTime();
  const pending = [...records.values()].filter(
    (record) =>
      record.status === 'pending' &&
      record.sending?.submissionId !== undefined &&
      nowMs - Date.parse(record.sending.at) >= pass.settings.confirmAfterMs,
  );
  if (pending.length === 0 || confirm === undefined) return true;
  let result: Awaited<ReturnType<NonNullable<MarketplaceListings['confirm']>>>;
  try {
    result = await confirm.call(
      pass.listings,
      pending.map((record) => ({
        submissionId: record.sending?.submissionId as string,
        update: updateFor(record.sku, undefined, record.sending as TargetValues),
      })),
      { signal: pass.signal },
    );
  } catch (error) {
    run.calls += Math.ceil(pending.length / pass.listings.batchSize);
    run.error = `confirm failed: ${messageOf(error)}`;
    return false;
  }
  run.calls += result.calls;
  const at = pass.context.now().toISOString();
  const changed: { next: ListingPushRecord; previous: ListingPushRecord | undefined }[] = [];
  pending.forEach((previous, index) => {
    const outcome = result.outcomes[index];
    if (outcome === undefined || outcome.sku !== previous.sku || outcome.status === 'pending') return;
    const next = recordAfterOutcome(previous, outcome, at);
    report(pass, run, next, outcome);
    changed.push({ next, previous });
  });
  return save(pass, records, changed, run);
}

/**
 * Sends one batch: saves every record `sending` (one batched save) before the call and the
 * outcomes after (one more). A whole-call failure leaves the records `sending` (read back next
 * pass) and stops the pass. Listings refused by compare-and-swap are sent again once, capped at
 * what the listing shows. Returns false when the pass must stop.
 */
async function sendBatch(
  pass: MarketplacePass,
  records: Map<string, ListingPushRecord>,
  batch: readonly Outgoing[],
  run: ListingPushRun,
  retryStale: boolean,
): Promise<boolean> {
  const at = pass.context.now().toISOString();
  const sending = batch.map((item) => ({
    next: sendingRecord(
      records.get(item.key),
      { key: item.key, marketplace: pass.marketplace, sku: item.update.sku },
      item.target,
      at,
    ),
    previous: records.get(item.key),
  }));
  if (!(await save(pass, records, sending, run))) return false;
  run.sent += batch.length;
  let outcomes: ListingUpdateOutcome[];
  try {
    const result = await pass.listings.push(
      batch.map((item) => item.update),
      { signal: pass.signal },
    );
    run.calls += result.calls;
    outcomes = result.outcomes;
  } catch (error) {
    run.calls += 1;
    run.unknown += batch.length;
    run.error = `push failed: ${messageOf(error)}`;
    for (const item of batch) pass.leftSending.add(item.key);
    for (const item of batch)
      pass.context.emit('listing-push-failed', {
        marketplace: pass.marketplace,
        sku: item.update.sku,
        status: 'unknown',
        retryable: true,
        error: messageOf(error),
      });
    return false;
  }
  const bySku = new Map(outcomes.map((outcome) => [outcome.sku, outcome]));
  const done = pass.context.now().toISOString();
  const changed: { next: ListingPushRecord; previous: ListingPushRecord | undefined }[] = [];
  const retries: Outgoing[] = [];
  for (const item of batch) {
    const previous = records.get(item.key) as ListingPushRecord;
    const outcome: ListingUpdateOutcome = bySku.get(item.update.sku) ?? {
      sku: item.update.sku,
      status: 'unknown',
      message: 'the marketplace answered without this SKU',
    };
    const next = recordAfterOutcome(previous, outcome, done);
    if (next.status === 'sending') pass.leftSending.add(item.key);
    report(pass, run, next, outcome);
    changed.push({ next, previous });
    if (outcome.status === 'stale' && retryStale) {
      // A sale not imported yet: never show more than the listing shows now.
      const target: TargetValues = {
        ...item.target,
        quantity: Math.min(item.target.quantity, outcome.currentQuantity),
      };
      retries.push({ key: item.key, target, record: next, update: updateFor(item.update.sku, next, target) });
    }
  }
  if (!(await save(pass, records, changed, run))) return false;
  if (retries.length === 0) return true;
  const resend = retries.filter((item) => mustSend(records.get(item.key), item.target));
  return resend.length === 0 || sendBatch(pass, records, resend, run, false);
}

/**
 * One push pass at one marketplace: reads back what a crash or an unknown outcome left
 * `sending` (and every listing on a full pass), confirms pending updates, computes every
 * considered listing from the catalog and the store's reservations, and sends, in batches of the
 * marketplace's `batchSize`, only the listings whose values differ from what the marketplace last
 * confirmed (one update in flight per listing). Never throws for the marketplace's answers: a
 * failure is counted in the run and the next pass goes on.
 *
 * @param pass - the context, store, settings and marketplace of the pass.
 */
export async function pushMarketplaceListings(pass: MarketplacePass): Promise<ListingPushRun> {
  const { store, marketplace } = pass;
  const run = newRun(marketplace);
  const query = pass.keys === undefined ? { marketplace } : { marketplace, keys: pass.keys };
  const listings = await store.findListings(query);
  const records = new Map((await store.findListingPushRecords(query)).map((record) => [record.key, record]));

  const nowMs = pass.context.now().getTime();
  const unsettled = [...records.values()]
    .filter(
      (record) =>
        record.status === 'sending' &&
        (pass.leftSending.has(record.key) ||
          nowMs - Date.parse(record.sending?.at ?? '') >= pass.settings.sendingLeaseMs),
    )
    .map((record) => record.sku);
  if (pass.full) {
    // Every listing, except those another worker may be sending now.
    const inFlight = new Set(
      [...records.values()].filter((record) => record.status === 'sending').map((record) => record.sku),
    );
    for (const listing of listings) if (!inFlight.has(listing.sku)) unsettled.push(listing.sku);
  }
  if (!(await readBack(pass, records, unsettled, run))) return run;
  if (!(await confirmPending(pass, records, run))) return run;

  const targets = await computeListingTargets(pass.context, pass.settings, listings);
  run.considered = listings.length;
  const outgoing: Outgoing[] = [];
  for (const listing of listings) {
    const key = listingKey(listing);
    const { target } = targets.get(key) as { target: TargetValues };
    const record = records.get(key);
    const published = record?.published;
    const differs =
      published === undefined ||
      published.quantity !== target.quantity ||
      (target.price !== undefined && published.price !== target.price);
    if (differs) run.changed++;
    if (!mustSend(record, target)) continue;
    outgoing.push({ key, target, record: record as ListingPushRecord, update: updateFor(listing.sku, record, target) });
  }

  const batches = chunks(outgoing, Math.max(1, pass.listings.batchSize));
  let stopped = false;
  const worker = async (): Promise<void> => {
    for (let batch = batches.shift(); batch !== undefined && !stopped; batch = batches.shift()) {
      if (pass.signal?.aborted === true) {
        stopped = true;
        run.error = 'aborted';
        return;
      }
      if (!(await sendBatch(pass, records, batch, run, true))) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(pass.settings.maxInFlightPerMarketplace, batches.length) }, worker));
  return run;
}
