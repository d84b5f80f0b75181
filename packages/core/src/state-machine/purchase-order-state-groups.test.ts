import { describe, expect, it } from 'vitest';
import { purchaseOrderStates } from '../model/purchase-order.js';
import { purchaseOrderStateGroups } from './purchase-order-state-groups.js';
import { allowedPurchaseOrderEvents } from './purchase-order-transitions.js';

// The one definition of which PO states are open: the dropshipper, the PostgreSQL queue and the
// demo read these groups, so a state added to the model must land in the right ones.

const without = (states: readonly string[], ...removed: string[]) => states.filter((state) => !removed.includes(state));

describe('purchaseOrderStateGroups', () => {
  it('open is every state that is neither finished, failed nor a draft', () => {
    expect([...purchaseOrderStateGroups.open].sort()).toEqual(
      without(purchaseOrderStates, 'draft', 'failed', ...purchaseOrderStateGroups.finished).sort(),
    );
  });

  it('tracking sync looks at the open states a distributor holds, and asks about those still waiting for packages', () => {
    expect(purchaseOrderStateGroups.placedOpen).toEqual(without(purchaseOrderStateGroups.open, 'submitting'));
    expect(purchaseOrderStateGroups.awaitingPackages).toEqual(without(purchaseOrderStateGroups.placedOpen, 'shipped'));
    // every state the sync looks at can record a shipment
    for (const state of purchaseOrderStateGroups.placedOpen)
      expect(allowedPurchaseOrderEvents(state), state).toContain('record-shipment');
  });

  it('released states free their lines and are finished', () => {
    for (const state of purchaseOrderStateGroups.released) {
      expect(purchaseOrderStateGroups.finished).toContain(state);
      expect(purchaseOrderStateGroups.open).not.toContain(state);
    }
  });
});
