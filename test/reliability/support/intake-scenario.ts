import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  DropshipError,
  type DropshipperInstance,
  type DropshipStore,
  type PurchaseOrderState,
  type SalesOrder,
  salesOrderId,
} from '@dropship/core';
import { type Fault, type FaultKind, faultKinds, withdrawFaults } from '@dropship/testing/simulator';
import { createRandom, type Random } from './prng.js';
import { type CrashPlan, createProcessStore, ProcessCrashedError, type ProcessStore } from './process-store.js';
import {
  distributorIds,
  type ProductStock,
  type ReliabilityWorld,
  type WorldMarketplace,
  worldOffers,
  worldProducts,
} from './reliability-world.js';
import { randomOrder } from './scenario.js';

// One intake scenario: a few marketplace orders listed by the Walmart and Shopify simulators
// (some the adapters cannot map, some not ready yet), taken in by `importOrders()` over several
// runs while the listing and acknowledgement calls fail at random, pages repeat an order, the
// process crashes at a random store write (between the listing and the order's save, between the
// save and its reservation, between the reservation and its record, between the record and the
// decision, at a cursor save) and two workers sometimes import at once. Then a fault-free drain
// and the promises: every order taken in exactly once (no order lost, none imported or placed
// twice), every unmappable order held with its reason, every Walmart order acknowledged.

/** What one intake scenario did and found. */
export interface IntakeScenarioOutcome {
  seed: number;
  /** Orders the marketplaces listed. */
  orders: number;
  /** Faults that fired, by `adapter|operation|kind`. */
  fired: Map<string, number>;
  /** Processes that crashed mid-import. */
  crashes: number;
  /** Steps where two workers imported at once. */
  races: number;
  /** Listing pages that repeated an order of the page before. */
  repeatedPages: number;
  /** An order imported twice, or a PO or sales line placed twice. */
  duplicates: number;
  /** An order with no record after the drain, a record left undecided, a ready order without its sales order. */
  lost: number;
  /** Errors that escaped a dropshipper method and were not the SDK's typed errors. */
  untypedErrors: number;
  /** One line per problem found (empty when the scenario passed). */
  problems: string[];
}

/** Options of {@link runIntakeScenario}. */
export interface IntakeScenarioOptions {
  world: ReliabilityWorld;
  seed: number;
  /** The fault kind to queue on the first listing call of the scenario's featured marketplace. */
  featured?: { marketplace: WorldMarketplace; kind: FaultKind };
  /** The durable store. Default a new in-memory store. */
  store?: DropshipStore;
}

interface Listed {
  order: SalesOrder;
  /** Listed in a shape the adapter cannot map. */
  unmappable: boolean;
  /** Listed `not-ready` first, `ready` from the given step on. */
  readyAtStep: number;
}

const livePurchaseOrderStates: ReadonlySet<PurchaseOrderState> = new Set([
  'submitting',
  'submitted',
  'acknowledged',
  'backordered',
  'partially_shipped',
  'shipped',
  'completed',
  'cancel_requested',
]);

/** Ample stock, with a product now and then out of stock at one distributor (routing swaps). */
function intakeStock(random: Random): ProductStock {
  const row = () => worldProducts.map(() => (random.chance(0.15) ? 0 : random.integer(4, 12)));
  return { wps: row(), 'parts-unlimited': row(), 'tucker-rocky': row(), automatic: row() };
}

/**
 * Runs one intake scenario (see the file's comment) and checks its promises.
 *
 * @param options - the world, the seed, the featured fault.
 */
