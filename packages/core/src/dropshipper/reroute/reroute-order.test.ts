import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import type { RejectionReason } from '../../errors/order-rejected-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { OfferInput } from '../../model/offer.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter, type MockDistributorClient } from '../../test.js';
import { offer, padOffers, partsUnlimitedWithPads, salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from '../context/dropshipper-types.js';
import { createDropshipper } from '../create-dropshipper.js';

const at = new Date('2026-11-20T15:00:00.000Z');
const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };

/** WPS (pads $15 at PA, levers), Parts Unlimited (pads $17 at NV): WPS is planned first. */
function setup(options: Partial<DropshipperOptions> = {}, offers: OfferInput[] = padOffers()) {
  const wps = createMockDistributorClient({
    distributor: 'wps',
    stock: { 'W-PAD': { PA: 5 }, 'W-LEVER': { PA: 5 } },
    now: () => at,
  });
  const pu = partsUnlimitedWithPads(at);
  const store = createMemoryStore();
  const dropshipper = createDropshipper({
    distributors: [wps, pu],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    store,
    catalog: createMemoryCatalog(offers),
    approval: { mode: 'auto' },
    now: () => at,
    reroute: {},
    ...options,
  });
  const rerouted: unknown[] = [];
  const held: { lineIds: readonly string[]; reason: string }[] = [];
  dropshipper.events.on('purchase-order-rerouted', (event) => rerouted.push(event));
  dropshipper.events.on('reroute-held', (event) => held.push(event));
  return { wps, pu, dropshipper, rerouted, held };
}

/** Orders a distributor holds, duplicates included. */
const placed = (client: MockDistributorClient) => client.orders().map((order) => order.poNumber);

describe('re-routing a PO its distributor refuses at submission', () => {
  const reasons: RejectionReason[] = ['out-of-stock', 'discontinued', 'not-drop-shippable', 'address-refused'];
  it.each(reasons)('places the lines at the next distributor on a new PO number (%s)', async (reason) => {
    const { wps, pu, dropshipper, rerouted, held } = setup();
    wps.rejectNextOrders({ reason });
    const result = await dropshipper.dropship(salesOrder('3001', [padLine]));

    const [refused, next] = await dropshipper.purchaseOrders('ebay:3001');
    expect(refused).toMatchObject({
      distributor: 'wps',
      state: 'rejected',
      rejection: { reason, source: 'submission' },
    });
    expect(next).toMatchObject({
      distributor: 'parts-unlimited',
      state: 'submitted',
      reroute: {
        fromPoNumber: refused?.poNumber,
        attempt: 1,
        // Out of stock at a known warehouse excludes that warehouse only; the others, the distributor.
        excluded: [reason === 'out-of-stock' ? { distributor: 'wps', warehouse: 'PA' } : { distributor: 'wps' }],
      },
    });
    expect(result.status).toBe('partially-placed');
    expect(result.purchaseOrders.map((outcome) => [outcome.distributor, outcome.outcome])).toEqual([
      ['wps', 'rejected'],
      ['parts-unlimited', 'submitted'],
    ]);
    expect(placed(wps)).toEqual([]);
    expect(placed(pu)).toEqual([next?.poNumber]);
    expect(pu.callCount('submitOrder')).toBe(1);
    expect(rerouted).toEqual([expect.objectContaining({ fromPoNumber: refused?.poNumber, lineIds: ['L1'] })]);
    expect(held).toEqual([]);

    // Running the order again places nothing more: every line is held by a live PO.
    await dropshipper.dropship(salesOrder('3001', [padLine]));
    expect(placed(pu)).toEqual([next?.poNumber]);
    expect(pu.callCount('submitOrder')).toBe(1);
  });

  it("holds the lines with the reason for a reason the policy does not re-route ('other' by default)", async () => {
    const { wps, pu, dropshipper, held } = setup();
    wps.rejectNextOrders({ reason: 'other' });
    await dropshipper.dropship(salesOrder('3002', [padLine]));
    expect((await dropshipper.purchaseOrders('ebay:3002')).map((po) => po.state)).toEqual(['rejected']);
    expect(pu.callCount('submitOrder')).toBe(0);
    expect(held).toEqual([expect.objectContaining({ lineIds: ['L1'], reason: expect.stringMatching(/other/) })]);
  });

  it('re-routes only the refused SKU; the other lines go back to the same distributor on a new PO', async () => {
    const offers = [...padOffers(), offer('wps', 'W-LEVER', 800, { PA: 5 }, { mpn: 'LEVER-1' })];
    const { wps, pu, dropshipper } = setup({}, offers);
    wps.rejectNextOrders({ reason: 'discontinued', skus: ['W-PAD'] });
    const lever = { lineId: 'L2', sku: 'W-LEVER', quantity: 2, unitPrice: 2000 };
    await dropshipper.dropship(salesOrder('3003', [padLine, lever]));

    const pos = await dropshipper.purchaseOrders('ebay:3003');
    const live = pos.filter((po) => po.state === 'submitted');
    expect(live.map((po) => [po.distributor, po.lines.map((line) => line.salesLineId)]).sort()).toEqual([
      ['parts-unlimited', ['L1']],
      ['wps', ['L2']],
    ]);
    expect(pos.find((po) => po.state === 'rejected')?.rejection).toEqual({
      reason: 'discontinued',
      lines: [{ sku: 'W-PAD', reason: 'discontinued' }],
      source: 'submission',
    });
    // Each line placed once: one order at each distributor.
    expect(wps.orders().map((order) => order.lines)).toEqual([[{ sku: 'W-LEVER', quantity: 2 }]]);
    expect(pu.orders().map((order) => order.lines)).toEqual([[{ sku: 'P-PAD', quantity: 1 }]]);
  });
});

