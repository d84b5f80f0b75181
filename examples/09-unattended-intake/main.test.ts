import { describe, expect, it } from 'vitest';
import { sampleOrder } from '../sandbox/index.js';
import { run } from './main.js';

describe('example 09: unattended intake → place → sync', () => {
  it('takes in each listed order once, places or holds it by the policy, pushes every tracking number once, and takes in nothing later', async () => {
    const lines: string[] = [];
    const result = await run({ log: (line) => lines.push(line) });

    // Six orders on three marketplaces, each recorded once.
    expect(result.listed).toHaveLength(6);
    expect(new Set(result.listed.map((id) => id.split(':')[0]))).toEqual(new Set(['ebay', 'walmart', 'shopify']));
    expect(result.records.map((record) => record.salesOrderId).sort()).toEqual([...result.listed].sort());
    const imported = result.ticks.flatMap((tick) => tick.imports).reduce((sum, item) => sum + item.imported, 0);
    expect(imported).toBe(6);
    // The overlap of two windows lists some orders again: duplicates, nothing changed.
    const duplicates = result.ticks.flatMap((tick) => tick.imports).reduce((sum, item) => sum + item.duplicates, 0);
    expect(duplicates).toBeGreaterThan(0);

    // Five placed by the auto policy, the thin margin held with its reason.
    const byStatus = (status: string) => result.records.filter((record) => record.status === status);
    expect(byStatus('placed')).toHaveLength(5);
    expect(byStatus('held')).toHaveLength(1);
    expect(byStatus('held')[0]?.reasons.join(' ')).toMatch(/below the minimum/);

    // Every PO placed once at its distributor, shipped, pushed and completed.
    expect(result.purchaseOrders.length).toBeGreaterThanOrEqual(5);
    expect(result.ordersAtDistributors).toHaveLength(result.purchaseOrders.length);
    for (const entry of result.ordersAtDistributors) expect(entry.count, entry.poNumber).toBe(1);
    expect(result.purchaseOrders.every((purchaseOrder) => purchaseOrder.state === 'completed')).toBe(true);
    const trackingKeys = result.tracking.map((entry) => `${entry.marketplace}:${entry.trackingNumber}`);
    expect(new Set(trackingKeys).size).toBe(trackingKeys.length);
    expect(result.tracking).toHaveLength(result.purchaseOrders.length);
    const pushed = result.ticks.reduce((sum, tick) => sum + tick.sync.trackingPushed, 0);
    expect(pushed).toBe(result.purchaseOrders.length);
    // Walmart requires acknowledgement: both of its orders acknowledged.
    const acknowledged = result.ticks.flatMap((tick) => tick.imports).filter((item) => item.marketplace === 'walmart');
    expect(acknowledged.reduce((sum, item) => sum + item.acknowledged, 0)).toBe(2);

    // The afternoon: the loop runs on and takes nothing in, places nothing, pushes nothing.
    expect(result.laterTicks).toHaveLength(4);
    for (const tick of result.laterTicks) {
      expect(tick.imports.every((item) => item.imported === 0 && item.placed === 0 && item.error === undefined)).toBe(
        true,
      );
      expect(tick.sync.trackingPushed).toBe(0);
    }
  }, 60_000);

  it('logs each step as an event line with ids and reasons, never a buyer name or email', async () => {
    const result = await run({ log: () => undefined });
    const names = new Set(result.eventLines.map((line) => line.split(' ')[0]));
    for (const name of [
      'order-imported',
      'order-held',
      'orders-acknowledged',
      'purchase-order-submitted',
      'tracking-pushed',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(result.eventLines.filter((line) => line.startsWith('order-imported'))).toHaveLength(6);
    // The sample buyers of the six orders: their names and emails appear in no line.
    const buyers = result.listed.map((_, index) =>
      sampleOrder({ marketplace: 'ebay', sequence: 900 + index, orderedAt: '2026-11-20T08:00:00.000Z', lines: [] }),
    );
    for (const buyer of buyers) {
      for (const line of result.eventLines) {
        expect(line).not.toContain(buyer.buyer?.name ?? '\u0000');
        if (buyer.buyer?.email !== undefined) expect(line).not.toContain(buyer.buyer.email);
      }
    }
  }, 60_000);
});
