/**
 * PO transitions per second through `@dropship/postgres`: each transition reads the PO, applies
 * core's `transition` (submit, submit-succeeded, record-shipment, mark-tracking-pushed,
 * mark-buyer-notified, complete) and writes it back with the optimistic version check, as the
 * dropshipper loop does.
 *
 * Runs on PGlite in memory and on a PGlite data directory; on a PostgreSQL server too when
 * `DROPSHIP_BENCH_DATABASE_URL` is set (sequential, then 8 concurrent writers on different POs).
 *
 *   node --conditions=@dropship/source --import tsx bench/store.bench.ts
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PurchaseOrder, type PurchaseOrderEvent, transition } from '@dropship/core';
import { createPostgresStore, type PostgresStore } from '@dropship/postgres';

/** Transitions per second the embedded store should sustain (a dealer makes a few thousand a day). */
const embeddedTarget = 200;
/** Transitions per second a server should sustain with 8 writers (the multi-worker loop). */
const serverTarget = 1_000;

/** The life of a PO in the loop: six transitions from draft to completed. */
function lifecycle(poNumber: string): PurchaseOrderEvent[] {
  const trackingNumber = `1Z${poNumber.replace(/[^A-Z0-9]/g, '')}`;
  return [
    { type: 'submit' },
    { type: 'submit-succeeded', distributorOrderRefs: [`WPS-${poNumber}`] },
    { type: 'record-shipment', shipment: { carrier: 'ups', trackingNumber, shippedAt: new Date().toISOString() } },
    { type: 'mark-tracking-pushed', shipmentId: `${poNumber}:${trackingNumber}` },
    { type: 'mark-buyer-notified', shipmentId: `${poNumber}:${trackingNumber}` },
    { type: 'complete' },
  ];
}

function draft(poNumber: string): PurchaseOrder {
  const at = new Date().toISOString();
  return {
    poNumber,
    distributor: 'wps',
    salesOrderId: `ebay:${poNumber}`,
    marketplace: 'ebay',
    state: 'draft',
    version: 1,
    currency: 'USD',
    shipTo: {
      name: 'Dana Rider',
      address1: '1 Throttle Way',
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    },
    lines: [{ salesLineId: 'L1', sku: '87-1234', quantity: 2, unitCost: 2500 }],
    dropShipFee: 0,
    distributorOrderRefs: [],
    shipments: [],
    createdAt: at,
    updatedAt: at,
    audit: [{ at, event: 'create', from: 'draft', to: 'draft', version: 1 }],
  };
}

/** One transition as the loop does it: read the PO, apply the event, write it at the version read. */
async function transitionOnce(store: PostgresStore, poNumber: string, event: PurchaseOrderEvent): Promise<void> {
  const current = await store.getPurchaseOrder(poNumber);
  if (!current) throw new Error(`missing ${poNumber}`);
  await store.updatePurchaseOrder(transition(current, event), current.version);
}

/** Takes `orders` POs through their whole life with `writers` concurrent loops; returns transitions per second. */
async function measure(store: PostgresStore, label: string, orders: number, writers: number): Promise<number> {
  const prefix = `B-${randomBytes(3).toString('hex').toUpperCase()}`;
  const numbers = Array.from({ length: orders }, (_, index) => `${prefix}-${index}`);
  for (const poNumber of numbers) await store.createPurchaseOrder(draft(poNumber));
  // warm-up (JIT, prepared plans), not counted
  const warmUp = `${prefix}-WARM`;
  await store.createPurchaseOrder(draft(warmUp));
  for (const event of lifecycle(warmUp)) await transitionOnce(store, warmUp, event);
  let transitions = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      // writer w owns POs w, w + writers, ...: no conflicts, pure throughput
      for (let index = writer; index < orders; index += writers) {
        const poNumber = numbers[index] as string;
        for (const event of lifecycle(poNumber)) {
          await transitionOnce(store, poNumber, event);
          transitions += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const perSecond = transitions / seconds;
  console.log(
    `${label.padEnd(40)} ${perSecond.toFixed(0).padStart(7)} transitions/s  (${transitions} in ${seconds.toFixed(2)} s)`,
  );
  return perSecond;
}

function verdict(value: number, target: number): string {
  return value >= target ? `meets the target (>= ${target}/s)` : `BELOW the target (>= ${target}/s)`;
}

const memory = await createPostgresStore();
const inMemory = await measure(memory, 'PGlite, in memory, 1 writer', 300, 1);
await memory.close();

const directory = mkdtempSync(join(tmpdir(), 'dropship-bench-'));
try {
  const onDisk = await createPostgresStore({ dataDir: join(directory, 'data') });
  const fileBacked = await measure(onDisk, 'PGlite, data directory, 1 writer', 300, 1);
  await onDisk.close();
  console.log(
    `target: PGlite >= ${embeddedTarget} transitions/s: in memory ${verdict(inMemory, embeddedTarget)}, data directory ${verdict(fileBacked, embeddedTarget)}`,
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const serverUrl = process.env.DROPSHIP_BENCH_DATABASE_URL;
if (serverUrl) {
  const schema = `dropship_bench_${randomBytes(3).toString('hex')}`;
  const server = await createPostgresStore({ connectionString: serverUrl, schema, maxConnections: 10 });
  try {
    await measure(server, 'PostgreSQL server, 1 writer', 300, 1);
    const concurrent = await measure(server, 'PostgreSQL server, 8 writers', 1_200, 8);
    console.log(`target: server with 8 writers >= ${serverTarget} transitions/s: ${verdict(concurrent, serverTarget)}`);
  } finally {
    await server.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await server.close();
  }
} else {
  console.log(
    'PostgreSQL server: skipped (set DROPSHIP_BENCH_DATABASE_URL=postgres://user:password@host:5432/database)',
  );
}
