import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PurchaseOrder, purchaseOrderNumber, type SalesOrder } from '@dropship/core';
import { createPostgresStore, type PostgresStore } from '@dropship/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riderOrder } from '../support/rider-order.js';
import { type ChildStallPoint, type ChildStore, type CrashChildConfig, childMarkers } from './support/loop-config.js';
import { type ChildRun, startChild } from './support/run-child.js';
import { createServedWorld, type ServedWorld } from './support/served-world.js';

// Crash safety, for real: the drop-ship loop runs in a child process on the durable store (a
// PGlite data directory, or the PostgreSQL server of DROPSHIP_TEST_DATABASE_URL) against the WPS
// and eBay simulators and an SMTP sink served by this process. Each scenario kills the child with
// SIGKILL at one exact point of one order's life; the next child (a new process on the same
// store) first finishes that order, then runs into the next scenario's kill. The last child runs
// to completion. Then: no PO placed twice, none lost, no tracking pushed twice, no email sent
// twice. Kill points are deterministic: the parent stalls the exact request (and kills while the
// child waits), or the child stops itself at the exact write and says so on stdout.

const childScript = fileURLToPath(new URL('./child.ts', import.meta.url));
const serverUrl = process.env.DROPSHIP_TEST_DATABASE_URL;
const runId = randomBytes(3).toString('hex');

type KillPoint =
  | { by: 'parent'; at: 'wps-submit-before' | 'wps-submit-after' | 'ebay-push-after' | 'email-before-250' }
  | { by: 'child'; at: ChildStallPoint };

interface Scenario {
  name: string;
  kill: KillPoint;
  /** What `recover()` of the next process finds (the PO the killed one left `submitting`). */
  recovery: { examined: number; found: number; resubmitted: number };
}

const scenarios: Scenario[] = [
  {
    name: 'before submit: the PO is saved submitting, the distributor never got it',
    kill: { by: 'parent', at: 'wps-submit-before' },
    recovery: { examined: 1, found: 0, resubmitted: 1 },
  },
  {
    name: 'after the distributor accepted, its answer lost on the way',
    kill: { by: 'parent', at: 'wps-submit-after' },
    recovery: { examined: 1, found: 1, resubmitted: 0 },
  },
  {
    name: 'after the distributor accepted and answered, before the state was saved',
    kill: { by: 'child', at: 'submitted-save' },
    recovery: { examined: 1, found: 1, resubmitted: 0 },
  },
  {
    name: 'during the tracking push: eBay recorded it, the answer was lost',
    kill: { by: 'parent', at: 'ebay-push-after' },
    recovery: { examined: 0, found: 0, resubmitted: 0 },
  },
  {
    name: 'after the tracking push, before it was recorded',
    kill: { by: 'child', at: 'tracking-record' },
    recovery: { examined: 0, found: 0, resubmitted: 0 },
  },
  {
    name: 'after the tracking push was recorded, before the PO was marked pushed',
    kill: { by: 'child', at: 'tracking-mark' },
    recovery: { examined: 0, found: 0, resubmitted: 0 },
  },
  {
    name: 'during the email: the server has the message, the 250 never came',
    kill: { by: 'parent', at: 'email-before-250' },
    recovery: { examined: 0, found: 0, resubmitted: 0 },
  },
  {
    name: 'after the email was accepted, before it was recorded as sent',
    kill: { by: 'child', at: 'email-record' },
    recovery: { examined: 0, found: 0, resubmitted: 0 },
  },
  {
    name: 'after the email was recorded, before the PO was marked notified',
    kill: { by: 'child', at: 'email-mark' },
    recovery: { examined: 0, found: 0, resubmitted: 0 },
  },
];

const products = [
  { sku: '15-196HH', brand: 'EBC', mpn: 'FA196HH', cost: 2_100 },
  { sku: '48-520VX3', brand: 'DID', mpn: '520VX3-120', cost: 8_400 },
];

function orderFor(index: number): SalesOrder {
  const product = products[index % products.length] as (typeof products)[number];
  return riderOrder(index, `27-${runId}-${String(index).padStart(5, '0')}`, [
    {
      lineId: `L${index}`,
      sku: product.sku,
      title: `${product.brand} ${product.mpn}`,
      quantity: 1,
      unitPrice: product.cost * 2,
    },
  ]);
}

