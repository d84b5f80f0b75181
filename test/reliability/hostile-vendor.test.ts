// The hostile-vendor suite: every call of every distributor client and marketplace adapter meets
// what broken vendors and proxies really send (an HTML maintenance page with 200, an empty 200, JSON
// of another shape, a redirect to another origin, bytes that are not UTF-8, a body of several
// megabytes, and a 50 MB streamed body), over real loopback HTTP, and after each answer the
// promises are checked: one order per PO number, nothing counted "placed", "pushed" or "cancelled"
// that the vendor does not hold, no existing order reported missing, no credential anywhere
// (errors, HTTP events, what the redirect's other host received), only typed errors, and memory
// bounded. See docs/reliability.md, "Hostile vendors".
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  DropshipError,
  type PurchaseOrderRequest,
  type SalesOrder,
  stockLevelSchema,
} from '@dropship/core';
import { createMockBuyerNotifier, createMockMarketplaceAdapter } from '@dropship/core/test';
import type { HttpEvent } from '@dropship/http';
import {
  collectExposedText,
  type Fault,
  type HostileAnswer,
  hostileAnswers,
  observeFaultInjectors,
  withdrawFaults,
} from '@dropship/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributorHarness, distributorHarnesses, marketplaceHarnesses } from './hostile/hostile-harnesses.js';
import { startLargeBodyServer, startTrapServer, type TrapServer } from './hostile/hostile-servers.js';

let trap: TrapServer;
/** Times each fault fired (counted by the injectors as it fires): a case whose fault never fired tests nothing. */
const fired = new Map<Fault, number>();
let stopCounting: () => void = () => undefined;
beforeAll(async () => {
  trap = await startTrapServer();
  stopCounting = observeFaultInjectors((call) => {
    if (call.fault !== undefined) fired.set(call.fault, (fired.get(call.fault) ?? 0) + 1);
  });
});
afterAll(async () => {
  stopCounting();
  await trap.close();
});

/** What one attacked call produced. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A hostile answer on every matching call (far more than one call's retries make). */
function hostileFault(hostile: HostileAnswer, operations: readonly string[]): Fault {
  return { kind: 'hostile-answer', hostile, operations, times: 1_000, redirectTo: trap.origin };
}

/**
 * The promises every case keeps whatever the answer: an error is one of the SDK's typed errors,
 * and no credential appears in the error, in any HTTP event, or in anything the other host of a
 * redirect received.
 */
function expectTypedAndNoSecrets(
  outcome: Outcome<unknown>,
  events: readonly HttpEvent[],
  secrets: readonly string[],
  label: string,
): void {
  if (!outcome.ok) {
    expect(DropshipError.isInstance(outcome.error), `${label}: untyped error ${String(outcome.error)}`).toBe(true);
  }
  const exposed = [
    collectExposedText(outcome.ok ? outcome.value : outcome.error),
    collectExposedText(events),
    JSON.stringify(trap.requests),
  ].join('\n');
  for (const secret of secrets) {
    const spellings = [secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)];
    for (const spelling of spellings) {
      expect(exposed.includes(spelling), `${label}: a credential (${secret.slice(0, 10)}…) leaked`).toBe(false);
    }
  }
}

let poCounter = 0;
function purchaseOrder(harness: DistributorHarness): PurchaseOrderRequest {
  poCounter += 1;
  return {
    poNumber: `HV${Date.now().toString(36).toUpperCase().slice(-4)}${poCounter}`,
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
      phone: '2085550100',
    },
    lines: [{ sku: harness.sku, quantity: 1, unitCost: 2_100 }],
    currency: 'USD',
  };
}

/** The calls of a distributor client, each with the simulator operations its requests are served as. */
const distributorCalls = [
  { call: 'checkStock', operations: ['stock'] },
  { call: 'submitOrder: the look-up before creating', operations: ['find-order'] },
  { call: 'submitOrder: the create', operations: ['submit'] },
  { call: 'findOrder', operations: ['find-order'] },
  { call: 'listShipments', operations: ['shipments', 'find-order'] },
  { call: 'cancelOrder', operations: ['cancel'] },
] as const;

