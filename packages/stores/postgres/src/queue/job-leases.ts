import type { SqlExecutor } from '../postgres-executor.js';

/**
 * Time-limited, exclusive rights to work on something (an order, a PO), shared by every worker
 * through the `leases` table. Jobs are delivered at least once and two workers may pick related
 * jobs at once; before acting on an order or a PO, a worker takes its lease, so that only one of
 * them calls the distributor or the marketplace for it. A lease left by a dead worker expires
 * (the database clock decides, the same for every worker) and is taken over.
 *
 * @internal
 */
export interface JobLeases {
  /** Takes the free or expired ones of `keys` for `owner`; returns those taken. */
  acquire(keys: readonly string[], owner: string, ttlMs: number): Promise<string[]>;
  /** Extends what `owner` still holds of `keys`; returns the keys still held. */
  renew(keys: readonly string[], owner: string, ttlMs: number): Promise<string[]>;
  /** Gives back what `owner` holds of `keys`. */
  release(keys: readonly string[], owner: string): Promise<void>;
}

/**
 * The leases in `<schema>.leases` (migration 3).
 *
 * @param executor - where to run the SQL (the store).
 * @param schema - the quoted schema.
 * @internal
 */
export function createJobLeases(executor: SqlExecutor, schema: string): JobLeases {
  const table = `${schema}.leases`;
  return {
    async acquire(keys, owner, ttlMs) {
      if (keys.length === 0) return [];
      // One statement: insert the free keys, take over the expired (or already ours) ones.
      const { rows } = await executor.query<{ key: string }>(
        `INSERT INTO ${table} (key, owner, expires_at)
         SELECT key, $2::text, clock_timestamp() + $3::integer * interval '1 millisecond'
         FROM unnest($1::text[]) AS wanted(key)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE ${table}.expires_at < clock_timestamp() OR ${table}.owner = excluded.owner
         RETURNING key`,
        [[...new Set(keys)], owner, Math.ceil(ttlMs)],
      );
      return rows.map((row) => row.key);
    },
    async renew(keys, owner, ttlMs) {
      if (keys.length === 0) return [];
      const { rows } = await executor.query<{ key: string }>(
        `UPDATE ${table} SET expires_at = clock_timestamp() + $3::integer * interval '1 millisecond'
         WHERE key = ANY($1::text[]) AND owner = $2::text
         RETURNING key`,
        [[...new Set(keys)], owner, Math.ceil(ttlMs)],
      );
      return rows.map((row) => row.key);
    },
    async release(keys, owner) {
      if (keys.length === 0) return;
      await executor.query(`DELETE FROM ${table} WHERE key = ANY($1::text[]) AND owner = $2::text`, [
        [...new Set(keys)],
        owner,
      ]);
    },
  };
}
