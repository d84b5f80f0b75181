import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { InvalidTransitionError } from '../errors/invalid-transition-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { type PurchaseOrder, type PurchaseOrderState, purchaseOrderStates } from '../model/purchase-order.js';
import { NOW, offer, order } from '../routing/__fixtures__/routing-fixtures.js';
import { createPlanner } from '../routing/create-planner.js';
import { createPurchaseOrder } from './create-purchase-order.js';
import type { PurchaseOrderEvent } from './purchase-order-event.js';
import {
  allowedPurchaseOrderEvents,
  isPurchaseOrderEventAllowed,
  purchaseOrderTransitions,
} from './purchase-order-transitions.js';
import { transition } from './transition.js';

const salesOrder = order({
  lines: [
    { lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 5000 },
    { lineId: 'L2', sku: 'WPS-2', quantity: 1, unitPrice: 5000 },
  ],
});

function draft(): PurchaseOrder {
  const catalog = createMemoryCatalog([
    offer({ distributor: 'wps', sku: 'WPS-1', mpn: 'A' }),
    offer({ distributor: 'wps', sku: 'WPS-2', mpn: 'B' }),
  ]);
  const plan = createPlanner({ catalog }).plan(salesOrder, { now: NOW });
  return createPurchaseOrder({ order: salesOrder, planned: plan.purchaseOrders[0] as never, now: NOW });
}

function apply(purchaseOrder: PurchaseOrder, ...events: PurchaseOrderEvent[]): PurchaseOrder {
  return events.reduce((current, event) => transition(current, event, { now: NOW }), purchaseOrder);
}

const submitted = (): PurchaseOrder =>
  apply(draft(), { type: 'submit' }, { type: 'submit-succeeded', distributorOrderRefs: ['W-1'] });
const shipment = (trackingNumber: string, lines?: { sku: string; quantity: number }[]) => ({
  carrier: 'ups' as const,
  trackingNumber,
  shippedAt: NOW,
  ...(lines === undefined ? {} : { lines }),
});

describe('createPurchaseOrder', () => {
  it('creates a draft at version 1 with a create audit entry', () => {
    const purchaseOrder = draft();
    expect(purchaseOrder).toMatchObject({
      state: 'draft',
      version: 1,
      distributor: 'wps',
      salesOrderId: 'ebay:12-34567-89012',
      marketplace: 'ebay',
      currency: 'USD',
    });
    expect(purchaseOrder.poNumber).toMatch(/^DS-/);
    expect(purchaseOrder.lines.map((line) => [line.salesLineId, line.sku, line.quantity, line.warehouse])).toEqual([
      ['L1', 'WPS-1', 2, 'PA'],
      ['L2', 'WPS-2', 1, 'PA'],
    ]);
    expect(purchaseOrder.audit).toEqual([
      { at: '2026-11-22T12:00:00.000Z', event: 'create', from: 'draft', to: 'draft', version: 1 },
    ]);
  });

  it('refuses a planned PO of another sales order (a PO never mixes two orders)', () => {
    const other = order({ marketplaceOrderId: 'OTHER' });
    const planned = {
      distributor: 'wps',
      poNumber: 'DS-X',
      salesOrderId: 'ebay:12-34567-89012',
      dropShipFee: 0,
      lines: [{ salesLineId: 'L1', sku: 'WPS-1', quantity: 1, unitCost: 100 }],
    };
    expect(() => createPurchaseOrder({ order: other, planned: planned as never, now: NOW })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'planned.salesOrderId' })] }),
    );
    expect(() =>
      createPurchaseOrder({
        order: salesOrder,
        planned: { ...planned, lines: [{ ...planned.lines[0], salesLineId: 'L9' }] } as never,
        now: NOW,
      }),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'planned.lines.0.salesLineId' })] }));
    expect(() => createPurchaseOrder(undefined as never)).toThrow(ValidationError);
  });
});

