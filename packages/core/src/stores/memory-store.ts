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
import { instantSchema, matchesInstantPattern } from '../model/shipment.js';
import { deepFreeze, isTrustedPurchaseOrder, trustPurchaseOrder } from '../model/trusted-purchase-order.js';
import type { DropshipStore, IdempotencyRecord } from '../spec/v1/store.js';
import { createIntakeBook, type IntakeBook } from './intake-book.js';
import { createInvoiceBook, type InvoiceBook } from './invoice-book.js';
import { createListingBook, type ListingBook } from './listing-book.js';

/** The in-memory {@link DropshipStore}, plus a few helpers for tests and demos. */
export interface MemoryStore extends DropshipStore {
  /** Number of purchase orders held. */
  readonly purchaseOrderCount: number;
  /** Forgets everything. */
  clear(): void;
  /** The next value of a named sequence (see {@link DropshipStore.nextSequenceValue}); always present here. */
  nextSequenceValue(name: string): Promise<number>;
  /** Records an invoice (see {@link DropshipStore.recordInvoice}); always present here. */
  recordInvoice: InvoiceBook['recordInvoice'];
  /** Invoices by PO number or distributor (see {@link DropshipStore.listInvoices}); always present here. */
  listInvoices: InvoiceBook['listInvoices'];
  /** Saves a PO's reconciliation (see {@link DropshipStore.saveReconciliation}); always present here. */
  saveReconciliation: InvoiceBook['saveReconciliation'];
  /** Reconciliation records by status, PO or distributor (see {@link DropshipStore.findReconciliations}); always present here. */
  findReconciliations: InvoiceBook['findReconciliations'];
  /** The intake cursor of a marketplace (see {@link DropshipStore.getIntakeCursor}); always present here. */
  getIntakeCursor: IntakeBook['getIntakeCursor'];
  /** Saves an intake cursor (see {@link DropshipStore.saveIntakeCursor}); always present here. */
  saveIntakeCursor: IntakeBook['saveIntakeCursor'];
  /** Creates an imported-order record (see {@link DropshipStore.createImportedOrder}); always present here. */
  createImportedOrder: IntakeBook['createImportedOrder'];
  /** An imported-order record (see {@link DropshipStore.getImportedOrder}); always present here. */
  getImportedOrder: IntakeBook['getImportedOrder'];
  /** Updates an imported-order record (see {@link DropshipStore.updateImportedOrder}); always present here. */
  updateImportedOrder: IntakeBook['updateImportedOrder'];
  /** Imported-order records (see {@link DropshipStore.findImportedOrders}); always present here. */
  findImportedOrders: IntakeBook['findImportedOrders'];
  /** Replaces an order's reservations (see {@link DropshipStore.replaceReservations}); always present here. */
  replaceReservations: IntakeBook['replaceReservations'];
  /** Reservations (see {@link DropshipStore.findReservations}); always present here. */
  findReservations: IntakeBook['findReservations'];
  /** Stores listings (see {@link DropshipStore.putListings}); always present here. */
  putListings: ListingBook['putListings'];
  /** Removes listings (see {@link DropshipStore.deleteListings}); always present here. */
  deleteListings: ListingBook['deleteListings'];
  /** Listings (see {@link DropshipStore.findListings}); always present here. */
  findListings: ListingBook['findListings'];
  /** Listing push records (see {@link DropshipStore.findListingPushRecords}); always present here. */
  findListingPushRecords: ListingBook['findListingPushRecords'];
  /** Saves listing push records (see {@link DropshipStore.saveListingPushRecords}); always present here. */
  saveListingPushRecords: ListingBook['saveListingPushRecords'];
}

/** The same schema as a shipment's instants, so the hand-built record check uses its pattern. */
const instant = instantSchema;
const stateSchema = z.enum(purchaseOrderStates);

