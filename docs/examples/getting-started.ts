// The getting-started guide's example, runnable offline:
//   node --conditions=@dropship/source --import tsx docs/examples/getting-started.ts
// It uses @dropship/core with the in-memory mocks from @dropship/core/test in place of real
// distributor and marketplace APIs.
import { createDropshipper, createMemoryCatalog, createMemoryStore } from '@dropship/core';
import {
  createMockBuyerNotifier,
  createMockDistributorClient,
  createMockMarketplaceAdapter,
} from '@dropship/core/test';

// 1. Distributors: two of them sell the same brake pads (brand + MPN) under different SKUs.
const wps = createMockDistributorClient({ distributor: 'wps', stock: { '15-0441': { ID: 4 } } });
const partsUnlimited = createMockDistributorClient({
  distributor: 'parts-unlimited',
  stock: { '1721-1234': { NV: 12 } },
});

// 2. The catalog: every distributor's offer (cost and fees in cents), from their feeds.
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

// 3. The dropshipper: rules (lead time at most 1 day), where state lives, when to place.
const ebay = createMockMarketplaceAdapter({ marketplace: 'ebay' });
const dropshipper = createDropshipper({
  distributors: [wps, partsUnlimited],
  marketplaces: [ebay],
  notifier: createMockBuyerNotifier(),
  store: createMemoryStore(),
  catalog,
  rules: { maxLeadTimeDays: 1 },
  approval: { mode: 'auto' },
});
dropshipper.events.on('purchase-order-submitted', (event) => {
  console.log(`submitted ${event.poNumber} to ${event.distributor}`);
});

// 4. A marketplace order (prices in cents).
const order = {
  marketplace: 'ebay',
  marketplaceOrderId: '12-34567-89012',
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
  lines: [{ lineId: '1', sku: '15-0441', quantity: 2, unitPrice: 5999 }],
};

// Dry run: which distributor, at what cost, and what is left out and why.
const plan = await dropshipper.plan(order);
for (const purchaseOrder of plan.purchaseOrders) {
  console.log(
    `plan: ${purchaseOrder.poNumber} → ${purchaseOrder.distributor}, estimated profit ${plan.profit.profit} cents`,
  );
}

// Place it. Running this line again places nothing new.
const result = await dropshipper.dropship(order);
console.log(`dropship: ${result.status}`);

// Later: the distributor ships, and a periodic sync pushes tracking and emails the buyer.
const poNumber = result.purchaseOrders[0]?.poNumber ?? '';
wps.shipOrder(poNumber, { carrier: 'ups' });
const sync = await dropshipper.syncTracking();
console.log(
  `sync: ${sync.trackingPushed} tracking pushed, ${sync.buyersNotified} buyer emailed, ${sync.completed} completed`,
);
