// Example 02: SKU swap. The catalog (yesterday's feed) says the cheapest distributor, WPS, has
// the Renthal Fatbar in stock. The real-time stock check at planning time says WPS has sold out,
// so routing swaps to Tucker Rocky's SKU for the same product (same brand + MPN).
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/02-sku-swap/main.ts
import { createDropshipper, createMemoryStore, formatMoney } from '@dropship/core';
import { runAsScript, sampleOrder, startSandbox } from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
  /**
   * Units WPS holds in real time before the order arrives. Default: what the sample has (0:
   * sold out since yesterday's feed). Give 6 to see the same order stay at WPS.
   */
  wpsStock?: number;
}

/** One offer as the catalog has it. */
export interface CatalogView {
  distributor: string;
  sku: string;
  cost: number;
  catalogQuantity: number;
}

/** What the example did. */
export interface SkuSwapResult {
  /** Every distributor's offer for the product, cheapest first, as the catalog has them. */
  catalogOffers: CatalogView[];
  /** Units WPS reports in real time for its SKU. */
  wpsRealTimeQuantity: number;
  /** Where the PO went and with which SKU. */
  placed: { distributor: string; sku: string; poNumber: string; stockSource: string };
  /** Orders each distributor simulator holds after the run. */
  ordersByDistributor: Record<string, number>;
}

/** Runs the example against a fresh sandbox and closes it. */
export async function run(options: RunOptions = {}): Promise<SkuSwapResult> {
  const log = options.log ?? console.log;
  const sandbox = await startSandbox();
  try {
    if (options.wpsStock !== undefined) sandbox.distributorSimulators.wps.setStock('60-5010', 'CA', options.wpsStock);
    const dropshipper = createDropshipper({
      distributors: sandbox.distributors,
      marketplaces: sandbox.marketplaces,
      catalog: sandbox.catalog,
      rules: sandbox.rules,
      store: createMemoryStore(),
      approval: { mode: 'auto' },
      now: sandbox.clock.now,
    });

    const order = sampleOrder({
      marketplace: 'ebay',
      sequence: 2,
      orderedAt: sandbox.clock.iso(),
      lines: [{ listingSku: 'RENTHAL-FATBAR-605', quantity: 1 }],
    });
    sandbox.receiveOrder(order);
    log(`eBay order ${order.marketplaceOrderId}: 1 × Renthal Fatbar 605 (listing SKU ${order.lines[0]?.sku})`);

    // What the catalog knows: every distributor's SKU for the same brand + MPN.
    const offers = await sandbox.catalog.findOffers({ product: { brand: 'Renthal', mpn: '605-01-BK' } });
    const catalogOffers = offers
      .map((offer) => ({
        distributor: offer.distributor,
        sku: offer.sku,
        cost: offer.cost,
        catalogQuantity: offer.stock.reduce((sum, warehouse) => sum + warehouse.quantity, 0),
      }))
      .sort((left, right) => left.cost - right.cost);
    for (const offer of catalogOffers) {
      log(
        `  catalog: ${offer.distributor.padEnd(13)} ${offer.sku.padEnd(8)} ${formatMoney(offer.cost, 'USD')}  ${offer.catalogQuantity} in stock`,
      );
    }

    // What WPS says right now (the planner makes the same call for every candidate).
    const wps = sandbox.distributors.find((client) => client.distributor === 'wps');
    const [level] = (await wps?.checkStock(['60-5010'])) ?? [];
    const wpsRealTimeQuantity = level?.warehouses.reduce((sum, warehouse) => sum + warehouse.quantity, 0) ?? 0;
    log(`  real time: wps 60-5010 has ${wpsRealTimeQuantity}`);

    const result = await dropshipper.dropship(order);
    const purchaseOrder = result.plan.purchaseOrders[0];
    const line = purchaseOrder?.lines[0];
    const outcome = result.purchaseOrders[0];
    if (purchaseOrder === undefined || line === undefined || outcome === undefined) {
      throw new Error(`nothing placed: ${result.status}`);
    }
    log(
      `${purchaseOrder.distributor === 'wps' ? 'no swap' : 'swap'}: PO ${outcome.poNumber} → ${purchaseOrder.distributor} SKU ${line.sku} from ${line.warehouse} (${line.stockSource} stock), ${outcome.outcome}`,
    );

    const ordersByDistributor = Object.fromEntries(
      Object.entries(sandbox.distributorSimulators).map(([distributor, simulator]) => [
        distributor,
        simulator.orders().length,
      ]),
    );
    return {
      catalogOffers,
      wpsRealTimeQuantity,
      placed: {
        distributor: purchaseOrder.distributor,
        sku: line.sku,
        poNumber: outcome.poNumber,
        stockSource: line.stockSource,
      },
      ordersByDistributor,
    };
  } finally {
    await sandbox.close();
  }
}

runAsScript(import.meta.url, () => run());
