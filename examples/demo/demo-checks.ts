import type { SyncTrackingResult } from '@dropship/core';
import type { HeldOrderCount } from '../sandbox/index.js';
import type { DemoIntake, DemoOrderOutcome, DemoResult } from './demo-types.js';

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
  /** What order intake listed, took in and recorded. */
  intake: Pick<DemoIntake, 'listedOrderIds' | 'unmappableOrderId' | 'records' | 'recordsBefore' | 'takenInThisRun'>;
}

/** Values that occur more than once. */
function repeated(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/**
 * The demo's invariant checks, by name: the SDK's promises (no PO placed twice, no tracking
 * pushed twice, no email sent twice, every order listed taken in once and never again, the order
 * that cannot be mapped held with its reason) and the demo's own (every line has a PO or a
 * reason, the last sync left no error). Counted on what the simulators, the SMTP sink and the
 * store hold, not on what the dropshipper reports.
 *
 * @param record - the record of the run.
 */
export function demoChecks(record: DemoRecord): Record<string, boolean> {
  const { orders: outcomes, ordersAtDistributors, trackingAtMarketplaces, emails, syncs, intake } = record;
  const recorded = intake.records.map((entry) => entry.salesOrderId);
  const listed = new Set(intake.listedOrderIds);
  const before = new Set(intake.recordsBefore);
  const unmappable = intake.records.find((entry) => entry.salesOrderId === intake.unmappableOrderId);
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
    'every listed order imported once':
      repeated(recorded).length === 0 &&
      repeated(intake.takenInThisRun).length === 0 &&
      recorded.length === listed.size &&
      recorded.every((id) => listed.has(id)),
    'the unmappable order held with its reason': unmappable?.status === 'unmappable' && unmappable.reasons.length > 0,
    'nothing imported again by a later run': intake.takenInThisRun.every((id) => !before.has(id)),
  };
}
