import {
  type AuditEntry,
  type DropshipStore,
  type PurchaseOrder,
  type PurchaseOrderState,
  purchaseOrderRefusal,
  purchaseOrderStateGroups,
} from '@dropship/core';
import type { SqlExecutor } from '../postgres-executor.js';
import type { PostgresStore } from '../postgres-store.js';

/** The queues the dropshipper's work runs on. */
export const dropshipQueueNames = {
  /** Plan and place one sales order (`{ salesOrderId }`). */
  place: 'dropship-place',
  /** Settle a PO left `submitting` (`{ poNumber, salesOrderId }`): find it at the distributor, or submit it. */
  submit: 'dropship-submit',
  /** Pull tracking for open POs (`{ poNumber }`, taken in batches). */
  sync: 'dropship-sync',
  /** Push a PO's recorded shipments to the marketplace, notify the buyer, complete the PO (`{ poNumber }`). */
  push: 'dropship-push',
} as const;

/** A queue of {@link dropshipQueueNames}. */
export type DropshipQueueName = (typeof dropshipQueueNames)[keyof typeof dropshipQueueNames];

/** A job to send, and when. */
export interface PlannedJob {
  queue: DropshipQueueName;
  data: { salesOrderId?: string; poNumber?: string };
  /** pg-boss `singletonKey`: at most one job per key waits in a queue. */
  key: string;
  /** Delay before the job may run, seconds. */
  startAfterSeconds: number;
}

/** Sends jobs through the given executor (the open transaction of the state change). */
export type JobSender = (executor: SqlExecutor, jobs: readonly PlannedJob[]) => Promise<void>;

/** Delays of the jobs a state change calls for, seconds. */
export interface JobDelays {
  syncIntervalSeconds: number;
  submitCheckSeconds: number;
  pushCheckSeconds: number;
  retryDelaySeconds: number;
  /** Automatic placement retries of a PO that failed (certainly not placed). */
  failedRetryLimit: number;
}

/** States a PO leaves `submitting` for once the distributor has it: its tracking sync starts. */
const placedStates: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.awaitingPackages);

/**
 * The jobs a PO write calls for, from the audit entries it adds:
 * - → `submitting` (a new PO, or a failed one tried again): a submit check, which settles the
 *   PO if the worker placing it dies before it knows the answer;
 * - `submitting` → placed: the first tracking sync;
 * - a shipment recorded: a push check, which pushes, notifies and completes if the worker that
 *   recorded it dies first (or the marketplace refused for now);
 * - → `failed` (certainly not placed): the order is placed again later, a few times;
 * - → `rejected` for what the PO is (a field too long, an invalid request, an account not set
 *   up: `purchaseOrderRefusal`): the order is placed again after the retry delay, and the
 *   dropshipper plans the PO's lines at another distributor.
 *
 * @param next - the PO as written.
 * @param previousVersion - the version it replaces (entries above it are new); -1 for a new PO.
 * @param delays - the delays.
 * @internal
 */
export function jobsForWrite(next: PurchaseOrder, previousVersion: number, delays: JobDelays): PlannedJob[] {
  const added: AuditEntry[] = next.audit.filter((entry) => entry.version > previousVersion);
  if (previousVersion < 0 && next.state === 'submitting' && !added.some((entry) => entry.to === 'submitting')) {
    added.push({ at: next.updatedAt, event: 'submit', from: 'draft', to: 'submitting', version: next.version });
  }
  const jobs = new Map<DropshipQueueName, PlannedJob>();
  for (const entry of added) {
    if (entry.to === 'submitting') {
      jobs.set('dropship-submit', {
        queue: 'dropship-submit',
        data: { poNumber: next.poNumber, salesOrderId: next.salesOrderId },
        key: next.poNumber,
        startAfterSeconds: delays.submitCheckSeconds,
      });
    } else if (entry.from === 'submitting' && placedStates.has(entry.to)) {
      jobs.set('dropship-sync', {
        queue: 'dropship-sync',
        data: { poNumber: next.poNumber },
        key: next.poNumber,
        startAfterSeconds: delays.syncIntervalSeconds,
      });
    } else if (entry.to === 'failed') {
      const failures = next.audit.filter((candidate) => candidate.to === 'failed').length;
      if (failures <= delays.failedRetryLimit) {
        jobs.set('dropship-place', {
          queue: 'dropship-place',
          data: { salesOrderId: next.salesOrderId },
          key: next.salesOrderId,
          startAfterSeconds: delays.retryDelaySeconds * 2 ** (failures - 1),
        });
      }
    } else if (entry.to === 'rejected' && purchaseOrderRefusal(next) !== undefined) {
      jobs.set('dropship-place', {
        queue: 'dropship-place',
        data: { salesOrderId: next.salesOrderId },
        key: next.salesOrderId,
        startAfterSeconds: delays.retryDelaySeconds,
      });
    }
    if (entry.event === 'record-shipment') {
      jobs.set('dropship-push', {
        queue: 'dropship-push',
        data: { poNumber: next.poNumber },
        key: next.poNumber,
        startAfterSeconds: delays.pushCheckSeconds,
      });
    }
  }
  return [...jobs.values()];
}

