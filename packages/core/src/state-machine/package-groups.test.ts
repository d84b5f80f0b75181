import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { InvalidTransitionError } from '../errors/invalid-transition-error.js';
import type { PurchaseOrder } from '../model/purchase-order.js';
import type { DistributorShipment, PackageOf } from '../model/shipment.js';
import { NOW, offer, order } from '../routing/__fixtures__/routing-fixtures.js';
import { createPlanner } from '../routing/create-planner.js';
import { createPurchaseOrder } from './create-purchase-order.js';
import type { PurchaseOrderEvent } from './purchase-order-event.js';
import { transition } from './transition.js';

// A PO of 2 × WPS-1 and 1 × WPS-2 placed with a distributor that reports boxes per warehouse
// order (`packageOf`), like WPS (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders: tracking numbers and items per warehouse order).
const salesOrder = order({
  lines: [
    { lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 5000 },
    { lineId: 'L2', sku: 'WPS-2', quantity: 1, unitPrice: 5000 },
  ],
});

function submitted(): PurchaseOrder {
  const catalog = createMemoryCatalog([
    offer({ distributor: 'wps', sku: 'WPS-1', mpn: 'A' }),
    offer({ distributor: 'wps', sku: 'WPS-2', mpn: 'B' }),
  ]);
  const plan = createPlanner({ catalog }).plan(salesOrder, { now: NOW });
  const draft = createPurchaseOrder({ order: salesOrder, planned: plan.purchaseOrders[0] as never, now: NOW });
  return apply(draft, { type: 'submit' }, { type: 'submit-succeeded', distributorOrderRefs: ['5100001'] });
}

function apply(purchaseOrder: PurchaseOrder, ...events: PurchaseOrderEvent[]): PurchaseOrder {
  return events.reduce((current, event) => transition(current, event, { now: NOW }), purchaseOrder);
}

const everything = [
  { sku: 'WPS-1', quantity: 2 },
  { sku: 'WPS-2', quantity: 1 },
];
const packageOf = (complete: boolean, lines = everything, ref = '5100001'): PackageOf => ({ ref, lines, complete });
const box = (trackingNumber: string, of: PackageOf): DistributorShipment => ({
  carrier: 'ups',
  trackingNumber,
  shippedAt: NOW,
  packageOf: of,
});
const record = (shipment: DistributorShipment): PurchaseOrderEvent => ({ type: 'record-shipment', shipment });
const idOf = (purchaseOrder: PurchaseOrder, trackingNumber: string) => `${purchaseOrder.poNumber}:${trackingNumber}`;

