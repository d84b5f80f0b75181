// Example 03: one Amazon order split across two distributors. No single distributor sells every
// part: the throttle cable is a Parts Unlimited part, the grips a Tucker Rocky part. Routing
// prefers one shipment (one distributor taking every line), cannot have it, and plans one PO per
// distributor. Both packages' tracking numbers end up on the one Amazon order.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/03-split-order/main.ts
import { createDropshipper, createMemoryStore, formatMoney } from '@dropship/core';
import { runAsScript, sampleOrder, startSandbox } from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** One PO of the split. */
export interface SplitPurchaseOrder {
  distributor: string;
  poNumber: string;
  /** Distributor SKU → quantity. */
  lines: Record<string, number>;
  /** Orders the distributor holds for this PO number. */
  ordersAtDistributor: number;
  state: string;
}

/** What the example did. */
export interface SplitOrderResult {
  salesOrderId: string;
  status: string;
  purchaseOrders: SplitPurchaseOrder[];
  /** Marketplace line ids covered by each PO number. */
  linesByPurchaseOrder: Record<string, string[]>;
  /** Tracking numbers Amazon recorded for the order after the sync. */
  amazonTracking: string[];
  estimatedProfit: number;
  actualProfit: number;
}

/** Runs the example against a fresh sandbox and closes it. */
export async function run(options: RunOptions = {}): Promise<SplitOrderResult> {
  const log = options.log ?? console.log;
  const sandbox = await startSandbox();
  try {
    const store = createMemoryStore();
    const dropshipper = createDropshipper({
      distributors: sandbox.distributors,
      marketplaces: sandbox.marketplaces,
      catalog: sandbox.catalog,
      rules: { ...sandbox.rules, singleShipment: 'preferred' }, // the default, spelled out
      store,
      approval: { mode: 'auto' },
      now: sandbox.clock.now,
    });

    const order = sampleOrder({
      marketplace: 'amazon',
      sequence: 3,
      orderedAt: sandbox.clock.iso(),
      lines: [
        { listingSku: 'MP-05-0120', quantity: 1 },
        { listingSku: 'ODI-RUFFIAN', quantity: 2 },
      ],
    });
    sandbox.receiveOrder(order);
    log(`Amazon order ${order.marketplaceOrderId}: 1 × Motion Pro throttle cable, 2 × ODI grips`);

    const result = await dropshipper.dropship(order);
    log(`dropship: ${result.status}, ${result.purchaseOrders.length} POs`);
    const linesByPurchaseOrder: Record<string, string[]> = {};
    const purchaseOrders: SplitPurchaseOrder[] = [];
    for (const planned of result.plan.purchaseOrders) {
      const outcome = result.purchaseOrders.find((candidate) => candidate.distributor === planned.distributor);
      const poNumber = outcome?.poNumber ?? planned.poNumber;
      linesByPurchaseOrder[poNumber] = planned.lines.map((line) => line.salesLineId);
      const lines = Object.fromEntries(planned.lines.map((line) => [line.sku, line.quantity]));
      purchaseOrders.push({
        distributor: planned.distributor,
        poNumber,
        lines,
        ordersAtDistributor: sandbox.distributorSimulator(planned.distributor).orderCount(poNumber),
        state: outcome?.state ?? 'not placed',
      });
      log(
        `  PO ${poNumber} → ${planned.distributor.padEnd(15)} ${planned.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}  (${outcome?.outcome})`,
      );
    }

    // Each distributor ships its own package; both tracking numbers go to the one Amazon order.
    sandbox.clock.advanceMinutes(5 * 60);
    for (const purchaseOrder of purchaseOrders) sandbox.ship(purchaseOrder.distributor, purchaseOrder.poNumber);
    const sync = await dropshipper.syncTracking();
    log(
      `syncTracking: ${sync.shipmentsRecorded} shipments, ${sync.trackingPushed} tracking numbers pushed, ${sync.completed} POs completed`,
    );
    for (const purchaseOrder of purchaseOrders) {
      purchaseOrder.state = (await store.getPurchaseOrder(purchaseOrder.poNumber))?.state ?? purchaseOrder.state;
    }

    const amazonTracking = sandbox.marketplaceSimulators.amazon
      .packages(order.marketplaceOrderId)
      .map((item) => item.trackingNumber);
    const actual = await dropshipper.profit(result.salesOrderId);
    log(`Amazon now has ${amazonTracking.length} packages: ${amazonTracking.join(', ')}`);
    log(
      `profit: estimated ${formatMoney(result.plan.profit.profit, 'USD')}, actual ${formatMoney(actual.profit, 'USD')} (actual has no shipping estimate)`,
    );
    return {
      salesOrderId: result.salesOrderId,
      status: result.status,
      purchaseOrders,
      linesByPurchaseOrder,
      amazonTracking,
      estimatedProfit: result.plan.profit.profit,
      actualProfit: actual.profit,
    };
  } finally {
    await sandbox.close();
  }
}

runAsScript(import.meta.url, () => run());
