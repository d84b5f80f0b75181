import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe('example 01: one order through one distributor', () => {
  it('places one PO at Tucker Rocky, ships it, pushes the tracking to Walmart and completes the PO', async () => {
    const lines: string[] = [];
    const result = await run({ log: (line) => lines.push(line) });

    expect(result.status).toBe('placed');
    expect(result.distributor).toBe('tucker-rocky');
    expect(result.poNumber).toMatch(/^DS-[0-9A-Z]{14}$/);
    expect(result.ordersAtDistributor).toBe(1);
    expect(result.sync).toMatchObject({ shipmentsRecorded: 1, trackingPushed: 1, completed: 1, errors: [] });
    expect(result.walmartTracking).toEqual([result.trackingNumber]);
    expect(result.state).toBe('completed');
    expect(lines.some((line) => line.includes('event tracking-pushed'))).toBe(true);
  });
});
