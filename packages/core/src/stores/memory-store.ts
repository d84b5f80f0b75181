import { z } from 'zod';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { parseWith } from '../model/parse.js';
import {
  type PurchaseOrder,
  type PurchaseOrderState,
  purchaseOrderSchema,
  purchaseOrderStates,
} from '../model/purchase-order.js';
import { type SalesOrder, salesOrderId, salesOrderSchema } from '../model/sales-order.js';
import type { DropshipStore, IdempotencyRecord } from '../spec/v1/store.js';

/** The in-memory {@link DropshipStore}, plus a few helpers for tests and demos. */
export interface MemoryStore extends DropshipStore {
  /** Number of purchase orders held. */
  readonly purchaseOrderCount: number;
  /** Forgets everything. */
  clear(): void;
}

const instant = z.iso.datetime({ offset: true });
const stateSchema = z.enum(purchaseOrderStates);

const querySchema = z.object({
  poNumber: z.string().min(1).optional(),
  salesOrderId: z.string().min(1).optional(),
  distributor: z.string().min(1).optional(),
  state: z.union([stateSchema, z.array(stateSchema)]).optional(),
  createdFrom: instant.optional(),
  createdTo: instant.optional(),
  limit: z.number().int().positive().optional(),
});

const idempotencyRecordSchema = z.object({
  key: z.string().min(1),
  at: instant,
  result: z.string().optional(),
});

const versionSchema = z.number().int().nonnegative();

/** Stored PO with its creation instant as epoch ms, for sorting and range queries. */
interface StoredPurchaseOrder {
  readonly value: PurchaseOrder;
  readonly createdMs: number;
}

function addToIndex(index: Map<string, Set<string>>, key: string, poNumber: string): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(poNumber);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, poNumber: string): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(poNumber);
  if (set.size === 0) index.delete(key);
}

/**
 * Creates an in-memory store: state for one process, lost on restart (use `@dropship/postgres`
 * for durability).
 *
 * - Everything written is validated (`ValidationError` with paths) and copied; everything read
 *   is a copy, so callers can never change stored state by mutating what they hold.
 * - Purchase orders use optimistic concurrency: `updatePurchaseOrder(po, expectedVersion)`
 *   throws `ConcurrencyConflictError` when the stored version is not `expectedVersion`, and
 *   `createPurchaseOrder` throws it when the PO number exists. An update must raise the version
 *   (as `transition` does) and cannot change the PO number, sales order or distributor.
 * - Writes are all-or-nothing: a failed write changes nothing.
 * - `findPurchaseOrders` combines criteria with AND and returns oldest first (by `createdAt`,
 *   then PO number).
 */
