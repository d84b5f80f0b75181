import { randomBytes } from 'node:crypto';
import type { SalesOrder } from '@dropship/core';
import pg from 'pg';
import type { PostgresStore } from '../../postgres-store.js';
import type { DropshipQueueEvent, DropshipQueueOptions } from '../dropship-queue-options.js';

/** The server the queue's server tests run on (`DROPSHIP_TEST_DATABASE_URL`), or undefined: they skip. */
export const databaseUrl = process.env.DROPSHIP_TEST_DATABASE_URL;

/**
 * Schemas of one test file's run on the server: each test gets its own store schema and pg-boss
 * schema (`<schema>_jobs`), all dropped at the end.
 *
 * @param prefix - what the file's schemas start with, for example `dropship_queue`.
 */
export function createTestSchemas(prefix: string): { fresh(purpose: string): string; dropAll(): Promise<void> } {
  const runId = randomBytes(4).toString('hex');
  const schemas: string[] = [];
  return {
    fresh(purpose) {
      const schema = `${prefix}_${runId}_${purpose}`;
      schemas.push(schema, `${schema}_jobs`);
      return schema;
    },
    async dropAll() {
      if (!databaseUrl || schemas.length === 0) return;
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Waits until `condition` holds, checking every 100 ms; throws naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An order of one pad (`sku`, default `W-PAD`, $30.00) from Dana Rider in Boise, at `marketplace` (default eBay). */
export function queueOrder(id: string, sku = 'W-PAD', marketplace = 'ebay'): SalesOrder {
  return {
    marketplace,
    marketplaceOrderId: id,
    orderedAt: '2026-11-20T14:00:00.000Z',
    currency: 'USD',
    buyer: { name: 'Dana Rider', email: 'dana@example.com' },
    shipTo: {
      name: 'Dana Rider',
      address1: '1 Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [{ lineId: 'L1', sku, quantity: 1, unitPrice: 3000 }],
    shippingPaid: 0,
  };
}

/** Queue options for the scheduled-job tests: short delays and polls, small pools. */
export const fastQueueOptions: Partial<DropshipQueueOptions> = {
  syncIntervalSeconds: 30,
  submitCheckSeconds: 30,
  pushCheckSeconds: 30,
  busyRetrySeconds: 0.2,
  retryDelaySeconds: 1,
  pollIntervalMs: 50,
  maxConnections: 4,
  maxJobConnections: 2,
};

/** Adds `by` (default 1) to the count of `key`; returns the new count. */
export function bump(map: Map<string, number>, key: string, by = 1): number {
  const value = (map.get(key) ?? 0) + by;
  map.set(key, value);
  return value;
}

/** Jobs of pg-boss queue `name` per state, in the jobs schema of store schema `schema`. */
export async function queueJobStates(
  store: PostgresStore,
  schema: string,
  name: string,
): Promise<Record<string, number>> {
  const { rows } = await store.query<{ state: string; count: number }>(
    `SELECT state, count(*)::integer AS count FROM "${schema}_jobs".job WHERE name = $1::text GROUP BY state`,
    [name],
  );
  return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}

/** The `job-completed` events of pg-boss queue `queue`, in the order they came. */
export function completedJobs(
  events: readonly DropshipQueueEvent[],
  queue: string,
): Extract<DropshipQueueEvent, { type: 'job-completed' }>[] {
  return events.filter(
    (event): event is Extract<DropshipQueueEvent, { type: 'job-completed' }> =>
      event.type === 'job-completed' && event.queue === queue,
  );
}
