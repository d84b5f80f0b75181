import {
  allocateShipmentUnits,
  type BuyerNotifier,
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  DropshipError,
  type DropshipperInstance,
  type DropshipResult,
  type DropshipStore,
  dropshipEventNames,
  type PurchaseOrder,
  type PurchaseOrderState,
  type SalesOrder,
  shipmentId,
} from '@dropship/core';
import { createEmailNotifier, type EmailEvent } from '@dropship/email';
import {
  type Fault,
  type FaultKind,
  faultKinds,
  hostileAnswers,
  type SimulatedOrder,
  withdrawFaults,
} from '@dropship/testing/simulator';
import { addFired, type FiredFaults, featuredCell, formatFiredTable } from './fired-faults.js';
import { createRandom, type Random } from './prng.js';
import { type CrashPlan, createProcessStore, ProcessCrashedError, type ProcessStore } from './process-store.js';
import {
  distributorIds,
  type ProductStock,
  type ReliabilityWorld,
  type WorldDistributor,
  type WorldMarketplace,
  worldOffers,
  worldProducts,
} from './reliability-world.js';
import type { SmtpSink } from './smtp-sink.js';

/** Kinds of trouble a scenario caused (faults and SMTP failures as they fired, not as queued), crashes and restarts. */
export type TroubleKind =
  | FaultKind
  | 'notifier-error'
  | 'notifier-lost-response'
  | 'push-refused'
  | 'crash'
  | 'restart'
  | 'race';

/** Every kind of trouble, in the order the figures print them. */
export const troubleKinds: readonly TroubleKind[] = [
  ...faultKinds,
  'notifier-error',
  'notifier-lost-response',
  'push-refused',
  'crash',
  'restart',
  'race',
];

/** What one scenario did and found. */
export interface ScenarioOutcome {
  /** The seed that replays this scenario alone. */
  seed: number;
  orders: number;
  purchaseOrders: number;
  shipments: number;
  /** Trouble caused, by kind: faults and SMTP failures counted when they fired. */
  trouble: Record<TroubleKind, number>;
  /** Faults that fired, by `adapter|operation|kind`. */
  fired: FiredFaults;
  /** Faults queued that never fired (withdrawn before the drain). */
  unfired: number;
  /** A distributor order, a pushed tracking number or an email that exists twice, or a sales line covered twice. */
  duplicates: number;
  /** Something the SDK dropped: a PO stuck or unknown, a line with neither a PO nor a reason, a shipment not pushed or not emailed, a distributor order the store does not know. */
  lost: number;
  /** Errors that escaped a dropshipper method and were not the SDK's typed errors. */
  untypedErrors: number;
  /** Rounds the final drain needed to go quiet. */
  drainRounds: number;
  /** HTTP requests the simulators served. */
  httpCalls: number;
  /** Buyer emails the SMTP sink received. */
  emails: number;
  /** Buyer emails @dropship/email reported as uncertain or abandoned (sent at most once, maybe never). */
  emailsUncertain: number;
  /** One line per problem found (empty when the scenario passed). */
  problems: string[];
}

/** Options of {@link runScenario}. */
export interface ScenarioOptions {
  world: ReliabilityWorld;
  /** The scenario's seed (see `scenarioSeed`). */
  seed: number;
  /**
   * The durable store of the scenario, shared by every process. Default a new in-memory store
   * (it plays the database: it outlives the simulated processes).
   */
  store?: DropshipStore;
  /** Most sales orders per scenario. Default 2. */
  maxOrders?: number;
  /** Probability that a step is preceded by injected faults. Default 0.7. */
  faultProbability?: number;
  /** Probability that a scenario has a step where two workers run at once on the same store. Default 0. */
  raceProbability?: number;
  /** Probability that the process crashes during a step. Default 0.25. */
  crashProbability?: number;
  /** Most rounds of the final drain. Default 10. */
  maxDrainRounds?: number;
  /**
   * The SMTP server buyer emails go to: `@dropship/email` (a new notifier per process, its
   * idempotency records in the scenario's store) speaks real SMTP to it; the scenario makes it
   * refuse a message or drop the connection after receiving one. `reset` at the start of the
   * scenario: one sink serves one scenario at a time.
   */
  smtp: SmtpSink;
  /** Sees everything a scenario exposes (secret-redaction scans it). */
  observe?: ScenarioObserver;
  /** Fault kinds to draw from. Default every kind. */
  faultKinds?: readonly FaultKind[];
  /** Also queue the faults that trigger an open bug (see `openBugFaults`): to replay one. Default false. */
  includeOpenBugs?: boolean;
  /**
   * Distributors whose orders may ship in several packages. Default every distributor (WPS too,
   * since known bug 1 is fixed: its boxes are reported per warehouse order with `packageOf`).
   */
  multiPackageDistributors?: readonly WorldDistributor[];
}

/** A product bug the run found that is not fixed yet, and the faults that trigger it. */
export interface OpenBugFault {
  /** What goes wrong, where (file and symptom). */
  bug: string;
  /** A scenario seed that shows it (replayed with `includeOpenBugs` by fault-injection.test.ts as an `it.fails`). */
  seed: number;
  /** True for a fault that triggers the bug. */
  matches(adapter: string, operation: string, fault: Fault): boolean;
}

/**
 * Open bugs the randomized run found: the faults that trigger them are not queued (everything
 * else still is), and each has a replay that fails until the fix lands (then the replay's
 * `it.fails` turns red: move its seed to `regressionScenarioSeeds` and delete the entry here).
 */
export const openBugFaults: readonly OpenBugFault[] = [];