describe('transition: boxes of a distributor order (packageOf)', () => {
  it('records the boxes of an incomplete order at once, but does not ship the PO with them', () => {
    const po = apply(submitted(), record(box('1ZBOX1', packageOf(false))), record(box('1ZBOX2', packageOf(false))));
    expect(po.state).toBe('partially_shipped');
    expect(
      po.shipments.map((shipment) => [shipment.trackingNumber, shipment.packageOf?.complete, shipment.recordedAt]),
    ).toEqual([
      ['1ZBOX1', false, '2026-11-22T12:00:00.000Z'],
      ['1ZBOX2', false, '2026-11-22T12:00:00.000Z'],
    ]);
  });

  it('ships the PO once the order is complete, and a new complete box updates every box of the group', () => {
    const waiting = apply(submitted(), record(box('1ZBOX1', packageOf(false))));
    const shipped = transition(waiting, record(box('1ZBOX2', packageOf(true))), { now: NOW });
    expect(shipped.state).toBe('shipped');
    expect(shipped.shipments.map((shipment) => shipment.packageOf?.complete)).toEqual([true, true]);
    expect(shipped.audit.at(-1)).toMatchObject({
      event: 'record-shipment',
      from: 'partially_shipped',
      to: 'shipped',
      detail: 'ups 1ZBOX2, a box of distributor order 5100001 (complete)',
    });
  });

  it('revises a box seen again when its order became complete: new version, audit entry', () => {
    const waiting = apply(submitted(), record(box('1ZBOX1', packageOf(false))));
    const revised = transition(waiting, record(box('1ZBOX1', packageOf(true))), { now: NOW });
    expect(revised.version).toBe(waiting.version + 1);
    expect(revised.state).toBe('shipped');
    expect(revised.shipments).toHaveLength(1);
    expect(revised.shipments[0]?.packageOf?.complete).toBe(true);
    // Seen again with the same report: nothing to do.
    expect(transition(revised, record(box('1ZBOX1', packageOf(true))), { now: NOW })).toBe(revised);
  });

  it('never takes completeness back (a group settled by the SDK stays settled)', () => {
    const complete = apply(submitted(), record(box('1ZBOX1', packageOf(true))));
    expect(transition(complete, record(box('1ZBOX1', packageOf(false))), { now: NOW })).toBe(complete);
    const joined = transition(complete, record(box('1ZBOX2', packageOf(false))), { now: NOW });
    expect(joined.shipments.map((shipment) => shipment.packageOf?.complete)).toEqual([true, true]);
  });

  it('turns a box into an exact package when the distributor later lists its contents', () => {
    const waiting = apply(submitted(), record(box('1ZBOX1', packageOf(false))));
    const { packageOf: _packageOf, ...exact } = { ...box('1ZBOX1', packageOf(false)), lines: everything };
    const revised = transition(waiting, record(exact), { now: NOW });
    expect(revised.state).toBe('shipped');
    expect(revised.shipments[0]).toMatchObject({ lines: everything });
    expect(revised.shipments[0]?.packageOf).toBeUndefined();
  });

  it('keeps the first report of a package that only ever listed lines', () => {
    const po = apply(
      submitted(),
      record({ carrier: 'ups', trackingNumber: '1ZLIST', shippedAt: NOW, lines: [{ sku: 'WPS-1', quantity: 1 }] }),
    );
    expect(
      transition(po, record({ carrier: 'ups', trackingNumber: '1ZLIST', shippedAt: NOW, lines: everything }), {
        now: NOW,
      }),
    ).toBe(po);
  });

  it('refuses to revise a group once one of its boxes was pushed; a box joining it later covers nothing', () => {
    const complete = apply(submitted(), record(box('1ZBOX1', packageOf(true))));
    const pushed = transition(
      complete,
      { type: 'mark-tracking-pushed', shipmentId: idOf(complete, '1ZBOX1') },
      { now: NOW },
    );
    // Re-observed with other contents after the push: the PO is returned unchanged.
    const bigger = packageOf(true, [{ sku: 'WPS-1', quantity: 5 }]);
    expect(transition(pushed, record(box('1ZBOX1', bigger)), { now: NOW })).toBe(pushed);
    // A new box of the same order: recorded (tracking kept), the group's definition unchanged,
    // settled at once as covering no unit.
    const late = transition(pushed, record(box('1ZBOX2', bigger)), { now: NOW });
    expect(late.shipments[1]).toMatchObject({
      trackingNumber: '1ZBOX2',
      packageOf: packageOf(true),
      trackingPushSkipped: 'no-units',
    });
    expect(late.shipments[0]?.packageOf).toEqual(packageOf(true));
    expect(late.state).toBe('shipped');
  });

  it('settle-package-group takes the boxes seen so far as the whole order', () => {
    const waiting = apply(submitted(), record(box('1ZBOX1', packageOf(false))));
    const settled = transition(
      waiting,
      { type: 'settle-package-group', ref: '5100001', reason: 'timeout' },
      { now: NOW },
    );
    expect(settled.state).toBe('shipped');
    expect(settled.shipments[0]?.packageOf?.complete).toBe(true);
    expect(settled.audit.at(-1)).toMatchObject({
      event: 'settle-package-group',
      detail: 'distributor order 5100001 taken as complete: timeout',
    });
    expect(transition(settled, { type: 'settle-package-group', ref: '5100001' }, { now: NOW })).toBe(settled);
    expect(() => transition(waiting, { type: 'settle-package-group', ref: 'OTHER' }, { now: NOW })).toThrow(
      InvalidTransitionError,
    );
  });

  it('skips the push of a box that covers no unit, and only of such a box', () => {
    const one = [{ sku: 'WPS-2', quantity: 1 }];
    const po = apply(
      submitted(),
      record({ carrier: 'ups', trackingNumber: '1ZLIST', shippedAt: NOW, lines: [{ sku: 'WPS-1', quantity: 2 }] }),
      record(box('1ZBOX1', packageOf(false, one))),
      record(box('1ZBOX2', packageOf(false, one))),
    );
    const skip = (purchaseOrder: PurchaseOrder, trackingNumber: string) =>
      transition(
        purchaseOrder,
        { type: 'mark-tracking-push-skipped', shipmentId: idOf(purchaseOrder, trackingNumber) },
        { now: NOW },
      );
    // Incomplete: its boxes cover nothing yet, but may once the order completes.
    expect(() => skip(po, '1ZBOX2')).toThrow(/not complete/);
    const complete = transition(po, record(box('1ZBOX2', packageOf(true, one))), { now: NOW });
    expect(complete.state).toBe('shipped');
    expect(() => skip(complete, '1ZBOX1')).toThrow(/covers 1 unit/);
    expect(() => skip(complete, '1ZLIST')).toThrow(/covers 2 unit/);
    const skipped = skip(complete, '1ZBOX2');
    expect(skipped.shipments[2]?.trackingPushSkipped).toBe('no-units');
    expect(skip(skipped, '1ZBOX2')).toBe(skipped);
    // `complete` accepts a skipped package in place of a pushed one.
    const pushed = apply(
      skipped,
      { type: 'mark-tracking-pushed', shipmentId: idOf(skipped, '1ZLIST') },
      { type: 'mark-tracking-pushed', shipmentId: idOf(skipped, '1ZBOX1') },
      { type: 'complete' },
    );
    expect(pushed.state).toBe('completed');
  });
});
