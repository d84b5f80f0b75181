import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe('example 03: split order', () => {
  it('splits one order into one PO per distributor and pushes both packages to the one Amazon order', async () => {
    const result = await run({ log: () => undefined });

    expect(result.status).toBe('placed');
    expect(result.purchaseOrders).toHaveLength(2);
    const byDistributor = Object.fromEntries(
      result.purchaseOrders.map((purchaseOrder) => [purchaseOrder.distributor, purchaseOrder]),
    );
    expect(byDistributor['parts-unlimited']?.lines).toEqual({ '0650-1120': 1 });
    expect(byDistributor['tucker-rocky']?.lines).toEqual({ '300456': 2 });
    // Two different PO numbers, each held once by its distributor, each covering its own line.
    expect(new Set(result.purchaseOrders.map((purchaseOrder) => purchaseOrder.poNumber)).size).toBe(2);
    for (const purchaseOrder of result.purchaseOrders) {
      expect(purchaseOrder.ordersAtDistributor).toBe(1);
      expect(purchaseOrder.state).toBe('completed');
    }
    const coveredLines = Object.values(result.linesByPurchaseOrder).flat();
    expect(coveredLines).toHaveLength(2);
    expect(new Set(coveredLines).size).toBe(2);

    expect(result.amazonTracking).toHaveLength(2);
    expect(new Set(result.amazonTracking).size).toBe(2);
    expect(result.actualProfit).toBeGreaterThan(0);
  });
});
