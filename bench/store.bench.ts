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
import { createPostgresStore } from '@dropship/postgres';
import { measureTransitions as measure, verdict } from './support/po-transitions.js';

/** Transitions per second the embedded store should sustain (a dealer makes a few thousand a day). */
const embeddedTarget = 200;
/** Transitions per second a server should sustain with 8 writers (the multi-worker loop). */
const serverTarget = 1_000;

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
