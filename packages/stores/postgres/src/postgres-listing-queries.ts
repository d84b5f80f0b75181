import {
  ConcurrencyConflictError,
  type DropshipStoreListings,
  type Listing,
  type ListingPushRecord,
  listingKey,
  listingParts,
  listingPushRecordQuerySchema,
  listingPushRecordSchema,
  listingQuerySchema,
  parseListings,
  parseWith,
  productKeys,
  ValidationError,
  type ValidationIssue,
} from '@dropship/core';
import { z } from 'zod';
import type { SqlSession } from './postgres-executor.js';

/**
 * The listings capability of the store (see `DropshipStore.putListings` and the methods after
 * it), on one session. Every method is present: `putListings` and `deleteListings` are one
 * transaction each, `saveListingPushRecords` checks every version and writes every record in one
 * transaction (nothing on a conflict), and the finds answer by key (code-unit order).
 */
export type ListingOperations = DropshipStoreListings;

const version = z.number().int('must be a whole number').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER);

const saveEntriesSchema = z
  .array(
    z.strictObject({ record: listingPushRecordSchema, expectedVersion: version.nullable() }),
    'must be an array of { record, expectedVersion }',
  )
  .max(100_000);

const keyList = z.array(z.string().min(1, 'must be a non-empty string').max(500)).max(1_000_000);

/** The product keys a listing sells (every part of a bundle), for `findListings({ productKeys })`. */
function soldProductKeys(listing: Listing): string[] {
  return [...new Set(listingParts(listing).flatMap((part) => productKeys(part.product)))];
}

const storedPushRecord = (document: unknown): ListingPushRecord =>
  parseWith(listingPushRecordSchema, document, 'stored listing push record') as ListingPushRecord;

/**
 * Listings and their push records in `<schema>.listings` and `<schema>.listing_push_records`
 * (migration 7). Inputs are validated with core's schemas (`listingPushRecordSchema` & co, the
 * memory store's: both stores accept and refuse the same things); rows are validated when read back.
 *
 * @param session - the engine or an open transaction.
 * @param table - the schema-qualified name of a table.
 * @internal
 */
