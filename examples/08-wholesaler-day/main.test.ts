import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe("example 08: a wholesaler's day with an API distributor, an EDI supplier and an email supplier", () => {
  it('places three POs three ways, pushes three tracking numbers, reconciles three invoices and flags the one over tolerance', async () => {
    const lines: string[] = [];
    const result = await run({ log: (line) => lines.push(line) });

    expect(result.status).toBe('placed');
    expect([...result.walmartTracking].sort()).toEqual(['1Z999AA10123456784', '1ZDS0SIM0313000001', '449044304137821']);
    expect(result.reconciliation).toEqual({ api: 'matched', edi: 'matched', email: 'mismatch' });
    expect(result.mismatched).toEqual([result.purchaseOrders.email]);
    expect(result.flagged).toEqual([
      expect.objectContaining({ kind: 'unit-cost', sku: 'MSE-2404', expected: 12_450, invoiced: 13_450 }),
    ]);
    // Actual profit takes the invoiced $10.00 more for the skid plate.
    expect(result.profitBefore - result.profitAfter).toBe(1_000);
    expect(lines.some((line) => line.includes('event invoice-mismatch-flagged'))).toBe(true);
  }, 60_000);
});
