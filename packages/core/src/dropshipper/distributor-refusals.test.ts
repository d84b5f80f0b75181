import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { AccountSetupError } from '../errors/account-setup-error.js';
import { FieldLengthError } from '../errors/field-length-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { ServerError } from '../errors/server-error.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter, type MockDistributorClient } from '../test.js';
import { padOffers, partsUnlimitedWithPads, salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from './create-dropshipper.js';
import { purchaseOrderRefusal } from './place/distributor-refusals.js';

const at = new Date('2026-11-20T15:00:00.000Z');

/** WPS is the cheaper source of the pads; Parts Unlimited the other. */
function setup(wps: MockDistributorClient) {
  const pu = partsUnlimitedWithPads(at);
  const dropshipper = createDropshipper({
    distributors: [wps, pu],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    store: createMemoryStore(),
    catalog: createMemoryCatalog(padOffers()),
    approval: { mode: 'auto' },
    now: () => at,
  });
  return { pu, dropshipper };
}

const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };

describe('createDropshipper: a distributor that refuses a PO for what it is', () => {
  it('rejects the PO with the reason on a field-length refusal, and places the line at the other distributor next time', async () => {
    // WPS accepts PO numbers of at most 10 characters: the client refuses ours (17) before any call.
    const wps = createMockDistributorClient({
      distributor: 'wps',
      stock: { 'W-PAD': { PA: 5 } },
      capabilities: { maxPoNumberLength: 10 },
      now: () => at,
    });
    const { pu, dropshipper } = setup(wps);
    const rejected: { poNumber: string; refusal?: string; error: string }[] = [];
    dropshipper.events.on('purchase-order-rejected', (event) => rejected.push(event));

    const first = await dropshipper.dropship(salesOrder('2001', [padLine]));
    expect(first.purchaseOrders).toEqual([
      expect.objectContaining({ distributor: 'wps', outcome: 'rejected', state: 'rejected' }),
    ]);
    const [refused] = await dropshipper.purchaseOrders('ebay:2001');
    expect(refused?.state).toBe('rejected');
    expect(refused?.lastError).toMatch(/^refused \(field-length\): .*poNumber/);
    expect(rejected).toEqual([
      expect.objectContaining({ poNumber: refused?.poNumber, refusal: 'field-length', error: refused?.lastError }),
    ]);

    // The next dropship plans the line at Parts Unlimited: WPS is not asked again.
    const second = await dropshipper.dropship(salesOrder('2001', [padLine]));
    expect(second.plan.purchaseOrders.map((planned) => planned.distributor)).toEqual(['parts-unlimited']);
    expect(second.purchaseOrders).toEqual([
      expect.objectContaining({ distributor: 'parts-unlimited', outcome: 'submitted' }),
    ]);
    expect((await dropshipper.dropship(salesOrder('2001', [padLine]))).status).toBe('nothing-to-place');

    expect(wps.callCount('submitOrder')).toBe(1);
    expect(wps.orders()).toEqual([]);
    expect(pu.callCount('submitOrder')).toBe(1);
    expect(pu.orders()).toHaveLength(1);
    expect((await dropshipper.purchaseOrders('ebay:2001')).map((purchaseOrder) => purchaseOrder.state)).toEqual([
      'rejected',
      'submitted',
    ]);
  });

  it('treats an invalid-request answer (400/422) the same way, and plan() already routes around it', async () => {
    const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
    const refusing = Object.create(wps) as MockDistributorClient;
    refusing.submitOrder = async (request) => {
      await wps.submitOrder({ ...request, validateOnly: true });
      throw new InvalidRequestError('wps: HTTP 422 ship_address2 is not accepted', { service: 'wps', status: 422 });
    };
    const { pu, dropshipper } = setup(refusing);

    const first = await dropshipper.dropship(salesOrder('2002', [padLine]));
    expect(first.purchaseOrders).toEqual([expect.objectContaining({ distributor: 'wps', outcome: 'rejected' })]);
    expect((await dropshipper.plan(salesOrder('2002', [padLine]))).purchaseOrders).toEqual([
      expect.objectContaining({ distributor: 'parts-unlimited' }),
    ]);
    await dropshipper.dropship(salesOrder('2002', [padLine]));
    expect(wps.callCount('submitOrder')).toBe(1);
    expect(pu.callCount('submitOrder')).toBe(1);
    expect(pu.orders()).toHaveLength(1);
  });

  it('leaves the line unplaced when every distributor that offers it refused it', async () => {
    const wps = createMockDistributorClient({
      distributor: 'wps',
      stock: { 'W-PAD': { PA: 5 } },
      capabilities: { maxPoNumberLength: 10 },
      now: () => at,
    });
    const pu = partsUnlimitedWithPads(at, { capabilities: { maxPoNumberLength: 10 } });
    const dropshipper = createDropshipper({
      distributors: [wps, pu],
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
      catalog: createMemoryCatalog(padOffers()),
      approval: { mode: 'auto', allowIncomplete: true },
      now: () => at,
    });
    await dropshipper.dropship(salesOrder('2003', [padLine]));
    await dropshipper.dropship(salesOrder('2003', [padLine]));
    const third = await dropshipper.dropship(salesOrder('2003', [padLine]));
    expect(third.status).toBe('nothing-to-place');
    expect(third.unplaced).toEqual([expect.objectContaining({ salesLineId: 'L1' })]);
    expect(wps.callCount('submitOrder')).toBe(1);
    expect(pu.callCount('submitOrder')).toBe(1);
  });

  it('names the refusal of each kind on the PO (purchaseOrderRefusal), and none for a failure or another rejection', async () => {
    const refusals = [
      [new FieldLengthError('wps', [{ field: 'shipTo.name', maxLength: 30, actualLength: 31 }]), 'field-length'],
      [new InvalidRequestError('wps: HTTP 400 bad state code', { service: 'wps', status: 400 }), 'invalid-request'],
      [new AccountSetupError('wps', 'drop-ship', 'the account is not set up for drop-ship'), 'account-setup'],
    ] as const;
    for (const [index, [error, kind]] of refusals.entries()) {
      const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
      const refusing = Object.create(wps) as MockDistributorClient;
      refusing.submitOrder = async () => {
        throw error;
      };
      const { dropshipper } = setup(refusing);
      await dropshipper.dropship(salesOrder(`210${index}`, [padLine]));
      const [refused] = await dropshipper.purchaseOrders(`ebay:210${index}`);
      expect(refused?.state).toBe('rejected');
      expect(refused && purchaseOrderRefusal(refused)).toBe(kind);
    }

    const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
    const failing = Object.create(wps) as MockDistributorClient;
    failing.submitOrder = async () => {
      throw new ServerError('wps: HTTP 503', { service: 'wps', status: 503 });
    };
    const { dropshipper } = setup(failing);
    await dropshipper.dropship(salesOrder('2110', [padLine]));
    const [failed] = await dropshipper.purchaseOrders('ebay:2110');
    expect(failed && purchaseOrderRefusal(failed)).toBeUndefined();
  });
});
