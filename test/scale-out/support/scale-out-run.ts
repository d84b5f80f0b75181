import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SalesOrder } from '@dropship/core';
import { createDropshipQueue, type DropshipQueue, dropshipQueueNames } from '@dropship/postgres';
import PgBoss from 'pg-boss';
import { type ChildRun, startChild } from '../../crash/support/run-child.js';
import { createServedWorld, type ServedWorld, type WorldProduct } from '../../crash/support/served-world.js';
import { riderOrder } from '../../support/rider-order.js';
import { fastTiming, type WorkerConfig } from './worker-config.js';

// One scale-out run: the WPS and eBay simulators served by this process, a producer queue here,
// N worker processes on the same PostgreSQL server, and a stream of orders. Shared by the
// scale-out test (which checks every effect) and the benchmark (which times it).

const workerScript = fileURLToPath(new URL('../worker.ts', import.meta.url));

/** Products in WPS's catalog (the SKU swap is not what this run is about). */
export const scaleOutProducts: readonly WorldProduct[] = [
  { sku: '15-196HH', brand: 'EBC', mpn: 'FA196HH', cost: 2_100 },
  { sku: '48-520VX3', brand: 'DID', mpn: '520VX3-120', cost: 8_400 },
  { sku: '23-CR9EK', brand: 'NGK', mpn: 'CR9EK', cost: 600 },
  { sku: '20-RFB', brand: 'ODI', mpn: 'H01RFB', cost: 1_500 },
];

/** A SKU no distributor offers: its orders cannot be placed, and must say so. */
export const unknownSku = 'NOT-IN-ANY-CATALOG';

/** Options of {@link startScaleOutRun}. */
export interface ScaleOutRunOptions {
  connectionString: string;
  workers: number;
  /** Jobs in flight per queue in each worker. */
  concurrency: number;
  /** POs per tracking sync batch. Default 250. */
  syncBatchSize?: number;
  /** Wait after a sync batch that was not full, ms. Default 3,000. */
  syncGatherMs?: number;
  /** How long every simulated API call takes, ms. Default 0. */
  apiLatencyMs?: number;
  /** The workers' scheduled order intake (the queue's `intake` option). Default none. */
  intake?: WorkerConfig['intake'];
}