/** Hooks that see everything a scenario exposes: errors, events, log-hook calls, results. */
export interface ScenarioObserver {
  /** Every event of every process's dropshipper bus. */
  event?(name: string, payload: unknown): void;
  /** Every call of the HTTP log hook (`onEvent`) of every client. */
  httpEvent?(event: unknown): void;
  /** Every error that escaped a dropshipper method (crashes excluded). */
  error?(error: unknown): void;
  /** Every value a dropshipper method returned. */
  result?(value: unknown): void;
}

/** A simulated process: its store window and its dropshipper. */
interface Process {
  store: ProcessStore;
  dropshipper: DropshipperInstance;
}

const placedStates: ReadonlySet<PurchaseOrderState> = new Set([
  'submitted',
  'acknowledged',
  'backordered',
  'partially_shipped',
  'shipped',
  'completed',
  'cancel_requested',
]);
const releasedStates: ReadonlySet<PurchaseOrderState> = new Set(['rejected', 'cancelled', 'failed']);
const terminalStates: ReadonlySet<PurchaseOrderState> = new Set(['completed', 'rejected', 'cancelled']);

function emptyTrouble(): Record<TroubleKind, number> {
  return Object.fromEntries(troubleKinds.map((kind) => [kind, 0])) as Record<TroubleKind, number>;
}

/** Units of each SKU of a distributor order not shipped yet. */
function remainingOf(order: SimulatedOrder): { sku: string; quantity: number }[] {
  const left = new Map<string, number>();
  for (const line of order.lines) left.set(line.sku, (left.get(line.sku) ?? 0) + line.quantity);
  for (const shipment of order.shipments)
    for (const line of shipment.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  return [...left].filter(([, quantity]) => quantity > 0).map(([sku, quantity]) => ({ sku, quantity }));
}

/** Random stock per distributor and product: often plenty, sometimes none (routing must swap). */
function randomStock(random: Random): ProductStock {
  const row = () => worldProducts.map(() => (random.chance(0.2) ? 0 : random.integer(2, 12)));
  return { wps: row(), 'parts-unlimited': row(), 'tucker-rocky': row(), automatic: row() };
}

/**
 * Whether a request is the call that makes an order exist at one of the world's distributors
 * (WPS's cart submit, Parts Unlimited's and Automatic's create, Tucker Rocky's `type=ORD`).
 */
function isCreateRequest(world: ReliabilityWorld, method: string, url: URL): boolean {
  const at = (distributor: WorldDistributor) => url.origin === new URL(world.distributors[distributor].baseURL).origin;
  if (at('tucker-rocky')) return method === 'GET' && url.searchParams.get('type') === 'ORD';
  if (method !== 'POST') return false;
  if (at('wps')) return url.pathname.endsWith('/orders');
  if (at('parts-unlimited')) return url.pathname.endsWith('/orders/dropship');
  if (at('automatic')) return url.pathname.endsWith('/order/create');
  return false;
}

/**
 * A sales order in the marketplace's id format (numeric ids suit both Walmart and Shopify): one or
 * two of the world's products, one to three units each.
 *
 * @param random - the scenario's stream.
 * @param serial - the order id (lines are `<serial><n>`).
 * @param marketplace - the marketplace.
 * @param orderedAt - when it was ordered (ISO 8601). Default an hour ago.
 */
export function randomOrder(
  random: Random,
  serial: string,
  marketplace: WorldMarketplace,
  orderedAt = new Date(Date.now() - 3_600_000).toISOString(),
): SalesOrder {
  const products = random.sample(worldProducts, random.integer(1, 2));
  return {
    marketplace,
    marketplaceOrderId: serial,
    orderedAt,
    currency: 'USD',
    buyer: { name: 'Jordan Rider', email: `buyer${serial}@example.com` },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
      phone: '2085550100',
    },
    lines: products.map((product, index) => ({
      lineId: `${serial}${index + 1}`,
      sku: product.skus.wps,
      product: { brand: product.brand, mpn: product.mpn },
      quantity: random.integer(1, 3),
      unitPrice: product.cost * 2,
    })),
    shippingPaid: 0,
  };
}