export function createListingOperations(session: SqlSession, table: (name: string) => string): ListingOperations {
  return {
    async putListings(listings) {
      const parsed = parseListings(listings);
      if (parsed.length === 0) return;
      // One statement: every listing is written, or none.
      await session.query(
        `INSERT INTO ${table('listings')} (key, marketplace, sku, product_keys, document)
         SELECT entry->>'key', entry->>'marketplace', entry->>'sku',
                ARRAY(SELECT jsonb_array_elements_text(entry->'productKeys')), entry->'document'
         FROM jsonb_array_elements($1::text::jsonb) AS entry
         ON CONFLICT (key) DO UPDATE SET marketplace = excluded.marketplace, sku = excluded.sku,
           product_keys = excluded.product_keys, document = excluded.document, updated_at = now()`,
        [
          JSON.stringify(
            parsed.map((listing) => ({
              key: listingKey(listing),
              marketplace: listing.marketplace,
              sku: listing.sku,
              productKeys: soldProductKeys(listing),
              document: listing,
            })),
          ),
        ],
      );
    },

    async deleteListings(keys) {
      const parsed = parseWith(keyList, keys, 'listing keys');
      if (parsed.length === 0) return;
      await session.transaction(async (transaction) => {
        await transaction.query(`DELETE FROM ${table('listing_push_records')} WHERE key = ANY($1::text[])`, [parsed]);
        await transaction.query(`DELETE FROM ${table('listings')} WHERE key = ANY($1::text[])`, [parsed]);
      });
    },

    async findListings(query) {
      const criteria = parseWith(listingQuerySchema, query ?? {}, 'listing query');
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('listings')}
         WHERE ($1::text IS NULL OR marketplace = $1::text) AND ($2::text[] IS NULL OR key = ANY($2::text[]))
           AND ($3::text[] IS NULL OR product_keys && $3::text[])
         ORDER BY key COLLATE "C"`,
        [criteria.marketplace ?? null, criteria.keys ?? null, criteria.productKeys ?? null],
      );
      return [...parseListings(rows.map((row) => row.document))];
    },

    async findListingPushRecords(query) {
      const criteria = parseWith(listingPushRecordQuerySchema, query ?? {}, 'listing push record query');
      const status = criteria.status;
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('listing_push_records')}
         WHERE ($1::text IS NULL OR marketplace = $1::text) AND ($2::text[] IS NULL OR key = ANY($2::text[]))
           AND ($3::text[] IS NULL OR status = ANY($3::text[]))
         ORDER BY key COLLATE "C"`,
        [
          criteria.marketplace ?? null,
          criteria.keys ?? null,
          status === undefined ? null : typeof status === 'string' ? [status] : status,
        ],
      );
      return rows.map((row) => storedPushRecord(row.document));
    },

    async saveListingPushRecords(entries) {
      const parsed = parseWith(saveEntriesSchema, entries, 'listing push records');
      const issues: ValidationIssue[] = [];
      const firstIndex = new Map<string, number>();
      parsed.forEach((entry, index) => {
        const first = firstIndex.get(entry.record.key);
        if (first === undefined) firstIndex.set(entry.record.key, index);
        else issues.push({ path: `${index}.record.key`, message: `the same key as entry ${first}: save a key once` });
      });
      if (issues.length > 0) throw new ValidationError('listing push records', issues);
      if (parsed.length === 0) return [];
      const saved = parsed.map(
        ({ record, expectedVersion }) => ({ ...record, version: (expectedVersion ?? 0) + 1 }) as ListingPushRecord,
      );
      const keys = saved.map((record) => record.key);
      const expected = new Map(parsed.map((entry) => [entry.record.key, entry.expectedVersion]));
      await session.transaction(async (transaction) => {
        // Lock the rows that exist, in key order (two batches never wait on each other in a
        // cycle), and check every version before writing anything.
        const { rows: found } = await transaction.query<{ key: string; version: number }>(
          `SELECT key, version FROM ${table('listing_push_records')} WHERE key = ANY($1::text[])
           ORDER BY key COLLATE "C" FOR UPDATE`,
          [keys],
        );
        const current = new Map(found.map((row) => [row.key, row.version]));
        for (const key of [...keys].sort()) {
          const wanted = expected.get(key) ?? null;
          const actual = current.get(key);
          if (wanted === null ? actual !== undefined : actual !== wanted)
            throw new ConcurrencyConflictError('listing-push-record', key, wanted ?? undefined, actual);
        }
        const toJson = (records: readonly ListingPushRecord[]): string =>
          JSON.stringify(records.map((record) => ({ ...record, expectedVersion: expected.get(record.key) ?? null })));
        const updates = saved.filter((record) => current.has(record.key));
        if (updates.length > 0) {
          // The rows are locked since the check: each update matches.
          await transaction.query(
            `UPDATE ${table('listing_push_records')} AS stored
               SET status = entry->>'status', version = (entry->>'version')::integer,
                   document = entry - 'expectedVersion', saved_at = now()
             FROM jsonb_array_elements($1::text::jsonb) AS entry
             WHERE stored.key = entry->>'key' AND stored.version = (entry->>'expectedVersion')::integer`,
            [toJson(updates)],
          );
        }
        const inserts = saved.filter((record) => !current.has(record.key));
        if (inserts.length === 0) return;
        // A key another batch creates at the same moment was not there to lock: this insert waits
        // for that batch, then skips the row (DO NOTHING), and the count tells. Never a duplicate,
        // never a silent success.
        const { rows: inserted } = await transaction.query<{ key: string }>(
          `INSERT INTO ${table('listing_push_records')} (key, marketplace, sku, status, version, document)
           SELECT entry->>'key', entry->>'marketplace', entry->>'sku', entry->>'status', 1, entry - 'expectedVersion'
           FROM jsonb_array_elements($1::text::jsonb) AS entry
           ORDER BY entry->>'key' COLLATE "C"
           ON CONFLICT (key) DO NOTHING RETURNING key`,
          [toJson(inserts)],
        );
        if (inserted.length !== inserts.length) {
          const done = new Set(inserted.map((row) => row.key));
          const lost = inserts.find((record) => !done.has(record.key))?.key ?? '';
          // A new statement sees the other batch's committed row (the insert's snapshot did not).
          const { rows: again } = await transaction.query<{ version: number }>(
            `SELECT version FROM ${table('listing_push_records')} WHERE key = $1::text`,
            [lost],
          );
          throw new ConcurrencyConflictError('listing-push-record', lost, undefined, again[0]?.version);
        }
      });
      return saved;
    },
  };
}
