import { z } from 'zod';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { type Listing, listingKey, listingParts, parseListings } from '../listings/listing.js';
import { currencySchema, nonNegativeMinorUnitsSchema } from '../model/money.js';
import { parseWith } from '../model/parse.js';
import { productKeys } from '../model/product-key.js';
import { stockQuantitySchema } from '../model/quantity.js';
import { instantSchema } from '../model/shipment.js';
import { deepFreeze } from '../model/validated-mark.js';
import type { DropshipStoreListings, ListingPushRecord } from '../spec/v1/store.js';

/** The listings and push records of the memory store (the optional "listings" capability). */
export type ListingBook = DropshipStoreListings;

const idSchema = z.string().min(1, 'must be a non-empty string').max(500, 'must be at most 500 characters');
const versionSchema = z.number().int('must be a whole number').min(0).max(Number.MAX_SAFE_INTEGER);

/** The statuses of a listing push record (`ListingPushRecord.status`, spec v1). */
export const listingPushStatuses = ['sending', 'pending', 'applied', 'failed'] as const;

const listingPushStatusSchema = z.enum(listingPushStatuses);

const listingValuesShape = {
  quantity: stockQuantitySchema,
  price: nonNegativeMinorUnitsSchema.optional(),
  currency: currencySchema.optional(),
  at: instantSchema,
};

/**
 * `ListingPushRecord` (spec v1), as every store validates it on write: `key` must be
 * `<marketplace>:<sku>`, a `failed` record says whether it is `retryable`. Unknown keys refused.
 * One home for the record's shape: the memory store and `@dropship/postgres` accept and refuse
 * the same records.
 */
export const listingPushRecordSchema = z
  .strictObject({
    key: idSchema,
    marketplace: idSchema,
    sku: idSchema,
    status: listingPushStatusSchema,
    published: z.strictObject(listingValuesShape).optional(),
    sending: z
      .strictObject({ ...listingValuesShape, submissionId: z.string().min(1).max(2_000).optional() })
      .optional(),
    error: z.string().max(2_000, 'must be at most 2,000 characters').optional(),
    retryable: z.boolean().optional(),
    attempts: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    version: versionSchema,
  })
  .superRefine((record, context) => {
    if (record.key !== listingKey(record))
      context.addIssue({ code: 'custom', path: ['key'], message: 'must be <marketplace>:<sku>' });
    if (record.status !== 'applied' && record.sending === undefined)
      context.addIssue({
        code: 'custom',
        path: ['sending'],
        message: `must be set when the status is ${record.status}`,
      });
    if (record.status === 'pending' && record.sending?.submissionId === undefined)
      context.addIssue({ code: 'custom', path: ['sending', 'submissionId'], message: 'must be set when pending' });
  });

/** `ListingQuery` (spec v1). Unknown keys refused. */
export const listingQuerySchema = z.strictObject({
  marketplace: idSchema.optional(),
  keys: z.array(idSchema).max(1_000_000).optional(),
  productKeys: z.array(idSchema).max(1_000_000).optional(),
});

/** `ListingPushRecordQuery` (spec v1). Unknown keys refused. */
export const listingPushRecordQuerySchema = z.strictObject({
  marketplace: idSchema.optional(),
  keys: z.array(idSchema).max(1_000_000).optional(),
  status: z.union([listingPushStatusSchema, z.array(listingPushStatusSchema)]).optional(),
});

const saveEntriesSchema = z
  .array(z.strictObject({ record: z.unknown(), expectedVersion: versionSchema.nullable() }))
  .max(100_000);

/** By key, in code-unit order: the order `findListings` and `findListingPushRecords` return. */
function byKey<T>(entries: Iterable<[string, T]>): T[] {
  return [...entries].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, value]) => value);
}

/**
 * In-memory listings and listing push records, validated on write (`ValidationError` with paths,
 * nothing written) and handed out frozen.
 *
 * - `putListings` validates every listing (`parseListings`) before it stores any.
 * - `deleteListings` removes the listings and their push records.
 * - `saveListingPushRecords` checks every entry's shape and stored version before it writes any:
 *   a version that is not `expectedVersion` (`null`: the record must not exist) throws
 *   `ConcurrencyConflictError` (entity `listing-push-record`) and nothing is written; a key twice
 *   in one call is refused. Saved records carry one more version (1 when created).
 *
 * @returns the book and a function that forgets everything.
 * @internal
 */
