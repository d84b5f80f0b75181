// Example 01: one Walmart order through one distributor (Tucker Rocky): planned with a
// real-time stock check, placed, shipped, and its tracking pushed back to Walmart.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/01-one-distributor/main.ts
import { createDropshipper, createMemoryStore, type PurchaseOrderState, type SyncTrackingResult } from '@dropship/core';
import { runAsScript, type Sandbox, sampleOrder, startSandbox } from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What the example did, for its test and for readers. */
export interface OneDistributorResult {
  salesOrderId: string;
  /** `placed` when the PO went through. */
  status: string;
  distributor: string;
  poNumber: string;
  /** Orders Tucker Rocky holds for the PO number: 1, never more. */
  ordersAtDistributor: number;
  trackingNumber: string;
  /** What `syncTracking` did. */
  sync: SyncTrackingResult;
  /** Tracking numbers Walmart recorded for the order. */
  walmartTracking: string[];
  /** The PO's final state. */
  state: PurchaseOrderState | undefined;
}

/** Runs the example against a fresh sandbox and closes it. */
export async function run(options: RunOptions = {}): Promise<OneDistributorResult> {
  const log = options.log ?? console.log;
  const sandbox: Sandbox = await startSandbox();
  try {
    const store = createMemoryStore();
    const dropshipper = createDropshipper({
      distributors: sandbox.distributors,
      marketplaces: sandbox.marketplaces,
      catalog: sandbox.catalog,
      rules: sandbox.rules,
      store,
      approval: { mode: 'auto' }, // place complete, profitable plans without asking
      now: sandbox.clock.now,
    });
    dropshipper.events.on('purchase-order-submitted', (event) =>
      log(
        `  event purchase-order-submitted: ${event.poNumber} at ${event.distributor} (order ${event.distributorOrderRefs.join(', ')})`,
      ),
    );
    dropshipper.events.on('tracking-pushed', (event) =>
      log(`  event tracking-pushed: ${event.trackingNumber} to ${event.marketplace} order ${event.marketplaceOrderId}`),
    );

    // A buyer orders two pairs of ODI grips on Walmart. Only Tucker Rocky sells them.
    const order = sampleOrder({
      marketplace: 'walmart',
      sequence: 1,
      orderedAt: sandbox.clock.iso(),
      lines: [{ listingSku: 'ODI-RUFFIAN', quantity: 2 }],
    });
    sandbox.receiveOrder(order);
    log(`1. Walmart order ${order.marketplaceOrderId}: 2 × ODI Ruffian grips`);

    const plan = await dropshipper.plan(order);
    const planned = plan.purchaseOrders[0];
    log(
      `2. plan: ${plan.purchaseOrders.length} PO → ${planned?.distributor} ${planned?.lines.map((line) => `${line.quantity} × ${line.sku} from ${line.warehouse} (${line.stockSource} stock)`).join(', ')}; estimated profit $${(plan.profit.profit / 100).toFixed(2)}`,
    );

    const result = await dropshipper.dropship(order);
    const placed = result.purchaseOrders[0];
    if (placed === undefined) throw new Error(`nothing placed: ${result.status} ${result.holdReasons.join('; ')}`);
    log(`3. dropship: ${result.status}, PO ${placed.poNumber} is ${placed.state}`);

    sandbox.clock.advanceMinutes(6 * 60);
    const trackingNumber = sandbox.ship(placed.distributor, placed.poNumber);
    log(`4. ${placed.distributor} ships the package: ${trackingNumber}`);

    const sync = await dropshipper.syncTracking();
    log(
      `5. syncTracking: ${sync.shipmentsRecorded} shipment recorded, ${sync.trackingPushed} tracking pushed, ${sync.completed} PO completed`,
    );

    const purchaseOrder = await store.getPurchaseOrder(placed.poNumber);
    const walmartTracking = sandbox.marketplaceSimulators.walmart
      .fulfillments(order.marketplaceOrderId)
      .map((fulfillment) => fulfillment.trackingNumber);
    log(`6. PO ${placed.poNumber} is ${purchaseOrder?.state}; Walmart shows tracking ${walmartTracking.join(', ')}`);
    return {
      salesOrderId: result.salesOrderId,
      status: result.status,
      distributor: placed.distributor,
      poNumber: placed.poNumber,
      ordersAtDistributor: sandbox.distributorSimulator(placed.distributor).orderCount(placed.poNumber),
      trackingNumber,
      sync,
      walmartTracking,
      state: purchaseOrder?.state,
    };
  } finally {
    await sandbox.close();
  }
}

runAsScript(import.meta.url, () => run());