/**
 * Wraps the store for the dropshipper of a worker: every PO write that calls for a job (see
 * {@link jobsForWrite}) runs in one transaction with the pg-boss `send` of that job (the
 * transactional outbox: both or neither). Reads go straight to the store: each job calls one
 * single-order or single-PO operation of the dropshipper, which reads only what it acts on.
 *
 * @param store - the PostgreSQL store.
 * @param send - sends jobs through an executor.
 * @param delays - the delays of the jobs.
 * @internal
 */
export function createQueueStore(store: PostgresStore, send: JobSender, delays: JobDelays): DropshipStore {
  return {
    specificationVersion: 'v1',
    saveSalesOrder: (order) => store.saveSalesOrder(order),
    getSalesOrder: (id) => store.getSalesOrder(id),
    getPurchaseOrder: (poNumber) => store.getPurchaseOrder(poNumber),
    getIdempotencyRecord: (key) => store.getIdempotencyRecord(key),
    putIdempotencyRecord: (record) => store.putIdempotencyRecord(record),

    async createPurchaseOrder(purchaseOrder) {
      // Malformed input goes straight to the store, which says what is wrong with it.
      const jobs = Array.isArray(purchaseOrder?.audit) ? jobsForWrite(purchaseOrder, -1, delays) : [];
      if (jobs.length === 0) return store.createPurchaseOrder(purchaseOrder);
      return store.transaction(async (transaction) => {
        const created = await transaction.createPurchaseOrder(purchaseOrder);
        await send(transaction, jobs);
        return created;
      });
    },

    async updatePurchaseOrder(purchaseOrder, expectedVersion) {
      const jobs = Array.isArray(purchaseOrder?.audit) ? jobsForWrite(purchaseOrder, expectedVersion, delays) : [];
      if (jobs.length === 0) return store.updatePurchaseOrder(purchaseOrder, expectedVersion);
      return store.transaction(async (transaction) => {
        const updated = await transaction.updatePurchaseOrder(purchaseOrder, expectedVersion);
        await send(transaction, jobs);
        return updated;
      });
    },

    findPurchaseOrders: (query) => store.findPurchaseOrders(query),

    // Order intake: straight to the store (the POs an imported order is placed on go through the
    // PO writes above, with their jobs).
    getIntakeCursor: (marketplace) => store.getIntakeCursor(marketplace),
    saveIntakeCursor: (cursor, expectedVersion) => store.saveIntakeCursor(cursor, expectedVersion),
    createImportedOrder: (record) => store.createImportedOrder(record),
    getImportedOrder: (salesOrderId) => store.getImportedOrder(salesOrderId),
    updateImportedOrder: (record, expectedVersion) => store.updateImportedOrder(record, expectedVersion),
    findImportedOrders: (query) => store.findImportedOrders(query),
    replaceReservations: (salesOrderId, reservations) => store.replaceReservations(salesOrderId, reservations),
    findReservations: (query) => store.findReservations(query),

    // Listings and their push records: straight to the store (a push calls for no job).
    putListings: (listings) => store.putListings(listings),
    deleteListings: (keys) => store.deleteListings(keys),
    findListings: (query) => store.findListings(query),
    findListingPushRecords: (query) => store.findListingPushRecords(query),
    saveListingPushRecords: (entries) => store.saveListingPushRecords(entries),
  };
}
