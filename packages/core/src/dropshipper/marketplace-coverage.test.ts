import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createMockBuyerNotifier, createMockDistributorClient, createMockMarketplaceAdapter } from '../test.js';
import { offer, salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from './context/dropshipper-types.js';
import { createDropshipper } from './create-dropshipper.js';

/**
 * An order whose marketplace has no adapter is not placed blind: its tracking could never be
 * pushed, every sync would fail with "no adapter" and the PO would stay shipped for good.
 */

const at = new Date('2026-11-20T15:00:00.000Z');

function world(overrides: Partial<DropshipperOptions> = {}) {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const ebay = createMockMarketplaceAdapter({ marketplace: 'ebay' });
  const notifier = createMockBuyerNotifier();
  const store = createMemoryStore();
  const dropshipper = createDropshipper({
    distributors: [wps],
    marketplaces: [ebay],
    notifier,
    store,
    catalog: createMemoryCatalog([offer('wps', 'W-PAD', 1500, { PA: 5 })]),
    approval: { mode: 'auto' },
    now: () => at,
    ...overrides,
  });
  return { wps, ebay, notifier, store, dropshipper };
}

const walmartOrder = salesOrder('W-100', [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 }], {
  marketplace: 'walmart',
});

describe('an order whose marketplace has no adapter', () => {
  it('plan reports it, naming the adapter to add', async () => {
    const { dropshipper, wps } = world();
    const plan = await dropshipper.plan(walmartOrder);
    expect(plan.holds).toContainEqual({
      code: 'marketplace-adapter-missing',
      message: expect.stringMatching(
        /no adapter for marketplace "walmart".*createWalmart from @dropship\/walmart.*trackingHandledElsewhere/,
      ),
    });
    expect(wps.callCount('submitOrder')).toBe(0);
  });

  it('dropship refuses it with a ConfigurationError and writes nothing, with or without an approved plan', async () => {
    const { dropshipper, wps, store } = world();
    const plan = await dropshipper.plan(walmartOrder);
    await expect(dropshipper.dropship(walmartOrder)).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && /no adapter for marketplace "walmart"/.test(error.message),
    );
    await expect(dropshipper.dropship(walmartOrder, { plan })).rejects.toSatisfy(ConfigurationError.isInstance);
    expect(await store.getSalesOrder('walmart:W-100')).toBeNull();
    expect(await store.findPurchaseOrders({ salesOrderId: 'walmart:W-100' })).toEqual([]);
    expect(wps.callCount('submitOrder')).toBe(0);
    expect(wps.orders()).toHaveLength(0);
  });

  it('is placed when trackingHandledElsewhere lists its marketplace: sync settles each package without a push, emails the buyer once, completes the PO', async () => {
    const { dropshipper, wps, ebay, notifier } = world({ trackingHandledElsewhere: ['walmart'] });
    const skipped: string[] = [];
    dropshipper.events.on('tracking-push-skipped', (event) => skipped.push(`${event.shipmentId}:${event.reason}`));
    const plan = await dropshipper.plan(walmartOrder);
    expect(plan.holds).toEqual([]);
    const placed = await dropshipper.dropship(walmartOrder);
    expect(placed.status).toBe('placed');
    const poNumber = placed.purchaseOrders[0]?.poNumber as string;
    const trackingNumber = wps.shipOrder(poNumber);

    const first = await dropshipper.syncTracking();
    expect(first).toMatchObject({
      shipmentsRecorded: 1,
      trackingPushed: 0,
      buyersNotified: 1,
      completed: 1,
      errors: [],
    });
    const [purchaseOrder] = await dropshipper.purchaseOrders('walmart:W-100');
    expect(purchaseOrder?.state).toBe('completed');
    expect(purchaseOrder?.shipments[0]?.trackingPushSkipped).toBe('handled-elsewhere');
    expect(skipped).toEqual([`${poNumber}:${trackingNumber}:handled-elsewhere`]);
    expect(ebay.calls()).toEqual([]);

    const second = await dropshipper.syncTracking();
    expect(second).toMatchObject({ trackingPushed: 0, buyersNotified: 0, errors: [] });
    expect(notifier.callCount(`${poNumber}:${trackingNumber}`)).toBe(1);
    expect(wps.orderCount(poNumber)).toBe(1);
  });

  it('trackingHandledElsewhere is validated: an array of marketplace ids, none that has an adapter', () => {
    const paths = (options: Partial<DropshipperOptions>) => {
      try {
        world(options);
      } catch (error) {
        expect(ValidationError.isInstance(error)).toBe(true);
        return (error as ValidationError).issues.map((issue) => issue.path);
      }
      throw new Error('expected a ValidationError');
    };
    expect(paths({ trackingHandledElsewhere: 'walmart' as never })).toEqual(['trackingHandledElsewhere']);
    expect(paths({ trackingHandledElsewhere: ['walmart', ''] })).toEqual(['trackingHandledElsewhere.1']);
    expect(paths({ trackingHandledElsewhere: ['walmart', 'ebay'] })).toEqual(['trackingHandledElsewhere.1']);
  });
});
