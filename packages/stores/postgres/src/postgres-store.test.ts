import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, createMemoryStore, ValidationError } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasListingCapability } from './__fixtures__/listing-store-spec.js';
import { describeDropshipStoreSpec, describeStoreContract } from './__fixtures__/store-contract.js';
import { advance, purchaseOrder, salesOrder } from './__fixtures__/store-fixtures.js';
import { createPostgresCatalog } from './postgres-catalog.js';
import { migrations } from './postgres-migrations.js';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';

// The reference: core's in-memory store passes the same spec tests as the PostgreSQL store.
describeDropshipStoreSpec('core memory store', {
  open: async () => createMemoryStore(),
  reset: async (store) => store.clear(),
  close: async () => {},
  // The intake spec runs on the memory store once core's has the capability.
  intake: typeof createMemoryStore().getIntakeCursor === 'function',
  // The listings spec runs on the memory store once core's has the capability.
  listings: hasListingCapability(createMemoryStore()),
});

describeStoreContract('PGlite in memory', {
  openStore: () => createPostgresStore(),
  openCatalog: (store) => createPostgresCatalog({ store }),
});

describe('createPostgresStore on a PGlite data directory', () => {
  // One data directory for these tests: creating one (initdb) takes seconds, reopening it does not.
  const parent = mkdtempSync(join(tmpdir(), 'dropship-pglite-'));
  const dataDir = join(parent, 'data');
  beforeAll(async () => {
    const created = await createPostgresStore({ dataDir });
    await created.close();
  });
  afterAll(() => {
    rmSync(parent, { recursive: true, force: true });
  });

  it('keeps everything across a close and reopen, without migrating again', async () => {
    const first = await createPostgresStore({ dataDir });
    expect(first.engine).toBe('pglite');
    await first.saveSalesOrder(salesOrder());
    const created = await first.createPurchaseOrder(purchaseOrder());
    const submitting = await first.updatePurchaseOrder(advance(created, 'submitting'), created.version);
    await first.putIdempotencyRecord({ key: 'email:PO-1:1Z', at: '2026-11-21T10:00:00Z', result: '<m1@x>' });
    expect([await first.nextSequenceValue('edi:isa'), await first.nextSequenceValue('edi:isa')]).toEqual([1, 2]);
    await first.close();

    const reopened = await createPostgresStore({ dataDir });
    try {
      expect(await reopened.migrate()).toEqual({ applied: [], version: migrations.at(-1)?.version });
      expect(await reopened.getSalesOrder('ebay:12-34567-89012')).toEqual(salesOrder());
      expect(await reopened.getPurchaseOrder(created.poNumber)).toEqual(submitting);
      expect(await reopened.findPurchaseOrders({ state: 'submitting' })).toEqual([submitting]);
      expect(await reopened.putIdempotencyRecord({ key: 'email:PO-1:1Z', at: '2026-11-22T10:00:00Z' })).toBe(false);
      expect(await reopened.getIdempotencyRecord('email:PO-1:1Z')).toEqual({
        key: 'email:PO-1:1Z',
        at: '2026-11-21T10:00:00Z',
        result: '<m1@x>',
      });
      // A sequence goes on after a restart: a value handed out before is never handed out again.
      expect(await reopened.nextSequenceValue('edi:isa')).toBe(3);
    } finally {
      await reopened.close();
    }
  });

  it('refuses to open a data directory that is already open, and takes over a lock left by a dead process', async () => {
    const open = await createPostgresStore({ dataDir });
    let second: PostgresStore | undefined;
    try {
      const error = await createPostgresStore({ dataDir }).then(
        (store) => {
          second = store;
          return undefined;
        },
        (caught: unknown) => caught,
      );
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/already open in process \d+/);
      expect(readFileSync(join(dataDir, 'dropship.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid}\\n`));
    } finally {
      await second?.close();
      await open.close();
    }

    // what a SIGKILLed process leaves behind: a lock naming a pid that no longer runs
    writeFileSync(join(dataDir, 'dropship.lock'), '999999999\n2026-11-22T00:00:00Z\n');
    const afterCrash = await createPostgresStore({ dataDir });
    await afterCrash.createPurchaseOrder(purchaseOrder({ poNumber: 'PO-AFTER-CRASH' }));
    await afterCrash.close();
    expect(() => readFileSync(join(dataDir, 'dropship.lock'))).toThrow();
  });
});

describe('createPostgresStore options', () => {
  it('refuses two locations at once and a bad schema name', async () => {
    const error = await createPostgresStore({
      dataDir: '/tmp/x',
      connectionString: 'postgres://dropship:SENTINEL-PASSWORD-42@localhost/dropship',
      schema: 'Drop-Ship',
    }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual(['connectionString', 'schema']);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('SENTINEL-PASSWORD-42');
  });

  it('refuses a connection string that is not a postgres URL without echoing it', async () => {
    const error = await createPostgresStore({ connectionString: 'mysql://root:SENTINEL-PASSWORD-42@db/x' }).catch(
      (caught: unknown) => caught,
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain('SENTINEL-PASSWORD-42');
  });
});

describe('createPostgresStore refuses unknown and mistyped options', () => {
  it.each([
    [{ migrat: false }, 'migrat'],
    [{ connectionString: 'postgres://u:SENTINEL-PASSWORD-42@db/x', maxConnection: 5 }, 'maxConnection'],
    [{ migrate: 'yes' }, 'boolean'],
  ])('refuses %j with a ValidationError naming the problem, never echoing the password', async (options, named) => {
    const error = await createPostgresStore(options as never).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(named);
    expect((error as Error).message).not.toContain('SENTINEL-PASSWORD-42');
  });

  it.each([[null], ['postgres://u@db/x'], [42]])('refuses options that are not an object (%j)', async (options) => {
    // Before, null opened an in-memory database as if {} had been passed.
    const error = await createPostgresStore(options as never).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error), String(error)).toBe(true);
  });
});

describe('saveSalesOrders and the poNumbers query (PGlite)', () => {
  it('saves many orders in one statement, all or none, the later of two with one id winning', async () => {
    const store = await createPostgresStore();
    try {
      const first = salesOrder({ marketplaceOrderId: 'A-1' });
      const invalid = salesOrder({ marketplaceOrderId: 'A-2', lines: [] });
      const error = await store.saveSalesOrders([first, invalid]).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['1.lines']);
      expect(await store.getSalesOrder('ebay:A-1')).toBeNull();

      const renamed = salesOrder({ marketplaceOrderId: 'A-1', buyer: { name: 'Sam Rider', email: 'sam@example.com' } });
      await store.saveSalesOrders([first, salesOrder({ marketplaceOrderId: 'A-3' }), renamed]);
      expect(await store.getSalesOrder('ebay:A-1')).toEqual(renamed);
      expect(await store.getSalesOrder('ebay:A-3')).toEqual(salesOrder({ marketplaceOrderId: 'A-3' }));
      await store.saveSalesOrders([]);
    } finally {
      await store.close();
    }
  });

  it('finds POs by a list of PO numbers, combined with the other criteria', async () => {
    const store = await createPostgresStore();
    try {
      for (const poNumber of ['PO-L1', 'PO-L2', 'PO-L3']) await store.createPurchaseOrder(purchaseOrder({ poNumber }));
      const second = await store.getPurchaseOrder('PO-L2');
      if (second) await store.updatePurchaseOrder(advance(second, 'submitting'), second.version);
      const numbers = async (query: Parameters<PostgresStore['findPurchaseOrders']>[0]) =>
        (await store.findPurchaseOrders(query)).map((found) => found.poNumber);
      expect(await numbers({ poNumbers: ['PO-L3', 'PO-L1', 'PO-NONE'] })).toEqual(['PO-L1', 'PO-L3']);
      expect(await numbers({ poNumbers: ['PO-L1', 'PO-L2'], state: 'submitting' })).toEqual(['PO-L2']);
      expect(await numbers({ poNumbers: [] })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('shipments with box contents unknown (PGlite)', () => {
  it('keeps packageOf, recordedAt and trackingPushSkipped as written', async () => {
    const store = await createPostgresStore();
    try {
      const created = await store.createPurchaseOrder(purchaseOrder({ poNumber: 'PO-BOX' }));
      const packageOf = { ref: '5100001', lines: [{ sku: '87-1234', quantity: 2 }], complete: true };
      const box = (trackingNumber: string) => ({
        id: `PO-BOX:${trackingNumber}`,
        carrier: 'ups' as const,
        trackingNumber,
        shippedAt: '2026-11-21T10:00:00.000Z',
        recordedAt: '2026-11-21T11:00:00.000Z',
        packageOf,
      });
      const shipped = {
        ...advance(created, 'shipped', 'record-shipment'),
        shipments: [
          { ...box('1ZBOX1'), trackingPushedAt: '2026-11-21T11:00:01.000Z' },
          { ...box('1ZBOX2'), trackingPushSkipped: 'no-units' as const },
        ],
      };
      await store.updatePurchaseOrder(shipped, created.version);
      expect((await store.getPurchaseOrder('PO-BOX'))?.shipments).toEqual(shipped.shipments);
      // A package with packageOf and lines is refused before anything is written.
      const both = { ...advance(shipped, 'shipped'), shipments: [{ ...box('1ZBOX3'), lines: packageOf.lines }] };
      await expect(store.updatePurchaseOrder(both, shipped.version)).rejects.toSatisfy(ValidationError.isInstance);
      expect((await store.getPurchaseOrder('PO-BOX'))?.version).toBe(shipped.version);
    } finally {
      await store.close();
    }
  });
});
