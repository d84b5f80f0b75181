// Guard scenarios: deterministic end-to-end runs, each aimed at ONE guard of a promise that the
// random fault-injection run rarely or never reaches alone (because another guard stands in the
// same window). The whole loop runs as in fault-injection.test.ts: createDropshipper with the real
// distributor clients and marketplace adapters against their simulators (Amazon too: it has no
// read of what was confirmed), @dropship/email over real SMTP to a loopback sink, the store seen
// through a process that may die at a chosen write. Every check counts calls the simulators
// served (create calls that made an order, push calls, SMTP deliveries), not only records.
//
// Each scenario is the end-to-end catch of one promise mutation (scripts/promise-mutation-list.mjs):
// - a store that lost the placement (restored from a backup, failed over to a replica that had
//   not received the last writes) places the order again: only the client's look-up before its
//   create stands between the buyer and a second order (wps-submit-skips-look-up);
// - a Shopify push answered 200 with `userErrors` is not a push (shopify-2xx-is-pushed);
// - `recover()` in a second worker while the first is inside its submit lease leaves the PO alone
//   (recover-ignores-lease);
// - a create whose answer is lost, and whose look-ups then fail, is never reported failed: the
//   order may exist (ambiguous-failure-marked-failed);
// - a process that dies between a push (or a buyer email) and the write of the PO's mark: the
//   next process reads the idempotency record and does not push (email) again, where nothing
//   else would stop it (push-ignores-idempotency-record, email-ignores-idempotency-record).
import { createAmazon } from '@dropship/amazon';
import { createAmazonSimulator } from '@dropship/amazon/testing';
import {
  type BuyerNotifier,
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type DropshipperInstance,
  type DropshipStore,
  type SalesOrder,
} from '@dropship/core';
import { createEmailNotifier } from '@dropship/email';
import { type Fault, withdrawFaults } from '@dropship/testing/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { riderOrder } from '../support/rider-order.js';
import { type CrashPlan, createProcessStore, type ProcessStore } from './support/process-store.js';
import {
  createReliabilityServer,
  createReliabilityWorld,
  distributorIds,
  type ProductStock,
  type WorldDistributor,
  type WorldMarketplace,
  worldOffers,
  worldProducts,
} from './support/reliability-world.js';
import { type SmtpSink, startSmtpSink } from './support/smtp-sink.js';

const world = createReliabilityWorld({ timeoutMs: 2_000, lane: 70 });
/** Nine units of every product at every distributor, in the simulators and in the catalog. */
const stock: ProductStock = {
  wps: [9, 9, 9, 9],
  'parts-unlimited': [9, 9, 9, 9],
  'tucker-rocky': [9, 9, 9, 9],
  automatic: [9, 9, 9, 9],
};
const amazonCredentials = {
  refreshToken: 'Atzr|guard-scenarios-refresh-token',
  clientId: 'amzn1.application-oa2-client.guardscenarios',
  clientSecret: 'guard-scenarios-client-secret',
};
const amazon = createAmazonSimulator({
  baseURL: 'https://amazon.lane70.reliability.test',
  tokenURL: 'https://lwa.lane70.reliability.test/auth/o2/token',
  ...amazonCredentials,
  timeoutDelayMs: 2_100,
});
const server = createReliabilityServer([world], {
  more: [{ origins: [amazon.baseURL, amazon.tokenURL], handlers: amazon.handlers }],
});
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  server.listen();
});
afterAll(async () => {
  server.close();
  await smtp?.close();
});
beforeEach(() => {
  world.reset(stock);
  amazon.reset({ all: true });
  smtp.reset();
});

/** Marketplaces a scenario may sell on: the world's two and Amazon. */
type GuardMarketplace = WorldMarketplace | 'amazon';

/** A sales order of one unit of the first product, in the marketplace's id format. */
function salesOrder(marketplace: GuardMarketplace, serial: number): SalesOrder {
  const product = worldProducts[0]!;
  const marketplaceOrderId = marketplace === 'amazon' ? `902-${serial}-1059050` : String(serial);
  const lineId = marketplace === 'amazon' ? `5298641${serial}` : `${serial}1`;
  const line = {
    lineId,
    sku: product.skus.wps,
    product: { brand: product.brand, mpn: product.mpn },
    quantity: 1,
    unitPrice: product.cost * 2,
  };
  return { ...riderOrder(serial, marketplaceOrderId, [line]), marketplace };
}

/** Adds an order to its marketplace's simulator. */
function addOrder(order: SalesOrder): void {
  if (order.marketplace === 'amazon') amazon.addOrder(order);
  else world.addMarketplaceOrder(order);
}

