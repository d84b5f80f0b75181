import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from './catalog/memory-catalog.js';
import { offer, salesOrder } from './dropshipper/__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from './dropshipper/create-dropshipper.js';
import { checkOfferEligibility } from './eligibility/check-offer-eligibility.js';
import { ValidationError } from './errors/validation-error.js';
import { parseInventoryRules } from './model/inventory-rules.js';
import { createPlanner } from './routing/create-planner.js';
import { createPurchaseOrderNumbering } from './routing/purchase-order-number.js';
import { createMemoryStore } from './stores/memory-store.js';
import { createMockDistributorClient } from './test/mock-distributor-client.js';
import { createMockMarketplaceAdapter } from './test/mock-marketplace.js';

/**
 * Every options object and rules object of core's public entries, each given one misspelt key:
 * each must be refused with a ValidationError on the key's own path naming the key meant. Rules
 * often come from JSON; a typo that is ignored silently changes what the dealer's money does.
 */
const order = salesOrder('UNKNOWN-KEYS-1', [{ lineId: 'L1', sku: 'FA123', quantity: 1, unitPrice: 5_000 }]);

function dropshipper() {
  return createDropshipper({
    distributors: [createMockDistributorClient({ distributor: 'wps', stock: { 'WPS-1': { PA: 5 } } })],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    catalog: createMemoryCatalog([offer('wps', 'WPS-1', 2_000, { PA: 5 })]),
  });
}