const querySchema = z.strictObject({
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

/**
 * A stored PO (deeply frozen, so it is handed out as is) with the fields queries look at: its
 * creation instant as epoch ms, for sorting and range queries, and copies of its keys, so that a
 * search reads objects of one shape. One holder per PO number: an update replaces `value` and
 * `state` (the other fields cannot change).
 */
interface StoredPurchaseOrder {
  value: PurchaseOrder;
  state: PurchaseOrderState;
  readonly poNumber: string;
  readonly salesOrderId: string;
  readonly distributor: string;
  readonly createdMs: number;
}

/** Oldest first, then by PO number in code-unit order: the order `findPurchaseOrders` returns. */
function compareStored(left: StoredPurchaseOrder, right: StoredPurchaseOrder): number {
  if (left.createdMs !== right.createdMs) return left.createdMs - right.createdMs;
  const leftNumber = left.poNumber;
  const rightNumber = right.poNumber;
  return leftNumber < rightNumber ? -1 : leftNumber > rightNumber ? 1 : 0;
}

/** A parsed `PurchaseOrderQuery`, ready to test stored POs against. */
interface PurchaseOrderFilter {
  readonly poNumber: string | undefined;
  readonly salesOrderId: string | undefined;
  readonly distributor: string | undefined;
  readonly states: ReadonlySet<string> | undefined;
  readonly fromMs: number;
  readonly toMs: number;
}

function matchesFilter(stored: StoredPurchaseOrder, filter: PurchaseOrderFilter): boolean {
  return (
    (filter.states === undefined || filter.states.has(stored.state)) &&
    (filter.distributor === undefined || stored.distributor === filter.distributor) &&
    (filter.salesOrderId === undefined || stored.salesOrderId === filter.salesOrderId) &&
    (filter.poNumber === undefined || stored.poNumber === filter.poNumber) &&
    stored.createdMs >= filter.fromMs &&
    stored.createdMs < filter.toMs
  );
}

function addToIndex(index: Map<string, Set<StoredPurchaseOrder>>, key: string, stored: StoredPurchaseOrder): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(stored);
}

function removeFromIndex(index: Map<string, Set<StoredPurchaseOrder>>, key: string, stored: StoredPurchaseOrder): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(stored);
  if (set.size === 0) index.delete(key);
}

/** Inserts into `list` (oldest first) after every entry that sorts before it: appends in the usual case. */
function insertInOrder(list: StoredPurchaseOrder[], stored: StoredPurchaseOrder): void {
  let low = 0;
  let high = list.length;
  if (high > 0 && compareStored(list[high - 1] as StoredPurchaseOrder, stored) <= 0) low = high;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStored(list[middle] as StoredPurchaseOrder, stored) <= 0) low = middle + 1;
    else high = middle;
  }
  if (low === list.length) list.push(stored);
  else list.splice(low, 0, stored);
}

/** Where a search looks: a list in order (walk it) or an index entry to filter and then sort. */
type SearchPlan =
  | { readonly inOrder: true; readonly list: readonly StoredPurchaseOrder[] }
  | { readonly inOrder: false; readonly list: Iterable<StoredPurchaseOrder> };

/**
 * What `idempotencyRecordSchema` returns for the usual, valid record (a fresh object, known keys
 * only), built by hand; undefined for anything else, which the schema then parses or refuses.
 */
function plainIdempotencyRecord(input: unknown): IdempotencyRecord | undefined {
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype)
    return undefined;
  const { key, at, result } = input as Record<string, unknown>;
  if (typeof key !== 'string' || key.length === 0 || !matchesInstantPattern(at)) return undefined;
  if (result === undefined) return 'result' in input ? { key, at, result: undefined } : { key, at };
  return typeof result === 'string' ? { key, at, result } : undefined;
}

/** A validated, deeply frozen PO: the input itself when the SDK already made it so. */
function toStoredValue(input: unknown): PurchaseOrder {
  if (isTrustedPurchaseOrder(input)) return input;
  // zod builds a fresh object, so freezing it never freezes the caller's input.
  return trustPurchaseOrder(parseWith(purchaseOrderSchema, input, 'purchase order'));
}

/**
 * Creates an in-memory store: state for one process, lost on restart (use `@dropship/postgres`
 * for durability).
 *
 * - Everything written is validated (`ValidationError` with paths); a PO that `transition`,
 *   `createPurchaseOrder` or this store produced is already valid and frozen, so it is kept as
 *   is, anything else is parsed into a new object.
 * - What it returns is frozen all the way down (purchase orders and sales orders) and is the
 *   stored value itself, not a copy: a caller cannot change stored state (a mutation attempt
 *   throws a `TypeError` in strict mode and changes nothing). Spread it, or apply `transition`,
 *   to get a changed PO.
 * - Purchase orders use optimistic concurrency: `updatePurchaseOrder(po, expectedVersion)`
 *   throws `ConcurrencyConflictError` when the stored version is not `expectedVersion`, and
 *   `createPurchaseOrder` throws it when the PO number exists. An update must raise the version
 *   (as `transition` does) and cannot change the PO number, sales order or distributor.
 * - Writes are all-or-nothing: a failed write changes nothing.
 * - `findPurchaseOrders` combines criteria with AND and returns oldest first (by `createdAt`,
 *   then PO number). POs are indexed by sales order, state and distributor, and kept in that
 *   order, so finding the open POs of a large store neither scans nor sorts every PO.
 * - Order intake (the optional "intake" capability, always present here): cursors and
 *   imported-order records with optimistic versions (`ConcurrencyConflictError`, entities
 *   `intake-cursor` and `imported-order`), `createImportedOrder` false when the order is taken,
 *   `replaceReservations` all of an order's reservations at once (see `intake-book.ts`).
 * - Listings (the optional "listings" capability, always present here): listings by key and
 *   listing push records saved all or nothing with optimistic versions (`ConcurrencyConflictError`,
 *   entity `listing-push-record`; see `listing-book.ts`).
 */