/** What a worker process is started with. */
interface WorkerOptions {
  /** The only distributor the catalog lists (so that the order goes there). */
  distributor: WorldDistributor;
  /** When the process dies (see `CrashPlan`); default never. */
  crash?: CrashPlan;
  /** Submit lease; default 0 (one process at a time). */
  submitLeaseMs?: number;
  /** Runs before each request leaves the process (may hold it); after it, `afterRequest`. */
  beforeRequest?: (request: Request) => Promise<void> | void;
  /** Runs after each request settled (answered or failed). */
  afterRequest?: (request: Request) => void;
  /** The buyer notifier's own "already emailed" records: in the store (default) or in memory (forgotten by a new process). */
  notifierRecords?: 'store' | 'memory';
}

/** One worker process: its view of the shared store and its dropshipper. */
interface Worker {
  store: ProcessStore;
  dropshipper: DropshipperInstance;
}

/** Starts a worker process on the shared store, with fresh clients, adapters and notifier. */
function startWorker(shared: DropshipStore, options: WorkerOptions): Worker {
  const store = createProcessStore(shared, options.crash);
  const processFetch: typeof fetch = async (input, init) => {
    if (store.dead) throw new TypeError('fetch failed (process is gone)');
    const request = new Request(input, init);
    await options.beforeRequest?.(request.clone());
    try {
      return await globalThis.fetch(request);
    } finally {
      options.afterRequest?.(request);
    }
  };
  const notifier: BuyerNotifier = createEmailNotifier({
    smtp: { host: smtp.host, port: smtp.port, ignoreTLS: true, connectionTimeoutMs: 2_000, socketTimeoutMs: 2_000 },
    from: 'Moto Parts Direct <orders@motoparts.example>',
    ...(options.notifierRecords === 'memory' ? {} : { idempotency: { store, claimLeaseMs: 120 } }),
  });
  const catalog = createMemoryCatalog(worldOffers(stock).filter((offer) => offer.distributor === options.distributor));
  const dropshipper = createDropshipper({
    distributors: world.createDistributorClients({ fetch: processFetch }),
    marketplaces: [
      ...world.createMarketplaceAdapters({ fetch: processFetch }),
      createAmazon({
        ...amazonCredentials,
        baseURL: amazon.baseURL,
        tokenURL: amazon.tokenURL,
        fetch: processFetch,
        timeoutMs: 2_000,
        retry: { retries: 2, minDelayMs: 1, maxDelayMs: 4 },
      }),
    ],
    notifier,
    notifyBuyer: 'always',
    store,
    catalog,
    approval: { mode: 'auto', allowIncomplete: true, minimumProfit: -1_000_000_000 },
    submitLeaseMs: options.submitLeaseMs ?? 0,
  });
  return { store, dropshipper };
}

/** Create calls a distributor accepted (an order came to exist), per PO number, as served. */
function acceptedCreates(distributor: WorldDistributor, poNumber: string): number {
  return world.ledger.acceptedCreates.get(`${distributor}|${poNumber}`) ?? 0;
}

/** The one PO a dropship result names. */
function onlyPoNumber(result: { purchaseOrders: readonly { poNumber: string }[] }): string {
  expect(result.purchaseOrders).toHaveLength(1);
  return result.purchaseOrders[0]!.poNumber;
}

/** Whether a request is the call that makes an order exist at a distributor (its create). */
function isCreate(distributor: WorldDistributor, request: Request): boolean {
  if (request.method !== 'POST') return false;
  const { origin, pathname } = new URL(request.url);
  if (origin !== new URL(world.distributors[distributor].baseURL).origin) return false;
  if (distributor === 'automatic') return pathname.endsWith('/order/create');
  if (distributor === 'parts-unlimited') return pathname.endsWith('/orders/dropship');
  return false;
}

