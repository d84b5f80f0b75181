// Example 04: tracking sync. A Shopify order placed with Tucker Rocky ships in two packages on
// two days (Tucker Rocky reports what is in each package). Each sync pulls the new package from
// the distributor, pushes its tracking to Shopify with the lines it holds, emails the buyer
// (Shopify is set not to), and completes the PO once everything is shipped, pushed and emailed.
// A last sync finds nothing to do.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/04-tracking-sync/main.ts
import { createDropshipper, createMemoryStore, type PurchaseOrderState, type SyncTrackingResult } from '@dropship/core';
import { runAsScript, sampleOrder, startSandbox } from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** One sync and what the world looked like after it. */
export interface SyncStep {
  label: string;
  sync: SyncTrackingResult;
  state: PurchaseOrderState | undefined;
  /** Fulfillments Shopify holds for the order after the sync. */
  shopifyFulfillments: number;
  /** Emails in the SMTP sink after the sync. */
  emails: number;
}

/** What the example did. */
export interface TrackingSyncResult {
  poNumber: string;
  distributor: string;
  buyerEmail: string | undefined;
  steps: SyncStep[];
  /** What Shopify recorded: tracking number and quantity per line id. */
  fulfillments: { trackingNumber: string; lines: { lineId: string; quantity: number }[] }[];
  /** The emails the buyer received. */
  emails: { to: string[]; subject: string; messageId: string | undefined; mentionsTracking: boolean }[];
  trackingNumbers: string[];
}

/** Runs the example against a fresh sandbox and closes it. */
export async function run(options: RunOptions = {}): Promise<TrackingSyncResult> {
  const log = options.log ?? console.log;
  const sandbox = await startSandbox();
  try {
    const store = createMemoryStore();
    const dropshipper = createDropshipper({
      distributors: sandbox.distributors,
      marketplaces: sandbox.marketplaces,
      catalog: sandbox.catalog,
      rules: sandbox.rules,
      store,
      // Emails go to the local SMTP sink; "at most once per shipment" is kept in the store.
      notifier: sandbox.createNotifier(store),
      notifyBuyer: 'auto', // email unless the marketplace does (Shopify here: notifyCustomer is false)
      approval: { mode: 'auto' },
      now: sandbox.clock.now,
    });

    const order = sampleOrder({
      marketplace: 'shopify',
      sequence: 4,
      orderedAt: sandbox.clock.iso(),
      lines: [
        { listingSku: 'EBC-FA181HH', quantity: 3 },
        { listingSku: 'ODI-RUFFIAN', quantity: 1 }, // only Tucker Rocky has both: one PO
      ],
    });
    sandbox.receiveOrder(order);
    const placed = await dropshipper.dropship(order);
    const outcome = placed.purchaseOrders[0];
    if (placed.status !== 'placed' || outcome === undefined || placed.purchaseOrders.length !== 1) {
      throw new Error(`expected one PO, got ${placed.status} with ${placed.purchaseOrders.length}`);
    }
    const purchaseOrder = await store.getPurchaseOrder(outcome.poNumber);
    const padSku = purchaseOrder?.lines.find((line) => line.salesLineId === order.lines[0]?.lineId)?.sku ?? '';
    log(
      `Shopify order ${order.marketplaceOrderId} → PO ${outcome.poNumber} at ${outcome.distributor}: ${purchaseOrder?.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}`,
    );

    const steps: SyncStep[] = [];
    const trackingNumbers: string[] = [];
    const syncAndRecord = async (label: string) => {
      const sync = await dropshipper.syncTracking();
      const step: SyncStep = {
        label,
        sync,
        state: (await store.getPurchaseOrder(outcome.poNumber))?.state,
        shopifyFulfillments: sandbox.marketplaceSimulators.shopify.fulfillments(order.marketplaceOrderId).length,
        emails: sandbox.mailbox.messages().length,
      };
      steps.push(step);
      log(
        `${label.padEnd(38)} sync: ${sync.shipmentsRecorded} new shipment, ${sync.trackingPushed} pushed, ${sync.buyersNotified} emailed, ${sync.completed} completed → PO ${step.state}; Shopify fulfillments ${step.shopifyFulfillments}, emails ${step.emails}`,
      );
    };

    // Day 1, 15:00: the distributor ships two of the three pads.
    sandbox.clock.set('2026-11-20T15:00:00.000Z');
    trackingNumbers.push(
      sandbox.ship(outcome.distributor, outcome.poNumber, { lines: [{ sku: padSku, quantity: 2 }] }),
    );
    await syncAndRecord('day 1: first package (2 pads)');

    // Day 2, 11:00: the rest (one pad and the grips) in a second package.
    sandbox.clock.set('2026-11-21T11:00:00.000Z');
    trackingNumbers.push(sandbox.ship(outcome.distributor, outcome.poNumber));
    await syncAndRecord('day 2: second package (1 pad, grips)');

    // Day 2, 12:00: nothing new anywhere.
    sandbox.clock.set('2026-11-21T12:00:00.000Z');
    await syncAndRecord('day 2: sync again');

    const fulfillments = sandbox.marketplaceSimulators.shopify
      .fulfillments(order.marketplaceOrderId)
      .map((fulfillment) => ({ trackingNumber: fulfillment.trackingNumber, lines: fulfillment.lines }));
    const emails = sandbox.mailbox.messages().map((message) => ({
      to: message.to,
      subject: message.subject,
      messageId: message.messageId,
      mentionsTracking: trackingNumbers.some((trackingNumber) => message.raw.includes(trackingNumber)),
    }));
    for (const email of emails) log(`  email to ${email.to.join(', ')}: "${email.subject}"`);
    return {
      poNumber: outcome.poNumber,
      distributor: outcome.distributor,
      buyerEmail: order.buyer.email,
      steps,
      fulfillments,
      emails,
      trackingNumbers,
    };
  } finally {
    await sandbox.close();
  }
}

runAsScript(import.meta.url, () => run());