export function createMemoryStore(): MemoryStore {
  const salesOrders = new Map<string, SalesOrder>();
  const purchaseOrders = new Map<string, StoredPurchaseOrder>();
  const bySalesOrder = new Map<string, Set<string>>();
  const byState = new Map<string, Set<string>>();
  const byDistributor = new Map<string, Set<string>>();
  const idempotency = new Map<string, IdempotencyRecord>();

  function index(purchaseOrder: PurchaseOrder): void {
    addToIndex(bySalesOrder, purchaseOrder.salesOrderId, purchaseOrder.poNumber);
    addToIndex(byState, purchaseOrder.state, purchaseOrder.poNumber);
    addToIndex(byDistributor, purchaseOrder.distributor, purchaseOrder.poNumber);
  }

  function unindex(purchaseOrder: PurchaseOrder): void {
    removeFromIndex(bySalesOrder, purchaseOrder.salesOrderId, purchaseOrder.poNumber);
    removeFromIndex(byState, purchaseOrder.state, purchaseOrder.poNumber);
    removeFromIndex(byDistributor, purchaseOrder.distributor, purchaseOrder.poNumber);
  }

  function candidatesFor(query: z.output<typeof querySchema>): Iterable<string> {
    if (query.poNumber !== undefined) return purchaseOrders.has(query.poNumber) ? [query.poNumber] : [];
    if (query.salesOrderId !== undefined) return bySalesOrder.get(query.salesOrderId) ?? [];
    if (query.state !== undefined) {
      const states: readonly PurchaseOrderState[] = typeof query.state === 'string' ? [query.state] : query.state;
      const result: string[] = [];
      for (const state of new Set(states)) for (const poNumber of byState.get(state) ?? []) result.push(poNumber);
      return result;
    }
    if (query.distributor !== undefined) return byDistributor.get(query.distributor) ?? [];
    return purchaseOrders.keys();
  }

  const store: MemoryStore = {
    specificationVersion: 'v1',

    get purchaseOrderCount() {
      return purchaseOrders.size;
    },

    clear() {
      salesOrders.clear();
      purchaseOrders.clear();
      bySalesOrder.clear();
      byState.clear();
      byDistributor.clear();
      idempotency.clear();
    },

    async saveSalesOrder(order) {
      const parsed = parseWith(salesOrderSchema, order, 'sales order');
      salesOrders.set(salesOrderId(parsed), structuredClone(parsed));
    },

    async getSalesOrder(id) {
      if (typeof id !== 'string')
        throw new ValidationError('sales order id', [{ path: '', message: 'must be a string' }]);
      const order = salesOrders.get(id);
      return order === undefined ? null : structuredClone(order);
    },

    async createPurchaseOrder(purchaseOrder) {
      const parsed = parseWith(purchaseOrderSchema, purchaseOrder, 'purchase order');
      if (purchaseOrders.has(parsed.poNumber)) throw new ConcurrencyConflictError('purchase order', parsed.poNumber);
      const value = structuredClone(parsed);
      purchaseOrders.set(parsed.poNumber, { value, createdMs: Date.parse(parsed.createdAt) });
      index(value);
      return structuredClone(value);
    },

    async getPurchaseOrder(poNumber) {
      if (typeof poNumber !== 'string')
        throw new ValidationError('PO number', [{ path: '', message: 'must be a string' }]);
      const stored = purchaseOrders.get(poNumber);
      return stored === undefined ? null : structuredClone(stored.value);
    },

    async updatePurchaseOrder(purchaseOrder, expectedVersion) {
      const parsed = parseWith(purchaseOrderSchema, purchaseOrder, 'purchase order');
      const expected = parseWith(versionSchema, expectedVersion, 'expected version');
      const stored = purchaseOrders.get(parsed.poNumber);
      if (stored === undefined)
        throw new ConcurrencyConflictError('purchase order', parsed.poNumber, expected, undefined);
      if (stored.value.version !== expected) {
        throw new ConcurrencyConflictError('purchase order', parsed.poNumber, expected, stored.value.version);
      }
      const issues: { path: string; message: string }[] = [];
      if (parsed.version <= expected)
        issues.push({
          path: 'version',
          message: `must be greater than the expected version ${expected} (apply a transition)`,
        });
      if (parsed.salesOrderId !== stored.value.salesOrderId)
        issues.push({ path: 'salesOrderId', message: 'cannot change' });
      if (parsed.distributor !== stored.value.distributor)
        issues.push({ path: 'distributor', message: 'cannot change' });
      if (issues.length > 0) throw new ValidationError('purchase order update', issues);
      const value = structuredClone(parsed);
      unindex(stored.value);
      purchaseOrders.set(parsed.poNumber, { value, createdMs: stored.createdMs });
      index(value);
      return structuredClone(value);
    },

    async findPurchaseOrders(query) {
      const parsed = parseWith(querySchema, query ?? {}, 'purchase order query');
      const states =
        parsed.state === undefined
          ? undefined
          : new Set<string>(typeof parsed.state === 'string' ? [parsed.state] : parsed.state);
      const fromMs = parsed.createdFrom === undefined ? Number.NEGATIVE_INFINITY : Date.parse(parsed.createdFrom);
      const toMs = parsed.createdTo === undefined ? Number.POSITIVE_INFINITY : Date.parse(parsed.createdTo);
      const matches: StoredPurchaseOrder[] = [];
      for (const poNumber of candidatesFor(parsed)) {
        const stored = purchaseOrders.get(poNumber);
        if (stored === undefined) continue;
        const value = stored.value;
        if (parsed.poNumber !== undefined && value.poNumber !== parsed.poNumber) continue;
        if (parsed.salesOrderId !== undefined && value.salesOrderId !== parsed.salesOrderId) continue;
        if (parsed.distributor !== undefined && value.distributor !== parsed.distributor) continue;
        if (states !== undefined && !states.has(value.state)) continue;
        if (stored.createdMs < fromMs || stored.createdMs >= toMs) continue;
        matches.push(stored);
      }
      matches.sort(
        (left, right) =>
          left.createdMs - right.createdMs ||
          (left.value.poNumber < right.value.poNumber ? -1 : left.value.poNumber > right.value.poNumber ? 1 : 0),
      );
      const limited = parsed.limit === undefined ? matches : matches.slice(0, parsed.limit);
      return limited.map((stored) => structuredClone(stored.value));
    },

    async getIdempotencyRecord(key) {
      if (typeof key !== 'string')
        throw new ValidationError('idempotency key', [{ path: '', message: 'must be a string' }]);
      const record = idempotency.get(key);
      return record === undefined ? null : { ...record };
    },

    async putIdempotencyRecord(record) {
      const parsed = parseWith(idempotencyRecordSchema, record, 'idempotency record');
      if (idempotency.has(parsed.key)) return false;
      idempotency.set(parsed.key, { ...parsed });
      return true;
    },
  };
  return store;
}