describe('hostile answers on every call of every distributor client', () => {
  const cases = distributorHarnesses.flatMap((harness) =>
    distributorCalls
      .filter((call) => harness.looksUpBeforeCreating || call.call !== 'submitOrder: the look-up before creating')
      .filter((call) => harness.cancelsThroughApi || call.call !== 'cancelOrder')
      .flatMap((call) => hostileAnswers.map((hostile) => ({ harness, ...call, hostile }))),
  );

  it.each(cases)('$harness.name $call: $hostile', async ({ harness, call, operations, hostile }) => {
    const served = await harness.serve();
    trap.clear();
    try {
      const { simulator } = served;
      simulator.addProduct({ sku: harness.sku, stock: { [harness.warehouse]: 10 }, cost: 2_100 });
      const events: HttpEvent[] = [];
      const client = served.client((event) => events.push(event));
      const label = `${harness.name} ${call} (${hostile})`;
      const request = purchaseOrder(harness);
      const placesFirst = call === 'findOrder' || call === 'listShipments' || call === 'cancelOrder';
      let trackingNumber: string | undefined;
      if (placesFirst) {
        await client.submitOrder(request);
        if (call === 'listShipments') trackingNumber = simulator.shipOrder(request.poNumber);
      }
      const fault = hostileFault(hostile, operations);
      simulator.injectFault(fault);
      const expectFired = () =>
        expect(fired.get(fault) ?? 0, `${label}: the hostile answer was served`).toBeGreaterThan(0);

      switch (call) {
        case 'checkStock': {
          const outcome = await settle(client.checkStock([harness.sku]));
          expectTypedAndNoSecrets(outcome, events, harness.secrets, label);
          if (outcome.ok) {
            expect(outcome.value).toHaveLength(1);
            for (const level of outcome.value) stockLevelSchema.parse(level);
            // Nothing invented: a count the distributor did not give is never reported as stock.
            const units = outcome.value[0]?.found
              ? outcome.value[0].warehouses.reduce((sum, w) => sum + w.quantity, 0)
              : 0;
            expect(units === 0 || units === 10, `${label}: reported ${units} units`).toBe(true);
          }
          break;
        }
        case 'submitOrder: the look-up before creating': {
          const outcome = await settle(client.submitOrder(request));
          expectTypedAndNoSecrets(outcome, events, harness.secrets, label);
          // An unreadable look-up is inconclusive: nothing is created, the call fails typed.
          expect(simulator.orderCount(request.poNumber), `${label}: orders created`).toBe(0);
          expect(outcome.ok, `${label}: submitOrder answered success without creating`).toBe(false);
          break;
        }
        case 'submitOrder: the create': {
          const outcome = await settle(client.submitOrder(request));
          expectTypedAndNoSecrets(outcome, events, harness.secrets, label);
          expect(simulator.orderCount(request.poNumber), `${label}: orders created`).toBeLessThanOrEqual(1);
          if (outcome.ok) {
            // "Placed" needs evidence: the distributor holds the order it reports.
            expect(simulator.orderCount(request.poNumber), `${label}: reported placed, distributor holds none`).toBe(1);
          }
          break;
        }
        case 'findOrder': {
          const outcome = await settle(client.findOrder(request.poNumber));
          expectTypedAndNoSecrets(outcome, events, harness.secrets, label);
          // "Not found" needs evidence: an existing order is never reported missing.
          if (outcome.ok) expect(outcome.value, `${label}: an existing order reported as not found`).not.toBeNull();
          break;
        }
        case 'listShipments': {
          const outcome = await settle(client.listShipments({ poNumbers: [request.poNumber] }));
          expectTypedAndNoSecrets(outcome, events, harness.secrets, label);
          if (outcome.ok) {
            // No invented package: whatever is reported for the PO is the real one.
            for (const order of outcome.value) {
              for (const shipment of order.shipments) expect(shipment.trackingNumber).toBe(trackingNumber);
            }
          }
          break;
        }
        case 'cancelOrder': {
          const outcome = await settle(client.cancelOrder(request.poNumber));
          expectTypedAndNoSecrets(outcome, events, harness.secrets, label);
          if (outcome.ok && outcome.value.status === 'cancelled') {
            const held = simulator.orders().find((order) => order.poNumber === request.poNumber);
            expect(held?.status, `${label}: reported cancelled, the distributor did not cancel`).toBe('cancelled');
          }
          break;
        }
      }
      expectFired();
    } finally {
      await served.close();
    }
  });
});

function salesOrderFor(harness: DistributorHarness, id: string): SalesOrder {
  return {
    marketplace: 'walmart',
    marketplaceOrderId: id,
    orderedAt: new Date(Date.now() - 3_600_000).toISOString(),
    currency: 'USD',
    buyer: { name: 'Jordan Rider' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
      phone: '2085550100',
    },
    lines: [
      { lineId: '1', sku: harness.sku, product: { brand: 'EBC', mpn: 'FA196HH' }, quantity: 1, unitPrice: 9_000 },
    ],
    shippingPaid: 0,
  };
}