export async function runIntakeScenario(options: IntakeScenarioOptions): Promise<IntakeScenarioOutcome> {
  const { world, seed } = options;
  const random = createRandom(seed);
  const problems: string[] = [];
  let untypedErrors = 0;
  let crashes = 0;
  let races = 0;
  let repeatedPages = 0;
  const stock = intakeStock(random);
  world.reset(stock);
  const catalog = createMemoryCatalog(worldOffers(stock));
  const shared = options.store ?? createMemoryStore();
  const now = Date.now();
  const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

  // The orders: 1 to 4, each on Walmart or Shopify (the featured marketplace gets the first).
  const count = random.integer(1, 4);
  const listed: Listed[] = Array.from({ length: count }, (_, index) => {
    const marketplace =
      index === 0 && options.featured ? options.featured.marketplace : random.pick(['walmart', 'shopify'] as const);
    const order = randomOrder(random, `${seed}${index + 1}`, marketplace, minutesAgo(40 - index));
    const unmappable = random.chance(0.15);
    // Only Shopify lists by modification time with a status that can change to ready later (Walmart
    // releases an order when it is ready to ship, and lists it by creation time).
    const readyAtStep = marketplace === 'shopify' && !unmappable && random.chance(0.2) ? random.integer(1, 2) : 0;
    return { order, unmappable, readyAtStep };
  });
  const simulatorOf = (marketplace: WorldMarketplace) => {
    const intake = world.marketplaces[marketplace].intake;
    if (!intake) throw new Error(`the ${marketplace} simulator has no order intake`);
    return intake;
  };
  const list = (step: number) => {
    listed.forEach((entry, index) => {
      const intake = simulatorOf(entry.order.marketplace as WorldMarketplace);
      const becameReady = entry.readyAtStep === step && step > 0;
      if (step > 0 && !becameReady) return;
      const status = entry.readyAtStep > step ? 'not-ready' : 'ready';
      const updatedAt = becameReady ? minutesAgo(10 - index / 10) : minutesAgo(30 - index);
      if (entry.unmappable) intake.putUnmappableOrder(entry.order, { updatedAt, status });
      else intake.putOrder(entry.order, { updatedAt, status });
    });
  };
  list(0);

  const injected: Fault[] = [];
  const queue = (marketplace: WorldMarketplace, operation: string, kind: FaultKind) => {
    const fault: Fault = {
      kind,
      times: random.integer(1, 2),
      operations: [operation],
      ...(kind === 'rate-limit' ? { retryAfterSeconds: random.integer(1, 3) / 100 } : {}),
    };
    injected.push(fault);
    world.marketplaces[marketplace].injectFault(fault);
  };

  const importedEvents = new Map<string, number>();
  const pageSize = random.integer(1, 3);
  function startProcess(plan?: CrashPlan): { store: ProcessStore; dropshipper: DropshipperInstance } {
    const store = createProcessStore(shared, plan);
    const processFetch: typeof fetch = async (input, init) => {
      if (store.dead) throw new TypeError('fetch failed (process is gone)');
      world.countRequest();
      return globalThis.fetch(input, init);
    };
    const dropshipper = createDropshipper({
      distributors: world.createDistributorClients({ fetch: processFetch }),
      marketplaces: world.createMarketplaceAdapters({ fetch: processFetch, orderPageSize: pageSize }),
      store,
      catalog,
      approval: { mode: 'auto', allowIncomplete: true, minimumProfit: -1_000_000_000 },
      submitLeaseMs: 0,
    });
    dropshipper.events.on('order-imported', (event) =>
      importedEvents.set(event.salesOrderId, (importedEvents.get(event.salesOrderId) ?? 0) + 1),
    );
    return { store, dropshipper };
  }

  async function attempt(process: { store: ProcessStore }, label: string, call: () => Promise<unknown>) {
    try {
      await call();
    } catch (error) {
      if (error instanceof ProcessCrashedError || process.store.dead) return;
      if (!DropshipError.isInstance(error)) {
        untypedErrors += 1;
        problems.push(`${label}: an untyped error escaped: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  // --- the faulty phase: 2 to 4 import runs --------------------------------------------------
  const steps = random.integer(2, 4);
  for (let step = 0; step < steps; step += 1) {
    if (step > 0) list(step);
    if (step === 0 && options.featured) queue(options.featured.marketplace, 'list-orders', options.featured.kind);
    for (const marketplace of ['walmart', 'shopify'] as const) {
      if (random.chance(0.4)) queue(marketplace, 'list-orders', random.pick(faultKinds));
    }
    if (random.chance(0.3)) queue('walmart', 'acknowledge-orders', random.pick(faultKinds));
    if (random.chance(0.3)) {
      const marketplace = random.pick(['walmart', 'shopify'] as const);
      simulatorOf(marketplace).repeatOnNextPages(random.integer(1, 2));
      repeatedPages += 1;
    }
    // A lost answer to a distributor's create: placing the imported order must not place it twice.
    if (random.chance(0.3)) {
      const fault: Fault = { kind: 'lost-response', operations: ['submit'] };
      const distributor = random.pick(distributorIds);
      injected.push(fault);
      world.distributors[distributor].injectFault(fault);
    }
    if (random.chance(0.2)) {
      // Two workers import at once on the same store.
      races += 1;
      const first = startProcess();
      const second = startProcess();
      await Promise.all([
        attempt(first, 'race import 1', () => first.dropshipper.importOrders()),
        attempt(second, 'race import 2', () => second.dropshipper.importOrders()),
      ]);
      continue;
    }
    const crash = random.chance(0.45);
    const plan: CrashPlan | undefined = crash
      ? { afterWrites: random.integer(0, 10), writeThenDie: random.chance(0.5) }
      : undefined;
    const process = startProcess(plan);
    await attempt(process, `import step ${step}`, () => process.dropshipper.importOrders());
    if (process.store.dead) crashes += 1;
  }

  // --- the drain: no faults, a fresh process, until quiet -------------------------------------
  withdrawFaults(injected);
  for (const entry of listed) if (entry.readyAtStep >= steps) entry.readyAtStep = 0;
  listed.forEach((entry) => {
    if (entry.readyAtStep === 0 && entry.order.marketplace === 'shopify' && !entry.unmappable)
      simulatorOf('shopify').putOrder(entry.order, { updatedAt: minutesAgo(5), status: 'ready' });
  });
  for (let round = 0; round < 3; round += 1) {
    const process = startProcess();
    await attempt(process, `drain round ${round}`, async () => {
      await process.dropshipper.recover();
      const results = await process.dropshipper.importOrders();
      for (const result of results)
        if (result.error) problems.push(`drain: ${result.marketplace} import failed: ${result.error}`);
    });
  }

  // --- the promises --------------------------------------------------------------------------
  let duplicates = 0;
  let lost = 0;
  const acknowledged = new Set(simulatorOf('walmart').acknowledged());
  for (const entry of listed) {
    const id = salesOrderId(entry.order);
    const record = await shared.getImportedOrder?.(id);
    if (!record) {
      lost += 1;
      problems.push(`${id}: listed but never taken in`);
      continue;
    }
    if ((importedEvents.get(id) ?? 0) > 1) {
      duplicates += 1;
      problems.push(`${id}: imported ${importedEvents.get(id)} times`);
    }
    if (entry.unmappable) {
      if (record.status !== 'unmappable' || record.reasons.length === 0)
        problems.push(`${id}: unmappable order is ${record.status} (reasons: ${record.reasons.join('; ')})`);
      continue;
    }
    if (record.status !== 'placed' && record.status !== 'held') {
      lost += 1;
      problems.push(`${id}: record left ${record.status} after the drain`);
    }
    if ((await shared.getSalesOrder(id)) === null) {
      lost += 1;
      problems.push(`${id}: taken in without its sales order`);
    }
    if (entry.order.marketplace === 'walmart' && !acknowledged.has(entry.order.marketplaceOrderId)) {
      lost += 1;
      problems.push(`${id}: never acknowledged at Walmart`);
    }
    // No sales line placed twice: the live POs of the order hold each line's units at most once.
    const purchaseOrders = await shared.findPurchaseOrders({ salesOrderId: id });
    const placedUnits = new Map<string, number>();
    for (const purchaseOrder of purchaseOrders) {
      if (!livePurchaseOrderStates.has(purchaseOrder.state)) continue;
      for (const line of purchaseOrder.lines)
        placedUnits.set(line.salesLineId, (placedUnits.get(line.salesLineId) ?? 0) + line.quantity);
    }
    for (const line of entry.order.lines) {
      if ((placedUnits.get(line.lineId) ?? 0) > line.quantity) {
        duplicates += 1;
        problems.push(`${id} line ${line.lineId}: ${placedUnits.get(line.lineId)} units placed of ${line.quantity}`);
      }
    }
    if (record.status === 'placed' && purchaseOrders.length === 0) {
      lost += 1;
      problems.push(`${id}: record says placed, no PO exists`);
    }
  }
  // Exactly one distributor order per PO number.
  for (const [key, creates] of world.ledger.acceptedCreates) {
    if (creates > 1) {
      duplicates += 1;
      problems.push(`${key}: created ${creates} times at the distributor`);
    }
  }
  if (untypedErrors > 0) problems.push(`${untypedErrors} untyped errors escaped`);
  return {
    seed,
    orders: listed.length,
    fired: new Map(world.ledger.fired),
    crashes,
    races,
    repeatedPages,
    duplicates,
    lost,
    untypedErrors,
    problems,
  };
}
