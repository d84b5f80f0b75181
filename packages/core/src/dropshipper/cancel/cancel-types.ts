import type { PurchaseOrderState } from '../../model/purchase-order.js';
import type { PurchaseOrderOutcome } from '../context/dropshipper-types.js';

/**
 * What happened to cancelled units of a sales line:
 * - `not-placed`: no PO held them (or only a PO never sent, now cancelled): they will not be placed;
 * - `cancelled`: the distributor cancelled the PO holding them;
 * - `cancel-requested`: the distributor was asked and decides later (the PO is `cancel_requested`),
 *   or the PO is being submitted right now (nothing changed: call `cancelSalesOrder` again once it
 *   settles; `message` says so);
 * - `manual-cancel`: the distributor's API cannot cancel the placed PO: a person must (the PO is
 *   `manual_cancel`; `resolveManualCancel` records what they got);
 * - `already-shipped`: the PO holding them shipped: they reach the buyer.
 */
export type CancelledLineStatus = 'not-placed' | 'cancelled' | 'cancel-requested' | 'manual-cancel' | 'already-shipped';

/** Units of one sales line and what the cancel did with them. */
export interface CancelledLineResult {
  /** The marketplace line id (`OrderLine.lineId`). */
  lineId: string;
  /** Units with this status. */
  quantity: number;
  status: CancelledLineStatus;
  /** The PO that held them, when one did. */
  poNumber?: string;
  /** For people: why, and what to do. */
  message?: string;
}

/** What `cancelSalesOrder` did. */
export interface CancelSalesOrderResult {
  salesOrderId: string;
  /** Per line and status, the units this call handled (a line may appear under several statuses). */
  lines: CancelledLineResult[];
  /** The POs the cancel touched, with their state after it. */
  purchaseOrders: { poNumber: string; distributor: string; state: PurchaseOrderState }[];
  /**
   * Units of a cancelled PO that the buyer did not cancel (a PO is cancelled as a whole), placed
   * again on a new PO number once the distributor confirmed the cancel.
   */
  replaced: PurchaseOrderOutcome[];
}

/** What `resolveManualCancel` did. */
export interface ResolveManualCancelResult {
  poNumber: string;
  /** The PO's state now: `cancelled`, or the state before the cancel was asked. */
  state: PurchaseOrderState;
  /** Units of the PO the buyer did not cancel, placed again on a new PO number (`cancelled` only). */
  replaced: PurchaseOrderOutcome[];
}