describe('the dropshipper: the order placed, its answer lost, then a hostile look-up', () => {
  // The headline of issue 15: a submit whose answer is lost is placed at the distributor; every
  // look-up after it answers garbage. The dropshipper must not place a second order for the PO
  // number (it holds the PO, recoverable), and once the distributor answers properly it finds the
  // one order.
  const cases = distributorHarnesses.flatMap((harness) => hostileAnswers.map((hostile) => ({ harness, hostile })));

  it.each(cases)('$harness.name: $hostile', async ({ harness, hostile }) => {
    const served = await harness.serve();
    trap.clear();
    try {
      const { simulator } = served;
      simulator.addProduct({ sku: harness.sku, stock: { [harness.warehouse]: 10 }, cost: 2_100 });
      const events: HttpEvent[] = [];
      const dropshipEvents: unknown[] = [];
      const dropshipper = createDropshipper({
        distributors: [served.client((event) => events.push(event))],
        marketplaces: [createMockMarketplaceAdapter({ marketplace: 'walmart' })],
        notifier: createMockBuyerNotifier(),
        store: createMemoryStore(),
        catalog: createMemoryCatalog([
          {
            distributor: harness.name,
            sku: harness.sku,
            brand: 'EBC',
            mpn: 'FA196HH',
            currency: 'USD',
            cost: 2_100,
            stock: [{ warehouse: harness.warehouse, quantity: 10, leadTimeDays: 0 }],
          },
        ]),
        approval: { mode: 'auto' },
      });
      // Every event the dropshipper emits, whatever its name (what a logger subscribed to all would see).
      const bus = dropshipper.events as unknown as { emit: (name: string, ...payload: unknown[]) => boolean };
      const emit = bus.emit.bind(bus);
      bus.emit = (name, ...payload) => {
        dropshipEvents.push({ name, payload });
        return emit(name, ...payload);
      };
      const order = salesOrderFor(harness, `H${poCounter++}${Date.now() % 100_000}`);
      const lost: Fault = { kind: 'lost-response', operations: ['submit'], times: 1 };
      const garbage = hostileFault(hostile, ['find-order']);
      simulator.injectFault(lost);
      // The garbage starts the moment the order is placed and its answer lost: every look-up after it.
      const stopObserving = observeFaultInjectors((call) => {
        if (call.fault === lost) simulator.injectFault(garbage);
      });
      const label = `${harness.name} (${hostile})`;

      const first = await settle(dropshipper.dropship(order)).finally(stopObserving);
      expectTypedAndNoSecrets(first, events, harness.secrets, label);
      const poNumber = (await dropshipper.purchaseOrders(`walmart:${order.marketplaceOrderId}`))[0]?.poNumber;
      expect(poNumber, `${label}: the PO is held`).toBeDefined();
      expect(simulator.orderCount(poNumber as string)).toBe(1);

      // Every way the SDK tries again, while the look-up keeps answering garbage.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        expectTypedAndNoSecrets(await settle(dropshipper.recover({ olderThanMs: 0 })), events, harness.secrets, label);
        expectTypedAndNoSecrets(await settle(dropshipper.dropship(order)), events, harness.secrets, label);
        expectTypedAndNoSecrets(
          await settle(dropshipper.submitPurchaseOrder(poNumber as string, { olderThanMs: 0 })),
          events,
          harness.secrets,
          label,
        );
      }
      expect(simulator.orderCount(poNumber as string), `${label}: orders for one PO number`).toBe(1);
      expect(fired.get(lost), `${label}: the submit answer was lost`).toBe(1);
      expect(fired.get(garbage) ?? 0, `${label}: look-ups answered garbage`).toBeGreaterThanOrEqual(3);

      // The distributor answers properly again: the one order is found, none is added.
      withdrawFaults([garbage]);
      await dropshipper.recover({ olderThanMs: 0 });
      const [purchaseOrder] = await dropshipper.purchaseOrders(`walmart:${order.marketplaceOrderId}`);
      expect(simulator.orderCount(poNumber as string)).toBe(1);
      expect(purchaseOrder?.state, `${label}: the PO is placed after recovery`).toMatch(
        /^(placed|submitted|acknowledged|backordered)$/,
      );
      expectTypedAndNoSecrets({ ok: true, value: dropshipEvents }, events, harness.secrets, `${label} events`);
    } finally {
      await served.close();
    }
  });
});

const marketplaceCalls = [
  { call: 'pushTracking: the write', operations: ['push-tracking'] },
  { call: 'pushTracking: the read', operations: ['read-order'] },
  { call: 'pushTracking: the token', operations: ['token'] },
] as const;

