import { ConfigurationError } from '../../errors/configuration-error.js';
import { createEventBus, type DropshipEventBus } from '../../events/index.js';
import { type Listing, listingKey, parseListings } from '../../listings/listing.js';
import type { InventoryRules } from '../../model/inventory-rules.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import { createPlanner, type Planner } from '../../routing/create-planner.js';
import { createPurchaseOrderNumbering, type PurchaseOrderNumbering } from '../../routing/purchase-order-number.js';
import type { BuyerNotifier } from '../../spec/v1/buyer-notifier.js';
import type { Catalog } from '../../spec/v1/catalog.js';
import type { DistributorClient } from '../../spec/v1/distributor-client.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { type PriceGuardOptions, type ReroutePolicy, reroutePolicyOf } from '../reroute/reroute-options.js';
import { validateDropshipperOptions } from './dropshipper-options.js';
import type { ApprovalPolicy, DropshipperOptions } from './dropshipper-types.js';
import { type ConcurrencyLimiter, limitConcurrency } from './limit-concurrency.js';

/** The numbers every step of one dropshipper works within. */
export interface DropshipLimits {
  /** Most calls in flight per distributor (tracking pulls, recovery). */
  readonly concurrencyPerDistributor: number;
  /** Days a date-range tracking look-up starts before the oldest open PO. */
  readonly trackingLookbackDays: number;
  /** How long a PO may stay `submitting` before recovery takes it over, ms. */
  readonly submitLeaseMs: number;
  /** How long a distributor order's boxes wait to be reported complete, ms. */
  readonly packageGroupSettleMs: number;
  /** Most new PO numbers tried for one order and distributor after rejections or cancellations. */
  readonly maxAttempts: number;
}

/** How order intake scans a marketplace (the `intake` option, defaults applied). */
export interface IntakeLimits {
  /** How far each scan reaches back before the last window's end, ms. */
  readonly overlapMs: number;
  /** How long before now a scan's window ends, ms. */
  readonly settleMs: number;
  /** How far back the first import of a marketplace looks, ms. */
  readonly firstImportLookbackMs: number;
  /** Most listing pages one run reads. */
  readonly maxPagesPerRun: number;
}

/**
 * Everything the steps of the drop-ship loop share (store, clients, adapters, notifier, events,
 * clock, rules, limits, PO numbering). Built once by `createDropshipper`; each step module
 * (`place/`, `recover/`, `sync/`, `intake/`, `cancel.ts`, `profit.ts`) is a set of functions over it.
 */
export interface DropshipContext {
  /** Where state lives. */
  readonly store: DropshipStore;
  /** Distributor clients by distributor id. */
  readonly distributors: ReadonlyMap<string, DistributorClient>;
  /** Marketplace adapters by marketplace id. */
  readonly marketplaces: ReadonlyMap<string, MarketplaceAdapter>;
  /** Marketplaces whose tracking the dealer pushes outside the SDK (the `trackingHandledElsewhere` option). */
  readonly trackingHandledElsewhere: ReadonlySet<string>;
  /** Sends buyer emails, when configured. */
  readonly notifier: BuyerNotifier | undefined;
  /** Every distributor's offers. */
  readonly catalog: Catalog;
  /** The planner (rules applied, numbering PO numbers with {@link numbering}). */
  readonly planner: Planner;
  /** How PO numbers are made: first numbers (by the planner) and retry numbers (by placement). */
  readonly numbering: PurchaseOrderNumbering;
  /** The parsed inventory rules. */
  readonly rules: InventoryRules;
  /** When a plan is placed without the caller confirming it. */
  readonly approval: ApprovalPolicy;
  /** When the SDK emails the buyer. */
  readonly notifyBuyer: 'auto' | 'always' | 'never';
  /** The numbers every step works within. */
  readonly limits: DropshipLimits;
  /** How order intake scans a marketplace. */
  readonly intake: IntakeLimits;
  /** The dealer's listings by `listingKey` (the `listings` option; empty without it). */
  readonly listings: ReadonlyMap<string, Listing>;
  /** The re-route policy (the `reroute` option with defaults); undefined when not configured. */
  readonly reroute: ReroutePolicy | undefined;
  /** The price guard (the `priceGuard` option); undefined when not configured. */
  readonly priceGuard: PriceGuardOptions | undefined;
  /** Typed events for every step. */
  readonly events: DropshipEventBus;
  /** Emits on {@link events} without letting a throwing listener break a step whose state is saved. */
  readonly emit: DropshipEventBus['emit'];
  /** The clock. */
  now(): Date;
  /** The concurrency limiter of a distributor (one per distributor id, shared by every step). */
  limiterFor(distributor: string): ConcurrencyLimiter;
  /** Saves a transitioned PO (nothing when unchanged), emitting the state change. */
  save(next: PurchaseOrder, previous: PurchaseOrder): Promise<PurchaseOrder>;
}

