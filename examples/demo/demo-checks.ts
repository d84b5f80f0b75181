import type { SyncTrackingResult } from '@dropship/core';
import type { HeldOrderCount } from '../sandbox/index.js';
import type { DemoOrderOutcome, DemoResult } from './demo-types.js';

/** What the demo's checks look at: the record of the run, as the simulators and the SMTP sink hold it. */
export interface DemoRecord {
  /** What happened to each order. */
  orders: readonly DemoOrderOutcome[];
  /** Orders each distributor simulator holds per PO number. */
  ordersAtDistributors: readonly HeldOrderCount[];
  /** Every tracking number the marketplace simulators hold. */
  trackingAtMarketplaces: DemoResult['trackingAtMarketplaces'];
  /** Every email the SMTP sink holds. */
  emails: DemoResult['emails'];
  /** The tracking syncs of the run, in order. */
  syncs: readonly SyncTrackingResult[];
}

/**
 * The demo's invariant checks, by name: the SDK's promises (no PO placed twice, no tracking
 * pushed twice, no email sent twice) and the demo's own (every line has a PO or a reason, the last
 * sync left no error). Counted on what the simulators and the SMTP sink hold, not on what the
 * dropshipper reports.
 *
 * @param record - the record of the run.
 */
export function demoChecks(record: DemoRecord): Record<string, boolean> {
  const { orders: outcomes, ordersAtDistributors, trackingAtMarketplaces, emails, syncs } = record;
  const trackingKeys = trackingAtMarketplaces.map(
    (entry) => `${entry.marketplace}:${entry.marketplaceOrderId}:${entry.trackingNumber}`,
  );
  const messageIds = emails.map((email) => email.messageId ?? '');
  return {
    'no PO held twice by a distributor': ordersAtDistributors.every((entry) => entry.count === 1),
    'every line has a PO or a reason': outcomes.every((outcome) =>
      outcome.lines.every(
        (line) => line.poNumber !== undefined || (line.reason !== undefined && line.reason !== 'no PO and no reason'),
      ),
    ),
    'no tracking number pushed twice': new Set(trackingKeys).size === trackingKeys.length,
    'no email sent twice':
      new Set(messageIds).size === messageIds.length && messageIds.every((messageId) => messageId.length > 0),
    'no sync error left': syncs.at(-1)?.errors.length === 0,
  };
}
