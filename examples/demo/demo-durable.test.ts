import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoResult, run } from './main.js';

// What `pnpm demo` twice does: each run a new process's worth of simulators, one PGlite data
// directory (the default store, @dropship/postgres). The second run resumes from the intake
// cursors and imported-order records the first left in the store.
describe('pnpm demo on the durable store, twice', () => {
  let dataDir: string;
  let first: DemoResult;
  let second: DemoResult;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dropship-demo-'));
    first = await run({ dataDir, reset: true, log: () => undefined });
    second = await run({ dataDir, log: () => undefined });
  }, 180_000);
  afterAll(() => (dataDir === undefined ? undefined : rm(dataDir, { recursive: true, force: true })));

  it('takes in the 31 listed orders once, then nothing: the second run imports and places nothing', () => {
    expect(first.storeKind).toBe('postgres');
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(true);
    expect(first.intake.takenInThisRun).toHaveLength(31);
    expect(first.placedThisRun).toBeGreaterThan(0);
    expect(second.intake.recordsBefore).toHaveLength(31);
    expect(second.intake.takenInThisRun).toEqual([]);
    expect(second.intake.marketplaces.every((row) => row.imported === 0 && row.placed === 0)).toBe(true);
    expect(second.intake.records).toEqual(first.intake.records);
    expect(second.placedThisRun).toBe(0);
    expect(second.emailsThisRun).toBe(0);
    expect(second.ordersAtDistributors).toEqual([]); // the new simulators received no PO at all
    expect(second.orders.every((order) => order.alreadyHandled)).toBe(true);
    expect(second.orders.map((order) => order.category)).toEqual(first.orders.map((order) => order.category));
  });
});