/** A started run. */
export interface ScaleOutRun {
  readonly world: ServedWorld;
  /** The producer's queue (no worker of its own): enqueue, outcomes, counts, the store. */
  readonly queue: DropshipQueue;
  readonly schema: string;
  readonly workers: readonly ChildRun[];
  /** Orders of this run: every `unplaceableEvery`-th one asks for a SKU nobody sells. */
  makeOrders(count: number, unplaceableEvery: number): SalesOrder[];
  /** Queues the orders (100 per transaction), with `extraCopies` more placement jobs for every `every`-th (at-least-once delivery). */
  enqueue(orders: readonly SalesOrder[], duplicates: { every: number; extraCopies: number }): Promise<void>;
  /** Waits until every order has an outcome and every PO is completed; returns when that was. */
  waitUntilSettled(orders: readonly SalesOrder[], timeoutMs: number): Promise<number>;
  /** Waits until no job waits or runs (the delayed checks included). */
  waitUntilDrained(timeoutMs: number): Promise<void>;
  /** Stops the workers (SIGTERM, they finish their jobs), the queue and the world; drops the schemas. */
  close(): Promise<void>;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Starts the world, the producer queue (which creates the schemas) and the worker processes,
 * and waits until every worker takes jobs.
 *
 * @param options - server, number of workers, concurrency.
 */
export async function startScaleOutRun(options: ScaleOutRunOptions): Promise<ScaleOutRun> {
  const runId = randomBytes(3).toString('hex');
  const schema = `dropship_scale_${runId}`;
  const directory = mkdtempSync(join(tmpdir(), 'dropship-scale-'));
  const world = await createServedWorld({
    products: scaleOutProducts,
    email: false,
    wpsOrdersPageSize: 500,
    ...(options.apiLatencyMs === undefined ? {} : { latencyMs: options.apiLatencyMs }),
  });
  const queue = await createDropshipQueue({
    connectionString: options.connectionString,
    schema,
    ...fastTiming,
    maxConnections: 8,
    maxJobConnections: 2,
  });
  const config: WorkerConfig = {
    connectionString: options.connectionString,
    schema,
    services: world.services,
    timing: fastTiming,
    concurrency: options.concurrency,
    syncBatchSize: options.syncBatchSize ?? 250,
    // WPS looks tracking up by date range: every lookup lists every order shipped in it, so
    // fewer, fuller batches cost less.
    syncGatherMs: options.syncGatherMs ?? 3_000,
    ...(options.intake === undefined ? {} : { intake: options.intake }),
  };
  const configFile = join(directory, 'worker.json');
  writeFileSync(configFile, JSON.stringify(config));
  const workers = Array.from({ length: options.workers }, () => startChild(workerScript, [configFile]));
  let closed = false;

  const close = async () => {
    if (closed) return;
    closed = true;
    for (const worker of workers) worker.process.kill('SIGTERM');
    await Promise.all(
      workers.map((worker) =>
        Promise.race([
          worker.exited,
          new Promise((resolve) => setTimeout(resolve, 10_000)).then(() => {
            worker.kill();
            return worker.exited;
          }),
        ]),
      ),
    );
    try {
      await queue.store.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await queue.store.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    } finally {
      await queue.stop();
      await world.close();
      rmSync(directory, { recursive: true, force: true });
    }
  };

  try {
    await Promise.all(workers.map((worker) => worker.waitForLine('READY', 60_000)));
  } catch (error) {
    await close();
    throw error;
  }

  return {
    world,
    queue,
    schema,
    workers,
    makeOrders(count, unplaceableEvery) {
      const orders = Array.from({ length: count }, (_, index): SalesOrder => {
        const product = scaleOutProducts[index % scaleOutProducts.length] as WorldProduct;
        const sku =
          unplaceableEvery > 0 && index % unplaceableEvery === unplaceableEvery - 1 ? unknownSku : product.sku;
        return riderOrder(index, `12-${runId}-${String(index).padStart(5, '0')}`, [
          { lineId: `L${index}`, sku, quantity: 1 + (index % 2), unitPrice: product.cost * 2 },
        ]);
      });
      world.addOrders(orders);
      return orders;
    },
    async enqueue(orders, duplicates) {
      const boss = new PgBoss({
        connectionString: options.connectionString,
        schema: `${schema}_jobs`,
        max: 1,
        supervise: false,
        schedule: false,
      });
      boss.on('error', () => {});
      await boss.start();
      try {
        // As a marketplace poll brings them: 100 orders a transaction, placement jobs included.
        for (let start = 0; start < orders.length; start += 100) {
          const chunk = orders.slice(start, start + 100);
          await queue.enqueueOrders(chunk);
          const copies = chunk.flatMap((order, offset) =>
            duplicates.every > 0 && (start + offset) % duplicates.every === 0
              ? Array.from({ length: duplicates.extraCopies }, (_, copy) => ({
                  name: dropshipQueueNames.place,
                  data: { salesOrderId: `ebay:${order.marketplaceOrderId}` },
                  singletonKey: `copy-${copy + 1}:ebay:${order.marketplaceOrderId}`,
                }))
              : [],
          );
          if (copies.length > 0) await boss.insert(copies);
        }
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    },
    async waitUntilSettled(orders, timeoutMs) {
      const expected = orders.length;
      const status = async () => {
        const { rows } = await queue.store.query<{ outcomes: number; open: number; purchase_orders: number }>(
          `SELECT (SELECT count(*)::integer FROM "${schema}".order_outcomes) AS outcomes,
                  (SELECT count(*)::integer FROM "${schema}".purchase_orders WHERE state <> 'completed') AS open,
                  (SELECT count(*)::integer FROM "${schema}".purchase_orders) AS purchase_orders`,
        );
        return rows[0] ?? { outcomes: 0, open: 0, purchase_orders: 0 };
      };
      let lastReport = Date.now();
      await until(
        async () => {
          const now = await status();
          if (process.env.DROPSHIP_SCALE_DEBUG && Date.now() - lastReport > 5_000) {
            lastReport = Date.now();
            const { rows } = await queue.store.query(
              `SELECT state, count(*)::integer AS n FROM "${schema}".purchase_orders GROUP BY 1`,
            );
            process.stderr.write(
              `scale-out: ${JSON.stringify(now)} ${JSON.stringify(rows)} ${JSON.stringify(await queue.jobCounts())}\n`,
            );
          }
          return now.outcomes === expected && now.open === 0;
        },
        timeoutMs,
        async () =>
          `every order to settle: ${JSON.stringify(await status())}, jobs ${JSON.stringify(await queue.jobCounts())}`,
      );
      return Date.now();
    },
    async waitUntilDrained(timeoutMs) {
      await until(
        async () =>
          Object.values(await queue.jobCounts()).every((states) => !states.created && !states.retry && !states.active),
        timeoutMs,
        async () => `the queues to drain: ${JSON.stringify(await queue.jobCounts())}`,
      );
    },
    close,
  };
}
