import type { DropshipStore, IdempotencyRecord, PurchaseOrder, SalesOrder } from '@dropship/core';

/** Thrown by every store call (and every HTTP call) of a process after it "crashed". */
export class ProcessCrashedError extends Error {
  constructor() {
    super('simulated crash: this process is gone');
    this.name = 'ProcessCrashedError';
  }
}

/** What a process may do before it dies. */
export interface CrashPlan {
  /**
   * The process dies when it is about to make write number `afterWrites + 1` (0: before its first
   * write). The write that would cross the line is not made, and neither is anything after it.
   */
  afterWrites: number;
  /** When true, the fatal write is made first and the process dies right after it. */
  writeThenDie?: boolean;
  /**
   * The process dies right after writing the first idempotency record whose key starts with this
   * (`tracking:`, `buyer-notified:`): between a call to a marketplace or the buyer and the write
   * of the PO's mark. Set `afterWrites` to `Infinity` to die only there.
   */
  afterRecordKey?: string;
}

/** The store as one process sees it: a window onto the shared store that closes when the process dies. */
export interface ProcessStore extends DropshipStore {
  /** True once the process died. */
  readonly dead: boolean;
  /** Writes made by this process. */
  readonly writes: number;
  /** Kills the process now. */
  kill(): void;
}

const writeMethods = new Set<keyof DropshipStore>([
  'saveSalesOrder',
  'createPurchaseOrder',
  'updatePurchaseOrder',
  'putIdempotencyRecord',
  // Order intake.
  'saveIntakeCursor',
  'createImportedOrder',
  'updateImportedOrder',
  'replaceReservations',
]);

/** The store's optional order-intake methods, forwarded when the shared store has them. */
const intakeMethods = [
  'getIntakeCursor',
  'saveIntakeCursor',
  'createImportedOrder',
  'getImportedOrder',
  'updateImportedOrder',
  'findImportedOrders',
  'replaceReservations',
  'findReservations',
] as const satisfies readonly (keyof DropshipStore)[];

/**
 * Wraps the shared (durable) store for one process. After the process dies every call rejects
 * with {@link ProcessCrashedError}, as the database connection of a killed process would: what
 * was written stays written, nothing more is.
 *
 * @param base - the shared store, which outlives every process.
 * @param plan - when to die, or undefined to live on.
 */
export function createProcessStore(base: DropshipStore, plan?: CrashPlan): ProcessStore {
  let dead = false;
  let writes = 0;
  const guard = async <T>(method: keyof DropshipStore, call: () => Promise<T>, recordKey?: string): Promise<T> => {
    if (dead) throw new ProcessCrashedError();
    if (writeMethods.has(method) && plan !== undefined) {
      if (writes >= plan.afterWrites) {
        if (plan.writeThenDie) {
          writes += 1;
          try {
            return await call();
          } finally {
            dead = true;
          }
        }
        dead = true;
        throw new ProcessCrashedError();
      }
    }
    if (writeMethods.has(method)) writes += 1;
    const result = await call();
    if (dead) throw new ProcessCrashedError();
    if (
      method === 'putIdempotencyRecord' &&
      plan?.afterRecordKey !== undefined &&
      recordKey?.startsWith(plan.afterRecordKey) === true
    )
      dead = true;
    return result;
  };
  // The intake capability, when the shared store has it: the same guard (reads die with the
  // process, writes count towards the crash plan).
  const intake: Partial<DropshipStore> = {};
  for (const method of intakeMethods) {
    const original = base[method] as ((...parameters: unknown[]) => Promise<unknown>) | undefined;
    if (original === undefined) continue;
    (intake as Record<string, unknown>)[method] = (...parameters: unknown[]) =>
      guard(method, () => original.apply(base, parameters));
  }
  return {
    ...intake,
    specificationVersion: 'v1',
    get dead() {
      return dead;
    },
    get writes() {
      return writes;
    },
    kill() {
      dead = true;
    },
    saveSalesOrder: (order: SalesOrder) => guard('saveSalesOrder', () => base.saveSalesOrder(order)),
    getSalesOrder: (id: string) => guard('getSalesOrder', () => base.getSalesOrder(id)),
    createPurchaseOrder: (purchaseOrder: PurchaseOrder) =>
      guard('createPurchaseOrder', () => base.createPurchaseOrder(purchaseOrder)),
    getPurchaseOrder: (poNumber: string) => guard('getPurchaseOrder', () => base.getPurchaseOrder(poNumber)),
    updatePurchaseOrder: (purchaseOrder: PurchaseOrder, expectedVersion: number) =>
      guard('updatePurchaseOrder', () => base.updatePurchaseOrder(purchaseOrder, expectedVersion)),
    findPurchaseOrders: (query) => guard('findPurchaseOrders', () => base.findPurchaseOrders(query)),
    getIdempotencyRecord: (key: string) => guard('getIdempotencyRecord', () => base.getIdempotencyRecord(key)),
    putIdempotencyRecord: (record: IdempotencyRecord) =>
      guard('putIdempotencyRecord', () => base.putIdempotencyRecord(record), record?.key),
  };
}

/** A store that remembers the sales orders and idempotency records written, so that its whole content can be snapshotted. */
export interface SnapshotStore extends DropshipStore {
  /** Everything the store holds, as plain JSON-safe data, sorted. */
  snapshot(): Promise<StoreSnapshot>;
}

/** The whole content of a store. */
export interface StoreSnapshot {
  salesOrders: SalesOrder[];
  purchaseOrders: PurchaseOrder[];
  idempotencyRecords: IdempotencyRecord[];
}

/**
 * Wraps a store so that its content can be listed (the store spec has no "list sales orders" or
 * "list idempotency records"): it remembers the keys written and reads them back on `snapshot`.
 *
 * @param base - the store.
 */
export function createSnapshotStore(base: DropshipStore): SnapshotStore {
  const salesOrderIds = new Set<string>();
  const idempotencyKeys = new Set<string>();
  return {
    specificationVersion: 'v1',
    async saveSalesOrder(order) {
      await base.saveSalesOrder(order);
      if (typeof order === 'object' && order !== null)
        salesOrderIds.add(`${order.marketplace}:${order.marketplaceOrderId}`);
    },
    getSalesOrder: (id) => base.getSalesOrder(id),
    createPurchaseOrder: (purchaseOrder) => base.createPurchaseOrder(purchaseOrder),
    getPurchaseOrder: (poNumber) => base.getPurchaseOrder(poNumber),
    updatePurchaseOrder: (purchaseOrder, expectedVersion) => base.updatePurchaseOrder(purchaseOrder, expectedVersion),
    findPurchaseOrders: (query) => base.findPurchaseOrders(query),
    getIdempotencyRecord: (key) => base.getIdempotencyRecord(key),
    async putIdempotencyRecord(record) {
      const created = await base.putIdempotencyRecord(record);
      if (typeof record?.key === 'string') idempotencyKeys.add(record.key);
      return created;
    },
    async snapshot() {
      const salesOrders = (await Promise.all([...salesOrderIds].sort().map((id) => base.getSalesOrder(id)))).filter(
        (order): order is SalesOrder => order !== null,
      );
      const purchaseOrders = await base.findPurchaseOrders({});
      const idempotencyRecords = (
        await Promise.all([...idempotencyKeys].sort().map((key) => base.getIdempotencyRecord(key)))
      ).filter((record): record is IdempotencyRecord => record !== null);
      return JSON.parse(JSON.stringify({ salesOrders, purchaseOrders, idempotencyRecords })) as StoreSnapshot;
    },
  };
}
