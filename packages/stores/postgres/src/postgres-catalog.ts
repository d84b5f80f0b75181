import { randomUUID } from 'node:crypto';
import {
  type Catalog,
  type CatalogUpdateResult,
  type Offer,
  type OfferQuery,
  offerSchema,
  parseWith,
  productKeys,
  ValidationError,
} from '@dropship/core';
import { z } from 'zod';
import { openPostgresEngine, type PostgresConnectionOptions, parseConnectionOptions } from './open-postgres-engine.js';
import type { SqlSession } from './postgres-executor.js';
import { runMigrations } from './postgres-migrations.js';
import type { PostgresStore } from './postgres-store.js';

/** A `Catalog` (from `@dropship/core`) on PostgreSQL, with bulk loads. */
export interface PostgresCatalog extends Catalog {
  /** The PostgreSQL schema holding the `offers` table. */
  readonly schema: string;
  /**
   * The SKUs of `distributor`'s live (not retired) offers, read in pages of 10,000: what
   * `@dropship/feeds` reads before a replace run to refuse retiring more than `maxRetiredShare`.
   */
  listSkus(distributor: string): AsyncIterable<string>;
  /** Closes the database the catalog opened (nothing when it shares a store's). */
  close(): Promise<void>;
}

/**
 * Options of {@link createPostgresCatalog}: share an open store's database (`{ store }`, the
 * usual choice, and the only one for a PGlite data directory already open), or connect like
 * the store does.
 */
export type PostgresCatalogOptions = ({ store: PostgresStore } | PostgresConnectionOptions) & {
  /** Offers per INSERT statement in bulk loads. Default 1,000. */
  batchSize?: number;
};

// As lenient as core's memory catalog: strings where given; a query without a SKU or usable
// product keys finds nothing.
const querySchema = z.object({
  sku: z.string().optional(),
  product: z
    .object(
      { brand: z.string().optional(), mpn: z.string().optional(), upc: z.string().optional() },
      { error: 'must be an object with brand + mpn and/or upc' },
    )
    .optional(),
});

const keySchema = z.string().trim().min(1, 'must not be empty');

/** SKUs per query of {@link PostgresCatalog.listSkus}. */
const SKU_PAGE = 10_000;

async function* iterate<T>(items: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* items;
}

function assertOfferIterable(value: unknown): void {
  const candidate = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null | undefined;
  if (
    typeof value === 'string' ||
    candidate === null ||
    candidate === undefined ||
    (typeof candidate[Symbol.iterator] !== 'function' && typeof candidate[Symbol.asyncIterator] !== 'function')
  ) {
    throw new ValidationError('offers', [{ path: '', message: 'must be an iterable or async iterable of offers' }]);
  }
}

/**
 * Creates a catalog of every distributor's offers, indexed by distributor SKU and by product
 * key (brand + MPN, UPC) for SKU swapping. Bulk loads insert in batches (one multi-row
 * statement per `batchSize` offers) inside one transaction: a feed with a bad row changes
 * nothing. `replaceOffers` retires the distributor's offers missing from the new set.
 *
 * @param options - `{ store }` to share a store's database, or connection options.
 * @throws ValidationError when the options are invalid.
 * @example
 * ```ts
 * const store = await createPostgresStore({ dataDir: '.dropship-data' });
 * const catalog = await createPostgresCatalog({ store });
 * await catalog.replaceOffers('wps', parsedFeedRows);
 * const candidates = await catalog.findOffers({ sku: '87-1234' });
 * ```
 */