/**
 * Runs one scenario: a few orders pushed through the whole loop (plan with real-time stock,
 * idempotent submission, recovery, tracking sync, push, buyer email) while the simulators fail at
 * random (5xx, 429, dropped connections, timeouts, responses lost after acting, malformed bodies,
 * 401) and the process crashes or restarts at random steps. Then a fault-free drain (recover,
 * dropship, ship what is left, sync, until quiet) and the checks: exactly one distributor order
 * per PO number, every line covered once or explained, no tracking pushed twice, no email twice,
 * every PO settled.
 *
 * @param options - the world, the seed and the knobs.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioOutcome> {
  const { world, seed } = options;
  const random = createRandom(seed);
  // Shopify refusing pushes with userErrors draws from a stream of its own, so that the main
  // stream (and with it every regression seed) replays as it did before this trouble existed.
  const refusalRandom = createRandom((seed ^ 0x5f37_59df) >>> 0);
  const requestsBefore = world.requestCount;
  const trouble = emptyTrouble();
  const problems: string[] = [];
  let untypedErrors = 0;
  const faultProbability = options.faultProbability ?? 0.7;
  const multiPackage = new Set<WorldDistributor>(options.multiPackageDistributors ?? distributorIds);
  const crashProbability = options.crashProbability ?? 0.25;

  const stock = randomStock(random);
  world.reset(stock);
  // Half the scenarios put one distributor in focus: the catalog lists only its offers, so the
  // orders go to it and the faults aimed at it fire (without this, routing sends most orders to
  // the cheapest distributor and faults on the others' submits rarely fire).
  // The scenario features one (adapter, operation, fault kind) (see fired-faults.ts): its
  // distributor is in focus, or its marketplace takes every order, and the fault is queued where
  // the call comes, so that every cell of the fired table fires in every long run.
  const feature = options.faultKinds === undefined ? featuredCell(seed) : undefined;
  const featuredDistributor = distributorIds.find((distributor) => distributor === feature?.adapter);
  const featuredMarketplace = (['walmart', 'shopify'] as const).find((name) => name === feature?.adapter);
  const drawnFocus = random.pick(distributorIds);
  const focus = featuredDistributor ?? drawnFocus;
  const focused = random.chance(0.5) || featuredDistributor !== undefined;
  // The catalog's view may be stale: a third of the time it is drawn independently of real stock.
  // Each distributor carries each product with probability 3/4 (fewer candidates, fewer stock calls).
  const carried = new Set(
    distributorIds.flatMap((distributor) =>
      worldProducts
        .filter(() => random.chance(0.75) && (!focused || distributor === focus))
        .map((product) => `${distributor}|${product.mpn}`),
    ),
  );
  if (focused) for (const product of worldProducts) carried.add(`${focus}|${product.mpn}`);
  const catalog = createMemoryCatalog(
    worldOffers(random.chance(0.33) ? randomStock(random) : stock).filter((offer) =>
      carried.has(`${offer.distributor}|${offer.mpn}`),
    ),
  );
  const shared = options.store ?? createMemoryStore();
  // Buyer emails go over real SMTP to the sink, which counts deliveries per shipment and applies
  // the queued failures: a refusal (5xx / 4xx, nothing delivered) or a connection dropped after
  // the whole message arrived (delivered, the answer lost).
  const smtp = options.smtp;
  smtp.reset();
  /** Shipments whose email the notifier reported as possibly sent (uncertain) or abandoned: at most once, maybe never. */
  const uncertainEmails = new Set<string>();
  const onEmailEvent = (event: EmailEvent) => {
    if (event.type === 'email-claim-abandoned' || (event.type === 'email-failed' && event.delivery === 'unknown'))
      uncertainEmails.add(event.shipmentId);
    options.observe?.httpEvent?.(event);
  };
  // Order ids come from the seed, so that scenarios sharing one durable store never collide.
  const orders = Array.from({ length: random.integer(1, options.maxOrders ?? 2) }, (_, index) =>
    randomOrder(random, `${seed}${index + 1}`, featuredMarketplace ?? random.pick(['walmart', 'shopify'] as const)),
  );
  for (const order of orders) world.addMarketplaceOrder(order);
  let trackingSerial = 0;
  const nextTrackingNumber = () =>
    `1ZR${String(seed % 1_000_000_000).padStart(9, '0')}${String(++trackingSerial).padStart(6, '0')}`;

  /**
   * A new process on the shared store. One process runs at a time (the previous one has finished
   * or died, its requests settled), so it may settle every PO left in `submitting` at once
   * (`submitLeaseMs` 0); two workers at once use a real lease.
   */
  function startProcess(
    plan?: CrashPlan,
    clientTimeoutMs?: number,
    submitLeaseMs = 0,
    holdCreate?: () => Promise<void>,
  ): Process {
    const store = createProcessStore(shared, plan);
    const processFetch: typeof fetch = async (input, init) => {
      if (store.dead) throw new TypeError('fetch failed (process is gone)');
      if (holdCreate !== undefined) {
        // Read without building a Request (that would take over the body of the one given).
        const url = input instanceof Request ? input.url : String(input);
        const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
        if (isCreateRequest(world, method.toUpperCase(), new URL(url))) await holdCreate();
      }
      if (store.dead) throw new TypeError('fetch failed (process is gone)');
      world.countRequest();
      return globalThis.fetch(input, init);
    };
    const observe = options.observe;
    const onEvent = observe?.httpEvent ? (event: unknown) => observe.httpEvent?.(event) : undefined;
    const processNotifier: BuyerNotifier = createEmailNotifier({
      smtp: { host: smtp.host, port: smtp.port, ignoreTLS: true, connectionTimeoutMs: 2_000, socketTimeoutMs: 2_000 },
      from: 'Moto Parts Direct <orders@motoparts.example>',
      idempotency: { store, claimLeaseMs: 120 },
      onEvent: onEmailEvent,
    });
    const dropshipper = createDropshipper({
      distributors: world.createDistributorClients({
        fetch: processFetch,
        ...(onEvent ? { onEvent } : {}),
        ...(clientTimeoutMs ? { timeoutMs: clientTimeoutMs } : {}),
      }),
      marketplaces: world.createMarketplaceAdapters({
        fetch: processFetch,
        ...(onEvent ? { onEvent } : {}),
        ...(clientTimeoutMs ? { timeoutMs: clientTimeoutMs } : {}),
      }),
      notifier: processNotifier,
      store,
      catalog,
      approval: { mode: 'auto', allowIncomplete: true, minimumProfit: -1_000_000_000 },
      concurrencyPerDistributor: 4,
      submitLeaseMs,
    });
    if (observe?.event) {
      const bus = dropshipper.events as unknown as { on(name: string, listener: (payload: unknown) => void): void };
      for (const name of dropshipEventNames) bus.on(name, (payload) => observe.event?.(name, payload));
    }
    return { store, dropshipper };
  }

  /** Every fault the scenario queued (withdrawn before the drain). */
  const injected: Fault[] = [];
  /** Faults counted when they fire: the ledger of the world's server, copied at the end. */
  const kinds = options.faultKinds ?? faultKinds;

  /** Queues one fault at a simulator, on one operation. */
  function queueFault(targetName: string, operation: string, kind: FaultKind): void {
    const target = world.faultTargets.find((candidate) => candidate.name === targetName);
    if (!target?.operations.includes(operation)) return;
    const fault: Fault = {
      kind,
      times: random.integer(1, 2),
      operations: [operation],
      ...(kind === 'rate-limit' ? { retryAfterSeconds: random.integer(1, 3) / 100 } : {}),
      ...(kind === 'hostile-answer' ? { hostile: random.pick(hostileAnswers) } : {}),
    };
    // A fault that triggers an open bug is drawn (the random stream stays the same) but not
    // queued, unless the scenario replays the bug (see `openBugFaults`).
    if (!options.includeOpenBugs && openBugFaults.some((bug) => bug.matches(targetName, operation, fault))) return;
    injected.push(fault);
    target.simulator.injectFault(fault);
  }

  /**
   * Queues 1 to 3 faults on the calls the coming step makes (a fault on a call that never comes
   * would not fire, and would be withdrawn before the drain): stock, submit and look-ups for a
   * dropship, shipments, look-ups, token, order reads and pushes for a sync, look-ups and
   * resubmits for a recovery. Half the time the distributor in focus is the target. A dropship
   * step often loses a submit's answer after the order is made, and a sync a push's answer after
   * the fulfilment is recorded: the two faults the promises are about.
   */
  function injectFaults(step: 'dropship' | 'sync' | 'recover'): void {
    const distributor = () => (random.chance(0.6) ? focus : random.pick(distributorIds));
    const marketplace = () => random.pick(orders).marketplace;
    if (step === 'dropship' && kinds.includes('lost-response') && random.chance(0.8)) {
      // The answer to the order lost, and often the look-up that follows it failing too. The
      // other distributors get one too, more often than not: routing may send the order
      // elsewhere (a fault at a distributor the step does not call is withdrawn unfired).
      const target = distributor();
      for (const other of distributorIds)
        if (other === target || random.chance(0.6)) queueFault(other, 'submit', 'lost-response');
      if (random.chance(0.5)) queueFault(target, 'find-order', random.pick(kinds));
    }
    if (step === 'sync' && kinds.includes('lost-response') && random.chance(0.5))
      queueFault(marketplace(), 'push-tracking', 'lost-response');
    // SMTP failures are queued where a buyer email may be sent: before a sync.
    if (step === 'sync' && random.chance(0.35))
      smtp.fail(random.chance(0.5) ? 'lost' : random.pick(['refuse', 'temporary'] as const));
    const count = random.integer(1, 3);
    for (let index = 0; index < count; index += 1) {
      const kind = random.pick(kinds);
      if (step === 'dropship') {
        // WPS's cart steps share one slot: a fault there ends the placement before the create,
        // so that the create's lost answer still fires at WPS often enough.
        const drawn = random.pick(['stock', 'submit', 'submit', 'find-order', 'cart']);
        const operation =
          drawn === 'cart' ? random.pick(['create-cart', 'get-cart', 'add-cart-item', 'delete-cart']) : drawn;
        queueFault(operation.includes('cart') ? 'wps' : distributor(), operation, kind);
      } else if (step === 'sync') {
        if (random.chance(0.5)) queueFault(distributor(), random.pick(['shipments', 'shipments', 'find-order']), kind);
        else queueFault(marketplace(), random.pick(['token', 'read-order', 'push-tracking', 'push-tracking']), kind);
      } else {
        queueFault(distributor(), random.pick(['find-order', 'find-order', 'submit', 'shipments']), kind);
      }
    }
  }

  /** Ships (part of) a random open distributor order: a package with a fresh tracking number. */
  function shipSomething(everything: boolean): number {
    let shipped = 0;
    // Simulators ship by PO number (the first order held for it), so a PO held twice (a
    // duplicate, reported by the checks) ships through its first order only.
    const open = distributorIds.flatMap((distributor) => {
      const firsts = new Map<string, SimulatedOrder>();
      for (const order of world.distributors[distributor].orders())
        if (!firsts.has(order.poNumber)) firsts.set(order.poNumber, order);
      return [...firsts.values()]
        .filter((order) => order.status !== 'cancelled' && remainingOf(order).length > 0)
        .map((order) => ({ distributor, order }));
    });
    const chosen = everything ? open : open.length > 0 ? [random.pick(open)] : [];
    for (const { distributor, order } of chosen) {
      const remaining = remainingOf(order);
      const partial = !everything && multiPackage.has(distributor) && random.chance(0.4);
      const lines = partial
        ? [{ sku: remaining[0]?.sku ?? '', quantity: random.integer(1, remaining[0]?.quantity ?? 1) }]
        : undefined;
      world.distributors[distributor].shipOrder(order.poNumber, {
        trackingNumber: nextTrackingNumber(),
        ...(lines ? { lines } : {}),
      });
      shipped += 1;
    }
    return shipped;
  }

  /** Runs a dropshipper call; a crash of the process is expected, other escapes must be typed. */
  async function attempt<T>(worker: Process, label: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await call();
      options.observe?.result?.(value);
      return value;
    } catch (error) {
      if (error instanceof ProcessCrashedError || worker.store.dead) return undefined;
      options.observe?.error?.(error);
      if (!DropshipError.isInstance(error)) {
        untypedErrors += 1;
        problems.push(
          `${label}: an untyped error escaped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
      }
      return undefined;
    }
  }

  // --- the faulty phase ------------------------------------------------------------------------
  type Step =
    | { kind: 'dropship'; order: SalesOrder }
    | { kind: 'ship' }
    | { kind: 'sync' }
    | { kind: 'recover' }
    | { kind: 'restart' }
    | { kind: 'race'; order: SalesOrder };
  const steps: Step[] = orders.map((order) => ({ kind: 'dropship', order }));
  const extra = random.integer(1, 4);
  for (let index = 0; index < extra; index += 1) {
    const step: Step = random.pick<Step>([
      { kind: 'ship' },
      { kind: 'ship' },
      { kind: 'sync' },
      { kind: 'sync' },
      { kind: 'recover' },
      { kind: 'restart' },
    ]);
    steps.splice(random.integer(1, steps.length), 0, step);
  }
  // Most scenarios end their faulty phase with a package shipped and a sync, so that the faults
  // aimed at tracking pushes and buyer emails meet a push and an email.
  const featureAtSync =
    feature !== undefined && (featuredMarketplace !== undefined || feature.operation === 'shipments');
  if (random.chance(0.7) || featureAtSync) steps.push({ kind: 'ship' }, { kind: 'sync' });
  if (random.chance(options.raceProbability ?? 0)) {
    steps.splice(random.integer(0, steps.length), 0, { kind: 'race', order: random.pick(orders) });
  }

  let featureQueued = false;
  let active = startProcess();
  for (const step of steps) {
    if (step.kind === 'restart') {
      trouble.restart += 1;
      active = startProcess();
      continue;
    }
    if (step.kind === 'ship') {
      shipSomething(false);
      continue;
    }
    if (step.kind === 'race') {
      // Two workers at once on the same store: one places the order, the other recovers,
      // places it too or syncs.
      trouble.race += 1;
      const other = random.pick(['recover', 'dropship', 'sync'] as const);
      if (other === 'recover') {
        // The second worker recovers while the first holds its create call (its PO saved
        // `submitting`, inside the lease): recover() must leave that PO to it. The first may
        // never create (the order placed already, a fault before the create): then the second
        // recovers once the first has finished.
        let entered!: () => void;
        const inCreate = new Promise<void>((resolve) => {
          entered = resolve;
        });
        let release!: () => void;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        const first = startProcess(undefined, 2_000, 5_000, () => {
          entered();
          return released;
        });
        const second = startProcess(undefined, undefined, 5_000);
        const placing = attempt(first, 'race dropship', () => first.dropshipper.dropship(step.order));
        await Promise.race([inCreate, placing]);
        await attempt(second, 'race recover', () => second.dropshipper.recover());
        release();
        await placing;
      } else {
        const first = startProcess(undefined, undefined, 5_000);
        const second = startProcess(undefined, undefined, 5_000);
        await Promise.all([
          attempt(first, 'race dropship', () => first.dropshipper.dropship(step.order)),
          other === 'dropship'
            ? attempt(second, 'race dropship', () => second.dropshipper.dropship(step.order))
            : attempt(second, 'race syncTracking', () => second.dropshipper.syncTracking()),
        ]);
      }
      active = startProcess();
      continue;
    }
    if (feature && !featureQueued && (step.kind === 'sync') === featureAtSync && step.kind !== 'recover') {
      featureQueued = true;
      // A look-up follows an ambiguous submit (WPS looks up before every submit anyway).
      if (feature.operation === 'find-order' && feature.adapter !== 'wps')
        queueFault(feature.adapter, 'submit', 'lost-response');
      queueFault(feature.adapter, feature.operation, feature.kind);
    }
    // Shopify answers the next push 200 with userErrors, recording nothing (a fulfillment order on
    // hold): not a push, whatever the status says; the next sync pushes it.
    if (step.kind === 'sync' && orders.some((order) => order.marketplace === 'shopify') && refusalRandom.chance(0.3))
      world.ledger.pushRefusalsArmed += 1;
    if (random.chance(faultProbability)) injectFaults(step.kind);
    const crashing = random.chance(crashProbability);
    if (crashing) active = startProcess({ afterWrites: random.integer(0, 6), writeThenDie: random.chance(0.5) });
    const current = active;
    if (step.kind === 'dropship') await attempt(current, 'dropship', () => current.dropshipper.dropship(step.order));
    else if (step.kind === 'sync') await attempt(current, 'syncTracking', () => current.dropshipper.syncTracking());
    else await attempt(current, 'recover', () => current.dropshipper.recover());
    if (current.store.dead) {
      trouble.crash += 1;
      active = startProcess();
    } else if (crashing) {
      // It would have crashed later; end it here so that a crash plan never outlives its step.
      current.store.kill();
      active = startProcess();
    }
  }

  /** True when an order has a line not covered by a live PO, or a PO to retry (the drain then calls `dropship`). */
  async function needsPlacing(order: SalesOrder): Promise<boolean> {
    const id = `${order.marketplace}:${order.marketplaceOrderId}`;
    const existing = await shared.findPurchaseOrders({ salesOrderId: id });
    if (existing.some((purchaseOrder) => purchaseOrder.state === 'failed' || purchaseOrder.state === 'draft'))
      return true;
    if (!lastResults.has(id)) return true;
    return order.lines.some(
      (line) =>
        existing
          .filter((purchaseOrder) => !releasedStates.has(purchaseOrder.state))
          .flatMap((purchaseOrder) => purchaseOrder.lines)
          .filter((poLine) => poLine.salesLineId === line.lineId)
          .reduce((sum, poLine) => sum + poLine.quantity, 0) < line.quantity &&
        lastResults.get(id)?.unplaced.some((unplaced) => unplaced.salesLineId === line.lineId) !== true,
    );
  }

  // --- the drain: no new faults; recover, place, ship everything, sync until quiet -------------
  // Faults still queued are withdrawn (they never fire now), and any fault that fires during the
  // drain is a problem of the run itself.
  withdrawFaults(injected);
  world.ledger.pushRefusalsArmed = 0;
  const unfiredSmtp = smtp.clearFaults();
  world.ledger.quiet = true;
  const firedBeforeDrain = new Map(world.ledger.fired);
  // A patient process: under load a healthy request may take longer than the faulty phase's
  // 80 ms timeout, and the drain must settle, not add faults of its own.
  const drain = startProcess(undefined, 2_000);
  const lastResults = new Map<string, DropshipResult>();
  let drainRounds = 0;
  const maxRounds = options.maxDrainRounds ?? 10;
  for (let round = 1; round <= maxRounds; round += 1) {
    drainRounds = round;
    let busy = false;
    const recovered = await attempt(drain, 'drain recover', () => drain.dropshipper.recover());
    if (recovered === undefined || recovered.examined > 0) busy = true;
    for (const order of orders) {
      if (!(await needsPlacing(order))) continue;
      const result = await attempt(drain, 'drain dropship', () => drain.dropshipper.dropship(order));
      if (result === undefined) {
        busy = true;
        continue;
      }
      lastResults.set(result.salesOrderId, result);
      if (result.purchaseOrders.some((outcome) => outcome.outcome !== 'already-placed')) busy = true;
    }
    if (shipSomething(true) > 0) busy = true;
    const synced = await attempt(drain, 'drain syncTracking', () => drain.dropshipper.syncTracking());
    // RELIABILITY_DEBUG=1 shows what each drain round found (when replaying a failing seed).
    if (globalThis.process.env.RELIABILITY_DEBUG === '1') {
      console.log(
        `drain round ${round}: recover ${JSON.stringify(recovered)}, sync errors ${JSON.stringify(synced?.errors)}`,
      );
    }
    if (
      synced === undefined ||
      synced.errors.length > 0 ||
      synced.shipmentsRecorded + synced.trackingPushed + synced.buyersNotified + synced.completed > 0
    ) {
      busy = true;
    }
    if (!busy && round >= 2) break;
    // A claim on a buyer email left by a dead process is "in flight" until its lease ends.
    if ((synced?.errors.length ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 60));
    if (round === maxRounds) problems.push(`the drain did not go quiet in ${maxRounds} rounds`);
  }

  // --- the checks -----------------------------------------------------------------------------
  world.ledger.quiet = false;
  const { ledger } = world;
  if (ledger.firedWhileQuiet.length > 0)
    problems.push(`faults fired during the fault-free drain: ${ledger.firedWhileQuiet.join(', ')}`);
  if (ledger.credentialsElsewhere.length > 0)
    problems.push(`credentials reached another host after a redirect: ${ledger.credentialsElsewhere.length} times`);
  let duplicates = 0;
  let lost = 0;
  const purchaseOrders = (
    await Promise.all(
      orders.map((order) =>
        shared.findPurchaseOrders({ salesOrderId: `${order.marketplace}:${order.marketplaceOrderId}` }),
      ),
    )
  ).flat();
  const byPo = new Map<string, PurchaseOrder>(
    purchaseOrders.map((purchaseOrder) => [purchaseOrder.poNumber, purchaseOrder]),
  );
  const ordersById = new Map(orders.map((order) => [`${order.marketplace}:${order.marketplaceOrderId}`, order]));
  let shipments = 0;

  // Exactly one create call accepted per PO number (counted on the calls as they were served,
  // whatever the simulator's records say), and only for POs the store holds as placed.
  for (const distributor of distributorIds) {
    const simulator = world.distributors[distributor];
    const counts = new Map<string, number>();
    for (const order of simulator.orders()) counts.set(order.poNumber, (counts.get(order.poNumber) ?? 0) + 1);
    for (const [key, accepted] of ledger.acceptedCreates) {
      const [owner, poNumber = ''] = key.split('|');
      if (owner === distributor) counts.set(poNumber, Math.max(accepted, counts.get(poNumber) ?? 0));
    }
    for (const [poNumber, count] of counts) {
      if (count > 1) {
        duplicates += count - 1;
        problems.push(`${distributor} accepted ${count} create calls for PO ${poNumber}`);
      }
      const stored = byPo.get(poNumber);
      if (stored === undefined || !placedStates.has(stored.state)) {
        // The SDK believes this order was never placed: when another live PO covers the same
        // lines, the buyer gets the parts twice; otherwise the order is lost to the SDK.
        const coveredElsewhere =
          stored !== undefined &&
          purchaseOrders.some(
            (other) =>
              other.poNumber !== poNumber &&
              other.salesOrderId === stored.salesOrderId &&
              !releasedStates.has(other.state) &&
              other.lines.some((line) => stored.lines.some((mine) => mine.salesLineId === line.salesLineId)),
          );
        if (coveredElsewhere) duplicates += 1;
        else lost += 1;
        problems.push(
          `${distributor} holds an order for PO ${poNumber} that the store ${stored ? `has as ${stored.state}` : 'does not know'}${coveredElsewhere ? ', and another PO covers the same lines (placed twice)' : ''}`,
        );
      }
    }
  }
  // The order a distributor holds carries exactly the PO's units (a line dropped on the way, say
  // a cart item the client believed added, leaves the PO short for ever).
  for (const purchaseOrder of purchaseOrders) {
    if (!placedStates.has(purchaseOrder.state)) continue;
    const held = world.distributors[purchaseOrder.distributor as WorldDistributor]
      ?.orders()
      .find((order) => order.poNumber === purchaseOrder.poNumber);
    if (held === undefined) continue; // reported below
    const units = (lines: readonly { sku: string; quantity: number }[]) => {
      const totals = new Map<string, number>();
      for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
      return [...totals].sort(([left], [right]) => left.localeCompare(right)).join(' ');
    };
    if (units(held.lines) !== units(purchaseOrder.lines)) {
      lost += 1;
      problems.push(
        `${purchaseOrder.distributor} holds PO ${purchaseOrder.poNumber} with units ${units(held.lines)}, the PO has ${units(purchaseOrder.lines)}`,
      );
    }
  }
  for (const purchaseOrder of purchaseOrders) {
    if (!terminalStates.has(purchaseOrder.state)) {
      lost += 1;
      problems.push(
        `PO ${purchaseOrder.poNumber} (${purchaseOrder.distributor}) is left in ${purchaseOrder.state} after the drain`,
      );
    }
    const held =
      world.distributors[purchaseOrder.distributor as WorldDistributor]?.orderCount(purchaseOrder.poNumber) ?? 0;
    if (placedStates.has(purchaseOrder.state) && held === 0) {
      lost += 1;
      problems.push(
        `PO ${purchaseOrder.poNumber} is ${purchaseOrder.state} in the store but ${purchaseOrder.distributor} does not hold it`,
      );
    }
  }

  // Every line: covered once by live POs, or unplaced with a reason.
  for (const order of orders) {
    const id = `${order.marketplace}:${order.marketplaceOrderId}`;
    const result = lastResults.get(id);
    for (const line of order.lines) {
      const covered = purchaseOrders
        .filter((purchaseOrder) => purchaseOrder.salesOrderId === id && !releasedStates.has(purchaseOrder.state))
        .flatMap((purchaseOrder) => purchaseOrder.lines)
        .filter((poLine) => poLine.salesLineId === line.lineId)
        .reduce((sum, poLine) => sum + poLine.quantity, 0);
      if (covered > line.quantity) {
        duplicates += 1;
        problems.push(`line ${id}/${line.lineId} is covered ${covered} times for ${line.quantity} ordered`);
      } else if (covered < line.quantity) {
        const reason = result?.unplaced.find((unplaced) => unplaced.salesLineId === line.lineId);
        if (reason === undefined || reason.message.trim().length === 0) {
          lost += 1;
          problems.push(`line ${id}/${line.lineId} has ${covered} of ${line.quantity} units on POs and no reason`);
        }
      }
    }
  }

  // Every shipment released: recorded, pushed exactly once, emailed exactly once where the SDK emails.
  const deliveries = smtp.deliveries();
  for (const distributor of distributorIds) {
    for (const distributorOrder of world.distributors[distributor].orders()) {
      const purchaseOrder = byPo.get(distributorOrder.poNumber);
      if (purchaseOrder === undefined) continue; // reported above
      const salesOrder = ordersById.get(purchaseOrder.salesOrderId);
      if (salesOrder === undefined) continue;
      for (const package_ of distributorOrder.shipments) {
        shipments += 1;
        const id = shipmentId(purchaseOrder.poNumber, package_.trackingNumber);
        const recorded = purchaseOrder.shipments.find((shipment) => shipment.id === id);
        // A package that covers no unit of the PO (more boxes than units) has no marketplace line
        // to go on: it is settled without a push, and only when the SDK's own split gives it none.
        const skipped =
          recorded?.trackingPushSkipped === 'no-units' &&
          (allocateShipmentUnits(purchaseOrder).get(id) ?? []).every((units) => units === 0);
        if (recorded?.trackingPushSkipped !== undefined && !skipped) {
          lost += 1;
          problems.push(`shipment ${id} was settled without a push but covers units of the PO`);
        }
        if (recorded === undefined || (recorded.trackingPushedAt === undefined && !skipped)) {
          lost += 1;
          problems.push(`shipment ${id} is ${recorded ? 'not marked pushed' : 'not recorded'}`);
        }
        // Pushes counted on the calls the marketplace acted on: a second push it refused (for
        // quantity, say) is a duplicate all the same; the fulfilments it holds must agree.
        const held = world.marketplaces[salesOrder.marketplace as WorldMarketplace]
          .fulfillments(salesOrder.marketplaceOrderId)
          .filter((fulfillment) => fulfillment.trackingNumber === package_.trackingNumber).length;
        const pushed = Math.max(held, ledger.pushCalls.get(package_.trackingNumber) ?? 0);
        if (pushed > 0 && held === 0 && !skipped) {
          lost += 1;
          problems.push(
            `tracking ${package_.trackingNumber} was pushed to ${salesOrder.marketplace} but the marketplace holds no fulfilment for it`,
          );
        }
        if (skipped) {
          if (pushed > 0) {
            duplicates += pushed;
            problems.push(`tracking ${package_.trackingNumber} was settled without a push but pushed ${pushed} times`);
          }
        } else if (pushed === 0) {
          lost += 1;
          problems.push(
            `tracking ${package_.trackingNumber} never reached ${salesOrder.marketplace} order ${salesOrder.marketplaceOrderId}`,
          );
        } else if (pushed > 1) {
          duplicates += pushed - 1;
          problems.push(`tracking ${package_.trackingNumber} was pushed ${pushed} times to ${salesOrder.marketplace}`);
        }
        const emails = deliveries.get(id) ?? 0;
        const sdkEmails = salesOrder.marketplace === 'shopify';
        if (emails > 1) {
          duplicates += emails - 1;
          problems.push(`the buyer got ${emails} emails for ${id}`);
        } else if (sdkEmails && emails === 0 && !uncertainEmails.has(id)) {
          // @dropship/email sends at most once: after an uncertain delivery or a claim abandoned
          // by a crash it does not send again (documented); anything else missing is lost.
          lost += 1;
          problems.push(`the buyer got no email for ${id}`);
        }
      }
    }
  }

  // Trouble as it fired: faults from the simulators' injectors, SMTP failures from the sink.
  for (const [key, count] of firedBeforeDrain) trouble[key.split('|')[2] as FaultKind] += count;
  const smtpApplied = smtp.appliedFaults();
  trouble['notifier-error'] += smtpApplied.refuse + smtpApplied.temporary;
  trouble['notifier-lost-response'] += smtpApplied.lost;
  trouble['push-refused'] += world.ledger.pushRefusalsServed;
  const queued = injected.reduce((sum, fault) => sum + (fault.times ?? 1), 0);
  const firedCount = [...firedBeforeDrain.values()].reduce((sum, count) => sum + count, 0);
  return {
    seed,
    orders: orders.length,
    purchaseOrders: purchaseOrders.length,
    shipments,
    trouble,
    fired: firedBeforeDrain,
    unfired: queued - firedCount + unfiredSmtp,
    duplicates,
    lost,
    untypedErrors,
    drainRounds,
    httpCalls: world.requestCount - requestsBefore,
    emails: smtp.delivered(),
    emailsUncertain: uncertainEmails.size,
    problems,
  };
}

/** Totals of a run of scenarios. */
export interface RunFigures {
  runSeed: number;
  scenarios: number;
  orders: number;
  purchaseOrders: number;
  shipments: number;
  trouble: Record<TroubleKind, number>;
  /** Faults that fired, by `adapter|operation|kind`. */
  fired: FiredFaults;
  /** Faults queued that never fired (withdrawn before each drain). */
  unfired: number;
  duplicates: number;
  lost: number;
  untypedErrors: number;
  httpCalls: number;
  emails: number;
  emailsUncertain: number;
  failedScenarios: { index: number; seed: number; problems: string[] }[];
  /** Wall-clock seconds of the run. */
  seconds: number;
  /** CPU seconds the process spent (user + system): what the run costs on an idle core. */
  cpuSeconds: number;
}

/** Empty totals for a run. */
export function emptyFigures(runSeed: number): RunFigures {
  return {
    runSeed,
    scenarios: 0,
    orders: 0,
    purchaseOrders: 0,
    shipments: 0,
    trouble: emptyTrouble(),
    fired: new Map(),
    unfired: 0,
    duplicates: 0,
    lost: 0,
    untypedErrors: 0,
    httpCalls: 0,
    emails: 0,
    emailsUncertain: 0,
    failedScenarios: [],
    seconds: 0,
    cpuSeconds: 0,
  };
}

/** Adds one scenario's outcome to the totals. */
export function addOutcome(figures: RunFigures, index: number, outcome: ScenarioOutcome): void {
  figures.scenarios += 1;
  figures.orders += outcome.orders;
  figures.purchaseOrders += outcome.purchaseOrders;
  figures.shipments += outcome.shipments;
  for (const kind of troubleKinds) figures.trouble[kind] += outcome.trouble[kind];
  addFired(figures.fired, outcome.fired);
  figures.unfired += outcome.unfired;
  figures.duplicates += outcome.duplicates;
  figures.lost += outcome.lost;
  figures.untypedErrors += outcome.untypedErrors;
  figures.httpCalls += outcome.httpCalls;
  figures.emails += outcome.emails;
  figures.emailsUncertain += outcome.emailsUncertain;
  if (outcome.problems.length > 0)
    figures.failedScenarios.push({ index, seed: outcome.seed, problems: outcome.problems });
}

/** The figures as printed at the end of a run. */
export function formatFigures(figures: RunFigures, label = 'reliability'): string {
  const faults = troubleKinds
    .filter((kind) => kind !== 'crash' && kind !== 'restart' && kind !== 'race')
    .map((kind) => `${kind} ${figures.trouble[kind]}`)
    .join(', ');
  const lines = [
    `${label}: run seed ${figures.runSeed}, ${figures.scenarios} scenarios in ${figures.seconds.toFixed(1)} s (${figures.cpuSeconds.toFixed(1)} s of CPU)`,
    `  orders ${figures.orders}, purchase orders ${figures.purchaseOrders}, shipments ${figures.shipments}, HTTP requests ${figures.httpCalls}, buyer emails ${figures.emails} (${figures.emailsUncertain} uncertain, sent at most once)`,
    `  faults fired (counted by the simulators as applied): ${faults}; queued but never fired (withdrawn before the drain): ${figures.unfired}`,
    `  crashes ${figures.trouble.crash}, clean restarts ${figures.trouble.restart}, two workers at once ${figures.trouble.race}`,
    `  duplicates ${figures.duplicates} (must be 0), lost ${figures.lost} (must be 0), untyped errors ${figures.untypedErrors} (must be 0)`,
    formatFiredTable(figures.fired),
  ];
  for (const failed of figures.failedScenarios.slice(0, 10)) {
    lines.push(
      `  FAILED scenario #${failed.index}: replay with RELIABILITY_SCENARIO_SEED=${failed.seed}`,
      ...failed.problems.slice(0, 8).map((problem) => `    - ${problem}`),
    );
  }
  return lines.join('\n');
}