const entries: { entry: string; path: string; meant: string; call: () => unknown }[] = [
  {
    entry: 'parseInventoryRules',
    path: 'maxLeadTimeDay',
    meant: 'maxLeadTimeDays',
    call: () => parseInventoryRules({ maxLeadTimeDay: 3 }),
  },
  {
    entry: 'parseInventoryRules (a warehouse rule)',
    path: 'warehouses.wps.PA.leadTimeDay',
    meant: 'leadTimeDays',
    call: () => parseInventoryRules({ warehouses: { wps: { PA: { leadTimeDay: 3 } } } }),
  },
  {
    entry: 'createDropshipper rules',
    path: 'rules.maxLeadTimeDay',
    meant: 'maxLeadTimeDays',
    call: () =>
      createDropshipper({ distributors: [], catalog: createMemoryCatalog(), rules: { maxLeadTimeDay: 3 } as never }),
  },
  {
    entry: 'createDropshipper options',
    path: 'concurrencyPerDistributer',
    meant: 'concurrencyPerDistributor',
    call: () =>
      createDropshipper({ distributors: [], catalog: createMemoryCatalog(), concurrencyPerDistributer: 2 } as never),
  },
  {
    entry: 'createDropshipper approval',
    path: 'approval.minimumProfits',
    meant: 'minimumProfit',
    call: () =>
      createDropshipper({
        distributors: [],
        catalog: createMemoryCatalog(),
        approval: { mode: 'auto', minimumProfits: 1 } as never,
      }),
  },
  {
    entry: 'dropshipper.dropship options',
    path: 'plans',
    meant: 'plan',
    call: () => dropshipper().dropship(order, { plans: {} } as never),
  },
  {
    entry: 'dropshipper.recover options',
    path: 'olderThanMS',
    meant: 'olderThanMs',
    call: () => dropshipper().recover({ olderThanMS: 0 } as never),
  },
  {
    entry: 'dropshipper.syncDistributor options',
    path: 'poNumber',
    meant: 'poNumbers',
    call: () => dropshipper().syncDistributor('wps', { poNumber: [] } as never),
  },
  {
    entry: 'dropshipper.submitPurchaseOrder options',
    path: 'olderThan',
    meant: 'olderThanMs',
    call: () => dropshipper().submitPurchaseOrder('DS-1', { olderThan: 0 } as never),
  },
  {
    entry: 'createDropshipper intake',
    path: 'intake.overlapMS',
    meant: 'overlapMs',
    call: () =>
      createDropshipper({ distributors: [], catalog: createMemoryCatalog(), intake: { overlapMS: 1 } as never }),
  },
  {
    entry: 'dropshipper.importOrders options',
    path: 'marketplace',
    meant: 'marketplaces',
    call: () => dropshipper().importOrders({ marketplace: ['ebay'] } as never),
  },
  {
    entry: 'store.findImportedOrders query',
    path: 'statuses',
    meant: 'status',
    call: () => createMemoryStore().findImportedOrders({ statuses: 'held' } as never),
  },
  {
    entry: 'store.findReservations query',
    path: 'salesOrderID',
    meant: 'salesOrderId',
    call: () => createMemoryStore().findReservations({ salesOrderID: 'ebay:1' } as never),
  },
  {
    entry: 'createMockMarketplaceAdapter intake options',
    path: 'orderPagesize',
    meant: 'orderPageSize',
    call: () => createMockMarketplaceAdapter({ marketplace: 'ebay', orders: 'list', orderPagesize: 5 } as never),
  },
  {
    entry: 'createPlanner options',
    path: 'catalogue',
    meant: 'catalog',
    call: () => createPlanner({ catalogue: createMemoryCatalog() } as never),
  },
  {
    entry: 'createPlanner rules',
    path: 'maxLeadTimeDay',
    meant: 'maxLeadTimeDays',
    call: () => createPlanner({ rules: { maxLeadTimeDay: 3 } as never }),
  },
  {
    entry: 'planner.plan options',
    path: 'reserved',
    meant: 'reserve',
    call: () => createPlanner().plan(order, { reserved: false } as never),
  },
  {
    entry: 'checkOfferEligibility options',
    path: 'quantty',
    meant: 'quantity',
    call: () =>
      checkOfferEligibility(offer('wps', 'WPS-1', 2_000, { PA: 5 }), { line: order.lines[0], quantty: 1 } as never),
  },
  {
    entry: 'store.findPurchaseOrders query',
    path: 'salesOrderID',
    meant: 'salesOrderId',
    call: () => createMemoryStore().findPurchaseOrders({ salesOrderID: 'ebay:1' } as never),
  },
  {
    entry: 'createPurchaseOrderNumbering options',
    path: 'prefx',
    meant: 'prefix',
    call: () => createPurchaseOrderNumbering({ prefx: 'A' } as never),
  },
  {
    entry: 'createMockDistributorClient options',
    path: 'distributer',
    meant: 'distributor',
    call: () => createMockDistributorClient({ distributer: 'wps' } as never),
  },
  {
    entry: 'createMockMarketplaceAdapter options',
    path: 'notifiesBuyers',
    meant: 'notifiesBuyer',
    call: () => createMockMarketplaceAdapter({ marketplace: 'ebay', notifiesBuyers: true } as never),
  },
  {
    entry: 'dropshipper.placePlan options',
    path: 'ordr',
    meant: 'order',
    call: async () => {
      const instance = dropshipper();
      return instance.placePlan(await instance.plan(order), { ordr: order } as never);
    },
  },
  {
    entry: 'createDropshipper trackingHandledElsewhere (a typo in a rule next to it)',
    path: 'rules.unknownWarehouseLeadTimeDay',
    meant: 'unknownWarehouseLeadTimeDays',
    call: () =>
      createDropshipper({
        distributors: [],
        catalog: createMemoryCatalog(),
        trackingHandledElsewhere: ['walmart'],
        rules: { unknownWarehouseLeadTimeDay: 1 } as never,
      }),
  },
];

describe('every options and rules object of core refuses an unknown key, naming the key meant', () => {
  it.each(entries)('$entry: $path → did you mean "$meant"?', async ({ path, meant, call }) => {
    let caught: unknown;
    try {
      await call();
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).issues).toContainEqual({
      path,
      message: `is not a known key; did you mean "${meant}"?`,
    });
  });
});
