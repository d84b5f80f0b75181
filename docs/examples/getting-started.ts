// The getting-started guide's example, runnable offline:
//   node --conditions=@dropship/source --import tsx docs/examples/getting-started.ts
// The real WPS and Parts Unlimited clients and the real Shopify adapter talk to the simulators of
// those APIs (`@dropship/<name>/testing`), which answer through MSW on reserved test hosts
// (`*.simulator.test`, RFC 6761) that each client is given as `baseURL`, so nothing can reach a
// vendor even if the server is not started; the buyer email goes to a transport that prints it
// instead of an SMTP server.
import { createDropshipper, createMemoryCatalog, createMemoryStore } from '@dropship/core';
import { createEmailNotifier } from '@dropship/email';
import { createPartsUnlimited } from '@dropship/parts-unlimited';
import { createPartsUnlimitedSimulator } from '@dropship/parts-unlimited/testing';
import { createShopify } from '@dropship/shopify';
import { createShopifySimulator } from '@dropship/shopify/testing';
import { createTestServer } from '@dropship/testing/simulator';
import { createWps } from '@dropship/wps';
import { createWpsSimulator } from '@dropship/wps/testing';

// 0. Offline only: fake WPS, Parts Unlimited and Shopify APIs, answering on reserved test hosts
//    (`https://wps.simulator.test`, ...), never on the vendors' own. Against the real APIs, leave
//    this block and the `baseURL` options out and let each factory read its credentials from the
//    environment.
const wpsApi = createWpsSimulator({ apiToken: 'sample-wps-token' });
wpsApi.addProduct({ sku: '15-0441', stock: { ID: 4 } });
const partsUnlimitedApi = createPartsUnlimitedSimulator({ dealerNumber: 'D100', apiKey: 'sample-pu-key' });
partsUnlimitedApi.addProduct({ sku: '1721-1234', stock: { NV: 12 } });
const shopifyApi = createShopifySimulator({ accessToken: 'sample-shopify-token' });
const server = createTestServer(...wpsApi.handlers, ...partsUnlimitedApi.handlers, ...shopifyApi.handlers);
server.listen();

// 1. Clients and adapters (without arguments they read WPS_API_TOKEN, PARTS_UNLIMITED_*, SHOPIFY_*).
const wps = createWps({ apiToken: 'sample-wps-token', baseURL: wpsApi.baseURL });
const partsUnlimited = createPartsUnlimited({
  dealerNumber: 'D100',
  apiKey: 'sample-pu-key',
  baseURL: partsUnlimitedApi.baseURL,
});
const shopify = createShopify({ accessToken: 'sample-shopify-token', baseURL: shopifyApi.baseURL });
const notifier = createEmailNotifier({
  from: 'Moto Parts Direct <orders@motoparts.example>',
  // In production: smtp: { host, port, auth }. Here a transport that prints the message.
  transport: {
    sendMail: async (message) => {
      console.log(`  email to ${message.to}: "${message.subject}"`);
      return {};
    },
  },
});

// 2. The catalog: every distributor's offers (cost and fees in cents), normally from their feeds.
//    WPS and Parts Unlimited sell the same brake pads (brand + MPN) under different SKUs.
const catalog = createMemoryCatalog([
  {
    distributor: 'wps',
    sku: '15-0441',
    brand: 'EBC',
    mpn: 'FA196HH',
    currency: 'USD',
    cost: 2899,
    dropShipFee: 300,
    stock: [{ warehouse: 'ID', quantity: 4, leadTimeDays: 1 }],
  },
  {
    distributor: 'parts-unlimited',
    sku: '1721-1234',
    brand: 'EBC',
    mpn: 'FA196HH',
    currency: 'USD',
    cost: 2749,
    dropShipFee: 500,
    stock: [{ warehouse: 'NV', quantity: 12, leadTimeDays: 2 }],
  },
]);

// 3. The dropshipper: rules, where state lives (memory here: see "Keep state" below).
const dropshipper = createDropshipper({
  distributors: [wps, partsUnlimited],
  marketplaces: [shopify],
  notifier,
  store: createMemoryStore(),
  catalog,
  rules: { maxLeadTimeDays: 1, marketplaceFeeBasisPoints: { shopify: 290 } },
});
dropshipper.events.on('purchase-order-submitted', (event) => {
  console.log(`  event purchase-order-submitted: ${event.poNumber} at ${event.distributor}`);
});
dropshipper.events.on('tracking-pushed', (event) => {
  console.log(`  event tracking-pushed: ${event.trackingNumber} to ${event.marketplace}`);
});

// 4. A marketplace order (prices in cents). Shopify learns of it when the buyer orders.
const order = {
  marketplace: 'shopify',
  marketplaceOrderId: '450789469',
  orderedAt: '2026-11-22T09:30:00Z',
  currency: 'USD',
  buyer: { name: 'Jordan Rider', email: 'jordan@example.com' },
  shipTo: {
    name: 'Jordan Rider',
    address1: '1200 W Main St',
    city: 'Boise',
    region: 'ID',
    postalCode: '83702',
    country: 'US',
  },
  lines: [
    {
      lineId: '1071823172',
      sku: 'EBC-FA196HH', // the dealer's listing SKU; the product (brand + MPN) finds the offers
      product: { brand: 'EBC', mpn: 'FA196HH' },
      title: 'EBC FA196HH brake pads',
      quantity: 2,
      unitPrice: 5999,
    },
  ],
  shippingPaid: 0,
};
shopifyApi.addOrder(order);

// Plan: a dry run with a real-time stock check at each candidate distributor.
const plan = await dropshipper.plan(order);
for (const purchaseOrder of plan.purchaseOrders) {
  const lines = purchaseOrder.lines.map((line) => `${line.quantity} × ${line.sku} from ${line.warehouse}`);
  console.log(`plan: ${purchaseOrder.poNumber} → ${purchaseOrder.distributor}, ${lines.join(', ')}`);
}
console.log(`plan: estimated profit ${plan.profit.profit} cents`);

// Place it. With the default approval policy (manual) an order waits for you to confirm its plan.
const held = await dropshipper.dropship(order);
console.log(`dropship: ${held.status} (${held.holdReasons.join('; ')})`);
// Approve: place exactly the plan you reviewed (`dropship(order, { plan })` does the same).
const placed = await dropshipper.placePlan(held.plan);
console.log(`placePlan: ${placed.status}`);
const again = await dropshipper.placePlan(held.plan);
console.log(`placePlan again: ${again.status}`);

// Later: WPS ships the package; a periodic sync pushes the tracking and emails the buyer.
const poNumber = placed.purchaseOrders[0]?.poNumber ?? '';
wpsApi.shipOrder(poNumber, { carrier: 'UP2D' });
const sync = await dropshipper.syncTracking();
console.log(
  `sync: ${sync.trackingPushed} tracking pushed, ${sync.buyersNotified} buyer emailed, ${sync.completed} completed`,
);
console.log(`WPS holds ${wpsApi.orderCount(poNumber)} order for ${poNumber}`);

server.close();
