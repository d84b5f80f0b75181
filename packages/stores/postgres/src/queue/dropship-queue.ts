import { randomUUID } from 'node:crypto';
import {
  ConfigurationError,
  type Dropshipper,
  type DropshipResult,
  type PurchaseOrder,
  type PurchaseOrderOutcome,
  type PurchaseOrderState,
  parseSalesOrder,
  parseWith,
  purchaseOrderStateGroups,
  type SalesOrder,
  type SyncTrackingResult,
  sumSyncResults,
  salesOrderId as toSalesOrderId,
  ValidationError,
} from '@dropship/core';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import type { SqlExecutor } from '../postgres-executor.js';
import { createPostgresStore, type PostgresStore } from '../postgres-store.js';
import { type DropshipQueueOptions, type ParsedQueueOptions, parseQueueOptions } from './dropship-queue-options.js';
import {
  intakeQueueName,
  runIntake,
  sendFirstIntakeRuns,
  sendNextIntakeRun,
  setUpIntakeQueues,
} from './intake-jobs.js';
import { createJobLeases } from './job-leases.js';
import { type JobPump, type JobResult, type PumpedJob, startJobPump } from './job-pump.js';
import {
  type ListingPushQueue,
  listingPushQueues,
  runListingPush,
  sendFirstListingPushRuns,
  sendNextListingPushRun,
  setUpListingPushQueues,
} from './listing-jobs.js';
import {
  createQueueStore,
  type DropshipQueueName,
  dropshipQueueNames,
  type JobSender,
  type PlannedJob,
} from './queue-store.js';

/** What `enqueueOrder` did. */
export interface EnqueueResult {
  /** `<marketplace>:<marketplaceOrderId>`. */
  salesOrderId: string;
  /** False when a placement of this order was already waiting in the queue (nothing new was queued). */
  queued: boolean;
}

/** What the last placement of a queued order did: every order ends up with one. */
export interface OrderOutcome {
  salesOrderId: string;
  /**
   * The dropshipper's status (`placed`, `partially-placed`, `unknown`, `held`, `failed`,
   * `nothing-to-place`), `missing` (the order was not in the store) or `error` (the placement
   * threw; the job is retried).
   */
  status: DropshipResult['status'] | 'missing' | 'error';
  /** The POs of the placement, with their outcome. */
  purchaseOrders: Pick<PurchaseOrderOutcome, 'poNumber' | 'distributor' | 'outcome' | 'state' | 'error' | 'recovery'>[];
  /** Lines that could not be placed, and why. */
  unplaced: { salesLineId: string; sku: string; quantity: number; code: string; message: string }[];
  /** Why the order was held (`held`). */
  holdReasons: string[];
  /** What went wrong (`error`, `missing`). */
  error?: string;
  /** How many placements ran for this order. */
  runs: number;
  /** When the outcome was last written (ISO 8601). */
  updatedAt: string;
}

/** Jobs per queue and state (`created`, `retry`, `active`, `completed`, `failed`, `cancelled`). */
export type DropshipJobCounts = Record<DropshipQueueName, Partial<Record<string, number>>>;

/** Options of `startWorker`. */
export interface DropshipWorkerOptions {
  /** Jobs in flight at once per queue (place, submit, push; sync runs batches). Default 4. */
  concurrency?: number;
  /** POs per tracking sync batch (one batched distributor lookup each). Default 100. */
  syncBatchSize?: number;
  /**
   * After a sync batch that was not full, wait this long before taking the next, ms, so that
   * batches fill up: a distributor whose tracking is looked up by date range answers for one PO
   * at the cost of all. Default 1,000.
   */
  syncGatherMs?: number;
}

/** A worker running in this process. */
export interface DropshipWorker {
  /** Unique per worker; part of every lease it takes. */
  readonly id: string;
  /** Takes no new jobs and waits for the jobs in flight. */
  stop(): Promise<void>;
}