export function createMemoryStore(): MemoryStore {
  const salesOrders = new Map<string, SalesOrder>();
  const purchaseOrders = new Map<string, StoredPurchaseOrder>();
  /** Every stored PO, oldest first (see {@link compareStored}). */
  const ordered: StoredPurchaseOrder[] = [];
  const bySalesOrder = new Map<string, Set<StoredPurchaseOrder>>();
  const byState = new Map<string, Set<StoredPurchaseOrder>>();
  /** Each distributor's POs, oldest first. */
  const byDistributor = new Map<string, StoredPurchaseOrder[]>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const sequences = new Map<string, number>();
  const invoiceBook = createInvoiceBook();
  const intakeBook = createIntakeBook();
  const listingBook = createListingBook();

  /**
   * The cheapest way to list every match of a query: a list already in order (walk it and
   * filter) or an unordered index entry that is small enough to filter and sort.
   */
  function planSearch(query: z.output<typeof querySchema>): SearchPlan {
    if (query.poNumber !== undefined) {
      const stored = purchaseOrders.get(query.poNumber);
      return { inOrder: true, list: stored === undefined ? [] : [stored] };
    }
    if (query.salesOrderId !== undefined)
      return { inOrder: false, list: bySalesOrder.get(query.salesOrderId) ?? new Set() };
    const walk: readonly StoredPurchaseOrder[] =
      query.distributor === undefined ? ordered : (byDistributor.get(query.distributor) ?? []);
    if (query.state === undefined) return { inOrder: true, list: walk };
    const sets: ReadonlySet<StoredPurchaseOrder>[] = [];
    let size = 0;
    for (const state of new Set(typeof query.state === 'string' ? [query.state] : query.state)) {
      const set = byState.get(state);
      if (set === undefined) continue;
      sets.push(set);
      size += set.size;
    }
    // Sorting costs about size × log2(size) comparisons; walking costs the walked list's length.
    if (size * Math.log2(size + 2) * 2 >= walk.length) return { inOrder: true, list: walk };
    return {
      inOrder: false,
      list: sets.length === 1 ? (sets[0] as ReadonlySet<StoredPurchaseOrder>) : sets.flatMap((set) => [...set]),
    };
  }

  const store: MemoryStore = {
    specificationVersion: 'v1',

    get purchaseOrderCount() {
      return purchaseOrders.size;
    },

    clear() {
      salesOrders.clear();
      purchaseOrders.clear();
      ordered.length = 0;
      bySalesOrder.clear();
      byState.clear();
      byDistributor.clear();
      idempotency.clear();
      sequences.clear();
      invoiceBook.clear();
      intakeBook.clear();
      listingBook.clear();
    },

    async saveSalesOrder(order) {
      const parsed = parseWith(salesOrderSchema, order, 'sales order');
      // A fresh object from zod: freezing it leaves the caller's order alone.
      salesOrders.set(salesOrderId(parsed), deepFreeze(parsed));
    },

    async getSalesOrder(id) {
      if (typeof id !== 'string')
        throw new ValidationError('sales order id', [{ path: '', message: 'must be a string' }]);
      return salesOrders.get(id) ?? null;
    },

    async createPurchaseOrder(purchaseOrder) {
      const value = toStoredValue(purchaseOrder);
      if (purchaseOrders.has(value.poNumber)) throw new ConcurrencyConflictError('purchase order', value.poNumber);
      const stored: StoredPurchaseOrder = {
        value,
        state: value.state,
        poNumber: value.poNumber,
        salesOrderId: value.salesOrderId,
        distributor: value.distributor,
        createdMs: Date.parse(value.createdAt),
      };
      purchaseOrders.set(value.poNumber, stored);
      insertInOrder(ordered, stored);
      let ofDistributor = byDistributor.get(value.distributor);
      if (ofDistributor === undefined) {
        ofDistributor = [];
        byDistributor.set(value.distributor, ofDistributor);
      }
      insertInOrder(ofDistributor, stored);
      addToIndex(bySalesOrder, value.salesOrderId, stored);
      addToIndex(byState, value.state, stored);
      return value;
    },

    async getPurchaseOrder(poNumber) {
      if (typeof poNumber !== 'string')
        throw new ValidationError('PO number', [{ path: '', message: 'must be a string' }]);
      return purchaseOrders.get(poNumber)?.value ?? null;
    },

    async updatePurchaseOrder(purchaseOrder, expectedVersion) {
      const value = toStoredValue(purchaseOrder);
      // The usual case checked by hand; zod words the error otherwise.
      const expected =
        Number.isSafeInteger(expectedVersion) && expectedVersion >= 0
          ? expectedVersion
          : parseWith(versionSchema, expectedVersion, 'expected version');
      const stored = purchaseOrders.get(value.poNumber);
      if (stored === undefined)
        throw new ConcurrencyConflictError('purchase order', value.poNumber, expected, undefined);
      const previous = stored.value;
      if (previous.version !== expected) {
        throw new ConcurrencyConflictError('purchase order', value.poNumber, expected, previous.version);
      }
      const issues: { path: string; message: string }[] = [];
      if (value.version <= expected)
        issues.push({
          path: 'version',
          message: `must be greater than the expected version ${expected} (apply a transition)`,
        });
      if (value.salesOrderId !== previous.salesOrderId) issues.push({ path: 'salesOrderId', message: 'cannot change' });
      if (value.distributor !== previous.distributor) issues.push({ path: 'distributor', message: 'cannot change' });
      if (issues.length > 0) throw new ValidationError('purchase order update', issues);
      // The PO number, sales order, distributor and creation instant stay: only the state index moves.
      stored.value = value;
      stored.state = value.state;
      if (value.state !== previous.state) {
        removeFromIndex(byState, previous.state, stored);
        addToIndex(byState, value.state, stored);
      }
      return value;
    },

    async findPurchaseOrders(query) {
      const parsed = parseWith(querySchema, query ?? {}, 'purchase order query');
      const filter: PurchaseOrderFilter = {
        poNumber: parsed.poNumber,
        salesOrderId: parsed.salesOrderId,
        distributor: parsed.distributor,
        states:
          parsed.state === undefined
            ? undefined
            : new Set<string>(typeof parsed.state === 'string' ? [parsed.state] : parsed.state),
        fromMs: parsed.createdFrom === undefined ? Number.NEGATIVE_INFINITY : Date.parse(parsed.createdFrom),
        toMs: parsed.createdTo === undefined ? Number.POSITIVE_INFINITY : Date.parse(parsed.createdTo),
      };
      const limit = parsed.limit ?? Number.POSITIVE_INFINITY;
      const plan = planSearch(parsed);
      const result: PurchaseOrder[] = [];
      if (plan.inOrder) {
        const list = plan.list;
        for (let index = 0; index < list.length && result.length < limit; index++) {
          const stored = list[index] as StoredPurchaseOrder;
          if (matchesFilter(stored, filter)) result.push(stored.value);
        }
        return result;
      }
      const found: StoredPurchaseOrder[] = [];
      for (const stored of plan.list) if (matchesFilter(stored, filter)) found.push(stored);
      found.sort(compareStored);
      for (let index = 0; index < found.length && result.length < limit; index++)
        result.push((found[index] as StoredPurchaseOrder).value);
      return result;
    },

    async getIdempotencyRecord(key) {
      if (typeof key !== 'string')
        throw new ValidationError('idempotency key', [{ path: '', message: 'must be a string' }]);
      const record = idempotency.get(key);
      return record === undefined ? null : { ...record };
    },

    async putIdempotencyRecord(record) {
      const parsed = plainIdempotencyRecord(record) ?? parseWith(idempotencyRecordSchema, record, 'idempotency record');
      if (idempotency.has(parsed.key)) return false;
      idempotency.set(parsed.key, parsed);
      return true;
    },

    async nextSequenceValue(name) {
      if (typeof name !== 'string' || name.length === 0)
        throw new ValidationError('sequence name', [{ path: '', message: 'must be a non-empty string' }]);
      const next = (sequences.get(name) ?? 0) + 1;
      sequences.set(name, next);
      return next;
    },

    ...invoiceBook.book,
    ...intakeBook.book,
    ...listingBook.book,
  };
  return store;
}
