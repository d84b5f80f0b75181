import type { DropshipResult, ImportedOrderRecord, PurchaseOrderState, SyncTrackingResult } from '@dropship/core';
import type { HeldOrderCount } from '../sandbox/index.js';
import type { DemoStoreKind } from './create-demo-store.js';
import type { DemoListings } from './demo-listings.js';

/** What the demo categorises an order as. */
export type DemoOrderCategory = 'placed' | 'partially-placed' | 'held' | 'not-drop-shippable' | 'failed';

/** One marketplace line and where it went. */
export interface DemoLine {
  lineId: string;
  sku: string;
  quantity: number;
  /** The PO covering it, when there is one. */
  poNumber?: string;
  poState?: PurchaseOrderState;
  /** Why it has no PO (a reason code), when it has none. */
  reason?: string;
}

/** What happened to one order in this run. */
export interface DemoOrderOutcome {
  salesOrderId: string;
  marketplace: string;
  story: string;
  category: DemoOrderCategory;
  /** True when the store already had POs for it when this run started. */
  alreadyHandled: boolean;
  status: DropshipResult['status'];
  holdReasons: string[];
  /** POs placed by this run (not found already placed). */
  placedNow: number;
  /** True when its first placement failed and a later intake run of this one placed it. */
  placedOnRetry: boolean;
  /** Estimated profit of the plan (cents) when placed by this run. */
  estimatedProfit?: number;
  /** Actual profit from the POs placed (cents), when any is. */
  actualProfit?: number;
  lines: DemoLine[];
}

/** What order intake did with one marketplace's listing over the run (every `importOrders` summed). */
export interface DemoIntakeRow {
  marketplace: string;
  /** Listing pages read. */
  pages: number;
  /** Calls the marketplace simulator served for its listing (per-order detail calls included). */
  calls: number;
  /** Entries on those pages, repeats included. */
  listed: number;
  /** Orders taken in (saved, stock reserved, recorded). */
  imported: number;
  /** Entries seen before (the overlap of two windows, a repeat on the next page): nothing changed. */
  duplicates: number;
  /** Orders held for a person by the approval policy. */
  held: number;
  /** Orders the adapter could not map, held with their reason. */
  unmappable: number;
  /** Orders the approval policy placed (a retry after a failed placement included). */
  placed: number;
  /** Orders the marketplace confirmed as acknowledged (Walmart). */
  acknowledged: number;
  /** `importOrders` runs of this marketplace that failed (the next one resumes). */
  errors: number;
}

/** What order intake did over the run, and what the store holds about it. */
export interface DemoIntake {
  /** `importOrders` runs (one after each order arrives and settles). */
  polls: number;
  /** Per marketplace. */
  marketplaces: DemoIntakeRow[];
  /** Every order the demo listed in the marketplace simulators (`<marketplace>:<id>`). */
  listedOrderIds: string[];
  /** The order listed without a buyer name, which the adapter cannot map. */
  unmappableOrderId: string;
  /** The imported-order records in the store at the end. */
  records: Pick<ImportedOrderRecord, 'salesOrderId' | 'status' | 'reasons'>[];
  /** Orders the store had a record for when the run started. */
  recordsBefore: string[];
  /** Orders taken in by this run (the `order-imported` and `order-unmappable` events), in order. */
  takenInThisRun: string[];
  /** Orders one `importOrders` run listed on two pages (counted once). */
  repeatedWithinRun: string[];
}

/** Everything the demo did, for its test and for people. */
export interface DemoResult {
  /** True when every check passed (no duplicate PO, push or email; every line accounted for). */
  ok: boolean;
  /** Stock and price pushed to the marketplaces that take pushes (absent: none, or a store without listings). */
  listings?: DemoListings;
  /** The checks, by name. */
  checks: Record<string, boolean>;
  storeKind: DemoStoreKind;
  storeLocation: string;
  orders: DemoOrderOutcome[];
  /** POs placed by this run. */
  placedThisRun: number;
  /** Every PO in the store at the end. */
  purchaseOrders: { poNumber: string; distributor: string; salesOrderId: string; state: PurchaseOrderState }[];
  /** Orders each distributor simulator holds per PO number. */
  ordersAtDistributors: HeldOrderCount[];
  /** Every tracking number the marketplace simulators hold. */
  trackingAtMarketplaces: { marketplace: string; marketplaceOrderId: string; trackingNumber: string }[];
  /** Tracking numbers pushed by this run, per marketplace. */
  pushedThisRun: Record<string, number>;
  /** Every email the SMTP sink holds. */
  emails: { to: string[]; subject: string; messageId: string | undefined }[];
  /** Emails sent by this run. */
  emailsThisRun: number;
  /** Lines without a PO, by reason code. */
  unplacedReasons: Record<string, number>;
  /** Totals over orders placed by this run (estimated) and over every order with POs (actual), cents. */
  profit: { estimated: number; actualOfPlacedNow: number; actual: number };
  syncs: SyncTrackingResult[];
  /** Order intake: pages, calls and outcomes per marketplace, the records in the store. */
  intake: DemoIntake;
  durationMs: number;
}
