import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter } from '../test.js';
import { offer, salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from './create-dropshipper.js';

/** Results say what happened: a dealer reads `status` to decide whether to act on an order. */

function world() {
  let now = new Date('2026-11-20T15:00:00.000Z');
  const clock = () => now;
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: clock });
  const pu = createMockDistributorClient({
    distributor: 'parts-unlimited',
    stock: { 'P-GRIP': { NV: 5 } },
    now: clock,
  });
  const dropshipper = createDropshipper({
    distributors: [wps, pu],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    store: createMemoryStore(),
    catalog: createMemoryCatalog([
      offer('wps', 'W-PAD', 1500, { PA: 5 }),
      offer('parts-unlimited', 'P-GRIP', 900, { NV: 5 }, { brand: 'ODI', mpn: 'RUFFIAN' }),
    ]),
    approval: { mode: 'auto', allowIncomplete: true },
    now: clock,
  });
  return {
    wps,
    pu,
    dropshipper,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };
const gripLine = { lineId: 'L2', sku: 'P-GRIP', quantity: 1, unitPrice: 2500 };
const unknownLine = { lineId: 'L3', sku: 'NOBODY-SELLS-THIS', quantity: 1, unitPrice: 2500 };

describe('dropship results say what happened', () => {
  it('an order placed except for a line nobody can ship is partially-placed, not placed', async () => {
    const { wps, dropshipper } = world();
    const result = await dropshipper.dropship(salesOrder('9001', [padLine, unknownLine]));
    expect(result.status).toBe('partially-placed');
    expect(result.purchaseOrders).toEqual([expect.objectContaining({ distributor: 'wps', outcome: 'submitted' })]);
    expect(result.unplaced.map((line) => line.salesLineId)).toEqual(['L3']);
    expect(wps.orders()).toHaveLength(1);
  });

  it('an order whose every line is placed is placed', async () => {
    const { dropshipper } = world();
    expect((await dropshipper.dropship(salesOrder('9002', [padLine, gripLine]))).status).toBe('placed');
  });

  it('a PO whose answer was lost and whose look-up failed is unknown (with what recover() will do), not failed, and is never resent blind', async () => {
    const { wps, dropshipper, advance } = world();
    wps.injectFault({ kind: 'lost-response', operations: ['submit'], times: 1 });
    wps.injectFault({ kind: 'server-error', operations: ['find-order'], times: 1 });
    const result = await dropshipper.dropship(salesOrder('9003', [padLine]));
    expect(result.status).toBe('unknown');
    const [outcome] = result.purchaseOrders;
    expect(outcome).toMatchObject({ distributor: 'wps', outcome: 'unknown', state: 'submitting' });
    expect(outcome?.recovery).toMatch(/not sent again blind.*recover\(\).*looks it up at wps.*submitLeaseMs/);
    const poNumber = outcome?.poNumber as string;
    // The distributor holds it once; recover() after the lease finds it and sends nothing.
    expect(wps.orderCount(poNumber)).toBe(1);
    advance(10 * 60_000);
    expect(await dropshipper.recover()).toMatchObject({ found: 1, resubmitted: 0 });
    expect(wps.orderCount(poNumber)).toBe(1);
    expect(wps.callCount('submitOrder', poNumber)).toBe(1);
  });

  it('one PO placed and one unknown is partially-placed, the unknown one carrying its recovery', async () => {
    const { pu, dropshipper } = world();
    pu.injectFault({ kind: 'lost-response', operations: ['submit'], times: 1 });
    pu.injectFault({ kind: 'server-error', operations: ['find-order'], times: 1 });
    const result = await dropshipper.dropship(salesOrder('9004', [padLine, gripLine]));
    expect(result.status).toBe('partially-placed');
    const unknown = result.purchaseOrders.find((outcome) => outcome.outcome === 'unknown');
    expect(unknown).toMatchObject({ distributor: 'parts-unlimited', recovery: expect.stringMatching(/recover\(\)/) });
    expect(result.purchaseOrders.find((outcome) => outcome.distributor === 'wps')?.recovery).toBeUndefined();
  });

  it('a PO the distributor certainly did not take is failed', async () => {
    const { wps, dropshipper } = world();
    wps.injectFault({ kind: 'unauthorized', operations: ['submit-look-up'], times: 1 });
    const result = await dropshipper.dropship(salesOrder('9005', [padLine]));
    expect(result.status).toBe('failed');
    expect(result.purchaseOrders[0]).toMatchObject({ outcome: 'failed', state: 'failed' });
    expect(result.purchaseOrders[0]?.recovery).toBeUndefined();
    expect(wps.orders()).toHaveLength(0);
  });

  it('a plan line that rests on catalog stock because the stock check failed says so (source and reason)', async () => {
    const { wps, dropshipper } = world();
    wps.injectFault({ kind: 'server-error', operations: ['stock'] });
    const plan = await dropshipper.plan(salesOrder('9006', [padLine, gripLine]));
    const lineOf = (distributor: string) =>
      plan.purchaseOrders.find((purchaseOrder) => purchaseOrder.distributor === distributor)?.lines[0];
    expect(lineOf('wps')).toMatchObject({
      stockSource: 'catalog',
      stockSourceReason: expect.stringMatching(/^wps: real-time stock check failed \(.+\); using catalog stock$/),
    });
    expect(lineOf('parts-unlimited')?.stockSource).toBe('real-time');
    expect(lineOf('parts-unlimited')?.stockSourceReason).toBeUndefined();
    // The annotated plan is placed like any other.
    const placed = await dropshipper.placePlan(plan, { order: salesOrder('9006', [padLine, gripLine]) });
    expect(placed.status).toBe('placed');
    expect(wps.orders()).toHaveLength(1);
  });
});