describe('hostile answers on every call of every marketplace adapter', () => {
  const cases = marketplaceHarnesses.flatMap((harness) =>
    marketplaceCalls
      .filter((call) => call.call !== 'pushTracking: the token' || harness.fetchesToken)
      .filter((call) => call.call !== 'pushTracking: the read' || harness.readsBeforePush)
      .flatMap((call) => hostileAnswers.map((hostile) => ({ harness, ...call, hostile }))),
  );

  it.each(cases)('$harness.name $call: $hostile', async ({ harness, call, operations, hostile }) => {
    const served = await harness.serve();
    trap.clear();
    try {
      const { simulator, order } = served;
      const events: HttpEvent[] = [];
      const adapter = served.adapter((event) => events.push(event));
      const fault = hostileFault(hostile, operations);
      simulator.injectFault(fault);
      const trackingNumber = `1Z999AA1${String(Date.now()).slice(-8)}`;
      const outcome = await settle(
        adapter.pushTracking({
          order,
          shipment: {
            id: `PO1:${trackingNumber}`,
            carrier: 'ups',
            trackingNumber,
            shippedAt: new Date().toISOString(),
            lines: [{ lineId: order.lines[0]?.lineId as string, quantity: 1 }],
          },
        }),
      );
      const label = `${harness.name} ${call} (${hostile})`;
      const issued =
        'issuedTokens' in simulator && typeof simulator.issuedTokens === 'function'
          ? (simulator.issuedTokens() as string[])
          : [];
      expectTypedAndNoSecrets(outcome, events, [...harness.secrets, ...issued], label);
      const held = simulator
        .fulfillments(order.marketplaceOrderId)
        .filter((fulfillment) => fulfillment.trackingNumber === trackingNumber);
      expect(held.length, `${label}: fulfilments recorded for one push`).toBeLessThanOrEqual(1);
      expect(fired.get(fault) ?? 0, `${label}: the hostile answer was served`).toBeGreaterThan(0);
      if (outcome.ok) {
        // "Pushed" needs evidence: the marketplace holds the tracking number it was counted for.
        expect(held.length, `${label}: counted ${outcome.value.status}, the marketplace holds nothing`).toBe(1);
      }
    } finally {
      await served.close();
    }
  });
});

/** Highest RSS seen while `work` runs, minus the RSS before it, in bytes. */
async function rssGrowth(work: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage.rss()) - before;
}

describe('a 50 MB body, streamed', () => {
  const bodyBytes = 50 * 1024 * 1024;
  const megabyte = 1024 * 1024;

  it('is refused with a typed error by every client and adapter, read no further, memory bounded', async () => {
    const large = await startLargeBodyServer(bodyBytes);
    const figures: string[] = [];
    try {
      const attacks: { label: string; secrets: readonly string[]; run: (events: HttpEvent[]) => Promise<unknown> }[] =
        [];
      for (const harness of distributorHarnesses) {
        attacks.push({
          label: `${harness.name} checkStock`,
          secrets: harness.secrets,
          run: (events) => harness.clientAt(large.origin, (event) => events.push(event)).checkStock([harness.sku]),
        });
        attacks.push({
          label: `${harness.name} findOrder`,
          secrets: harness.secrets,
          run: (events) => harness.clientAt(large.origin, (event) => events.push(event)).findOrder('HV50MB1'),
        });
      }
      for (const harness of marketplaceHarnesses) {
        const line = harness.order.lines[0];
        attacks.push({
          label: `${harness.name} pushTracking`,
          secrets: harness.secrets,
          run: (events) =>
            harness
              .adapterAt(large.origin, (event) => events.push(event))
              .pushTracking({
                order: harness.order,
                shipment: {
                  id: 'HV50MB:1Z999AA10000000050',
                  carrier: 'ups',
                  trackingNumber: '1Z999AA10000000050',
                  shippedAt: new Date().toISOString(),
                  lines: [{ lineId: line?.lineId as string, quantity: 1 }],
                },
              }),
        });
      }
      for (const attack of attacks) {
        const events: HttpEvent[] = [];
        let outcome: Outcome<unknown> = { ok: true, value: undefined };
        const writtenBefore = large.bytesWritten;
        const growth = await rssGrowth(async () => {
          outcome = await settle(attack.run(events));
        });
        figures.push(`${attack.label}: +${(growth / megabyte).toFixed(1)} MB RSS`);
        expect(outcome.ok, `${attack.label}: a 50 MB answer was accepted`).toBe(false);
        expectTypedAndNoSecrets(outcome, events, attack.secrets, attack.label);
        expect(growth, `${attack.label}: RSS grew ${(growth / megabyte).toFixed(1)} MB`).toBeLessThan(25 * megabyte);
        expect(large.bytesWritten - writtenBefore, `${attack.label}: the body was read to its end`).toBeLessThan(
          bodyBytes * 2,
        );
      }
    } finally {
      console.info(`hostile-vendor: 50 MB body: ${figures.join('; ')}`);
      await large.close();
    }
  });
});
