import { z } from 'zod';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { type Listing, listingKey, parseListings } from '../../listings/listing.js';
import { type Offer, parseOfferList } from '../../model/offer.js';
import { parseWith } from '../../model/parse.js';
import { productKeys } from '../../model/product-key.js';
import type { MarketplaceListings } from '../../spec/v1/listing-push.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { ImportMarketplaceOrdersResult } from '../context/dropshipper-types.js';
import { type ListingPushOptions, type ListingPushSettings, listingPushSettings } from './listing-push-options.js';
import { type ListingPushRun, type ListingStore, pushMarketplaceListings } from './push-marketplace-listings.js';
import { onStockDisagreement } from './real-time-stock-trigger.js';

/**
 * The sales orders an intake run took in (their stock reserved): the ones whose listings the push
 * after an import concerns.
 *
 * @param results - what the intake runs returned.
 */
export function takenInOrders(results: readonly ImportMarketplaceOrdersResult[]): string[] {
  return results.flatMap((result) =>
    (result.orders ?? [])
      .filter(
        (order) =>
          order.outcome === 'imported' ||
          order.outcome === 'placed' ||
          order.outcome === 'held' ||
          // A cancel the marketplace listed gives reserved units back.
          order.outcome === 'cancelled',
      )
      .map((order) => order.salesOrderId),
  );
}

/** The methods of the store's optional "listings" capability, every one required. */
const listingMethods = [
  'putListings',
  'deleteListings',
  'findListings',
  'findListingPushRecords',
  'saveListingPushRecords',
] as const;

/** True when the store has every method of the "listings" capability. */
function hasListingCapability(store: DropshipStore): boolean {
  return listingMethods.every((method) => typeof store[method] === 'function');
}

/**
 * The store, when it has every method of the "listings" capability.
 *
 * @param store - the dropshipper's store.
 * @param operation - the public operation, named in the error.
 * @throws {@link ConfigurationError} naming the missing methods.
 */
export function requireListingStore(store: DropshipStore, operation: string): ListingStore {
  const missing = listingMethods.filter((method) => typeof store[method] !== 'function');
  if (missing.length > 0)
    throw new ConfigurationError(
      `${operation}: the store has no listings capability (missing ${missing.join(', ')}); use createMemoryStore() or @dropship/postgres`,
    );
  return store as ListingStore;
}

/** Options of `pushListings`. Unknown keys are refused. */
export interface PushListingsOptions {
  /** Only these marketplaces (default: every marketplace whose adapter declares `capabilities.listings: 'push'`). */
  marketplaces?: readonly string[];
  /** Read back every listing first and correct what differs (a full reconcile). Default false. */
  full?: boolean;
  /** Stops the pass between batches (the batch in flight finishes and is recorded). */
  signal?: AbortSignal;
}

const marketplaceSchema = z.string().min(1, 'must be a non-empty marketplace id');
const pushOptionsSchema = z.strictObject({
  marketplaces: z.array(marketplaceSchema).max(100).optional(),
  full: z.boolean().optional(),
  signal: z.instanceof(AbortSignal, { message: 'must be an AbortSignal' }).optional(),
});
const keysSchema = z.array(z.string().min(1, 'must be a non-empty listing key')).max(1_000_000);

/** The push step of one dropshipper: its operations and triggers. */
export interface ListingPush {
  /** See `Dropshipper.putListings`. */
  putListings(listings: readonly unknown[]): Promise<void>;
  /** See `Dropshipper.deleteListings`. */
  deleteListings(keys: readonly string[]): Promise<void>;
  /** See `Dropshipper.pushListings`. */
  pushListings(options?: PushListingsOptions): Promise<ListingPushRun[]>;
  /** See `Dropshipper.offersChanged`. */
  offersChanged(offers: readonly unknown[]): Promise<ListingPushRun[]>;
  /**
   * After an import: schedules passes over the listings the orders' reservations concern and
   * returns without waiting for the marketplaces (a marketplace's rate limit never holds the
   * intake; triggers arriving while a pass runs merge into one queued pass). Best effort: a
   * failure is reported as a `warning` event, never thrown.
   */
  afterImport(salesOrderIds: readonly string[]): Promise<void>;
}

