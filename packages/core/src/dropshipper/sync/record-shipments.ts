import type { PurchaseOrder } from '../../model/purchase-order.js';
import { type DistributorShipment, type Shipment, shipmentId } from '../../model/shipment.js';
import type { DistributorOrder } from '../../spec/v1/distributor-client.js';
import { awaitsPackageGroup } from '../../state-machine/package-groups.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { SyncTrackingResult } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';

/**
 * The recorded package with shipment id `id` (a loop, not a closure per call: the sync runs it per package).
 *
 * @param shipments - the PO's shipments.
 * @param id - the shipment id.
 */
export function findShipment(shipments: readonly Shipment[], id: string): Shipment | undefined {
  for (let index = 0; index < shipments.length; index++)
    if ((shipments[index] as Shipment).id === id) return shipments[index];
  return undefined;
}

/**
 * True when a package seen again may change what is recorded: only boxes of a distributor order
 * (`packageOf`, on either side) are revised, and only when what is reported differs.
 */
function mayRevise(recorded: Shipment, reported: DistributorShipment): boolean {
  if (recorded.packageOf === undefined && reported.packageOf === undefined) return false;
  return (
    JSON.stringify(recorded.packageOf ?? null) !== JSON.stringify(reported.packageOf ?? null) ||
    JSON.stringify(recorded.lines ?? null) !== JSON.stringify(reported.lines ?? null)
  );
}

/**
 * Emits `tracking-push-skipped` for a package settled without a marketplace call.
 *
 * @param context - the dropshipper's context.
 * @param purchaseOrder - the PO.
 * @param shipment - the package.
 */
export function emitPushSkipped(context: DropshipContext, purchaseOrder: PurchaseOrder, shipment: Shipment): void {
  context.emit('tracking-push-skipped', {
    poNumber: purchaseOrder.poNumber,
    salesOrderId: purchaseOrder.salesOrderId,
    shipmentId: shipment.id,
    trackingNumber: shipment.trackingNumber,
    reason: shipment.trackingPushSkipped ?? 'no-units',
  });
}

/**
 * Records what a distributor answer reports for one PO in one write (a process that dies between
 * two writes must not leave some boxes of a distributor order recorded as the whole of it: a
 * complete group spreads its units over the boxes recorded, and a PO that looks fully shipped is
 * not asked about again), then settles overdue package groups.
 *
 * @param context - the dropshipper's context.
 * @param start - the PO as read.
 * @param remote - the distributor's answer for it, if any.
 * @param counters - the sync's counters (`shipmentsRecorded`).
 * @returns the PO as stored.
 */
export async function recordShipments(
  context: DropshipContext,
  start: PurchaseOrder,
  remote: DistributorOrder | undefined,
  counters: SyncTrackingResult,
): Promise<PurchaseOrder> {
  let recorded = start;
  const received: { id: string; reported: DistributorShipment }[] = [];
  for (const reported of remote?.shipments ?? []) {
    const id = shipmentId(recorded.poNumber, reported.trackingNumber);
    const known = findShipment(recorded.shipments, id);
    // A box of a distributor order seen again may bring news (the order is complete now, its
    // contents changed); transition revises it while none of its group was pushed.
    if (known !== undefined && !mayRevise(known, reported)) continue;
    recorded = lifecycle.recordShipment(recorded, reported, context.now());
    if (known === undefined) received.push({ id, reported });
  }
  let stored = recorded === start ? start : await context.save(recorded, start);
  for (const { id, reported } of received) {
    counters.shipmentsRecorded++;
    context.emit('shipment-received', {
      poNumber: stored.poNumber,
      distributor: stored.distributor,
      shipmentId: id,
      carrier: reported.carrier,
      trackingNumber: reported.trackingNumber,
    });
    const added = findShipment(stored.shipments, id);
    if (added?.trackingPushSkipped !== undefined) emitPushSkipped(context, stored, added);
    // A package after a cancel or a rejection: recorded and pushed, and the PO flagged (transition.ts).
    for (const flag of stored.flags ?? []) {
      if (start.flags?.includes(flag) || id !== received[0]?.id) continue;
      context.emit('shipment-after-cancel', {
        poNumber: stored.poNumber,
        distributor: stored.distributor,
        salesOrderId: stored.salesOrderId,
        shipmentId: id,
        flag,
      });
    }
  }
  if (stored.shipments.some(awaitsPackageGroup)) stored = await settleOverduePackageGroups(context, stored);
  return stored;
}

/**
 * Takes every distributor order whose first box was recorded `packageGroupSettleMs` ago or more,
 * and is still not reported complete, as complete with the boxes seen so far.
 */
async function settleOverduePackageGroups(context: DropshipContext, start: PurchaseOrder): Promise<PurchaseOrder> {
  const { packageGroupSettleMs } = context.limits;
  const firstRecorded = new Map<string, number>();
  for (const shipment of start.shipments) {
    if (!awaitsPackageGroup(shipment) || shipment.packageOf === undefined) continue;
    const recordedAt = Date.parse(shipment.recordedAt ?? shipment.shippedAt);
    const earliest = firstRecorded.get(shipment.packageOf.ref);
    if (earliest === undefined || recordedAt < earliest) firstRecorded.set(shipment.packageOf.ref, recordedAt);
  }
  let current = start;
  for (const [ref, recordedAt] of firstRecorded) {
    if (context.now().getTime() - recordedAt < packageGroupSettleMs) continue;
    const previous = current;
    current = await context.save(
      lifecycle.settlePackageGroup(
        current,
        ref,
        `not reported complete within ${packageGroupSettleMs} ms of its first box`,
        context.now(),
      ),
      previous,
    );
    context.emit('package-group-settled', {
      poNumber: current.poNumber,
      distributor: current.distributor,
      ref,
      packages: current.shipments.filter((shipment) => shipment.packageOf?.ref === ref).length,
    });
  }
  return current;
}