/** The drop-ship loop as pg-boss jobs on one PostgreSQL server, for any number of worker processes. */
export interface DropshipQueue {
  /** The PostgreSQL store the queue and its workers use. */
  readonly store: PostgresStore;
  /** Saves the order and queues its placement, in one transaction. Queuing it twice is harmless. */
  enqueueOrder(order: SalesOrder): Promise<EnqueueResult>;
  /**
   * Saves many orders and queues their placements in one transaction (an import, a marketplace
   * poll): one statement for the orders, one for the jobs. All or none; an invalid order is a
   * `ValidationError` naming its index. Returns the sales order ids.
   */
  enqueueOrders(orders: readonly SalesOrder[]): Promise<string[]>;
  /** Starts a worker in this process (needs `createDropshipper`). Start as many processes as you like. */
  startWorker(options?: DropshipWorkerOptions): Promise<DropshipWorker>;
  /** What the last placement of the order did, or null when none ran yet. */
  orderOutcome(salesOrderId: string): Promise<OrderOutcome | null>;
  /** Jobs per queue and state (monitoring; a test waits for the queues to drain with it). */
  jobCounts(): Promise<DropshipJobCounts>;
  /** Stops this process's workers, pg-boss and the store (a pool you passed in stays open). */
  stop(): Promise<void>;
}

/** States in which a placed PO still waits for packages: its tracking is synced again later. */
const waitingStates: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.awaitingPackages);

/** States in which a PO may still have tracking to push. */
const openStates: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.placedOpen);

const workerOptionsSchema = z.strictObject({
  concurrency: z.number().int().positive().max(1_000).default(4),
  syncBatchSize: z.number().int().positive().max(10_000).default(100),
  syncGatherMs: z.number().int().nonnegative().max(3_600_000).default(1_000),
});

const placeData = z.object({ salesOrderId: z.string().min(1) });
const submitData = z.object({ salesOrderId: z.string().min(1), poNumber: z.string().min(1) });
const poData = z.object({ poNumber: z.string().min(1) });

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function summarise(result: DropshipResult): Omit<OrderOutcome, 'salesOrderId' | 'status' | 'runs' | 'updatedAt'> {
  return {
    purchaseOrders: result.purchaseOrders.map(({ poNumber, distributor, outcome, state, error, recovery }) => ({
      poNumber,
      distributor,
      outcome,
      state,
      ...(error === undefined ? {} : { error }),
      ...(recovery === undefined ? {} : { recovery }),
    })),
    unplaced: result.unplaced.map(({ salesLineId, sku, quantity, code, message: text }) => ({
      salesLineId,
      sku,
      quantity,
      code,
      message: text,
    })),
    holdReasons: [...result.holdReasons],
  };
}

function createBoss(options: ParsedQueueOptions): PgBoss {
  const common = {
    schema: options.jobsSchema,
    supervise: true,
    // pg-boss's cron scheduler runs only for a cron schedule of the intake or the listing push.
    schedule: options.intake?.schedule === 'cron' || options.listings?.schedule === 'cron',
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
  };
  if (options.pool) {
    const pool = options.pool;
    return new PgBoss({
      ...common,
      db: { executeSql: async (text, values) => pool.query(text, values) },
    });
  }
  return new PgBoss({
    ...common,
    connectionString: options.connectionString as string,
    max: options.maxJobConnections,
    application_name: 'dropship-queue',
  });
}

/**
 * Runs the drop-ship loop as pg-boss jobs on a PostgreSQL server, so that any number of worker
 * processes share the work:
 * - `enqueueOrder` saves the order and queues its placement in one transaction;
 * - a worker places it (plan, real-time stock, PO saved `submitting`, distributor called), and
 *   every PO write that calls for more work queues it **in the same transaction** (the PO saved
 *   `submitting` → a check that settles it if the worker dies; placed → the first tracking
 *   sync; a shipment recorded → a check that it is pushed, notified and completed);
 * - tracking syncs run in batches and queue themselves again while the PO waits for packages;
 * - with `intake` and `listings`, scheduled order imports and listing pushes run per marketplace,
 *   one run of each marketplace at a time across every worker.
 *
 * Jobs are delivered at least once and two workers may pick related jobs; a worker first takes
 * a lease on the order (placing, settling) or the PO (syncing, pushing) in the store, and the
 * store's unique PO numbers and optimistic versions guard every write: a PO is placed once.
 *
 * @param options - the server, the dropshipper factory, the delays (see {@link DropshipQueueOptions}).
 * @throws ValidationError when the options are invalid (for example no server: pg-boss needs one).
 * @example
 * ```ts
 * const queue = await createDropshipQueue({
 *   connectionString: process.env.DATABASE_URL,
 *   createDropshipper: (store) => createDropshipper({ distributors, marketplaces, notifier, catalog, store, approval: { mode: 'auto' } }),
 * });
 * await queue.enqueueOrder(order);              // in the process that receives orders
 * await queue.startWorker({ concurrency: 8 });  // in each worker process
 * ```
 */
