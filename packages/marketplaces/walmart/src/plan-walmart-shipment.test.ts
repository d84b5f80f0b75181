import { describe, expect, it } from 'vitest';
import order from './__fixtures__/walmart-order-partially-shipped.json' with { type: 'json' };
import { planWalmartShipment, readWalmartLineStates } from './plan-walmart-shipment.js';
import { walmartOrderResponseSchema } from './walmart-schemas.js';

const states = readWalmartLineStates(walmartOrderResponseSchema.parse(order).order.orderLines.orderLine);

describe('readWalmartLineStates', () => {
  it('counts shipped and cancelled quantities and collects tracking numbers', () => {
    const first = states.get('1');
    expect(first).toMatchObject({ ordered: 3, shipped: 2, cancelled: 0, remaining: 1 });
    expect([...(first?.trackingNumbers ?? [])]).toEqual(['1Z999AA10123456784']);
    expect(states.get('2')).toMatchObject({ ordered: 1, cancelled: 1, remaining: 0 });
  });
});

describe('planWalmartShipment', () => {
  it('skips lines already shipped with this tracking number, whatever its spacing', () => {
    const plan = planWalmartShipment(
      { trackingNumber: '1z 999 aa1 01 2345 6784', lines: [{ lineId: '1', quantity: 2 }] },
      states,
    );
    expect(plan).toMatchObject({ toShip: [], alreadyShipped: ['1'], problems: [] });
  });

  it('ships the remaining quantity of a partially shipped line', () => {
    const plan = planWalmartShipment(
      { trackingNumber: '1Z999AA10000000001', lines: [{ lineId: '1', quantity: 1 }] },
      states,
    );
    expect(plan.toShip).toEqual([{ lineNumber: '1', quantity: 1 }]);
    expect(plan.warnings).toEqual([]);
  });

  it('reduces a quantity above what is left, with a warning', () => {
    const plan = planWalmartShipment({ trackingNumber: 'NEW', lines: [{ lineId: '1', quantity: 3 }] }, states);
    expect(plan.toShip).toEqual([{ lineNumber: '1', quantity: 1 }]);
    expect(plan.warnings[0]?.message).toContain('only 1 left to ship');
  });

  it('reports unknown and fully closed lines as problems', () => {
    const plan = planWalmartShipment(
      {
        trackingNumber: 'NEW',
        lines: [
          { lineId: '2', quantity: 1 },
          { lineId: '9', quantity: 1 },
        ],
      },
      states,
    );
    expect(plan.toShip).toEqual([]);
    expect(plan.problems).toEqual([
      'line 2 has nothing left to ship (0 shipped, 1 cancelled of 1)',
      'line 9 is not on the Walmart order',
    ]);
  });

  it('adds up quantities of the same line listed twice', () => {
    const fresh = readWalmartLineStates([{ lineNumber: '1', orderLineQuantity: { amount: 4 } }]);
    const plan = planWalmartShipment(
      {
        trackingNumber: 'T',
        lines: [
          { lineId: '1', quantity: 1 },
          { lineId: '1', quantity: 2 },
        ],
      },
      fresh,
    );
    expect(plan.toShip).toEqual([{ lineNumber: '1', quantity: 3 }]);
  });
});
