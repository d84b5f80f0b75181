import { createMemoryCatalog } from '../../../catalog/memory-catalog.js';
import type { DropshipEventName, DropshipEventPayload } from '../../../events/dropship-events.js';
import type { SalesOrder } from '../../../model/sales-order.js';
import type { DropshipStore } from '../../../spec/v1/store.js';
import { createMemoryStore, type MemoryStore } from '../../../stores/memory-store.js';
import {
  createMockDistributorClient,
  createMockMarketplaceAdapter,
  createMockMarketplaceServer,
  type MockMarketplaceServer,
} from '../../../test.js';
import { offer, salesOrder } from '../../__fixtures__/dropshipper-fixtures.js';
import type { ApprovalPolicy, IntakeOptions } from '../../context/dropshipper-types.js';
import { createDropshipper, type DropshipperInstance } from '../../create-dropshipper.js';

/** The intake tests' clock: it starts at 2026-11-20 15:00 UTC and moves when a test says so. */
export function createClock(start = '2026-11-20T15:00:00.000Z') {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
    /** The instant `minutes` before now (ISO). */
    ago(minutes: number): string {
      return new Date(current.getTime() - minutes * 60_000).toISOString();
    },
  };
}

/** A store wrapper that counts every call and can make the next call of a method throw (a crash at that step). */
export interface WrappedStore {
  readonly store: DropshipStore;
  /** Calls of `method` so far. */
  calls(method: keyof MemoryStore): number;
  /** The next `times` calls of `method` throw before touching the store. */
  failNext(method: keyof MemoryStore, times?: number): void;
  /** The call of `method` after the next `passes` ones throws, once, before touching the store. */
  failAfter(method: keyof MemoryStore, passes: number): void;
}

/** Wraps a memory store (shared: two dropshippers over one store are two workers). */
export function wrapStore(inner: MemoryStore = createMemoryStore()): WrappedStore {
  const counts = new Map<string, number>();
  const failures = new Map<string, number>();
  const passing = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        counts.set(property, (counts.get(property) ?? 0) + 1);
        const passes = passing.get(property);
        if (passes !== undefined) {
          if (passes > 0) passing.set(property, passes - 1);
          else {
            passing.delete(property);
            failures.set(property, (failures.get(property) ?? 0) + 1);
          }
        }
        const left = failures.get(property) ?? 0;
        if (left > 0) {
          failures.set(property, left - 1);
          return Promise.reject(new Error(`crash injected at ${property}`));
        }
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    calls: (method) => counts.get(method) ?? 0,
    failNext(method, times = 1) {
      failures.set(method, times);
    },
    failAfter(method, passes) {
      passing.set(method, passes);
    },
  };
}

/** Options of {@link intakeWorld}. */
export interface IntakeWorldOptions {
  approval?: ApprovalPolicy;
  orders?: 'list' | 'list-and-acknowledge';
  orderPageSize?: number;
  intake?: IntakeOptions;
  /** Units of `W-PAD` at WPS's PA warehouse (catalog and live). Default 100. */
  stock?: number;
  /** Share a store (two workers). */
  store?: WrappedStore;
  /** Share a marketplace (two workers). */
  server?: MockMarketplaceServer;
  clock?: ReturnType<typeof createClock>;
  /** Share a distributor (a restarted process talks to the same WPS). */
  wps?: ReturnType<typeof createMockDistributorClient>;
  /** When the catalog's stock figure was read (`offer.updatedAt`). Default: unknown. */
  offerUpdatedAt?: string;
  /** The dealer's listings (the dropshipper's `listings` option). */
  listings?: readonly unknown[];
}

/**
 * One eBay mock marketplace listing orders, WPS selling the pads (W-PAD, $15.00), a memory
 * catalog and store, and a dropshipper with intake on the given clock; every event recorded.
 */
export function intakeWorld(options: IntakeWorldOptions = {}) {
  const clock = options.clock ?? createClock();
  const stock = options.stock ?? 100;
  const server = options.server ?? createMockMarketplaceServer({ marketplace: 'ebay', now: clock.now });
  const market = createMockMarketplaceAdapter({
    server,
    orders: options.orders ?? 'list',
    orderPageSize: options.orderPageSize ?? 2,
  });
  const wps =
    options.wps ??
    createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: stock } }, now: clock.now });
  const wrapped = options.store ?? wrapStore();
  const dropshipper: DropshipperInstance = createDropshipper({
    distributors: [wps],
    marketplaces: [market],
    store: wrapped.store,
    catalog: createMemoryCatalog([
      offer(
        'wps',
        'W-PAD',
        1500,
        { PA: stock },
        options.offerUpdatedAt === undefined ? {} : { updatedAt: options.offerUpdatedAt },
      ),
    ]),
    approval: options.approval ?? { mode: 'manual' },
    now: clock.now,
    ...(options.intake === undefined ? {} : { intake: options.intake }),
    ...(options.listings === undefined ? {} : { listings: options.listings }),
  });
  const events: { name: DropshipEventName; payload: unknown }[] = [];
  const names: DropshipEventName[] = [
    'order-imported',
    'order-import-duplicate',
    'order-import-skipped',
    'order-unmappable',
    'order-held',
    'orders-acknowledged',
    'intake-page-read',
    'intake-window-completed',
    'intake-cursor-restarted',
  ];
  for (const name of names) dropshipper.events.on(name, (payload: unknown) => events.push({ name, payload }));
  return {
    clock,
    server,
    market,
    intake: server.intake,
    wps,
    store: wrapped,
    dropshipper,
    /** Payloads of one event, in order. */
    eventsOf<Name extends DropshipEventName>(name: Name): DropshipEventPayload<Name>[] {
      return events.filter((event) => event.name === name).map((event) => event.payload as DropshipEventPayload<Name>);
    },
  };
}

/** An eBay order of `quantity` pads (W-PAD) at $30.00 each. */
export function padOrder(id: string, quantity = 1): SalesOrder {
  return salesOrder(id, [{ lineId: 'L1', sku: 'W-PAD', quantity, unitPrice: 3000 }]);
}
