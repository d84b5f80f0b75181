// Cancels and re-routes under faults: a seeded, reproducible run of small scenarios on the core
// mocks (three distributors with their real cancel abilities: one cancels, one only before
// submission, one never; a marketplace; a buyer notifier), each taking a few orders through the
// loop while, at random steps, distributors refuse orders for a classified reason, cancel orders or
// units on their side, change prices (the price guard holds or re-routes), ship a refused order
// anyway, buyers cancel orders or units (cancelSalesOrder), calls fail (5xx, lost answers, timeouts)
// and the process crashes after a random number of store writes (a new process then takes over the
// same store). After a fault-free drain (recover, sync, manual cancels resolved), every scenario
// checks the promises: no PO number placed twice at a distributor, every unit of every line
// placed once, cancelled by the buyer or held with a reason (no line lost, none placed twice), no
// tracking number pushed twice, no buyer emailed twice for one package.
//
// Environment:
//   RELIABILITY_SEED=<n>            run seed (default: a new one each run, printed)
//   CANCEL_REROUTE_SCENARIOS=<n>    scenarios (default 300)
//   RELIABILITY_SCENARIO_SEED=<n>   replay one scenario (printed when one fails)
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type DropshipStore,
  type OfferInput,
  type PurchaseOrder,
  type RejectionReason,
  type SalesOrder,
} from '@dropship/core';
import {
  createMockBuyerNotifier,
  createMockDistributorClient,
  createMockMarketplaceAdapter,
  type FaultKind,
  type MockDistributorClient,
} from '@dropship/core/test';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from './support/prng.js';
import { createProcessStore, ProcessCrashedError } from './support/process-store.js';

const scenarios = Number(process.env.CANCEL_REROUTE_SCENARIOS ?? 300);
const runSeed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const replaySeed = process.env.RELIABILITY_SCENARIO_SEED;
const at = new Date('2026-11-20T15:00:00.000Z');

/** The products: each sold by every distributor under its own SKU, at its own cost. */
const products = ['PAD', 'LEVER', 'GRIP'] as const;
const distributors = [
  { id: 'wps', cancel: 'before-submission' as const, cost: 1500 },
  { id: 'parts-unlimited', cancel: 'unsupported' as const, cost: 1600 },
  { id: 'tucker-rocky', cancel: 'supported' as const, cost: 1700 },
];
const reasons: RejectionReason[] = ['out-of-stock', 'discontinued', 'not-drop-shippable', 'address-refused', 'other'];
const faultKinds: FaultKind[] = ['server-error', 'lost-response', 'timeout', 'drop-connection'];
const skuOf = (distributor: string, product: string) => `${distributor.slice(0, 2).toUpperCase()}-${product}`;

/** What one scenario found, and its figures. */
interface Outcome {
  seed: number;
  problems: string[];
  figures: Record<string, number>;
}

/** Why a line's units may be missing (buyer cancels reduce the stored order itself). */
type Explanations = Map<string, string[]>;

function offers(): OfferInput[] {
  return distributors.flatMap((distributor) =>
    products.map((product) => ({
      distributor: distributor.id,
      sku: skuOf(distributor.id, product),
      brand: 'EBC',
      mpn: product,
      currency: 'USD',
      cost: distributor.cost,
      dropShipFee: 0,
      stock: [{ warehouse: 'MAIN', quantity: 50, leadTimeDays: 0 }],
    })),
  );
}

function orderOf(random: Random, index: number): SalesOrder {
  const lines = random.sample([...products], random.integer(1, 2)).map((product, line) => ({
    lineId: `L${line + 1}`,
    sku: skuOf('wps', product),
    quantity: random.integer(1, 3),
    unitPrice: 4000,
  }));
  return {
    marketplace: 'ebay',
    marketplaceOrderId: `R-${index}`,
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
    lines,
    shippingPaid: 0,
  };
}