describe('transition', () => {
  it('walks the happy path, bumping the version and appending an audit entry each time', () => {
    let purchaseOrder = draft();
    const steps: [PurchaseOrderEvent, PurchaseOrderState][] = [
      [{ type: 'submit' }, 'submitting'],
      [{ type: 'submit-succeeded', distributorOrderRefs: ['W-1'] }, 'submitted'],
      [{ type: 'acknowledge' }, 'acknowledged'],
      [{ type: 'record-shipment', shipment: shipment('1Z1', [{ sku: 'WPS-1', quantity: 2 }]) }, 'partially_shipped'],
      [{ type: 'record-shipment', shipment: shipment('1Z2', [{ sku: 'WPS-2', quantity: 1 }]) }, 'shipped'],
      [{ type: 'mark-tracking-pushed', shipmentId: `${purchaseOrder.poNumber}:1Z1` }, 'shipped'],
      [{ type: 'mark-tracking-pushed', shipmentId: `${purchaseOrder.poNumber}:1Z2` }, 'shipped'],
      [{ type: 'complete' }, 'completed'],
    ];
    for (const [event, state] of steps) {
      const before = purchaseOrder;
      purchaseOrder = transition(before, event, { now: NOW });
      expect(purchaseOrder.state).toBe(state);
      expect(purchaseOrder.version).toBe(before.version + 1);
      expect(purchaseOrder.audit.at(-1)).toMatchObject({
        event: event.type,
        from: before.state,
        to: state,
        version: purchaseOrder.version,
      });
      expect(before.version).toBe(purchaseOrder.version - 1); // the input is not changed
    }
    expect(purchaseOrder.distributorOrderRefs).toEqual(['W-1']);
    expect(purchaseOrder.shipments.map((entry) => [entry.id, entry.trackingPushedAt])).toEqual([
      [`${purchaseOrder.poNumber}:1Z1`, '2026-11-22T12:00:00.000Z'],
      [`${purchaseOrder.poNumber}:1Z2`, '2026-11-22T12:00:00.000Z'],
    ]);
  });

  it('reads simple events exactly as the schema does: extra keys ignored, malformed ones refused', () => {
    const shipped = apply(submitted(), { type: 'record-shipment', shipment: shipment('1Z9') });
    const id = `${shipped.poNumber}:1Z9`;
    // Extra keys are dropped, as the schema's strip mode does; defaults apply.
    const pushed = transition(shipped, { type: 'mark-tracking-pushed', shipmentId: id, note: 'x' } as never, {
      now: NOW,
    });
    expect(pushed.audit.at(-1)).toEqual({
      at: '2026-11-22T12:00:00.000Z',
      event: 'mark-tracking-pushed',
      from: 'shipped',
      to: 'shipped',
      version: shipped.version + 1,
      detail: id,
    });
    expect(transition(pushed, { type: 'complete', extra: 1 } as never, { now: NOW }).state).toBe('completed');
    for (const malformed of [
      { type: 'mark-tracking-pushed', shipmentId: '' },
      { type: 'mark-buyer-notified', shipmentId: 42 },
      { type: 'complete', requireBuyerNotified: 'yes' },
      { type: 'mark-tracking-pushed' },
    ]) {
      expect(() => transition(shipped, malformed as never, { now: NOW }), JSON.stringify(malformed)).toThrow(
        ValidationError,
      );
    }
  });

  it('retries a failed submission: failed → submitting', () => {
    const failed = apply(draft(), { type: 'submit' }, { type: 'submit-failed', error: 'timeout' });
    expect(failed).toMatchObject({ state: 'failed', lastError: 'timeout' });
    const retried = apply(failed, { type: 'submit' }, { type: 'submit-succeeded', status: 'backordered' });
    expect(retried.state).toBe('backordered');
    // The error of the failed attempt is cleared: no lastError key at all.
    expect(retried).not.toHaveProperty('lastError');
  });

  it('compares shipped with ordered quantities per SKU', () => {
    const partial = apply(submitted(), {
      type: 'record-shipment',
      shipment: shipment('1Z1', [
        { sku: 'WPS-1', quantity: 1 },
        { sku: 'WPS-2', quantity: 1 },
      ]),
    });
    expect(partial.state).toBe('partially_shipped');
    const rest = apply(partial, {
      type: 'record-shipment',
      shipment: shipment('1Z2', [{ sku: 'WPS-1', quantity: 1 }]),
    });
    expect(rest.state).toBe('shipped');
    const substitute = apply(submitted(), {
      type: 'record-shipment',
      shipment: shipment('1Z3', [{ sku: 'SUPERSEDED', quantity: 3 }]),
    });
    expect(substitute.state).toBe('partially_shipped');
  });

  it('treats a shipment without lines as the rest of the PO', () => {
    expect(apply(submitted(), { type: 'record-shipment', shipment: shipment('1Z1') }).state).toBe('shipped');
  });

  it('ignores the same shipment id twice: same PO back, no version bump', () => {
    const once = apply(submitted(), {
      type: 'record-shipment',
      shipment: shipment('1Z 1', [{ sku: 'WPS-1', quantity: 1 }]),
    });
    const twice = transition(
      once,
      { type: 'record-shipment', shipment: shipment('1Z1', [{ sku: 'WPS-1', quantity: 2 }]) },
      { now: NOW },
    );
    expect(twice).toBe(once);
    const pushed = transition(once, { type: 'mark-tracking-pushed', shipmentId: `${once.poNumber}:1Z1` }, { now: NOW });
    expect(transition(pushed, { type: 'mark-tracking-pushed', shipmentId: `${once.poNumber}:1Z1` }, { now: NOW })).toBe(
      pushed,
    );
  });

  it('completes only when every shipment is pushed (and notified, when required)', () => {
    const shipped = apply(submitted(), { type: 'record-shipment', shipment: shipment('1Z1') });
    expect(() => transition(shipped, { type: 'complete' }, { now: NOW })).toThrow(InvalidTransitionError);
    const pushed = transition(
      shipped,
      { type: 'mark-tracking-pushed', shipmentId: `${shipped.poNumber}:1Z1` },
      { now: NOW },
    );
    expect(() => transition(pushed, { type: 'complete', requireBuyerNotified: true }, { now: NOW })).toThrow(
      /buyer not notified/,
    );
    const notified = transition(
      pushed,
      { type: 'mark-buyer-notified', shipmentId: `${shipped.poNumber}:1Z1` },
      { now: NOW },
    );
    expect(transition(notified, { type: 'complete', requireBuyerNotified: true }, { now: NOW }).state).toBe(
      'completed',
    );
  });

  it('cancels: a draft at once, a submitted PO through cancel_requested, and back when declined', () => {
    expect(apply(draft(), { type: 'request-cancel' }).state).toBe('cancelled');
    const requested = apply(
      submitted(),
      { type: 'acknowledge' },
      { type: 'request-cancel', reason: 'buyer cancelled' },
    );
    expect(requested.state).toBe('cancel_requested');
    expect(apply(requested, { type: 'confirm-cancel' }).state).toBe('cancelled');
    expect(apply(requested, { type: 'decline-cancel' }).state).toBe('acknowledged');
    expect(apply(requested, { type: 'record-shipment', shipment: shipment('1Z9') }).state).toBe('shipped');
  });

  it('throws InvalidTransitionError for illegal moves, naming the PO, the state and the event', () => {
    const purchaseOrder = draft();
    expect(() => transition(purchaseOrder, { type: 'complete' }, { now: NOW })).toThrow(InvalidTransitionError);
    expect(() =>
      transition(purchaseOrder, { type: 'record-shipment', shipment: shipment('1Z1') }, { now: NOW }),
    ).toThrow(
      expect.objectContaining({
        poNumber: purchaseOrder.poNumber,
        from: 'draft',
        event: 'record-shipment',
        code: 'invalid-transition',
      }),
    );
    const completed = apply(submitted(), { type: 'record-shipment', shipment: shipment('1Z1') });
    expect(() => transition(completed, { type: 'mark-tracking-pushed', shipmentId: 'unknown' }, { now: NOW })).toThrow(
      /no shipment unknown/,
    );
  });

  it('rejects malformed POs and events with a ValidationError', () => {
    expect(() => transition({} as PurchaseOrder, { type: 'submit' })).toThrow(ValidationError);
    expect(() => transition(draft(), { type: 'teleport' } as never)).toThrow(ValidationError);
    expect(() => transition(draft(), { type: 'submit-failed' } as never)).toThrow(ValidationError);
    expect(() => transition(draft(), null as never)).toThrow(ValidationError);
  });

  it('exports a transition table that covers every state', () => {
    const covered = new Set(purchaseOrderTransitions.flatMap((rule) => [...rule.from, ...rule.to]));
    expect([...covered].sort()).toEqual([...purchaseOrderStates].sort());
    expect(allowedPurchaseOrderEvents('draft').sort()).toEqual(['request-cancel', 'submit']);
    expect(allowedPurchaseOrderEvents('completed')).toEqual(['mark-buyer-notified']);
    // A cancelled PO only records a package the distributor ships anyway (flagged).
    expect(allowedPurchaseOrderEvents('cancelled')).toEqual(['record-shipment']);
    expect(allowedPurchaseOrderEvents('manual_cancel').sort()).toEqual([
      'confirm-cancel',
      'decline-cancel',
      'record-shipment',
    ]);
  });
});