export async function createPostgresCatalog(options: PostgresCatalogOptions = {}): Promise<PostgresCatalog> {
  const { batchSize = 1_000, ...rest } = options;
  parseWith(z.number().int().positive().max(10_000), batchSize, 'catalog batch size');
  let session: SqlSession;
  let schema: string;
  let close: () => Promise<void>;
  if ('store' in rest && rest.store !== undefined) {
    session = rest.store;
    schema = rest.store.schema;
    close = async () => {};
  } else {
    const { store: _absent, ...connection } = rest as PostgresConnectionOptions & { store?: undefined };
    const parsed = parseConnectionOptions(connection, 'postgres catalog options');
    const engine = await openPostgresEngine(parsed.options);
    try {
      await runMigrations(engine, parsed.schema);
    } catch (error) {
      await engine.close().catch(() => undefined);
      throw error;
    }
    session = engine;
    schema = parsed.schema;
    close = () => engine.close();
  }
  const offers = `"${schema}".offers`;

  function parseOfferAt(input: unknown, index: number): Offer {
    const result = offerSchema.safeParse(input);
    if (result.success) return result.data;
    throw new ValidationError(
      'offers',
      result.error.issues.map((issue) => ({
        path: [index, ...issue.path].map(String).join('.'),
        message: issue.message,
      })),
    );
  }

  async function writeBatch(transaction: SqlSession, batch: Offer[], loadId: string | null): Promise<number> {
    // Last one wins within a batch: one statement cannot update the same row twice.
    const unique = new Map<string, Offer>();
    for (const offer of batch) unique.set(`${offer.distributor}\u0000${offer.sku}`, offer);
    const rows = [...unique.values()];
    const { rows: written } = await transaction.query(
      `INSERT INTO ${offers} (distributor, sku, product_keys, document, load_id, retired_at, updated_at)
       SELECT input.distributor, input.sku,
              ARRAY(SELECT jsonb_array_elements_text(input.product_keys::jsonb)), input.document::jsonb, $5::text, NULL, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS input(distributor, sku, product_keys, document)
       ON CONFLICT (distributor, sku) DO UPDATE SET product_keys = excluded.product_keys, document = excluded.document,
         load_id = excluded.load_id, retired_at = NULL, updated_at = now()
       RETURNING 1`,
      [
        rows.map((offer) => offer.distributor),
        rows.map((offer) => offer.sku),
        rows.map((offer) => JSON.stringify(productKeys(offer))),
        rows.map((offer) => JSON.stringify(offer)),
        loadId,
      ],
    );
    return written.length;
  }

  async function load(
    input: Iterable<Offer> | AsyncIterable<Offer>,
    distributor: string | undefined,
  ): Promise<CatalogUpdateResult> {
    return session.transaction(async (transaction) => {
      const loadId = distributor === undefined ? null : randomUUID();
      let upserted = 0;
      let index = 0;
      let batch: Offer[] = [];
      for await (const item of iterate(input)) {
        const offer = parseOfferAt(item, index);
        if (distributor !== undefined && offer.distributor !== distributor) {
          throw new ValidationError('offers', [
            { path: `${index}.distributor`, message: `must be "${distributor}" (replacing that distributor's offers)` },
          ]);
        }
        batch.push(offer);
        index += 1;
        if (batch.length >= batchSize) {
          upserted += await writeBatch(transaction, batch, loadId);
          batch = [];
        }
      }
      if (batch.length > 0) upserted += await writeBatch(transaction, batch, loadId);
      let retired = 0;
      if (distributor !== undefined) {
        const { rows } = await transaction.query(
          `UPDATE ${offers} SET retired_at = now(), updated_at = now()
           WHERE distributor = $1::text AND retired_at IS NULL AND load_id IS DISTINCT FROM $2::text
           RETURNING 1`,
          [distributor, loadId],
        );
        retired = rows.length;
      }
      return { upserted, retired };
    });
  }

  return {
    specificationVersion: 'v1',
    schema,
    async findOffers(query: OfferQuery) {
      const parsed = parseWith(querySchema, query, 'offer query');
      const keys = parsed.product ? productKeys(parsed.product) : [];
      if (parsed.sku === undefined && keys.length === 0) return [];
      const { rows } = await session.query<{ document: unknown }>(
        `WITH by_sku AS (
           SELECT product_keys FROM ${offers} WHERE sku = $1::text AND retired_at IS NULL
         ), wanted AS (
           SELECT ARRAY(SELECT DISTINCT key FROM (
             SELECT unnest($2::text[]) AS key UNION ALL SELECT unnest(product_keys) FROM by_sku
           ) keys) AS keys
         )
         SELECT o.document FROM ${offers} o, wanted
         WHERE o.retired_at IS NULL AND (o.sku = $1::text OR o.product_keys && wanted.keys)
         ORDER BY o.distributor, o.sku`,
        [parsed.sku ?? null, keys],
      );
      return rows.map((row, index) => parseOfferAt(row.document, index));
    },
    async getOffer(distributor: string, sku: string) {
      if (typeof distributor !== 'string' || typeof sku !== 'string') return undefined;
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${offers} WHERE distributor = $1::text AND sku = $2::text AND retired_at IS NULL`,
        [distributor, sku],
      );
      return rows[0] ? parseOfferAt(rows[0].document, 0) : undefined;
    },
    async upsertOffers(input) {
      assertOfferIterable(input);
      return load(input, undefined);
    },
    async *listSkus(distributor: string) {
      parseWith(keySchema, distributor, 'distributor');
      let after = '';
      for (;;) {
        const { rows } = await session.query<{ sku: string }>(
          `SELECT sku FROM ${offers} WHERE distributor = $1::text AND retired_at IS NULL AND sku > $2::text
           ORDER BY sku LIMIT ${SKU_PAGE}`,
          [distributor, after],
        );
        for (const row of rows) yield row.sku;
        if (rows.length < SKU_PAGE) return;
        after = (rows[rows.length - 1] as { sku: string }).sku;
      }
    },
    async replaceOffers(distributor, input) {
      parseWith(keySchema, distributor, 'distributor');
      assertOfferIterable(input);
      return load(input, distributor);
    },
    close,
  };
}