describe('re-route policy limits hold the lines', () => {
  it('holds after maxReroutes: the re-routed PO refused again is not re-routed once more', async () => {
    const offers = [...padOffers(), offer('tucker-rocky', 'T-PAD', 1600, { TX: 5 })];
    const tucker = createMockDistributorClient({
      distributor: 'tucker-rocky',
      stock: { 'T-PAD': { TX: 5 } },
      now: () => at,
    });
    const { wps, pu, dropshipper, held } = setup({ reroute: { maxReroutes: 1 } }, offers);
    const withTucker = createDropshipper({
      distributors: [wps, pu, tucker],
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
      store: dropshipper.store,
      catalog: createMemoryCatalog(offers),
      approval: { mode: 'auto' },
      now: () => at,
      reroute: { maxReroutes: 1 },
    });
    const heldHere: string[] = [];
    withTucker.events.on('reroute-held', (event) => heldHere.push(event.reason));
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    tucker.rejectNextOrders({ reason: 'out-of-stock' });
    await withTucker.dropship(salesOrder('3004', [padLine]));

    const pos = await withTucker.purchaseOrders('ebay:3004');
    expect(pos.map((po) => [po.distributor, po.state, po.reroute?.attempt])).toEqual([
      ['wps', 'rejected', undefined],
      ['tucker-rocky', 'rejected', 1],
    ]);
    expect(pu.callCount('submitOrder')).toBe(0);
    expect(heldHere).toEqual([expect.stringMatching(/re-routed 1 time\(s\): the reroute policy allows 1/)]);
    expect(held).toEqual([]);
  });

  it('holds when the next distributor costs more than maxExtraCostPercent over the refused PO', async () => {
    // $17 against $15 is 13.3% more.
    const { wps, pu, dropshipper, held } = setup({ reroute: { maxExtraCostPercent: 10 } });
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    await dropshipper.dropship(salesOrder('3005', [padLine]));
    expect(pu.callCount('submitOrder')).toBe(0);
    expect(held).toEqual([expect.objectContaining({ reason: expect.stringMatching(/costs 1700, more than 10%/) })]);
  });

  it('re-routes within maxExtraCostPercent', async () => {
    const { wps, pu, dropshipper } = setup({ reroute: { maxExtraCostPercent: 15 } });
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    await dropshipper.dropship(salesOrder('3006', [padLine]));
    expect(pu.orders()).toHaveLength(1);
  });

  it('holds when the re-routed lines would earn less than minimumProfit', async () => {
    // $30.00 sale, $17.00 cost: $13.00 profit, less the marketplace fee.
    const { wps, pu, dropshipper, held } = setup({ reroute: { minimumProfit: 1400 } });
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    await dropshipper.dropship(salesOrder('3007', [padLine]));
    expect(pu.callCount('submitOrder')).toBe(0);
    expect(held).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/below the reroute minimum 1400/) }),
    ]);
  });

  it('holds every refusal with maxReroutes 0, and refuses unknown policy keys', async () => {
    const { wps, pu, dropshipper, held } = setup({ reroute: { maxReroutes: 0 } });
    wps.rejectNextOrders({ reason: 'out-of-stock' });
    await dropshipper.dropship(salesOrder('3008', [padLine]));
    expect(pu.callCount('submitOrder')).toBe(0);
    expect(held).toHaveLength(1);
    expect(() => setup({ reroute: { maxReroute: 1 } as never })).toThrow(ValidationError);
    expect(() => setup({ priceGuard: { tolerancePercent: 5 } as never })).toThrow(ValidationError);
  });
});

