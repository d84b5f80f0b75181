/**
 * Scale-out of the drop-ship loop on `@dropship/postgres`:
 * 1. PO transitions per second on PGlite and on a PostgreSQL server (8 writers), and on the
 *    server with a pg-boss job sent in the same transaction as each transition (what the queue's
 *    workers do when a state change calls for more work);
 * 2. orders per second through the whole loop (placement, tracking sync, tracking push,
 *    completion) with 1, 2 and 4 worker processes on the server, against the WPS and eBay
 *    simulators served over HTTP by this process, and the scaling ratio.
 *
 * The server parts run when `DROPSHIP_BENCH_DATABASE_URL` (or `DROPSHIP_TEST_DATABASE_URL`) is
 * set. `DROPSHIP_BENCH_ORDERS` sets the orders per worker count (default 400);
 * `DROPSHIP_BENCH_API_LATENCY_MS` how long each simulated API call takes (default 50 ms: the
 * work of a worker is mostly waiting for APIs, which is what more workers help with).
 *
 *   node --conditions=@dropship/source --import tsx bench/scale-out.bench.ts
 */

import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { transition } from '@dropship/core';
import { createPostgresStore } from '@dropship/postgres';
import PgBoss from 'pg-boss';
import { startScaleOutRun } from '../test/scale-out/support/scale-out-run.js';
import { draft, lifecycle, measureTransitions, verdict } from './support/po-transitions.js';

/** Transitions per second PGlite should sustain (a dealer makes a few thousand a day). */
const embeddedTarget = 200;
/** Transitions per second a server should sustain with 8 writers. */
const serverTarget = 1_000;
/** Orders per second 4 workers should reach compared with 1 when the APIs take time: the work must spread. */
const scalingTarget = 2;

const serverUrl = process.env.DROPSHIP_BENCH_DATABASE_URL ?? process.env.DROPSHIP_TEST_DATABASE_URL;
const ordersPerRun = Number(process.env.DROPSHIP_BENCH_ORDERS ?? 400);
/** Every simulated API call takes this long (real distributor and marketplace APIs take 100 ms to seconds). */
const apiLatencyMs = Number(process.env.DROPSHIP_BENCH_API_LATENCY_MS ?? 50);

console.log('PO transitions (read, transition, write at the version read)');
const embedded = await createPostgresStore();
const onPglite = await measureTransitions(embedded, 'PGlite, in memory, 1 writer', 300, 1);
await embedded.close();
console.log(`target: PGlite >= ${embeddedTarget} transitions/s: ${verdict(onPglite, embeddedTarget)}`);

if (!serverUrl) {
  console.log(
    'PostgreSQL server: skipped (set DROPSHIP_BENCH_DATABASE_URL=postgres://user:password@host:5432/database)',
  );
} else {
  const schema = `dropship_bench_${randomBytes(3).toString('hex')}`;
  const server = await createPostgresStore({ connectionString: serverUrl, schema, maxConnections: 10 });
  const boss = new PgBoss({
    connectionString: serverUrl,
    schema: `${schema}_jobs`,
    max: 1,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => {});
  try {
    const onServer = await measureTransitions(server, 'PostgreSQL server, 8 writers', 1_200, 8);
    console.log(`target: server with 8 writers >= ${serverTarget} transitions/s: ${verdict(onServer, serverTarget)}`);

    // The queue's outbox: each transition and the job it calls for, in one transaction.
    await boss.start();
    await boss.createQueue('bench-outbox', { name: 'bench-outbox', policy: 'short' });
    const prefix = `J-${randomBytes(3).toString('hex').toUpperCase()}`;
    const numbers = Array.from({ length: 600 }, (_, index) => `${prefix}-${index}`);
    for (const poNumber of numbers) await server.createPurchaseOrder(draft(poNumber));
    let transitions = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let index = writer; index < numbers.length; index += 8) {
          const poNumber = numbers[index] as string;
          for (const event of lifecycle(poNumber)) {
            const current = await server.getPurchaseOrder(poNumber);
            if (!current) throw new Error(`missing ${poNumber}`);
            await server.transaction(async (transaction) => {
              await transaction.updatePurchaseOrder(transition(current, event), current.version);
              await boss.send(
                'bench-outbox',
                { poNumber },
                { singletonKey: poNumber, db: { executeSql: (text, values) => transaction.query(text, values) } },
              );
            });
            transitions += 1;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1_000;
    console.log(
      `${'PostgreSQL server, 8 writers, + job each'.padEnd(40)} ${(transitions / seconds).toFixed(0).padStart(7)} transitions/s  (${transitions} in ${seconds.toFixed(2)} s)`,
    );
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await server.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await server.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    await server.close();
  }

  console.log(
    `\nOrders through the whole loop (${ordersPerRun} orders per run, ${apiLatencyMs} ms per API call, worker processes with 4 jobs in flight per queue each)`,
  );
  const rates = new Map<number, number>();
  for (const workers of [1, 2, 4]) {
    const run = await startScaleOutRun({ connectionString: serverUrl, workers, concurrency: 4, apiLatencyMs });
    try {
      const orders = run.makeOrders(ordersPerRun, 0);
      const begun = Date.now();
      await run.enqueue(orders, { every: 0, extraCopies: 0 });
      const settled = await run.waitUntilSettled(orders, 600_000);
      const rate = orders.length / ((settled - begun) / 1_000);
      rates.set(workers, rate);
      console.log(
        `${`${workers} worker${workers === 1 ? '' : 's'}`.padEnd(40)} ${rate.toFixed(1).padStart(7)} orders/s  (${orders.length} in ${((settled - begun) / 1_000).toFixed(1)} s)`,
      );
    } finally {
      await run.close();
    }
  }
  const one = rates.get(1) ?? 0;
  const ratio = (workers: number) => ((rates.get(workers) ?? 0) / one).toFixed(2);
  const four = (rates.get(4) ?? 0) / one;
  console.log(
    `scaling ratio: 2 workers ${ratio(2)}x, 4 workers ${ratio(4)}x one worker (${availableParallelism()} CPU cores shared by the workers, the simulators and PostgreSQL)`,
  );
  console.log(
    `target: 4 workers >= ${scalingTarget}x one worker: ${four >= scalingTarget ? 'meets the target' : `FAIL (${four.toFixed(2)}x)`}`,
  );
}