describe('guard scenarios: a PO is never placed twice', () => {
  for (const distributor of distributorIds) {
    it(`${distributor}: a store that lost the placement (restored from an older backup) places the order again: the client finds the distributor's order, no second one`, async () => {
      const order = salesOrder('walmart', 71_000 + distributorIds.indexOf(distributor));
      addOrder(order);
      const first = startWorker(createMemoryStore(), { distributor });
      const placed = await first.dropshipper.dropship(order);
      const poNumber = onlyPoNumber(placed);
      expect(placed.purchaseOrders[0]?.outcome).toBe('submitted');
      expect(acceptedCreates(distributor, poNumber)).toBe(1);

      // The store is restored from a backup taken before the order was placed: it knows neither
      // the sales order nor its PO. The same order comes in again and gets the same PO number.
      const restored = startWorker(createMemoryStore(), { distributor });
      const again = await restored.dropshipper.dropship(order);

      expect(onlyPoNumber(again)).toBe(poNumber);
      expect(again.purchaseOrders[0]?.outcome).toBe('already-placed');
      expect(acceptedCreates(distributor, poNumber)).toBe(1);
      expect(world.distributors[distributor].orderCount(poNumber)).toBe(1);
      const [stored] = await restored.store.findPurchaseOrders({ salesOrderId: `walmart:${order.marketplaceOrderId}` });
      expect(stored?.state).toBe('submitted');
    });
  }

  it('recover() in a second worker while the first is inside its submit lease leaves the PO to it: one order', async () => {
    const distributor = 'automatic';
    const order = salesOrder('walmart', 72_001);
    addOrder(order);
    const shared = createMemoryStore();
    let enteredCreate!: () => void;
    const inCreate = new Promise<void>((resolve) => {
      enteredCreate = resolve;
    });
    let releaseCreate!: () => void;
    const released = new Promise<void>((resolve) => {
      releaseCreate = resolve;
    });
    // The first worker's create leaves the process only once the second worker has recovered.
    const first = startWorker(shared, {
      distributor,
      submitLeaseMs: 5_000,
      beforeRequest: async (request) => {
        if (!isCreate(distributor, request)) return;
        enteredCreate();
        await released;
      },
    });
    const second = startWorker(shared, { distributor, submitLeaseMs: 5_000 });

    const placing = first.dropshipper.dropship(order);
    await inCreate;
    const [inFlight] = await shared.findPurchaseOrders({ salesOrderId: `walmart:${order.marketplaceOrderId}` });
    expect(inFlight?.state).toBe('submitting');
    const recovered = await second.dropshipper.recover();
    releaseCreate();
    const placed = await placing;

    expect(recovered).toMatchObject({ examined: 1, skipped: 1, resubmitted: 0, found: 0 });
    const poNumber = onlyPoNumber(placed);
    expect(placed.purchaseOrders[0]?.outcome).toBe('submitted');
    expect(acceptedCreates(distributor, poNumber)).toBe(1);
    expect(world.distributors[distributor].orders()).toHaveLength(1);
  });
});

describe('guard scenarios: a PO is never lost', () => {
  for (const distributor of ['automatic', 'parts-unlimited'] as const) {
    it(`${distributor}: a create whose answer is lost, and whose look-ups then fail, is left to recovery, never reported failed; recovery finds the order`, async () => {
      const order = salesOrder('walmart', 73_000 + (distributor === 'automatic' ? 1 : 2));
      addOrder(order);
      const shared = createMemoryStore();
      const simulator = world.distributors[distributor];
      const lostAnswer: Fault = { kind: 'lost-response', operations: ['submit'] };
      // From the moment the order is made, every look-up fails (the distributor's order API is down).
      const lookUpsDown: Fault = { kind: 'server-error', times: 1_000, operations: ['find-order'] };
      simulator.injectFault(lostAnswer);
      const worker = startWorker(shared, {
        distributor,
        afterRequest: (request) => {
          if (isCreate(distributor, request)) simulator.injectFault(lookUpsDown);
        },
      });
      const placed = await worker.dropshipper.dropship(order);
      const poNumber = onlyPoNumber(placed);
      expect(acceptedCreates(distributor, poNumber)).toBe(1);
      // The order exists: "failed" would tell the dealer (and the next dropship) that it does not.
      expect(placed.purchaseOrders[0]?.outcome).toBe('unknown');
      const [held] = await shared.findPurchaseOrders({ salesOrderId: `walmart:${order.marketplaceOrderId}` });
      expect(held?.state).toBe('submitting');

      withdrawFaults([lostAnswer, lookUpsDown]);
      const recovered = await startWorker(shared, { distributor }).dropshipper.recover();
      expect(recovered).toMatchObject({ examined: 1, found: 1, resubmitted: 0 });
      const [settled] = await shared.findPurchaseOrders({ salesOrderId: `walmart:${order.marketplaceOrderId}` });
      expect(settled?.state).toBe('submitted');
      expect(acceptedCreates(distributor, poNumber)).toBe(1);
      expect(simulator.orders()).toHaveLength(1);
    });
  }
});