describe('price guard', () => {
  it('hold: a PO whose real-time price is over the tolerance is not placed', async () => {
    const { wps, pu, dropshipper } = setup({ priceGuard: { tolerancePercent: 5, action: 'hold' } });
    wps.setPrice('W-PAD', 1600); // 6.7% over $15.00
    const tripped: unknown[] = [];
    dropshipper.events.on('price-guard-tripped', (event) => tripped.push(event));
    const result = await dropshipper.dropship(salesOrder('3101', [padLine]));
    expect(result.status).toBe('held');
    expect(result.holdReasons).toEqual([expect.stringMatching(/W-PAD now costs 1600, planned 1500 \(over 5%\)/)]);
    expect(wps.callCount('submitOrder')).toBe(0);
    expect(pu.callCount('submitOrder')).toBe(0);
    expect(await dropshipper.purchaseOrders('ebay:3101')).toEqual([]);
    expect(tripped).toEqual([expect.objectContaining({ distributor: 'wps', unitCost: 1600, action: 'hold' })]);
  });

  it('within the tolerance the PO is placed', async () => {
    const { wps, dropshipper } = setup({ priceGuard: { tolerancePercent: 5, action: 'hold' } });
    wps.setPrice('W-PAD', 1575); // exactly 5%
    const result = await dropshipper.dropship(salesOrder('3102', [padLine]));
    expect(result.status).toBe('placed');
    expect(wps.orders()).toHaveLength(1);
  });

  it('validateOnly: a price only a validate-only submit answers is judged too, and nothing is placed by the check', async () => {
    const { wps, pu, dropshipper } = setup({ priceGuard: { tolerancePercent: 5, action: 'hold', validateOnly: true } });
    wps.setPrice('W-PAD', 1700, { stock: false });
    const result = await dropshipper.dropship(salesOrder('3104', [padLine]));
    expect(result.status).toBe('held');
    expect(result.holdReasons).toEqual([expect.stringMatching(/W-PAD now costs 1700, planned 1500/)]);
    expect(wps.callCount('submitOrder')).toBe(1); // the validate-only check
    expect(wps.orders()).toEqual([]);
    expect(pu.callCount('submitOrder')).toBe(0);
    // Without the setting the validate-only answer is not asked for: the PO is placed.
    const { wps: other, dropshipper: unguarded } = setup({ priceGuard: { tolerancePercent: 5, action: 'hold' } });
    other.setPrice('W-PAD', 1700, { stock: false });
    expect((await unguarded.dropship(salesOrder('3105', [padLine]))).status).toBe('placed');
  });

  it('reroute: the line is planned at the next distributor instead', async () => {
    const { wps, pu, dropshipper } = setup({ priceGuard: { tolerancePercent: 5, action: 'reroute' } });
    wps.setPrice('W-PAD', 2000);
    const result = await dropshipper.dropship(salesOrder('3103', [padLine]));
    expect(result.status).toBe('placed');
    expect(wps.callCount('submitOrder')).toBe(0);
    expect(pu.orders()).toHaveLength(1);
  });
});
