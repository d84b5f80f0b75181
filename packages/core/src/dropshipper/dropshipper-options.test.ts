import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ValidationError } from '../errors/validation-error.js';
import { createMockDistributorClient } from '../test.js';
import type { DropshipperOptions } from './context/dropshipper-types.js';
import { createDropshipper } from './create-dropshipper.js';

function options(overrides: Record<string, unknown> = {}): DropshipperOptions {
  return {
    distributors: [createMockDistributorClient({ distributor: 'wps' })],
    catalog: createMemoryCatalog([]),
    ...overrides,
  } as DropshipperOptions;
}

/** The issues `createDropshipper` refuses the options with. */
function issues(overrides: Record<string, unknown>): readonly { path: string; message: string }[] {
  try {
    createDropshipper(options(overrides));
  } catch (error) {
    if (ValidationError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('the options were accepted');
}

describe('createDropshipper: options', () => {
  it('refuses an unknown option by name (a typo is never ignored)', () => {
    expect(issues({ submitLease: 1_000 })).toEqual([
      { path: 'submitLease', message: 'is not a known key; did you mean "submitLeaseMs"?' },
    ]);
    // Listed with the other problems, not instead of them.
    expect(
      issues({ submitLease: 1_000, concurrencyPerDistributor: 0 })
        .map((issue) => issue.path)
        .sort(),
    ).toEqual(['concurrencyPerDistributor', 'submitLease']);
  });

  it('refuses numbers out of range, so that a typo of magnitude cannot break every sync', () => {
    expect(issues({ trackingLookbackDays: 1e12 })).toEqual([
      { path: 'trackingLookbackDays', message: 'must be at most 365' },
    ]);
    expect(issues({ concurrencyPerDistributor: 1e9 })).toEqual([
      { path: 'concurrencyPerDistributor', message: 'must be at most 1000' },
    ]);
    expect(issues({ submitLeaseMs: Number.MAX_SAFE_INTEGER }).map((issue) => issue.path)).toEqual(['submitLeaseMs']);
    expect(issues({ packageGroupSettleMs: 1e15 }).map((issue) => issue.path)).toEqual(['packageGroupSettleMs']);
    expect(issues({ concurrencyPerDistributor: 0 })).toEqual([
      { path: 'concurrencyPerDistributor', message: 'must be a whole number, at least 1' },
    ]);
    expect(() => createDropshipper(options({ trackingLookbackDays: 365, submitLeaseMs: 0 }))).not.toThrow();
  });

  it('names the field of an auto approval that is wrong, and the approval when its mode is unknown', () => {
    expect(issues({ approval: { mode: 'auto', minimumProfit: 1.5 } })).toEqual([
      { path: 'approval.minimumProfit', message: 'must be a whole number of minor units' },
    ]);
    expect(
      issues({ approval: { mode: 'auto', minimumProfit: 0, sometimes: true } }).map((issue) => issue.path),
    ).toEqual(['approval.sometimes']);
    expect(issues({ approval: 'auto' }).map((issue) => issue.path)).toEqual(['approval']);
  });

  it('refuses ports without the methods they need, and keeps the ones given as they are', async () => {
    expect(issues({ store: {}, notifier: { notifyShipment: 'yes' }, catalog: undefined, now: 'noon' })).toEqual([
      { path: 'notifier', message: 'must be a BuyerNotifier (notifyShipment)' },
      { path: 'store', message: 'must be a DropshipStore (spec v1), for example createMemoryStore()' },
      { path: 'catalog', message: 'must be a Catalog (spec v1: findOffers), for example createMemoryCatalog()' },
      { path: 'now', message: 'must be a function returning a Date' },
    ]);
    const given = options();
    const dropshipper = createDropshipper(given);
    expect(dropshipper.store).toBeDefined();
    expect(await dropshipper.purchaseOrders('ebay:none')).toEqual([]);
  });
});