describe('manual cancel and shipments after a cancel', () => {
  it('moves a placed PO to manual_cancel with the reason, then to cancelled or back where it was', () => {
    const manual = apply(
      submitted(),
      { type: 'acknowledge' },
      { type: 'request-manual-cancel', reason: 'no API cancel' },
    );
    expect(manual.state).toBe('manual_cancel');
    expect(manual.audit.at(-1)).toMatchObject({
      event: 'request-manual-cancel',
      from: 'acknowledged',
      detail: 'no API cancel',
    });
    expect(apply(manual, { type: 'confirm-cancel', detail: 'rep cancelled' }).state).toBe('cancelled');
    expect(apply(manual, { type: 'decline-cancel' }).state).toBe('acknowledged');
    // A distributor that answers "requested" first and "cannot" later: still back to the state before both.
    const viaRequest = apply(
      submitted(),
      { type: 'backorder' },
      { type: 'request-cancel' },
      { type: 'request-manual-cancel', reason: 'rep must act' },
    );
    expect(apply(viaRequest, { type: 'decline-cancel' }).state).toBe('backordered');
  });

  it('refuses a manual cancel before the PO is placed or after it shipped, and one without a reason', () => {
    expect(() => apply(draft(), { type: 'request-manual-cancel', reason: 'x' })).toThrow(InvalidTransitionError);
    const shipped = apply(submitted(), { type: 'record-shipment', shipment: shipment('1Z1') });
    expect(() => apply(shipped, { type: 'request-manual-cancel', reason: 'x' })).toThrow(InvalidTransitionError);
    expect(() => apply(submitted(), { type: 'request-manual-cancel' } as never)).toThrow(ValidationError);
  });

  it('records a package that arrives after a cancel and flags the PO once', () => {
    const cases: [string, PurchaseOrder][] = [
      ['cancel_requested', apply(submitted(), { type: 'request-cancel' })],
      ['manual_cancel', apply(submitted(), { type: 'request-manual-cancel', reason: 'phone the rep' })],
      ['cancelled', apply(submitted(), { type: 'request-cancel' }, { type: 'confirm-cancel' })],
    ];
    for (const [state, purchaseOrder] of cases) {
      expect(purchaseOrder.state, state).toBe(state);
      expect(purchaseOrder.flags, state).toBeUndefined();
      const first = apply(purchaseOrder, {
        type: 'record-shipment',
        shipment: shipment('1Z1', [{ sku: 'WPS-1', quantity: 1 }]),
      });
      expect(first.state, state).toBe('partially_shipped');
      expect(first.flags, state).toEqual(['shipped-after-cancel']);
      const second = apply(first, { type: 'record-shipment', shipment: shipment('1Z2') });
      expect(second.state, state).toBe('shipped');
      expect(second.flags, state).toEqual(['shipped-after-cancel']);
    }
  });

  it('flags a package on a rejected PO as shipped after rejection; a normal shipment sets no flag', () => {
    const rejected = apply(submitted(), { type: 'reject', reason: 'out of stock' });
    expect(apply(rejected, { type: 'record-shipment', shipment: shipment('1Z1') }).flags).toEqual([
      'shipped-after-rejection',
    ]);
    const shipped = apply(submitted(), { type: 'record-shipment', shipment: shipment('1Z1') });
    expect(shipped.flags).toBeUndefined();
    expect(shipped).not.toHaveProperty('flags');
  });

  it('keeps flags and a re-route origin through later moves', () => {
    const rerouted = { ...draft(), reroute: { fromPoNumber: 'DS-OLD', attempt: 1, excluded: [{ distributor: 'pu' }] } };
    const placed = apply(rerouted, { type: 'submit' }, { type: 'submit-succeeded' }, { type: 'acknowledge' });
    expect(placed.reroute).toEqual({ fromPoNumber: 'DS-OLD', attempt: 1, excluded: [{ distributor: 'pu' }] });
    const flagged = apply(placed, { type: 'request-cancel' }, { type: 'record-shipment', shipment: shipment('1Z1') });
    const pushed = apply(flagged, { type: 'mark-tracking-pushed', shipmentId: `${flagged.poNumber}:1Z1` });
    expect(pushed.flags).toEqual(['shipped-after-cancel']);
    expect(pushed.reroute?.fromPoNumber).toBe('DS-OLD');
  });
});