const orders = scenarios.map((_, index) => orderFor(index));
const salesOrderIds = orders.map((order) => `ebay:${order.marketplaceOrderId}`);
const poNumbers = salesOrderIds.map((id) => purchaseOrderNumber(id, 'wps'));

describe('crash safety: SIGKILL at every step of the loop, then restart', () => {
  let world: ServedWorld;
  let parentDirectory: string;
  let storeLocation: ChildStore;
  let previous: Scenario | undefined;

  beforeAll(async () => {
    world = await createServedWorld({ products });
    world.addOrders(orders);
    parentDirectory = mkdtempSync(join(tmpdir(), 'dropship-crash-'));
    storeLocation = serverUrl
      ? { connectionString: serverUrl, schema: `dropship_crash_${runId}` }
      : { dataDir: join(parentDirectory, 'data') };
  });

  afterAll(async () => {
    await world?.close();
    if (serverUrl && 'schema' in storeLocation) {
      const store = await createPostgresStore({
        connectionString: serverUrl,
        schema: storeLocation.schema,
        maxConnections: 1,
        migrate: false,
      });
      await store.query(`DROP SCHEMA IF EXISTS "${storeLocation.schema}" CASCADE`);
      await store.close();
    }
    if (parentDirectory) rmSync(parentDirectory, { recursive: true, force: true });
  });

  /** Opens the store between two children (a PGlite directory serves one process at a time). */
  async function inspect<T>(look: (store: PostgresStore) => Promise<T>): Promise<T> {
    const opening = performance.now();
    const store = await createPostgresStore(
      'dataDir' in storeLocation ? storeLocation : { ...storeLocation, maxConnections: 1 },
    );
    try {
      return await look(store);
    } finally {
      await store.close();
      if (process.env.DROPSHIP_CRASH_DEBUG)
        process.stderr.write(`parent: inspected the store in ${(performance.now() - opening).toFixed(0)} ms\n`);
    }
  }

  function startRun(upTo: number, stall?: CrashChildConfig['stall']): ChildRun {
    const config: CrashChildConfig = {
      store: storeLocation,
      services: world.services,
      orders: orders.slice(0, upTo),
      ...(stall ? { stall } : {}),
      orderTimeoutMs: 20_000,
    };
    const file = join(parentDirectory, `child-${upTo}.json`);
    writeFileSync(file, JSON.stringify(config));
    return startChild(childScript, [file]);
  }

  /** The next child finishes the order the previous one was killed on: recovery as expected, completed. */
  async function expectResumed(run: ChildRun, index: number): Promise<void> {
    const recovered = JSON.parse(
      (await run.waitForLine(childMarkers.recovered, 60_000)).slice(childMarkers.recovered.length + 1),
    );
    if (previous) expect(recovered, `recover() after "${previous.name}"`).toMatchObject(previous.recovery);
    if (index > 0) await run.waitForLine(`${childMarkers.completed} ${salesOrderIds[index - 1]}`, 30_000);
  }

  scenarios.forEach((scenario, index) => {
    it(`kill ${index + 1}: ${scenario.name}`, async () => {
      const poNumber = poNumbers[index] as string;
      const ebayOrderId = orders[index]?.marketplaceOrderId as string;
      let run: ChildRun | undefined;
      const killNow = () => {
        run?.kill();
        return 'stall' as const;
      };
      const { kill } = scenario;
      if (kill.by === 'parent') {
        if (kill.at === 'wps-submit-before' || kill.at === 'wps-submit-after') {
          const moment = kill.at === 'wps-submit-before' ? 'before' : 'after';
          world.hooks.wpsSubmit = (po, now) => (po === poNumber && now === moment ? killNow() : 'answer');
        } else if (kill.at === 'ebay-push-after') {
          world.hooks.ebayPush = (orderId) => (orderId === ebayOrderId ? killNow() : 'answer');
        } else {
          world.hooks.email = (message) => (message.subject.includes(ebayOrderId) ? killNow() : 'answer');
        }
      }
      try {
        run = startRun(
          index + 1,
          kill.by === 'child' ? { point: kill.at, poNumber, marketplaceOrderId: ebayOrderId } : undefined,
        );
        await expectResumed(run, index);
        if (kill.by === 'child') {
          await run.waitForLine(childMarkers.stalled, 30_000);
          run.kill();
        }
        const exit = await run.exited;
        expect(exit.signal, `the child should die by SIGKILL; stderr:\n${run.stderr()}`).toBe('SIGKILL');
        expect(run.lines.some((line) => line.startsWith(`${childMarkers.completed} ${salesOrderIds[index]}`))).toBe(
          false,
        );
      } finally {
        world.hooks.wpsSubmit = undefined;
        world.hooks.ebayPush = undefined;
        world.hooks.email = undefined;
      }

      // The state the crash left: the kill fell exactly in the window the scenario names.
      const left: PurchaseOrder | null = await inspect((store) => store.getPurchaseOrder(poNumber));
      const [shipment] = left?.shipments ?? [];
      switch (kill.at) {
        case 'wps-submit-before':
          expect(left?.state).toBe('submitting');
          expect(world.wps.orderCount(poNumber)).toBe(0);
          break;
        case 'wps-submit-after':
        case 'submitted-save':
          expect(left?.state).toBe('submitting');
          expect(world.wps.orderCount(poNumber)).toBe(1);
          break;
        case 'ebay-push-after':
        case 'tracking-record':
        case 'tracking-mark':
          expect(left?.state).toBe('shipped');
          expect(shipment?.trackingPushedAt).toBeUndefined();
          expect(world.ebay.fulfillments(ebayOrderId)).toHaveLength(1);
          break;
        case 'email-before-250':
        case 'email-record':
        case 'email-mark':
          expect(left?.state).toBe('shipped');
          expect(shipment?.trackingPushedAt).toBeDefined();
          expect(shipment?.buyerNotifiedAt).toBeUndefined();
          expect(world.emails.filter((email) => email.subject.includes(ebayOrderId))).toHaveLength(1);
          break;
      }
      previous = scenario;
    }, 120_000);
  });

  it('restarted after the last kill, the loop completes every order: nothing placed, pushed or emailed twice, nothing lost', async () => {
    const run = startRun(orders.length);
    await expectResumed(run, orders.length);
    await run.waitForLine(childMarkers.done, 30_000);
    const exit = await run.exited;
    expect(exit.code, run.stderr()).toBe(0);

    const stored = await inspect((store) => store.findPurchaseOrders({}));
    // no PO lost: every planned PO is in the store, completed, and at the distributor
    expect(stored.map((purchaseOrder) => purchaseOrder.poNumber).sort()).toEqual([...poNumbers].sort());
    expect(stored.every((purchaseOrder) => purchaseOrder.state === 'completed')).toBe(true);
    // no PO placed twice: one WPS order per PO, no other order at all
    for (const poNumber of poNumbers) expect(world.wps.orderCount(poNumber), poNumber).toBe(1);
    expect(world.wps.orders()).toHaveLength(poNumbers.length);
    // and the cart submit reached WPS once per PO (the call stalled by the first kill never got there)
    expect(poNumbers.map((poNumber) => world.submitCalls.get(poNumber))).toEqual(poNumbers.map(() => 1));
    for (const [index, order] of orders.entries()) {
      const purchaseOrder = stored.find((candidate) => candidate.poNumber === poNumbers[index]);
      const [shipment] = purchaseOrder?.shipments ?? [];
      // no double tracking push: one fulfillment, created once, at eBay
      expect(
        world.ebay.fulfillments(order.marketplaceOrderId).map((fulfillment) => fulfillment.trackingNumber),
      ).toEqual([shipment?.trackingNumber]);
      expect(world.pushCalls.get(order.marketplaceOrderId), order.marketplaceOrderId).toBe(1);
      // no double email: one message per shipment
      const emails = world.emails.filter((email) => email.subject.includes(order.marketplaceOrderId));
      expect(emails, order.marketplaceOrderId).toHaveLength(1);
      expect(shipment?.trackingPushedAt).toBeDefined();
      expect(shipment?.buyerNotifiedAt).toBeDefined();
    }
    expect(world.emails).toHaveLength(orders.length);
  }, 120_000);
});
