import type { DropshipResult, PurchaseOrderState, SyncTrackingResult } from '@dropship/core';
import type { HeldOrderCount } from '../sandbox/index.js';
import type { DemoStoreKind } from './create-demo-store.js';

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
  /** Estimated profit of the plan (cents) when placed by this run. */
  estimatedProfit?: number;
  /** Actual profit from the POs placed (cents), when any is. */
  actualProfit?: number;
  lines: DemoLine[];
}

/** Everything the demo did, for its test and for people. */
export interface DemoResult {
  /** True when every check passed (no duplicate PO, push or email; every line accounted for). */
  ok: boolean;
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
  durationMs: number;
}