async function runScenario(seed: number): Promise<Outcome> {
  const random = createRandom(seed);
  const figures: Record<string, number> = {};
  const count = (name: string, by = 1) => {
    figures[name] = (figures[name] ?? 0) + by;
  };
  const clients = distributors.map((distributor) =>
    createMockDistributorClient({
      distributor: distributor.id,
      capabilities: { cancel: distributor.cancel },
      stock: Object.fromEntries(products.map((product) => [skuOf(distributor.id, product), { MAIN: 50 }])),
      now: () => at,
    }),
  );
  const ebay = createMockMarketplaceAdapter({ marketplace: 'ebay' });
  const notifier = createMockBuyerNotifier();
  const shared: DropshipStore = createMemoryStore();
  const catalog = createMemoryCatalog(offers());
  const explanations: Explanations = new Map();
  const explain = (salesOrderId: string, lineIds: readonly string[] | undefined, why: string) => {
    for (const lineId of lineIds ?? ['*']) {
      const key = `${salesOrderId}/${lineId}`;
      explanations.set(key, [...(explanations.get(key) ?? []), why]);
    }
  };
  const guard = random.chance(0.5)
    ? { tolerancePercent: 5, action: random.pick(['hold', 'reroute'] as const) }
    : undefined;

  /** A process: a dropshipper over the shared store, dying after a random number of writes (or never). */
  const startProcess = (crashes: boolean) => {
    const store = createProcessStore(
      shared,
      crashes && random.chance(0.35)
        ? { afterWrites: random.integer(0, 12), writeThenDie: random.chance(0.5) }
        : undefined,
    );
    const dropshipper = createDropshipper({
      distributors: clients,
      marketplaces: [ebay],
      notifier,
      store,
      catalog,
      approval: { mode: 'auto' },
      now: () => at,
      submitLeaseMs: 0,
      reroute: { maxReroutes: 2 },
      ...(guard === undefined ? {} : { priceGuard: guard }),
    });
    dropshipper.events.on('reroute-held', (event) => {
      count('reroute-held');
      explain(event.salesOrderId, event.lineIds, event.reason);
    });
    dropshipper.events.on('purchase-order-rerouted', () => count('rerouted'));
    if (process.env.RELIABILITY_DEBUG === '1')
      for (const name of ['purchase-order-state-changed', 'purchase-order-cancelled', 'order-held', 'warning'] as const)
        dropshipper.events.on(name, (event: unknown) => console.log(name, JSON.stringify(event)));
    dropshipper.events.on('order-held', (event) => explain(event.salesOrderId, undefined, event.reasons.join('; ')));
    dropshipper.events.on('price-guard-tripped', () => count('price-guard-tripped'));
    dropshipper.events.on('shipment-after-cancel', (event) => count(event.flag));
    return { store, dropshipper };
  };
  /** Runs a step in a process that may crash; a crash (or a fault that escapes) ends the process. */
  const step = async (crashes: boolean, act: (process: ReturnType<typeof startProcess>) => Promise<unknown>) => {
    const running = startProcess(crashes);
    try {
      const result = await act(running);
      return result;
    } catch (error) {
      if (error instanceof ProcessCrashedError || running.store.dead) count('crashes');
      else count('step-errors');
      return undefined;
    } finally {
      running.store.kill();
    }
  };
  const placed = (client: MockDistributorClient) => client.orders().filter((order) => order.status !== 'cancelled');
  const injectFaults = () => {
    for (const client of clients)
      if (random.chance(0.25))
        client.injectFault({
          kind: random.pick(faultKinds),
          operations: [
            random.pick(['submit', 'submit-look-up', 'find-order', 'shipments', 'cancel', 'stock'] as const),
          ],
          times: 1,
        });
    if (random.chance(0.15))
      ebay.injectFault({
        kind: random.pick(faultKinds),
        operations: [random.pick(['read-order', 'push-tracking'])],
        times: 1,
      });
  };

  const unfinishedCancels: { id: string; lines: { lineId: string; quantity: number }[] | undefined }[] = [];
  const orders = Array.from({ length: random.integer(1, 3) }, (_, index) => orderOf(random, seed * 10 + index));
  for (let round = 0; round < 3; round++) {
    // Trouble arriving at this step.
    for (const client of clients) {
      if (random.chance(0.25)) {
        client.rejectNextOrders({ reason: random.pick(reasons), times: random.integer(1, 2) });
        count('rejections-queued');
      }
      if (guard !== undefined && random.chance(0.2)) {
        client.setPrice(skuOf(client.distributor, random.pick([...products])), random.pick([1500, 1700, 2200]));
        count('price-changes');
      }
      for (const order of placed(client)) {
        if (random.chance(0.15) && order.shipments.length === 0) {
          const whole = random.chance(0.5);
          const line = order.lines[0] as { sku: string; quantity: number };
          client.cancelOnDistributorSide(order.poNumber, {
            reason: random.pick(reasons),
            ...(whole ? {} : { lines: [{ sku: line.sku, quantity: 1 }] }),
          });
          count(whole ? 'side-cancels' : 'side-partial-cancels');
        } else if (random.chance(0.3) && order.status !== 'rejected') {
          try {
            client.shipOrder(order.poNumber);
            count('shipped');
          } catch {
            // Nothing left to ship.
          }
        }
      }
      for (const order of client.orders())
        if (
          (order.status === 'cancelled' || order.status === 'rejected') &&
          order.shipments.length === 0 &&
          random.chance(0.1)
        ) {
          try {
            client.shipOrder(order.poNumber, { anyway: true });
            count('shipped-anyway');
          } catch {
            // Every unit was cancelled: nothing to ship.
          }
        }
    }
    injectFaults();
    for (const order of orders) {
      const id = `ebay:${order.marketplaceOrderId}`;
      if (random.chance(0.15)) {
        const cancelLines = random.chance(0.5)
          ? [{ lineId: (order.lines[0] as SalesOrder['lines'][number]).lineId, quantity: 1 }]
          : undefined;
        const cancelled = await step(true, ({ dropshipper }) => dropshipper.cancelSalesOrder(id, cancelLines));
        count('buyer-cancels');
        // A whole cancel cut short is asked again (the marketplace still shows it: intake calls
        // again). A partial one is not idempotent (units of what is left): the cancel step resumes
        // it from its own marker, outside this run's scope, so its line is only explained.
        if (cancelled === undefined && cancelLines === undefined) unfinishedCancels.push({ id, lines: cancelLines });
        if (cancelled === undefined && cancelLines !== undefined)
          explain(
            id,
            cancelLines.map((line) => line.lineId),
            'a partial buyer cancel cut short by a crash',
          );
      }
      if (round === 0 || random.chance(0.3)) {
        const result = (await step(true, ({ dropshipper }) => dropshipper.dropship(order))) as
          | { unplaced: { salesLineId: string; message: string }[] }
          | undefined;
        for (const line of result?.unplaced ?? []) explain(id, [line.salesLineId], line.message);
      }
    }
    const synced = (await step(true, ({ dropshipper }) => dropshipper.syncTracking())) as
      | { errors: unknown[] }
      | undefined;
    if (process.env.RELIABILITY_DEBUG === '1' && (synced?.errors.length ?? 0) > 0)
      console.log('sync errors', JSON.stringify(synced?.errors));
  }

  // Drain: no new faults (the one-shot faults still queued fire in the first rounds), no crash;
  // manual cancels resolved by a person.
  for (let round = 0; round < 5; round++) {
    await step(false, async ({ dropshipper, store }) => {
      // An order whose first placement died with its process is placed again (the queue's retry);
      // one that has POs is left to recover, sync and the re-route sweep.
      for (const order of orders)
        if ((await store.findPurchaseOrders({ salesOrderId: `ebay:${order.marketplaceOrderId}` })).length === 0)
          await dropshipper.dropship(order).catch(() => undefined);
      for (const cancel of unfinishedCancels.splice(0)) {
        // Units already cancelled are not cancelled again: a partial cancel asked again asks for what is left.
        await dropshipper.cancelSalesOrder(cancel.id, cancel.lines).catch(() => undefined);
      }
      await dropshipper.recover();
      const synced = await dropshipper.syncTracking();
      if (process.env.RELIABILITY_DEBUG === '1' && synced.errors.length > 0)
        console.log('sync errors', JSON.stringify(synced.errors));
      for (const purchaseOrder of await store.findPurchaseOrders({ state: 'manual_cancel' })) {
        await dropshipper.resolveManualCancel(purchaseOrder.poNumber, 'cancelled');
        count('manual-cancels-resolved');
      }
    });
  }

  // The promises.
  const problems: string[] = [];
  for (const client of clients)
    for (const order of client.orders())
      if (client.orderCount(order.poNumber) > 1)
        problems.push(`${client.distributor} holds ${client.orderCount(order.poNumber)} orders for ${order.poNumber}`);
  const all = await shared.findPurchaseOrders({});
  for (const order of orders) {
    const id = `ebay:${order.marketplaceOrderId}`;
    const stored = await shared.getSalesOrder(id);
    const wholeCancel = (await shared.getIdempotencyRecord(`sales-order-cancelled:${id}`)) !== null;
    const pos = all.filter((po) => po.salesOrderId === id);
    for (const line of stored?.lines ?? []) {
      const held = heldUnits(pos, line.lineId);
      const flagged = pos.some((po) => (po.flags?.length ?? 0) > 0);
      if (held > line.quantity && !flagged)
        problems.push(`${id}/${line.lineId}: ${held} units on live POs for ${line.quantity} ordered`);
      if (held < line.quantity && !wholeCancel) {
        const why = [...(explanations.get(`${id}/${line.lineId}`) ?? []), ...(explanations.get(`${id}/*`) ?? [])];
        const failed = pos.some((po) => po.state === 'failed' || po.state === 'submitting');
        if (why.length === 0 && !failed)
          problems.push(
            `${id}/${line.lineId}: ${line.quantity - held} unit(s) neither placed, cancelled nor held with a reason`,
          );
      }
    }
    for (const po of pos)
      for (const shipment of po.shipments) {
        if (ebay.pushCount(order.marketplaceOrderId, shipment.trackingNumber) > 1)
          problems.push(`${shipment.trackingNumber} pushed twice`);
        if (notifier.sentCount(shipment.id) > 1) problems.push(`${shipment.id} emailed twice`);
      }
  }
  count('purchase-orders', all.length);
  if (problems.length > 0 && process.env.RELIABILITY_DEBUG === '1')
    console.log(
      JSON.stringify(
        all.map((po) => ({
          po: po.poNumber,
          d: po.distributor,
          s: po.state,
          lines: po.lines.map((line) => `${line.salesLineId}x${line.quantity}`),
          rejection: po.rejection,
          reroute: po.reroute,
          audit: po.audit.map((entry) => `${entry.from}>${entry.to} ${entry.detail ?? ''}`.slice(0, 140)),
        })),
        null,
        1,
      ),
      JSON.stringify([...explanations]),
      JSON.stringify(
        await Promise.all(orders.map((order) => shared.getSalesOrder(`ebay:${order.marketplaceOrderId}`))),
      ),
    );
  return { seed, problems, figures };
}

