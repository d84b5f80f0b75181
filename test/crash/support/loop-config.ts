import type { OfferInput, SalesOrder } from '@dropship/core';

// What a child process (a crash-test run, a scale-out worker) needs to build the real clients
// against the simulators its parent serves: passed as a JSON file, so that nothing but data
// crosses the process boundary.

/** Where the child's store lives. */
export type ChildStore = { dataDir: string } | { connectionString: string; schema: string };

/** The served simulators, the SMTP sink and the catalog a child dropshipper works with. */
export interface LoopServices {
  wps: { baseURL: string; apiToken: string };
  ebay: { baseURL: string; accessToken: string };
  /** The SMTP sink on 127.0.0.1, or undefined when buyers are not emailed by the SDK. */
  smtpPort?: number;
  /** The catalog offers (a distributor feed, as loaded every morning). */
  offers: OfferInput[];
  /** How long an email claim without outcome counts as in flight, ms (then abandoned: never sent twice). */
  emailClaimLeaseMs: number;
}

/** Where a crash-test child stops itself (a marker on stdout, then it hangs until killed). */
export type ChildStallPoint =
  /** The distributor accepted the PO and the child got the answer; before the PO is saved `submitted`. */
  | 'submitted-save'
  /** The marketplace has the tracking and the child got the answer; before it records that. */
  | 'tracking-record'
  /** The SMTP server accepted the email; before the child records it as sent. */
  | 'email-record'
  /** The push is recorded (its `tracking:` idempotency record written); before the PO's mark is saved. */
  | 'tracking-mark'
  /** The email is recorded (the dropshipper's `buyer-notified:` record written); before the PO's mark is saved. */
  | 'email-mark';

/** The whole configuration of a crash-test child run. */
export interface CrashChildConfig {
  store: ChildStore;
  services: LoopServices;
  /** The orders the loop works through, one after the other, each to completion. */
  orders: SalesOrder[];
  /** Stall (for the parent to SIGKILL) at this point, for this PO of this marketplace order. */
  stall?: { point: ChildStallPoint; poNumber: string; marketplaceOrderId: string };
  /** Give up (exit 2) when an order is not completed after this long, ms. */
  orderTimeoutMs: number;
}

/** Lines a child writes on stdout for its parent. */
export const childMarkers = {
  ready: 'READY',
  stalled: 'STALLED',
  recovered: 'RECOVERED',
  completed: 'COMPLETED',
  done: 'DONE',
} as const;