/** A queued pass of one marketplace: the keys it will consider (undefined: every listing). */
interface QueuedPass {
  keys: Set<string> | undefined;
  full: boolean;
  readonly done: Promise<ListingPushRun>;
}

/**
 * Builds the push step over the dropshipper's context: listings in the store (seeded from the
 * `listings` option on first use), passes per marketplace one at a time in this process
 * (triggers arriving meanwhile merge into one queued pass, which computes the latest values).
 *
 * @param context - the dropshipper's context.
 * @param options - the `listingPush` option (validated with the other options).
 */
export function createListingPush(context: DropshipContext, options: ListingPushOptions | undefined): ListingPush {
  const settings: ListingPushSettings = listingPushSettings(options);
  let seeded: Promise<void> | undefined;

  /** The store's listings capability, seeded once from the `listings` option. */
  async function ready(operation: string): Promise<ListingStore> {
    const store = requireListingStore(context.store, operation);
    seeded ??= (async () => {
      if (context.listings.size > 0) await store.putListings([...context.listings.values()]);
    })().catch((error: unknown) => {
      seeded = undefined;
      throw error;
    });
    await seeded;
    return store;
  }

  /** The adapters that push listings, by marketplace. */
  function pushingAdapters(wanted: readonly string[] | undefined): Map<string, MarketplaceListings> {
    const adapters = new Map<string, MarketplaceListings>();
    for (const [marketplace, adapter] of context.marketplaces)
      if (adapter.capabilities?.listings === 'push' && adapter.listings !== undefined)
        adapters.set(marketplace, adapter.listings);
    if (wanted === undefined) return adapters;
    const chosen = new Map<string, MarketplaceListings>();
    for (const marketplace of wanted) {
      const found = adapters.get(marketplace);
      if (found === undefined)
        throw new ConfigurationError(
          `pushListings: marketplace "${marketplace}" has no adapter that pushes listings (capabilities.listings: 'push')`,
        );
      chosen.set(marketplace, found);
    }
    return chosen;
  }

  /** Keys this dropshipper left `sending` (a failed call, an unknown outcome): read back at once. */
  const leftSending = new Set<string>();
  const running = new Map<string, Promise<unknown>>();
  const queued = new Map<string, QueuedPass>();

  /** Runs a pass at one marketplace after the one in progress; merges into a pass already queued. */
  function schedule(
    store: ListingStore,
    marketplace: string,
    listings: MarketplaceListings,
    keys: readonly string[] | undefined,
    full: boolean,
    signal: AbortSignal | undefined,
  ): Promise<ListingPushRun> {
    const waiting = queued.get(marketplace);
    if (waiting !== undefined) {
      if (keys === undefined) waiting.keys = undefined;
      else if (waiting.keys !== undefined) for (const key of keys) waiting.keys.add(key);
      waiting.full ||= full;
      return waiting.done;
    }
    const previous = running.get(marketplace) ?? Promise.resolve();
    const pass: { keys: Set<string> | undefined; full: boolean } = {
      keys: keys === undefined ? undefined : new Set(keys),
      full,
    };
    const done = previous
      .catch(() => undefined)
      .then(() => {
        queued.delete(marketplace);
        return pushMarketplaceListings({
          context,
          store,
          settings,
          marketplace,
          listings,
          keys: pass.keys === undefined ? undefined : [...pass.keys],
          full: pass.full,
          signal,
          leftSending,
        });
      });
    const entry: QueuedPass = Object.assign(pass, { done });
    queued.set(marketplace, entry);
    const settled = done.catch(() => undefined);
    running.set(marketplace, settled);
    void settled.then(() => {
      if (running.get(marketplace) === settled) running.delete(marketplace);
    });
    return done;
  }

  /** Passes at every pushing marketplace over the listings selling these products. */
  async function pushProducts(store: ListingStore, keysOfProducts: readonly string[]): Promise<ListingPushRun[]> {
    if (keysOfProducts.length === 0) return [];
    const affected = await store.findListings({ productKeys: keysOfProducts });
    const byMarketplace = new Map<string, string[]>();
    for (const listing of affected) {
      const list = byMarketplace.get(listing.marketplace) ?? [];
      list.push(listingKey(listing));
      byMarketplace.set(listing.marketplace, list);
    }
    const adapters = pushingAdapters(undefined);
    const runs: Promise<ListingPushRun>[] = [];
    for (const [marketplace, keys] of byMarketplace) {
      const listings = adapters.get(marketplace);
      if (listings !== undefined) runs.push(schedule(store, marketplace, listings, keys, false, undefined));
    }
    return Promise.all(runs);
  }

  const push: ListingPush = {
    async putListings(input) {
      const parsed: readonly Listing[] = parseListings(input);
      const store = await ready('putListings');
      await store.putListings(parsed);
      // Order intake maps listing SKUs to products from the context's listings.
      const inProcess = context.listings as Map<string, Listing>;
      for (const listing of parsed) inProcess.set(listingKey(listing), listing);
    },

    async deleteListings(keys) {
      const parsed = parseWith(keysSchema, keys, 'listing keys');
      const store = await ready('deleteListings');
      await store.deleteListings(parsed);
      const inProcess = context.listings as Map<string, Listing>;
      for (const key of parsed) inProcess.delete(key);
    },

    async pushListings(pushOptions = {}) {
      const parsed = parseWith(pushOptionsSchema, pushOptions, 'pushListings options');
      const adapters = pushingAdapters(parsed.marketplaces);
      const store = await ready('pushListings');
      return Promise.all(
        [...adapters].map(([marketplace, listings]) =>
          schedule(store, marketplace, listings, undefined, parsed.full ?? false, pushOptions.signal),
        ),
      );
    },

    async offersChanged(input) {
      const offers: readonly Offer[] = parseOfferList(input, 'changed offers');
      const store = await ready('offersChanged');
      return pushProducts(store, [...new Set(offers.flatMap((offer) => productKeys(offer)))]);
    },

    async afterImport(salesOrderIds) {
      if (!settings.afterImport || salesOrderIds.length === 0) return;
      if (pushingAdapters(undefined).size === 0 || !hasListingCapability(context.store)) return;
      const warn = (error: unknown): void => {
        context.emit('warning', {
          warning: {
            type: 'other',
            message: `listing push after import failed (the next pass sends it): ${error instanceof Error ? error.message : String(error)}`,
          },
        });
      };
      try {
        const store = await ready('importOrders');
        if (store.findReservations === undefined) return;
        const productKeysFound = new Set<string>();
        for (const salesOrderId of new Set(salesOrderIds))
          for (const reservation of await store.findReservations({ salesOrderId })) {
            const offer = await context.catalog.getOffer(reservation.distributor, reservation.sku);
            if (offer !== undefined) for (const key of productKeys(offer)) productKeysFound.add(key);
          }
        // Scheduled, not awaited: the passes run after the import returns.
        pushProducts(store, [...productKeysFound]).catch(warn);
      } catch (error) {
        warn(error);
      }
    },
  };

  // A real-time stock check that disagrees with the catalog: when a listing sells one of those
  // products, the newer stock goes into the catalog (so every later computation sees it) and the
  // listings are pushed. The catalog is left alone otherwise.
  onStockDisagreement(context, async (offers) => {
    if (pushingAdapters(undefined).size === 0 || !hasListingCapability(context.store)) return;
    const store = await ready('planning');
    const listed = await store.findListings({
      productKeys: [...new Set(offers.flatMap((offer) => productKeys(offer)))],
    });
    if (listed.length === 0) return;
    await context.catalog.upsertOffers(offers);
    await push.offersChanged(offers);
  });
  return push;
}