export async function createDropshipQueue(options: DropshipQueueOptions): Promise<DropshipQueue> {
  const parsed = parseQueueOptions(options);
  const emit = (event: Parameters<ParsedQueueOptions['onEvent']>[0]) => {
    try {
      parsed.onEvent(event);
    } catch {
      // A throwing log hook must not break a job.
    }
  };
  const store = await createPostgresStore({
    schema: parsed.schema,
    ...(parsed.pool
      ? { pool: parsed.pool }
      : { connectionString: parsed.connectionString, maxConnections: parsed.maxConnections }),
  });
  const boss = createBoss(parsed);
  boss.on('error', (error) => emit({ type: 'queue-error', message: message(error) }));
  try {
    await boss.start();
    for (const name of Object.values(dropshipQueueNames)) {
      const settings = {
        name,
        policy: 'short' as const,
        retryLimit: parsed.retryLimit,
        retryDelay: parsed.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: parsed.expireInSeconds,
      };
      await boss.createQueue(name, settings);
      await boss.updateQueue(name, settings);
    }
    const scheduledSettings = {
      retryLimit: parsed.retryLimit,
      retryDelay: parsed.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: parsed.expireInSeconds,
    };
    if (parsed.intake) await setUpIntakeQueues(boss, parsed.intake, scheduledSettings);
    if (parsed.listings) await setUpListingPushQueues(boss, parsed.listings, scheduledSettings);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await store.close();
    throw error;
  }

  const quoted = `"${parsed.schema}"`;
  const leases = createJobLeases(store, quoted);
  const leaseMs = parsed.leaseSeconds * 1_000;
  const delays = {
    syncIntervalSeconds: parsed.syncIntervalSeconds,
    submitCheckSeconds: parsed.submitCheckSeconds,
    pushCheckSeconds: parsed.pushCheckSeconds,
    retryDelaySeconds: parsed.retryDelaySeconds,
    failedRetryLimit: parsed.failedRetryLimit,
  };

  /** Sends jobs through `executor`: the transaction of a state change, or the store. Returns the ids (null: one was already waiting). */
  const sendJobs = async (executor: SqlExecutor, jobs: readonly PlannedJob[]): Promise<(string | null)[]> => {
    const db = { executeSql: (text: string, values: unknown[]) => executor.query(text, values) };
    const ids: (string | null)[] = [];
    for (const job of jobs) {
      ids.push(
        await boss.send(job.queue, job.data, {
          singletonKey: job.key,
          ...(job.startAfterSeconds > 0 ? { startAfter: job.startAfterSeconds } : {}),
          db,
        }),
      );
    }
    return ids;
  };
  const send: JobSender = async (executor, jobs) => {
    await sendJobs(executor, jobs);
  };

  async function recordOutcome(
    salesOrderId: string,
    status: OrderOutcome['status'],
    detail: Omit<OrderOutcome, 'salesOrderId' | 'status' | 'runs' | 'updatedAt'>,
  ): Promise<void> {
    // A later run that finds nothing new to place keeps what the first one recorded.
    await store.query(
      `INSERT INTO ${quoted}.order_outcomes (sales_order_id, status, detail) VALUES ($1::text, $2::text, $3::text::jsonb)
       ON CONFLICT (sales_order_id) DO UPDATE SET
         status = CASE WHEN excluded.status = 'nothing-to-place' AND jsonb_array_length(excluded.detail->'unplaced') = 0
                       THEN ${quoted}.order_outcomes.status ELSE excluded.status END,
         detail = CASE WHEN excluded.status = 'nothing-to-place' AND jsonb_array_length(excluded.detail->'unplaced') = 0
                       THEN ${quoted}.order_outcomes.detail ELSE excluded.detail END,
         runs = ${quoted}.order_outcomes.runs + 1,
         updated_at = now()`,
      [salesOrderId, status, JSON.stringify(detail)],
    );
  }

  const workers = new Set<DropshipWorker>();
  let stopped: Promise<void> | undefined;

  async function startWorker(workerInput: DropshipWorkerOptions = {}): Promise<DropshipWorker> {
    const { concurrency, syncBatchSize, syncGatherMs } = parseWith(
      workerOptionsSchema,
      workerInput ?? {},
      'worker options',
    );
    if (parsed.createDropshipper === undefined) {
      throw new ConfigurationError('createDropshipQueue: give `createDropshipper` to run workers');
    }
    if (stopped) throw new ConfigurationError('createDropshipQueue: the queue is stopped');
    const workerId = randomUUID();
    const queueStore = createQueueStore(store, send, delays);
    const dropshipper: Dropshipper = await parsed.createDropshipper(queueStore);
    const intake = parsed.intake;
    const listings = parsed.listings;
    const report = (error: unknown) => emit({ type: 'queue-error', message: message(error) });

    /** Runs `work` holding the leases of `keys` it could take (renewed while it runs). */
    async function holding<T>(
      keys: string[],
      owner: string,
      work: (held: ReadonlySet<string>) => Promise<T>,
    ): Promise<T> {
      const held = await leases.acquire(keys, owner, leaseMs);
      const timer =
        held.length === 0
          ? undefined
          : setInterval(() => leases.renew(held, owner, leaseMs).catch(report), leaseMs / 3);
      try {
        return await work(new Set(held));
      } finally {
        if (timer !== undefined) clearInterval(timer);
        if (held.length > 0) await leases.release(held, owner).catch(report);
      }
    }

    /** Sends the job again for later: another worker holds its order or PO. */
    async function postpone(
      queue: DropshipQueueName,
      jobId: string,
      data: PlannedJob['data'],
      key: string,
    ): Promise<object> {
      await send(store, [{ queue, data, key, startAfterSeconds: parsed.busyRetrySeconds }]);
      emit({ type: 'job-postponed', queue, jobId, key });
      return { status: 'postponed' };
    }

    /** Runs one job of a batch on its own: its failure fails only that job. */
    async function isolated(queue: string, job: PumpedJob<unknown>, run: () => Promise<object>): Promise<JobResult> {
      try {
        const output = { ...(await run()), worker: workerId };
        emit({ type: 'job-completed', queue, jobId: job.id, output });
        return { output };
      } catch (error) {
        emit({ type: 'job-failed', queue, jobId: job.id, message: message(error) });
        return { error };
      }
    }

    /** Plans and places one order, holding the order's lease. */
    async function place(job: PumpedJob<unknown>): Promise<object> {
      const { salesOrderId } = parseWith(placeData, job.data, 'place job');
      return holding([`order:${salesOrderId}`], `${workerId}:${job.id}`, async (held) => {
        if (held.size === 0) return postpone(dropshipQueueNames.place, job.id, { salesOrderId }, salesOrderId);
        const order = await store.getSalesOrder(salesOrderId);
        if (order === null) {
          const error = `sales order ${salesOrderId} is not in the store`;
          await recordOutcome(salesOrderId, 'missing', { purchaseOrders: [], unplaced: [], holdReasons: [], error });
          return { status: 'missing' };
        }
        let result: DropshipResult;
        try {
          // The order's POs left `submitting` are settled by their own submit jobs: no recovery pass.
          result = await dropshipper.dropship(order, { recover: false });
        } catch (error) {
          await recordOutcome(salesOrderId, 'error', {
            purchaseOrders: [],
            unplaced: [],
            holdReasons: [],
            error: message(error),
          });
          throw error;
        }
        const summary = summarise(result);
        await recordOutcome(salesOrderId, result.status, summary);
        return { status: result.status, purchaseOrders: summary.purchaseOrders };
      });
    }

    /**
     * Imports one marketplace's orders, holding its intake lease (a run whose pg-boss job expired
     * while it still ran keeps it): sends the next run first, so that a worker dying mid-run does
     * not stop the schedule. The queue's policy already runs one job per marketplace at a time.
     */
    async function importMarketplace(job: PumpedJob<unknown>, marketplace: string): Promise<object> {
      if (intake === undefined) throw new Error('intake is not configured');
      await sendNextIntakeRun(boss, intake, marketplace);
      return holding([`intake:${marketplace}`], `${workerId}:${job.id}`, async (held) => {
        if (held.size === 0) return { status: 'busy', marketplace };
        return runIntake(dropshipper, marketplace);
      });
    }

    /**
     * Pushes the listings of one queue's marketplace (or of every marketplace), holding its lease
     * (a run whose pg-boss job expired while it still ran keeps it): sends the next run first, so
     * that a worker dying mid-run does not stop the schedule. The queue's policy already runs one
     * job per queue at a time.
     */
    async function pushListings(job: PumpedJob<unknown>, queue: ListingPushQueue): Promise<object> {
      if (listings === undefined) throw new Error('the listing push is not configured');
      await sendNextListingPushRun(boss, listings, queue);
      return holding([queue.leaseKey], `${workerId}:${job.id}`, async (held) => {
        if (held.size === 0)
          return { status: 'busy', ...(queue.marketplace === undefined ? {} : { marketplace: queue.marketplace }) };
        return runListingPush(dropshipper, queue);
      });
    }

    /** Settles a PO still `submitting`: found at the distributor, or submitted (holding the order's lease). */
    async function settleSubmitting(job: PumpedJob<unknown>, salesOrderId: string, poNumber: string): Promise<object> {
      return holding([`order:${salesOrderId}`], `${workerId}:${job.id}`, async (held) => {
        if (held.size === 0) return postpone(dropshipQueueNames.submit, job.id, { salesOrderId, poNumber }, poNumber);
        const before = await store.getPurchaseOrder(poNumber);
        if (before?.state !== 'submitting') return { status: 'settled', state: before?.state ?? 'missing' };
        // Holding the order's lease, this worker is the only one acting on the order: settle now,
        // whatever the dropshipper's own submit lease says.
        const outcome = await dropshipper.submitPurchaseOrder(poNumber, { olderThanMs: 0 });
        if (outcome.state === 'submitting') {
          throw new Error(
            `PO ${poNumber} is still submitting: the distributor did not answer (${outcome.outcome}: ${outcome.error ?? 'no detail'})`,
          );
        }
        return { status: 'recovered', state: outcome.state, outcome: outcome.outcome };
      });
    }

    /** True when a PO has recorded shipments still to push, notify or complete. */
    const pushPending = (purchaseOrder: PurchaseOrder | undefined | null): boolean =>
      purchaseOrder !== undefined &&
      purchaseOrder !== null &&
      openStates.has(purchaseOrder.state) &&
      (purchaseOrder.state === 'shipped' ||
        purchaseOrder.shipments.some((shipment) => shipment.trackingPushedAt === undefined));

    /** Pushes, notifies and completes one PO (holding the PO's lease). */
    async function finishPush(job: PumpedJob<unknown>, poNumber: string): Promise<object> {
      return holding([`po:${poNumber}`], `${workerId}:${job.id}`, async (held) => {
        if (held.size === 0) return postpone(dropshipQueueNames.push, job.id, { poNumber }, poNumber);
        const before = await store.getPurchaseOrder(poNumber);
        if (!pushPending(before)) return { status: 'done', state: before?.state ?? 'missing' };
        const result = await dropshipper.settlePurchaseOrder(poNumber);
        const after = await store.getPurchaseOrder(poNumber);
        if (result.errors.length > 0) {
          throw new Error(
            `PO ${poNumber} (${after?.state ?? 'missing'}): ${result.errors.map((error) => `${error.step}: ${error.message}`).join('; ')}`,
          );
        }
        return {
          status: 'pushed',
          state: after?.state ?? 'missing',
          trackingPushed: result.trackingPushed,
          buyersNotified: result.buyersNotified,
        };
      });
    }

    /**
     * Runs a batch of checks: one statement reads every PO; the ones already settled (nearly
     * all: the worker that placed or synced them finished) complete at once, the others are run.
     */
    async function checks(
      queue: DropshipQueueName,
      jobs: PumpedJob<unknown>[],
      settled: (purchaseOrder: PurchaseOrder | undefined) => boolean,
      run: (job: PumpedJob<unknown>, poNumber: string) => Promise<object>,
    ): Promise<JobResult[]> {
      const poNumbers = jobs.map((job) =>
        poData.safeParse(job.data).success ? (job.data as { poNumber: string }).poNumber : '',
      );
      const found = await store.findPurchaseOrders({ poNumbers: [...new Set(poNumbers.filter(Boolean))] });
      const byPo = new Map(found.map((purchaseOrder) => [purchaseOrder.poNumber, purchaseOrder]));
      return Promise.all(
        jobs.map((job, index) => {
          const purchaseOrder = byPo.get(poNumbers[index] ?? '');
          if (settled(purchaseOrder))
            return { output: { status: 'settled', state: purchaseOrder?.state ?? 'missing', worker: workerId } };
          return isolated(queue, job, () => run(job, poNumbers[index] ?? ''));
        }),
      );
    }

    /**
     * Syncs POs with one `syncDistributor` call per distributor (one batched look-up each, as its
     * API allows), all distributors at once; the counters are added up.
     */
    async function syncByDistributor(poNumbers: readonly string[]): Promise<SyncTrackingResult> {
      const byDistributor = new Map<string, string[]>();
      for (const purchaseOrder of await store.findPurchaseOrders({ poNumbers: [...poNumbers] })) {
        const list = byDistributor.get(purchaseOrder.distributor) ?? [];
        list.push(purchaseOrder.poNumber);
        byDistributor.set(purchaseOrder.distributor, list);
      }
      const results = await Promise.all(
        [...byDistributor].map(([distributor, numbers]) =>
          dropshipper.syncDistributor(distributor, { poNumbers: numbers }),
        ),
      );
      return sumSyncResults(results);
    }

    /** Pulls tracking for a batch of POs (one batched lookup per distributor), holding their leases. */
    async function sync(jobs: PumpedJob<unknown>[]): Promise<JobResult[]> {
      const poNumbers = jobs.map((job) => parseWith(poData, job.data, 'sync job').poNumber);
      const unique = [...new Set(poNumbers)];
      const owner = `${workerId}:${jobs[0]?.id ?? 'sync'}`;
      return holding(
        unique.map((poNumber) => `po:${poNumber}`),
        owner,
        async (held) => {
          const mine = unique.filter((poNumber) => held.has(`po:${poNumber}`));
          const busy = unique.filter((poNumber) => !held.has(`po:${poNumber}`));
          for (const poNumber of busy) {
            await postpone(
              dropshipQueueNames.sync,
              jobs[poNumbers.indexOf(poNumber)]?.id ?? '',
              { poNumber },
              poNumber,
            );
          }
          const result = mine.length === 0 ? undefined : await syncByDistributor(mine);
          const after = mine.length === 0 ? [] : await store.findPurchaseOrders({ poNumbers: mine });
          const states = new Map(after.map((purchaseOrder) => [purchaseOrder.poNumber, purchaseOrder.state]));
          // Still waiting for packages: look again later.
          await send(
            store,
            after
              .filter((purchaseOrder) => waitingStates.has(purchaseOrder.state))
              .map((purchaseOrder) => ({
                queue: dropshipQueueNames.sync,
                data: { poNumber: purchaseOrder.poNumber },
                key: purchaseOrder.poNumber,
                startAfterSeconds: parsed.syncIntervalSeconds,
              })),
          );
          const errors = result?.errors.length ?? 0;
          return poNumbers.map(
            (poNumber): JobResult => ({
              output: busy.includes(poNumber)
                ? { status: 'postponed', worker: workerId }
                : { status: 'synced', state: states.get(poNumber) ?? 'missing', errors, worker: workerId },
            }),
          );
        },
      );
    }

    const common = { pollIntervalMs: parsed.pollIntervalMs, onError: report };
    const pumps: JobPump[] = [
      startJobPump(boss, {
        ...common,
        queue: dropshipQueueNames.place,
        slots: concurrency,
        batchSize: 1,
        handle: (jobs) => Promise.all(jobs.map((job) => isolated(dropshipQueueNames.place, job, () => place(job)))),
      }),
      startJobPump(boss, {
        ...common,
        queue: dropshipQueueNames.submit,
        slots: 1,
        batchSize: syncBatchSize,
        handle: (jobs) =>
          checks(
            dropshipQueueNames.submit,
            jobs,
            (purchaseOrder) => purchaseOrder?.state !== 'submitting',
            (job, poNumber) =>
              settleSubmitting(job, parseWith(submitData, job.data, 'submit job').salesOrderId, poNumber),
          ),
      }),
      startJobPump(boss, {
        ...common,
        queue: dropshipQueueNames.push,
        slots: 1,
        batchSize: syncBatchSize,
        handle: (jobs) =>
          checks(dropshipQueueNames.push, jobs, (purchaseOrder) => !pushPending(purchaseOrder), finishPush),
      }),
      startJobPump(boss, {
        ...common,
        queue: dropshipQueueNames.sync,
        // One batch at a time, gathered for a moment: one batched lookup per distributor serves
        // the whole batch (core's syncTracking runs it with its own concurrency).
        slots: 1,
        batchSize: syncBatchSize,
        gatherMs: syncGatherMs,
        handle: sync,
      }),
      ...(intake?.marketplaces ?? []).map((marketplace) =>
        startJobPump(boss, {
          ...common,
          queue: intakeQueueName(marketplace),
          slots: 1,
          batchSize: 1,
          handle: (jobs) =>
            Promise.all(
              jobs.map((job) => isolated(intakeQueueName(marketplace), job, () => importMarketplace(job, marketplace))),
            ),
        }),
      ),
      ...(listings === undefined ? [] : listingPushQueues(listings)).map((queue) =>
        startJobPump(boss, {
          ...common,
          queue: queue.name,
          slots: 1,
          batchSize: 1,
          handle: (jobs) => Promise.all(jobs.map((job) => isolated(queue.name, job, () => pushListings(job, queue)))),
        }),
      ),
    ];
    if (intake !== undefined) await sendFirstIntakeRuns(boss, intake).catch(report);
    if (listings !== undefined) await sendFirstListingPushRuns(boss, listings).catch(report);
    let stopping: Promise<void> | undefined;
    const worker: DropshipWorker = {
      id: workerId,
      stop() {
        stopping ??= Promise.all(pumps.map((pump) => pump.stop())).then(() => {
          workers.delete(worker);
        });
        return stopping;
      },
    };
    workers.add(worker);
    return worker;
  }

  return {
    store,

    async enqueueOrder(input: SalesOrder): Promise<EnqueueResult> {
      const order = parseSalesOrder(input);
      const salesOrderId = toSalesOrderId(order);
      const [id] = await store.transaction(async (transaction) => {
        await transaction.saveSalesOrder(order);
        return sendJobs(transaction, [
          { queue: dropshipQueueNames.place, data: { salesOrderId }, key: salesOrderId, startAfterSeconds: 0 },
        ]);
      });
      return { salesOrderId, queued: id !== null && id !== undefined };
    },

    async enqueueOrders(input: readonly SalesOrder[]): Promise<string[]> {
      if (!Array.isArray(input)) throw new ValidationError('sales orders', [{ path: '', message: 'must be an array' }]);
      const ids = input.map((order) => (typeof order === 'object' && order !== null ? toSalesOrderId(order) : ''));
      await store.transaction(async (transaction) => {
        await transaction.saveSalesOrders(input); // validates every order first
        const unique = [...new Set(ids)];
        if (unique.length === 0) return;
        await boss.insert(
          unique.map((salesOrderId) => ({
            name: dropshipQueueNames.place,
            data: { salesOrderId },
            singletonKey: salesOrderId,
          })),
          { db: { executeSql: (text, values) => transaction.query(text, values) } },
        );
      });
      return ids;
    },

    startWorker,

    async orderOutcome(salesOrderId: string): Promise<OrderOutcome | null> {
      parseWith(z.string().min(1), salesOrderId, 'sales order id');
      const { rows } = await store.query<{
        status: OrderOutcome['status'];
        detail: Omit<OrderOutcome, 'salesOrderId' | 'status' | 'runs' | 'updatedAt'>;
        runs: number;
        updated_at: Date | string;
      }>(`SELECT status, detail, runs, updated_at FROM ${quoted}.order_outcomes WHERE sales_order_id = $1::text`, [
        salesOrderId,
      ]);
      const row = rows[0];
      if (row === undefined) return null;
      return {
        salesOrderId,
        status: row.status,
        ...row.detail,
        runs: row.runs,
        updatedAt: new Date(row.updated_at).toISOString(),
      };
    },

    async jobCounts(): Promise<DropshipJobCounts> {
      const counts = Object.fromEntries(
        Object.values(dropshipQueueNames).map((name) => [name, {}]),
      ) as DropshipJobCounts;
      const { rows } = await store.query<{ name: DropshipQueueName; state: string; count: number }>(
        `SELECT name, state, count(*)::integer AS count FROM "${parsed.jobsSchema}".job WHERE name = ANY($1::text[]) GROUP BY name, state`,
        [Object.values(dropshipQueueNames)],
      );
      for (const row of rows) counts[row.name][row.state] = row.count;
      return counts;
    },

    stop() {
      stopped ??= (async () => {
        await Promise.all([...workers].map((worker) => worker.stop()));
        await boss.stop({ graceful: false, close: true, wait: true });
        await store.close();
      })();
      return stopped;
    },
  };
}