describe('transition (property)', () => {
  const eventArbitrary: fc.Arbitrary<PurchaseOrderEvent> = fc.oneof(
    fc.constant({ type: 'submit' } as const),
    fc.record({
      type: fc.constant('submit-succeeded' as const),
      status: fc.constantFrom('submitted' as const, 'acknowledged' as const, 'backordered' as const),
    }),
    fc.constant({ type: 'submit-failed', error: 'timeout' } as const),
    fc.constant({ type: 'reject', reason: 'bad address' } as const),
    fc.constant({ type: 'acknowledge' } as const),
    fc.constant({ type: 'backorder' } as const),
    fc.record({
      type: fc.constant('record-shipment' as const),
      shipment: fc.record({
        carrier: fc.constant('ups' as const),
        trackingNumber: fc.constantFrom('1Z1', '1Z2', '1Z3'),
        shippedAt: fc.constant(NOW),
        lines: fc.option(
          fc.array(fc.record({ sku: fc.constantFrom('WPS-1', 'WPS-2'), quantity: fc.integer({ min: 1, max: 2 }) }), {
            minLength: 1,
            maxLength: 2,
          }),
          { nil: undefined },
        ),
      }),
    }),
    fc
      .record({
        type: fc.constant('mark-tracking-pushed' as const),
        trackingNumber: fc.constantFrom('1Z1', '1Z2', '1Z3'),
      })
      .map((event) => ({ type: event.type, shipmentId: event.trackingNumber })),
    fc
      .record({ type: fc.constant('mark-buyer-notified' as const), trackingNumber: fc.constantFrom('1Z1', '1Z2') })
      .map((event) => ({ type: event.type, shipmentId: event.trackingNumber })),
    fc.constant({ type: 'complete' } as const),
    fc.constant({ type: 'request-cancel' } as const),
    fc.constant({ type: 'confirm-cancel' } as const),
    fc.constant({ type: 'decline-cancel' } as const),
  );

  it('every event sequence either follows the machine or is rejected with InvalidTransitionError', () => {
    const start = draft();
    fc.assert(
      fc.property(fc.array(eventArbitrary, { maxLength: 25 }), (events) => {
        let current = start;
        for (const raw of events) {
          // Shipment ids are `<poNumber>:<trackingNumber>`.
          const event = 'shipmentId' in raw ? { ...raw, shipmentId: `${current.poNumber}:${raw.shipmentId}` } : raw;
          let next: PurchaseOrder;
          try {
            next = transition(current, event, { now: NOW });
          } catch (error) {
            expect(InvalidTransitionError.isInstance(error)).toBe(true);
            continue;
          }
          expect(isPurchaseOrderEventAllowed(current.state, event.type)).toBe(true);
          if (next === current) continue; // an idempotent repeat
          const rule = purchaseOrderTransitions.find((candidate) => candidate.event === event.type);
          expect(rule?.to).toContain(next.state);
          expect(next.version).toBe(current.version + 1);
          expect(next.audit).toHaveLength(current.audit.length + 1);
          expect(next.audit.at(-1)).toMatchObject({
            from: current.state,
            to: next.state,
            event: event.type,
            version: next.version,
          });
          if (next.state === 'completed')
            expect(next.shipments.every((entry) => entry.trackingPushedAt !== undefined)).toBe(true);
          if (next.state === 'shipped' && event.type === 'record-shipment' && current.state !== 'shipped') {
            const shippedSkus = next.shipments.flatMap(
              (entry) => entry.lines ?? [{ sku: '*', quantity: Number.POSITIVE_INFINITY }],
            );
            const all = shippedSkus.some((line) => line.sku === '*');
            const units = (sku: string) =>
              shippedSkus.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.quantity, 0);
            expect(all || (units('WPS-1') >= 2 && units('WPS-2') >= 1)).toBe(true);
          }
          current = next;
        }
      }),
      { numRuns: 500 },
    );
  });
});
