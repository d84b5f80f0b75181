import { describe, expect, it } from 'vitest';
import { createEventBus, type DropshipEventMap, dropshipEventNames } from './dropship-events.js';

describe('createEventBus', () => {
  it('delivers typed payloads to listeners by noun-then-verb name', () => {
    const bus = createEventBus();
    const seen: DropshipEventMap['purchase-order-submitted'][0][] = [];
    bus.on('purchase-order-submitted', (event) => seen.push(event));
    bus.once('order-held', () =>
      seen.push({
        poNumber: 'never',
        distributor: '',
        salesOrderId: '',
        distributorOrderRefs: [],
        alreadyExisted: false,
      }),
    );
    bus.emit('purchase-order-submitted', {
      poNumber: 'DS-1',
      distributor: 'wps',
      salesOrderId: 'ebay:1',
      distributorOrderRefs: ['W-1'],
      alreadyExisted: false,
    });
    expect(seen).toEqual([
      {
        poNumber: 'DS-1',
        distributor: 'wps',
        salesOrderId: 'ebay:1',
        distributorOrderRefs: ['W-1'],
        alreadyExisted: false,
      },
    ]);
    expect(bus.listenerCount('order-held')).toBe(1);
  });

  it('names every event noun-then-verb in kebab case', () => {
    expect(dropshipEventNames).toHaveLength(34);
    expect(new Set(dropshipEventNames).size).toBe(dropshipEventNames.length);
    for (const name of dropshipEventNames) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(dropshipEventNames).toContain('purchase-order-state-changed');
    expect(dropshipEventNames).toContain('invoice-mismatch-flagged');
    expect(dropshipEventNames).toContain('order-imported');
  });
});
