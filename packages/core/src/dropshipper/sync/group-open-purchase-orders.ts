import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import { purchaseOrderStateGroups } from '../../state-machine/purchase-order-state-groups.js';
import type { DropshipContext } from '../context/dropship-context.js';

/** The states tracking sync looks at: placed and not finished (`purchaseOrderStateGroups.placedOpen`). */
export const syncedStates = purchaseOrderStateGroups.placedOpen;

/** States whose PO still waits for packages (`purchaseOrderStateGroups.awaitingPackages`). */
const awaitingPackages: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.awaitingPackages);

/** One distributor's open POs, sorted for tracking sync. */
export interface DistributorSyncGroup {
  /** The distributor id. */
  readonly distributor: string;
  /** Open POs still waiting for packages: the ones to ask the distributor about. */
  readonly waiting: PurchaseOrder[];
  /** Open POs with recorded shipments (they may still need a push, an email or completion). */
  readonly withShipments: PurchaseOrder[];
  /** The oldest `createdAt` of `waiting` (ISO instants sort as text), when any is waiting. */
  oldestWaiting: string | undefined;
  /** `waiting` by PO number, for a distributor that answers one date range for all of them. */
  readonly waitingByNumber: Map<string, PurchaseOrder> | undefined;
}

/**
 * Sorts one distributor's open POs for tracking sync, in one pass (with thousands open, each read
 * of a PO is likely a cache miss, so everything the sync needs from it is read at once).
 *
 * @param context - the dropshipper's context.
 * @param distributor - the distributor id.
 * @param open - its open POs.
 */
export function groupOpenPurchaseOrders(
  context: DropshipContext,
  distributor: string,
  open: readonly PurchaseOrder[],
): DistributorSyncGroup {
  const byDateRange = context.distributors.get(distributor)?.capabilities.batchTracking === 'date-range';
  const group: DistributorSyncGroup = {
    distributor,
    waiting: [],
    withShipments: [],
    oldestWaiting: undefined,
    waitingByNumber: byDateRange ? new Map() : undefined,
  };
  for (const purchaseOrder of open) {
    // Only POs still waiting for packages need a distributor call.
    if (awaitingPackages.has(purchaseOrder.state)) {
      group.waiting.push(purchaseOrder);
      group.waitingByNumber?.set(purchaseOrder.poNumber, purchaseOrder);
      if (group.oldestWaiting === undefined || purchaseOrder.createdAt < group.oldestWaiting)
        group.oldestWaiting = purchaseOrder.createdAt;
    }
    if (purchaseOrder.shipments.length > 0) group.withShipments.push(purchaseOrder);
  }
  return group;
}
