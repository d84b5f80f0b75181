// The consumer script of scripts/packed-install.mjs: what a dealer writes after
// `npm install @dropship/core @dropship/wps @dropship/ebay @dropship/postgres` (and, for the
// simulators, `npm install -D @dropship/testing msw`). It is copied into a blank project outside
// the workspace, type-checked there without skipLibCheck (nodenext and bundler), compiled, and run
// under plain `node` against the installed tarballs. vitest is deliberately NOT installed there:
// the main entry of @dropship/testing and the adapters' ./testing simulators must load without it.
// Nothing leaves the machine: the simulators answer on their default hosts through MSW.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDropshipper, createMemoryCatalog, type SalesOrder } from '@dropship/core';
import { createEbay } from '@dropship/ebay';
import { createEbaySimulator } from '@dropship/ebay/testing';
import { createPostgresStore } from '@dropship/postgres';
import { createTestServer } from '@dropship/testing';
import { createWps } from '@dropship/wps';
import { createWpsSimulator } from '@dropship/wps/testing';

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`consumer: ${message}`);
}

const wpsToken = 'consumer-wps-token-0001';
const ebayToken = 'consumer-ebay-token-0001';
const wpsSimulator = createWpsSimulator({ apiToken: wpsToken });
wpsSimulator.addProduct({ sku: '25-1403', stock: { IN: 5 }, cost: 1890, brand: 'All Balls', mpn: '25-1403' });
const ebaySimulator = createEbaySimulator({ accessToken: ebayToken });
const server = createTestServer(...wpsSimulator.handlers, ...ebaySimulator.handlers);
server.listen();

const dataDir = mkdtempSync(join(tmpdir(), 'dropship-consumer-'));
const store = await createPostgresStore({ dataDir });
try {
  const dropshipper = createDropshipper({
    distributors: [createWps({ apiToken: wpsToken, baseURL: wpsSimulator.baseURL })],
    marketplaces: [createEbay({ accessToken: ebayToken, baseURL: ebaySimulator.baseURL })],
    catalog: createMemoryCatalog([
      {
        distributor: 'wps',
        sku: '25-1403',
        brand: 'All Balls',
        mpn: '25-1403',
        title: 'All Balls wheel bearing kit 25-1403',
        currency: 'USD',
        cost: 1890,
        dropShipFee: 250,
        estimatedShipping: 0,
        stock: [{ warehouse: 'IN', quantity: 5, leadTimeDays: 0 }],
      },
    ]),
    rules: { marketplaceFeeBasisPoints: { ebay: 1325 } },
    store,
    approval: { mode: 'auto' },
  });

  const order: SalesOrder = {
    marketplace: 'ebay',
    marketplaceOrderId: '27-10001-40007',
    orderedAt: new Date().toISOString(),
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
        lineId: '10000000000010',
        sku: 'ALLBALLS-25-1403',
        product: { brand: 'All Balls', mpn: '25-1403' },
        title: 'All Balls wheel bearing kit 25-1403',
        quantity: 2,
        unitPrice: 3495,
      },
    ],
    shippingPaid: 0,
  };
  ebaySimulator.addOrder(order);

  const plan = await dropshipper.plan(order);
  check(plan.purchaseOrders.length === 1, `plan: expected 1 PO, got ${plan.purchaseOrders.length}`);
  const result = await dropshipper.dropship(order);
  const placed = result.purchaseOrders[0];
  check(placed !== undefined, `dropship placed nothing: ${result.status}`);
  if (placed === undefined) throw new Error('unreachable');
  check(wpsSimulator.orderCount(placed.poNumber) === 1, 'WPS must hold exactly one order for the PO');

  wpsSimulator.shipOrder(placed.poNumber, { carrier: 'UP2D' });
  const sync = await dropshipper.syncTracking();
  check(sync.trackingPushed === 1, `syncTracking pushed ${sync.trackingPushed} tracking numbers, expected 1`);
  const fulfillments = ebaySimulator.fulfillments(order.marketplaceOrderId);
  check(fulfillments.length === 1, `eBay holds ${fulfillments.length} fulfillments, expected 1`);
  const stored = await store.getPurchaseOrder(placed.poNumber);
  console.log(
    `consumer: PO ${placed.poNumber} placed once at WPS, tracking ${fulfillments[0]?.trackingNumber} pushed once to eBay, PO ${stored?.state} in PostgreSQL (PGlite)`,
  );
} finally {
  await store.close();
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
