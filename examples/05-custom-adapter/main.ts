// Example 05: a custom distributor adapter. `trailhead-client.ts` is a DistributorClient for a
// made-up distributor, written on @dropship/http; `trailhead-simulator.ts` fakes its API with the
// same building blocks the SDK's simulators use; `trailhead-conformance.test.ts` runs the SDK's
// conformance suite on it. Here it joins the four built-in distributors in one dropshipper: it
// sells the EBC pads cheapest, gets the order, loses the answer to the order (the SDK finds the
// order instead of placing it twice), ships, and the tracking reaches eBay.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/05-custom-adapter/main.ts
import { createDropshipper, createMemoryStore, type SyncTrackingResult } from '@dropship/core';
import { runAsScript, sampleOrder, startSandbox } from '../sandbox/index.js';
import { createTrailhead } from './trailhead-client.js';
import { createTrailheadSimulator } from './trailhead-simulator.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What the example did. */
export interface CustomAdapterResult {
  distributor: string;
  sku: string;
  poNumber: string;
  outcome: string;
  /** Orders Trailhead holds for the PO number (1, despite the lost answer). */
  ordersAtTrailhead: number;
  /** Order submissions Trailhead received. */
  submitCalls: number;
  /** Warnings the adapter reported (the lost answer). */
  warnings: string[];
  sync: SyncTrackingResult;
  /** Tracking numbers eBay recorded for the order. */
  ebayTracking: string[];
  trackingNumber: string;
}

/** Runs the example against a fresh sandbox plus the Trailhead simulator, and closes them. */
export async function run(options: RunOptions = {}): Promise<CustomAdapterResult> {
  const log = options.log ?? console.log;
  const sandbox = await startSandbox();
  try {
    // The custom distributor: its simulator joins the sandbox's MSW server.
    const simulator = createTrailheadSimulator({ apiKey: 'example-trailhead-key' });
    sandbox.server.use(...simulator.handlers);
    simulator.addProduct({ sku: 'TH-FA181HH', stock: { SLC: 10, DEN: 4 }, cost: 1990 });
    const trailhead = createTrailhead({
      apiKey: simulator.apiKey,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 5, maxDelayMs: 20 },
    });

    // Its offer for the EBC pads, as its feed would give it (same brand + MPN as the others).
    await sandbox.catalog.upsertOffers([
      {
        distributor: 'trailhead',
        sku: 'TH-FA181HH',
        brand: 'EBC',
        mpn: 'FA181HH',
        currency: 'USD',
        cost: 1990,
        dropShipFee: 200,
        estimatedShipping: 0,
        stock: [
          { warehouse: 'SLC', quantity: 10, leadTimeDays: 0, isFloor: false },
          { warehouse: 'DEN', quantity: 4, leadTimeDays: 0, isFloor: false },
        ],
        dropShipEligible: true,
        discontinued: false,
        hazardous: false,
        truckOnly: false,
      },
    ]);

    const warnings: string[] = [];
    const dropshipper = createDropshipper({
      distributors: [...sandbox.distributors, trailhead],
      marketplaces: sandbox.marketplaces,
      catalog: sandbox.catalog,
      rules: sandbox.rules,
      store: createMemoryStore(),
      approval: { mode: 'auto' },
      now: sandbox.clock.now,
    });
    dropshipper.events.on('warning', (event) => warnings.push(event.warning.message));

    const order = sampleOrder({
      marketplace: 'ebay',
      sequence: 5,
      orderedAt: sandbox.clock.iso(),
      lines: [{ listingSku: 'EBC-FA181HH', quantity: 2 }],
    });
    sandbox.receiveOrder(order);
    log(
      `eBay order ${order.marketplaceOrderId}: 2 × EBC FA181HH brake pads (WPS, Parts Unlimited, Tucker Rocky and Trailhead sell them)`,
    );

    // Trailhead stores the order, then the connection drops before the answer arrives.
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const result = await dropshipper.dropship(order);
    const placed = result.purchaseOrders[0];
    const line = result.plan.purchaseOrders[0]?.lines[0];
    if (placed === undefined || line === undefined) throw new Error(`nothing placed: ${result.status}`);
    log(
      `dropship: PO ${placed.poNumber} → ${placed.distributor} SKU ${line.sku}: ${placed.outcome}, state ${placed.state}`,
    );
    for (const warning of warnings) log(`  warning: ${warning}`);
    log(
      `  Trailhead holds ${simulator.orderCount(placed.poNumber)} order for ${placed.poNumber} after ${simulator.callCount('submit')} submission call(s)`,
    );

    sandbox.clock.advanceMinutes(4 * 60);
    const trackingNumber = simulator.shipOrder(placed.poNumber, { shippedAt: sandbox.clock.iso() });
    const sync = await dropshipper.syncTracking();
    const ebayTracking = sandbox.marketplaceSimulators.ebay
      .fulfillments(order.marketplaceOrderId)
      .map((fulfillment) => fulfillment.trackingNumber);
    log(
      `syncTracking: ${sync.shipmentsRecorded} shipment (${trackingNumber}), ${sync.trackingPushed} pushed to eBay, ${sync.completed} PO completed`,
    );
    return {
      distributor: placed.distributor,
      sku: line.sku,
      poNumber: placed.poNumber,
      outcome: placed.outcome,
      ordersAtTrailhead: simulator.orderCount(placed.poNumber),
      submitCalls: simulator.callCount('submit'),
      warnings,
      sync,
      ebayTracking,
      trackingNumber,
    };
  } finally {
    await sandbox.close();
  }
}

runAsScript(import.meta.url, () => run());
