import { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';
import { type Offer, type OfferInput, offerSchema } from '../model/offer.js';
import { parseWith, toValidationIssues } from '../model/parse.js';
import { productIdentitySchema, productKeys } from '../model/product-key.js';
import type { Catalog, CatalogUpdateResult, OfferQuery } from '../spec/v1/catalog.js';
import { OfferTable } from './offer-table.js';

/**
 * A catalog that answers synchronously (the in-memory catalog does). The planner reads it
 * without awaiting; any other {@link Catalog} is read through its asynchronous `findOffers`.
 */
export interface SyncOfferSource {
  /** Every offer for the product behind `query`, across distributors. */
  findOffersSync(query: OfferQuery): readonly Offer[];
}

/**
 * The in-memory {@link Catalog}, plus synchronous twins of its methods (the planner reads a
 * {@link SyncOfferSource} without awaiting).
 *
 * Offers are kept in typed arrays (one slot per offer, strings interned), not as objects, so a
 * million offers fit in well under 400 MB; every read returns a new {@link Offer} object built
 * from the storage, frozen (nothing a caller does to it reaches the catalog) and known to the
 * planner as parsed, so that planning does not validate it a second time.
 */
export interface MemoryCatalog extends Catalog, SyncOfferSource {
  /** Number of offers held. */
  readonly size: number;
  /**
   * Every offer of the product behind `query`: offers with the SKU asked for (any distributor),
   * and offers sharing a brand + MPN or a UPC with those or with `query.product`.
   *
   * @throws {@link ValidationError} when the query is malformed.
   */
  findOffersSync(query: OfferQuery): Offer[];
  /** One distributor's offer for its SKU. */
  getOfferSync(distributor: string, sku: string): Offer | undefined;
  /**
   * Inserts or replaces offers (keyed by distributor + SKU). The whole batch is validated before
   * anything is written: an invalid offer throws a `ValidationError` (paths prefixed with its
   * index) and the catalog is unchanged. (The asynchronous `upsertOffers` over an async iterable
   * streams instead: each offer is validated before it is written, a bad one stops the run, and
   * the offers before it stay updated.)
   */
  upsertOffersSync(offers: Iterable<OfferInput>): CatalogUpdateResult;
  /**
   * Replaces one distributor's whole offer set. The whole set is validated before anything is
   * written; offers of the distributor not in `offers` are then retired. A broken set changes
   * nothing and never wipes a distributor.
   */
  replaceOffersSync(distributor: string, offers: Iterable<OfferInput>): CatalogUpdateResult;
  /** Removes one offer; returns false when it was not there. */
  removeOffer(distributor: string, sku: string): boolean;
  /** Every offer held (new frozen objects), in slot order. */
  offers(): IterableIterator<Offer>;
}

/** The distributor whose offers `replaceOffers` replaces: the offer schema's own rule for the field. */
const replacedDistributorSchema = z.object({ distributor: offerSchema.shape.distributor });

function parseReplacedDistributor(distributor: unknown): string {
  return parseWith(replacedDistributorSchema, { distributor }, 'offers').distributor;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}

function assertOfferIterable(value: unknown, allowAsync: boolean): void {
  if (isIterable(value) || (allowAsync && isAsyncIterable(value))) return;
  throw new ValidationError('offers', [
    {
      path: '',
      message: allowAsync ? 'must be an iterable or async iterable of offers' : 'must be an iterable of offers',
    },
  ]);
}

const offerQuerySchema = z.strictObject({
  sku: z.string().optional(),
  product: productIdentitySchema.optional(),
});

/** Validates a query; returns the product keys to look up (undefined when none). */
function queryKeys(query: OfferQuery): readonly string[] | undefined {
  const parsed = parseWith(offerQuerySchema, query, 'offer query');
  return parsed.product === undefined ? undefined : productKeys(parsed.product);
}

/** Validates one offer with the offer schema; issue paths start with `path` (its index). */
function parseOfferAt(value: unknown, path: string): Offer {
  const result = offerSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    'offers',
    toValidationIssues(result.error).map((issue) => ({
      path: issue.path === '' ? path : `${path}.${issue.path}`,
      message: issue.message,
    })),
  );
}

/**
 * Creates an in-memory catalog, optionally filled with `offers` (each validated; a malformed
 * one throws a `ValidationError` whose paths start with its index, like `3.cost`).
 *
 * Memory-lean: offers live in typed arrays with interned strings (see the core README for the
 * measured bytes per offer), indexed by distributor SKU and by product key (brand + MPN, UPC).
 * Every read returns new, frozen {@link Offer} objects: nothing outside sees the storage.
 *
 * @param offers - initial offers.
 */