/** Units of a sales line held by live POs (less units cancelled on the distributor's side). */
function heldUnits(pos: readonly PurchaseOrder[], lineId: string): number {
  let held = 0;
  for (const po of pos) {
    if (po.state === 'rejected' || po.state === 'cancelled') continue;
    for (const line of po.lines) if (line.salesLineId === lineId) held += line.quantity;
    for (const cancelled of po.rejection?.lines ?? []) {
      const line = po.lines.find((candidate) => candidate.sku === cancelled.sku && candidate.salesLineId === lineId);
      if (line !== undefined) held -= Math.min(line.quantity, cancelled.quantity ?? line.quantity);
    }
  }
  return held;
}

/**
 * Scenario seeds that once found a bug, replayed on every run: a line placed whole again beside a
 * partial cancel (685897939); a partial cancel recorded, then a crash before its re-route
 * (1149942193); a re-route taking another placement's PO for its own (622966786, 728638069,
 * 728812287); a hold of one line keeping the sweep from another (257847737); a crash between a
 * buyer's confirmed cancel and the placing of the kept units (1265909246).
 */
const regressionSeeds = [685897939, 1149942193, 622966786, 728638069, 728812287, 257847737, 1265909246];

describe('cancels and re-routes under faults and crashes', () => {
  it(replaySeed === undefined
    ? `keeps every promise through ${scenarios} seeded scenarios`
    : `replays scenario seed ${replaySeed}`, async () => {
    const seeds =
      replaySeed === undefined
        ? [...Array.from({ length: scenarios }, (_, index) => (runSeed + index * 7919) >>> 0), ...regressionSeeds]
        : [Number(replaySeed)];
    if (replaySeed === undefined)
      console.log(
        `cancel/re-route fault injection: run seed ${runSeed} (RELIABILITY_SEED=${runSeed} to replay the run)`,
      );
    const totals: Record<string, number> = {};
    const failures: Outcome[] = [];
    for (const seed of seeds) {
      const outcome = await runScenario(seed);
      for (const [name, value] of Object.entries(outcome.figures)) totals[name] = (totals[name] ?? 0) + value;
      if (outcome.problems.length > 0) failures.push(outcome);
    }
    console.log(`cancel/re-route fault injection: ${seeds.length} scenarios, ${JSON.stringify(totals)}`);
    for (const failure of failures.slice(0, 5))
      console.log(
        `scenario seed ${failure.seed} (RELIABILITY_SCENARIO_SEED=${failure.seed}): ${failure.problems.join('; ')}`,
      );
    expect(failures.map((failure) => failure.problems)).toEqual([]);
    if (replaySeed === undefined && seeds.length >= 100)
      for (const name of [
        'rerouted',
        'reroute-held',
        'side-cancels',
        'side-partial-cancels',
        'buyer-cancels',
        'crashes',
      ])
        expect(totals[name] ?? 0, name).toBeGreaterThan(0);
  }, 120_000);
});
