import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { Shipment } from '../../model/shipment.js';
import type { NotifyShipmentResult } from '../../spec/v1/buyer-notifier.js';
import type { DistributorOrder } from '../../spec/v1/distributor-client.js';
import type { MarketplaceAdapter, PushTrackingResult, ShipmentNotice } from '../../spec/v1/marketplace-adapter.js';
import { awaitsPackageGroup, isTrackingSettled } from '../../state-machine/package-groups.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { SyncTrackingResult } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { mapShipmentToSalesLines } from './map-shipment-lines.js';
import { emitPushSkipped, findShipment, recordShipments } from './record-shipments.js';

/** What the marketplace and the buyer are told about one package. */
function toNotice(purchaseOrder: PurchaseOrder, shipment: Shipment): ShipmentNotice {
  return {
    id: shipment.id,
    carrier: shipment.carrier,
    ...(shipment.carrierName === undefined ? {} : { carrierName: shipment.carrierName }),
    trackingNumber: shipment.trackingNumber,
    ...(shipment.trackingUrl === undefined ? {} : { trackingUrl: shipment.trackingUrl }),
    shippedAt: shipment.shippedAt,
    lines: mapShipmentToSalesLines(purchaseOrder, shipment),
  };
}

/** Whether the SDK emails the buyer for orders of `marketplace` (the `notifyBuyer` option). */
function sdkNotifies(context: DropshipContext, marketplace: MarketplaceAdapter | undefined): boolean {
  if (context.notifier === undefined || context.notifyBuyer === 'never') return false;
  if (context.notifyBuyer === 'always') return true;
  return marketplace?.notifiesBuyer !== true;
}

/**
 * Settles one PO in tracking sync: records what the distributor reported (`remote`), then pushes
 * each package's tracking to the marketplace once, emails the buyer once, and completes the PO.
 * What the PO learns is saved before every call to a marketplace or notifier, and at the end:
 * marks that follow each other with no call between them (tracking pushed, then completed) share
 * one write. A process that dies between a call and the next write loses no fact: the
 * idempotency record written right after the call tells the next sync that the call was made.
 * Never throws: a failure is counted in `counters.errors` and the next sync takes the PO up.
 *
 * @param context - the dropshipper's context.
 * @param start - the PO as read.
 * @param remote - the distributor's answer for it, if any (undefined: settle what is recorded).
 * @param counters - the sync's counters.
 */
export async function settlePurchaseOrder(
  context: DropshipContext,
  start: PurchaseOrder,
  remote: DistributorOrder | undefined,
  counters: SyncTrackingResult,
): Promise<void> {
  const { store, now, notifier, emit } = context;
  try {
    let stored = await recordShipments(context, start, remote, counters);
    if (stored.shipments.length === 0) return;
    const order = await store.getSalesOrder(stored.salesOrderId);
    if (order === null) {
      counters.errors.push({
        poNumber: stored.poNumber,
        step: 'push',
        message: `sales order ${stored.salesOrderId} is not in the store`,
      });
      return;
    }
    const marketplace = context.marketplaces.get(order.marketplace);
    const weNotify = sdkNotifies(context, marketplace);
    /**
     * The PO with every mark so far; `stored` until a mark is made. The marks made since the
     * last write are written (`stored = current = await save(current, stored)`) before a call
     * and at the end.
     */
    let current = stored;
    for (const shipment of stored.shipments) {
      // A box of a distributor order not reported complete covers no unit yet: it waits for the
      // rest of its order (or for packageGroupSettleMs) before it is pushed or emailed.
      if (awaitsPackageGroup(shipment)) continue;
      const settled = isTrackingSettled(shipment);
      const notify = weNotify && notifier !== undefined && shipment.buyerNotifiedAt === undefined;
      // Pushed (or skipped) and notified: nothing left for this package.
      if (settled && !notify) continue;
      const notice = toNotice(current, shipment);
      const handledElsewhere = marketplace === undefined && context.trackingHandledElsewhere.has(order.marketplace);
      if (!settled && (notice.lines.length === 0 || handledElsewhere)) {
        // It covers no unit of the PO (more boxes than units): there is no marketplace line to
        // put it on. Or the dealer pushes this marketplace's tracking outside the SDK. Settled
        // without a call; the buyer still hears about it below.
        const reason = notice.lines.length === 0 ? 'no-units' : 'handled-elsewhere';
        current = lifecycle.markTrackingPushSkipped(current, shipment.id, now(), reason);
        const skipped = findShipment(current.shipments, shipment.id);
        if (skipped !== undefined) emitPushSkipped(context, current, skipped);
      } else if (!settled) {
        if (marketplace === undefined) {
          counters.errors.push({
            poNumber: current.poNumber,
            step: 'push',
            message: `no adapter for marketplace "${order.marketplace}"`,
          });
          if (current !== stored) stored = current = await context.save(current, stored);
          return;
        }
        const key = `tracking:${order.marketplace}:${order.marketplaceOrderId}:${shipment.trackingNumber}`;
        // What the PO learnt so far is written before the marketplace is called.
        if (current !== stored) stored = current = await context.save(current, stored);
        try {
          const already = await store.getIdempotencyRecord(key);
          const pushed: PushTrackingResult = already
            ? { status: 'already-pushed', reference: already.result }
            : await marketplace.pushTracking({ order, shipment: notice });
          await store.putIdempotencyRecord({
            key,
            at: now().toISOString(),
            ...(pushed.reference === undefined ? {} : { result: pushed.reference }),
          });
          current = lifecycle.markTrackingPushed(current, shipment.id, now());
          if (pushed.status === 'pushed') counters.trackingPushed++;
          emit('tracking-pushed', {
            poNumber: current.poNumber,
            marketplace: order.marketplace,
            marketplaceOrderId: order.marketplaceOrderId,
            shipmentId: shipment.id,
            trackingNumber: shipment.trackingNumber,
            alreadyPushed: pushed.status === 'already-pushed',
          });
        } catch (error) {
          counters.errors.push({ poNumber: current.poNumber, step: 'push', message: describeError(error) });
          if (current !== stored) stored = current = await context.save(current, stored);
          return;
        }
      }
      if (notify && notifier !== undefined) {
        const key = `buyer-notified:${shipment.id}`;
        // What the PO learnt so far is written before the buyer is emailed.
        if (current !== stored) stored = current = await context.save(current, stored);
        try {
          const already = await store.getIdempotencyRecord(key);
          const sent: Pick<NotifyShipmentResult, 'status'> = already
            ? { status: 'already-sent' }
            : await notifier.notifyShipment({ order, shipment: notice });
          await store.putIdempotencyRecord({ key, at: now().toISOString(), result: sent.status });
          current = lifecycle.markBuyerNotified(current, shipment.id, now());
          if (sent.status === 'sent') counters.buyersNotified++;
          emit('buyer-notified', {
            poNumber: current.poNumber,
            salesOrderId: current.salesOrderId,
            shipmentId: shipment.id,
            status: sent.status,
          });
        } catch (error) {
          counters.errors.push({ poNumber: current.poNumber, step: 'notify', message: describeError(error) });
          if (current !== stored) stored = current = await context.save(current, stored);
          return;
        }
      }
    }
    const completes = lifecycle.canComplete(current, weNotify);
    if (completes) current = lifecycle.markCompleted(current, weNotify, now());
    if (current !== stored) stored = current = await context.save(current, stored);
    if (completes) counters.completed++;
  } catch (error) {
    // A failed write (a conflict with another worker, a store error): the next sync takes it up.
    counters.errors.push({ poNumber: start.poNumber, step: 'save', message: describeError(error) });
  }
}
