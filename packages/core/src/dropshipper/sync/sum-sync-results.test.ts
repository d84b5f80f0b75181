import { describe, expect, it } from 'vitest';
import { emptySyncResult, sumSyncResults } from './sync-tracking.js';

describe('sumSyncResults', () => {
  it('adds every counter and keeps every error in order', () => {
    const first = {
      ...emptySyncResult(),
      purchaseOrders: 3,
      distributorCalls: 1,
      shipmentsRecorded: 2,
      trackingPushed: 2,
      buyersNotified: 1,
      completed: 1,
      errors: [{ poNumber: 'DS-1', step: 'push' as const, message: 'ebay: HTTP 503' }],
    };
    const second = {
      ...emptySyncResult(),
      purchaseOrders: 4,
      distributorCalls: 2,
      shipmentsRecorded: 1,
      trackingPushed: 0,
      buyersNotified: 0,
      completed: 2,
      errors: [{ distributor: 'wps', step: 'pull' as const, message: 'wps: HTTP 500' }],
    };
    expect(sumSyncResults([first, second])).toEqual({
      purchaseOrders: 7,
      distributorCalls: 3,
      shipmentsRecorded: 3,
      trackingPushed: 2,
      buyersNotified: 1,
      completed: 3,
      errors: [...first.errors, ...second.errors],
    });
  });

  it('is the empty result for no syncs, and never shares its error list with an input', () => {
    expect(sumSyncResults([])).toEqual(emptySyncResult());
    const one = emptySyncResult();
    const total = sumSyncResults([one]);
    total.errors.push({ step: 'save', message: 'x' });
    expect(one.errors).toEqual([]);
  });
});