/** Most new PO numbers tried for one order and distributor after rejections or cancellations. */
const maxAttempts = 9;

/**
 * Validates the options of `createDropshipper` and builds the context every step shares.
 *
 * @param options - see {@link DropshipperOptions}.
 * @throws {@link ValidationError} listing every malformed option with its path.
 * @throws {@link ConfigurationError} when two clients share a distributor id or two adapters a marketplace id.
 */
export function createDropshipContext(options: DropshipperOptions): DropshipContext {
  const { rules } = validateDropshipperOptions(options);
  const distributors = new Map<string, DistributorClient>();
  for (const client of options.distributors) {
    if (distributors.has(client.distributor))
      throw new ConfigurationError(`createDropshipper: two clients for distributor "${client.distributor}"`);
    distributors.set(client.distributor, client);
  }
  const marketplaces = new Map<string, MarketplaceAdapter>();
  for (const adapter of options.marketplaces ?? []) {
    if (marketplaces.has(adapter.marketplace))
      throw new ConfigurationError(`createDropshipper: two adapters for marketplace "${adapter.marketplace}"`);
    marketplaces.set(adapter.marketplace, adapter);
  }
  const store = options.store ?? createMemoryStore();
  const now = options.now ?? (() => new Date());
  const limits: DropshipLimits = {
    concurrencyPerDistributor: options.concurrencyPerDistributor ?? 8,
    trackingLookbackDays: options.trackingLookbackDays ?? 1,
    submitLeaseMs: options.submitLeaseMs ?? 120_000,
    packageGroupSettleMs: options.packageGroupSettleMs ?? 86_400_000,
    maxAttempts,
  };
  const events = createEventBus();
  const emit: DropshipEventBus['emit'] = (name, ...payload) => {
    try {
      return events.emit(name, ...payload);
    } catch {
      return true;
    }
  };
  const limiters = new Map<string, ConcurrencyLimiter>();
  const numbering = createPurchaseOrderNumbering({ prefix: options.poNumberPrefix ?? 'DS' });
  return {
    store,
    distributors,
    marketplaces,
    trackingHandledElsewhere: new Set(options.trackingHandledElsewhere ?? []),
    notifier: options.notifier,
    catalog: options.catalog,
    planner: createPlanner({ rules, numbering }),
    numbering,
    rules,
    approval: options.approval ?? { mode: 'manual' },
    notifyBuyer: options.notifyBuyer ?? 'auto',
    limits,
    intake: {
      overlapMs: options.intake?.overlapMs ?? 15 * 60_000,
      settleMs: options.intake?.settleMs ?? 3 * 60_000,
      firstImportLookbackMs: options.intake?.firstImportLookbackMs ?? 86_400_000,
      maxPagesPerRun: options.intake?.maxPagesPerRun ?? 1_000,
    },
    listings: new Map(parseListings(options.listings ?? []).map((listing) => [listingKey(listing), listing])),
    reroute: reroutePolicyOf(options.reroute),
    priceGuard: options.priceGuard,
    events,
    emit,
    now,
    limiterFor(distributor) {
      let limiter = limiters.get(distributor);
      if (limiter === undefined) {
        limiter = limitConcurrency(limits.concurrencyPerDistributor);
        limiters.set(distributor, limiter);
      }
      return limiter;
    },
    async save(next, previous) {
      if (next === previous || next.version === previous.version) return previous;
      const stored = await store.updatePurchaseOrder(next, previous.version);
      if (next.state !== previous.state) {
        emit('purchase-order-state-changed', {
          poNumber: next.poNumber,
          distributor: next.distributor,
          from: previous.state,
          to: next.state,
          version: next.version,
        });
      }
      return stored;
    },
  };
}
