// One email per PO on the durable store the dropshipper uses in production (@dropship/postgres):
// several workers at once, then a worker that dies after the server took the email and a restart
// on a new connection. On a PostgreSQL server when DROPSHIP_TEST_DATABASE_URL is set (each worker
// its own connection pool: real concurrency), otherwise on embedded PGlite.
import { randomBytes } from 'node:crypto';
import { type DropshipStore, NetworkError } from '@dropship/core';
import { createPostgresStore, type PostgresStore } from '@dropship/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderRequest, useEmailPoHarness } from './__fixtures__/email-po-harness.js';

const harness = useEmailPoHarness();
const databaseUrl = process.env.DROPSHIP_TEST_DATABASE_URL;
const schema = `dropship_test_email_po_${randomBytes(4).toString('hex')}`;
const opened: PostgresStore[] = [];
let embedded: PostgresStore | undefined;

/** A store for one worker: its own pool on the server, or the one embedded database. */
async function workerStore(): Promise<PostgresStore> {
  if (databaseUrl) {
    const store = await createPostgresStore({ connectionString: databaseUrl, schema, maxConnections: 2 });
    opened.push(store);
    return store;
  }
  if (embedded === undefined) throw new Error('the embedded store is opened in beforeAll');
  return embedded;
}

// Embedded PGlite takes seconds to start (WASM and migrations): once per file.
beforeAll(async () => {
  if (!databaseUrl) embedded = await createPostgresStore();
}, 120_000);

afterAll(async () => {
  await opened[0]?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  for (const store of [...opened, ...(embedded ? [embedded] : [])]) await store.close();
});

const emailsFor = (poNumber: string) =>
  harness
    .inbox()
    .received()
    .filter((email) => email.headers['x-dropship-po-number'] === poNumber).length;

describe(`acme-email on @dropship/postgres (${databaseUrl ? 'PostgreSQL server' : 'PGlite'})`, () => {
  it('four workers sending the same five POs at once: five emails, one per PO', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => workerStore()));
    const workers = stores.map((store) => harness.createClient({ store }));
    const requests = Array.from({ length: 5 }, () => orderRequest());
    await Promise.allSettled(requests.flatMap((request) => workers.map((worker) => worker.submitOrder(request))));
    for (const request of requests) {
      expect(emailsFor(request.poNumber)).toBe(1);
      expect((await workers[0]?.submitOrder(request))?.alreadyExisted).toBe(true);
    }
  });

  it('a worker that dies after the server took the email: the restarted worker never sends it again', async () => {
    const request = orderRequest();
    const store = await workerStore();
    let died = false;
    const dying = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'putIdempotencyRecord')
          return async (record: { key: string }) => {
            if (!died && /#outcome:1$/.test(record.key)) {
              died = true;
              throw new Error('process killed');
            }
            return target.putIdempotencyRecord(record as never);
          };
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as DropshipStore;
    await expect(harness.createClient({ store: dying }).submitOrder(request)).rejects.toThrow('process killed');
    const restarted = harness.createClient({ store: await workerStore(), now: () => new Date(Date.now() + 3_600_000) });
    const error = await restarted.submitOrder(request).catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    expect(emailsFor(request.poNumber)).toBe(1);
    await restarted.resolveUncertainEmail(request.poNumber, { received: true });
    expect((await restarted.submitOrder(request)).alreadyExisted).toBe(true);
    expect(emailsFor(request.poNumber)).toBe(1);
  });
});