describe('guard scenarios: tracking pushed only on evidence, never twice; the buyer emailed once', () => {
  it('Shopify answers a push 200 with userErrors: not pushed; the next sync pushes it, once', async () => {
    const distributor = 'parts-unlimited';
    const order = salesOrder('shopify', 74_001);
    addOrder(order);
    const shared = createMemoryStore();
    const worker = startWorker(shared, { distributor });
    const poNumber = onlyPoNumber(await worker.dropshipper.dropship(order));
    const trackingNumber = world.distributors[distributor].shipOrder(poNumber, {
      trackingNumber: '1ZGUARD00007400001',
    });
    // Shopify's documented answer to a fulfillmentCreate it refuses: HTTP 200, `fulfillment: null`
    // and `userErrors` (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate).
    world.marketplaces.shopify.answerNextPush({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: {
          fulfillmentCreate: {
            fulfillment: null,
            userErrors: [{ field: ['fulfillment'], message: 'Fulfillment order is on hold.' }],
          },
        },
      }),
    });
    const refused = await worker.dropshipper.syncTracking();
    expect(refused.trackingPushed).toBe(0);
    expect(refused.errors.map((error) => error.step)).toContain('push');
    expect(world.marketplaces.shopify.fulfillments(order.marketplaceOrderId)).toHaveLength(0);

    const retried = await worker.dropshipper.syncTracking();
    expect(retried.trackingPushed).toBe(1);
    const recorded = world.marketplaces.shopify.fulfillments(order.marketplaceOrderId);
    expect(recorded.map((fulfillment) => fulfillment.trackingNumber)).toEqual([trackingNumber]);
    expect(world.ledger.pushCalls.get(trackingNumber)).toBe(2);
    const [completed] = await shared.findPurchaseOrders({ salesOrderId: `shopify:${order.marketplaceOrderId}` });
    expect(completed?.shipments.map((shipment) => shipment.trackingPushedAt !== undefined)).toEqual([true]);
  });

  it('Amazon (no read of confirmed packages): a process dies right after the push is recorded, before the PO is marked: the next process does not push again', async () => {
    const distributor = 'tucker-rocky';
    const order = salesOrder('amazon', 7_500_001);
    addOrder(order);
    const shared = createMemoryStore();
    const poNumber = onlyPoNumber(await startWorker(shared, { distributor }).dropshipper.dropship(order));
    world.distributors[distributor].shipOrder(poNumber, { trackingNumber: '1ZGUARD00007500001' });

    const dying = startWorker(shared, {
      distributor,
      crash: { afterWrites: Number.POSITIVE_INFINITY, afterRecordKey: 'tracking:' },
    });
    await dying.dropshipper.syncTracking().catch(() => undefined);
    expect(dying.store.dead).toBe(true);
    expect(amazon.callCount('push-tracking')).toBe(1);
    const [unmarked] = await shared.findPurchaseOrders({ salesOrderId: `amazon:${order.marketplaceOrderId}` });
    expect(unmarked?.shipments.map((shipment) => shipment.trackingPushedAt)).toEqual([undefined]);

    const next = await startWorker(shared, { distributor }).dropshipper.syncTracking();
    expect(next.errors).toEqual([]);
    expect(amazon.callCount('push-tracking')).toBe(1);
    expect(amazon.packages(order.marketplaceOrderId).map((item) => item.confirmations)).toEqual([1]);
    const [marked] = await shared.findPurchaseOrders({ salesOrderId: `amazon:${order.marketplaceOrderId}` });
    expect(marked?.shipments.map((shipment) => shipment.trackingPushedAt !== undefined)).toEqual([true]);
  });

  it('a process dies right after the buyer email is recorded, before the PO is marked; the notifier keeps its own records in memory: the next process does not email again', async () => {
    const distributor = 'wps';
    const order = salesOrder('walmart', 76_001);
    addOrder(order);
    const shared = createMemoryStore();
    const poNumber = onlyPoNumber(await startWorker(shared, { distributor }).dropshipper.dropship(order));
    world.distributors[distributor].shipOrder(poNumber, { trackingNumber: '1ZGUARD00007600001' });

    const dying = startWorker(shared, {
      distributor,
      notifierRecords: 'memory',
      crash: { afterWrites: Number.POSITIVE_INFINITY, afterRecordKey: 'buyer-notified:' },
    });
    await dying.dropshipper.syncTracking().catch(() => undefined);
    expect(dying.store.dead).toBe(true);
    expect(smtp.delivered()).toBe(1);

    const next = await startWorker(shared, { distributor, notifierRecords: 'memory' }).dropshipper.syncTracking();
    expect(next.errors).toEqual([]);
    expect(smtp.delivered()).toBe(1);
    expect([...smtp.deliveries().values()]).toEqual([1]);
    const [marked] = await shared.findPurchaseOrders({ salesOrderId: `walmart:${order.marketplaceOrderId}` });
    expect(marked?.shipments.map((shipment) => shipment.buyerNotifiedAt !== undefined)).toEqual([true]);
    expect(marked?.state).toBe('completed');
  });
});