export function createMemoryCatalog(offers?: Iterable<OfferInput>): MemoryCatalog {
  const initial = offers === undefined ? [] : offers;
  assertOfferIterable(initial, false);
  const sizeHint = Array.isArray(initial) ? initial.length : 0;
  const table = new OfferTable(sizeHint);

  /** Validates one offer of a batch (paths prefixed with its index); writes nothing. */
  function validateOne(value: unknown, index: number, distributor: string | undefined): Offer {
    const offer = parseOfferAt(value, String(index));
    if (distributor !== undefined && offer.distributor !== distributor) {
      throw new ValidationError('offers', [
        {
          path: `${index}.distributor`,
          message: `must be "${distributor}" (replaceOffers replaces one distributor's offers)`,
        },
      ]);
    }
    return offer;
  }

  function upsertOne(value: unknown, index: number, distributor: string | undefined): number {
    return table.upsert(validateOne(value, index, distributor));
  }

  /** Validates a whole in-memory batch before writing any of it: a bad offer writes nothing. */
  function validateAll(input: Iterable<unknown>, distributor: string | undefined): Offer[] {
    const offers: Offer[] = [];
    let index = 0;
    for (const value of input) offers.push(validateOne(value, index++, distributor));
    return offers;
  }

  /** After a bulk write: tidy the stock pool. */
  function afterBulkWrite(): void {
    table.trimPool();
  }

  function upsertAll(input: Iterable<unknown>): CatalogUpdateResult {
    const offers = validateAll(input, undefined);
    try {
      for (const offer of offers) table.upsert(offer);
    } finally {
      afterBulkWrite();
    }
    return { upserted: offers.length, retired: 0 };
  }

  async function upsertAllAsync(input: Iterable<unknown> | AsyncIterable<unknown>): Promise<CatalogUpdateResult> {
    if (isIterable(input)) return upsertAll(input);
    let index = 0;
    try {
      for await (const value of input) upsertOne(value, index++, undefined);
    } finally {
      afterBulkWrite();
    }
    return { upserted: index, retired: 0 };
  }

  // Replacing streams the new set, marking every slot it touches; only when the whole set was
  // valid are the distributor's untouched offers retired.
  function finishReplace(distributor: string, generation: number, upserted: number): CatalogUpdateResult {
    const distributorIndex = table.distributorIndex(distributor);
    const retired = distributorIndex === undefined ? 0 : table.retireUntouched(distributorIndex, generation);
    afterBulkWrite();
    return { upserted, retired };
  }

  function replaceAll(distributor: string, input: Iterable<unknown>): CatalogUpdateResult {
    parseReplacedDistributor(distributor);
    const offers = validateAll(input, distributor);
    const generation = table.beginGeneration();
    for (const offer of offers) table.touch(table.upsert(offer), generation);
    return finishReplace(distributor, generation, offers.length);
  }

  async function replaceAllAsync(
    distributor: string,
    input: Iterable<unknown> | AsyncIterable<unknown>,
  ): Promise<CatalogUpdateResult> {
    if (isIterable(input)) return replaceAll(distributor, input);
    parseReplacedDistributor(distributor);
    const generation = table.beginGeneration();
    let index = 0;
    for await (const value of input) table.touch(upsertOne(value, index++, distributor), generation);
    return finishReplace(distributor, generation, index);
  }

  upsertAll(initial);

  const catalog: MemoryCatalog = {
    specificationVersion: 'v1',
    get size() {
      return table.liveCount;
    },
    findOffersSync(query) {
      const keys = queryKeys(query);
      return table.find(query.sku, keys);
    },
    getOfferSync(distributor, sku) {
      if (typeof distributor !== 'string' || typeof sku !== 'string') return undefined;
      const distributorIndex = table.distributorIndex(distributor);
      if (distributorIndex === undefined) return undefined;
      const slot = table.findSlot(distributorIndex, sku);
      return slot < 0 ? undefined : table.materialize(slot);
    },
    upsertOffersSync(input) {
      assertOfferIterable(input, false);
      return upsertAll(input);
    },
    replaceOffersSync(distributor, input) {
      assertOfferIterable(input, false);
      return replaceAll(distributor, input);
    },
    removeOffer(distributor, sku) {
      if (typeof distributor !== 'string' || typeof sku !== 'string') return false;
      const distributorIndex = table.distributorIndex(distributor);
      if (distributorIndex === undefined) return false;
      const slot = table.findSlot(distributorIndex, sku);
      if (slot < 0) return false;
      table.retire(slot);
      return true;
    },
    *offers() {
      for (const slot of table.slots()) yield table.materialize(slot);
    },
    async findOffers(query) {
      return catalog.findOffersSync(query);
    },
    async getOffer(distributor, sku) {
      return catalog.getOfferSync(distributor, sku);
    },
    async upsertOffers(input) {
      assertOfferIterable(input, true);
      return upsertAllAsync(input);
    },
    async replaceOffers(distributor, input) {
      assertOfferIterable(input, true);
      return replaceAllAsync(distributor, input);
    },
  };
  return catalog;
}