export function createListingBook(): { book: ListingBook; clear(): void } {
  const listings = new Map<string, Listing>();
  /** Product key → keys of the listings selling it (bundle parts included). */
  const listingsByProduct = new Map<string, Set<string>>();
  const records = new Map<string, ListingPushRecord>();

  function indexListing(listing: Listing, add: boolean): void {
    const key = listingKey(listing);
    for (const part of listingParts(listing))
      for (const productKey of productKeys(part.product)) {
        let keys = listingsByProduct.get(productKey);
        if (add) {
          if (keys === undefined) {
            keys = new Set();
            listingsByProduct.set(productKey, keys);
          }
          keys.add(key);
        } else if (keys !== undefined) {
          keys.delete(key);
          if (keys.size === 0) listingsByProduct.delete(productKey);
        }
      }
  }

  const book: ListingBook = {
    async putListings(input) {
      const parsed = parseListings(input);
      for (const listing of parsed) {
        const key = listingKey(listing);
        const previous = listings.get(key);
        if (previous !== undefined) indexListing(previous, false);
        listings.set(key, listing);
        indexListing(listing, true);
      }
    },

    async deleteListings(keys) {
      const parsed = parseWith(z.array(idSchema), keys, 'listing keys');
      for (const key of parsed) {
        const listing = listings.get(key);
        if (listing !== undefined) indexListing(listing, false);
        listings.delete(key);
        records.delete(key);
      }
    },

    async findListings(query) {
      const parsed = parseWith(listingQuerySchema, query ?? {}, 'listing query');
      let candidates: Iterable<string> = parsed.keys ?? listings.keys();
      if (parsed.productKeys !== undefined) {
        const wanted = new Set<string>();
        for (const productKey of parsed.productKeys)
          for (const key of listingsByProduct.get(productKey) ?? []) wanted.add(key);
        candidates = parsed.keys === undefined ? wanted : parsed.keys.filter((key) => wanted.has(key));
      }
      const found = new Map<string, Listing>();
      for (const key of candidates) {
        const listing = listings.get(key);
        if (listing !== undefined && (parsed.marketplace === undefined || listing.marketplace === parsed.marketplace))
          found.set(key, listing);
      }
      return byKey(found);
    },

    async findListingPushRecords(query) {
      const parsed = parseWith(listingPushRecordQuerySchema, query ?? {}, 'listing push record query');
      const statuses =
        parsed.status === undefined
          ? undefined
          : new Set<string>(typeof parsed.status === 'string' ? [parsed.status] : parsed.status);
      const found = new Map<string, ListingPushRecord>();
      for (const key of parsed.keys ?? records.keys()) {
        const record = records.get(key);
        if (
          record !== undefined &&
          (parsed.marketplace === undefined || record.marketplace === parsed.marketplace) &&
          (statuses === undefined || statuses.has(record.status))
        )
          found.set(key, record);
      }
      return byKey(found);
    },

    async saveListingPushRecords(entries) {
      const parsedEntries = parseWith(saveEntriesSchema, entries, 'listing push records');
      const issues: ValidationIssue[] = [];
      const parsed: { record: ListingPushRecord; expectedVersion: number | null }[] = [];
      const seen = new Set<string>();
      parsedEntries.forEach((entry, index) => {
        const result = listingPushRecordSchema.safeParse(entry.record);
        if (!result.success) {
          for (const issue of result.error.issues)
            issues.push({ path: [index, 'record', ...issue.path].join('.'), message: issue.message });
          return;
        }
        if (seen.has(result.data.key))
          issues.push({ path: `${index}.record.key`, message: `${result.data.key} twice in one save` });
        seen.add(result.data.key);
        parsed.push({ record: result.data as ListingPushRecord, expectedVersion: entry.expectedVersion });
      });
      if (issues.length > 0) throw new ValidationError('listing push records', issues);
      for (const { record, expectedVersion } of parsed) {
        const stored = records.get(record.key);
        if ((stored?.version ?? null) !== expectedVersion)
          throw new ConcurrencyConflictError(
            'listing-push-record',
            record.key,
            expectedVersion ?? undefined,
            stored?.version,
          );
      }
      return parsed.map(({ record, expectedVersion }) => {
        const saved = deepFreeze({ ...record, version: (expectedVersion ?? 0) + 1 });
        records.set(record.key, saved);
        return saved;
      });
    },
  };
  return {
    book,
    clear() {
      listings.clear();
      listingsByProduct.clear();
      records.clear();
    },
  };
}
