import { type InstantInput, resolveNow } from '../eligibility/resolve-now.js';
import { InvalidTransitionError } from '../errors/invalid-transition-error.js';
import { parseWith } from '../model/parse.js';
import {
  type AuditEntry,
  type PurchaseOrder,
  type PurchaseOrderState,
  purchaseOrderSchema,
} from '../model/purchase-order.js';
import { type Shipment, shipmentId } from '../model/shipment.js';
import {
  type ParsedPurchaseOrderEvent,
  type PurchaseOrderEvent,
  purchaseOrderEventSchema,
} from './purchase-order-event.js';
import { isPurchaseOrderEventAllowed } from './purchase-order-transitions.js';

/** Options of {@link transition}. */
export interface TransitionOptions {
  /** The instant of the event (audit entry, `updatedAt`, shipment marks). Default: now. */
  now?: InstantInput;
}

/**
 * Shipped vs ordered: true when every SKU of the PO is fully shipped. A shipment without lines
 * ships the rest of the PO.
 */
function isFullyShipped(purchaseOrder: PurchaseOrder, shipments: readonly Shipment[]): boolean {
  const remaining = new Map<string, number>();
  for (const line of purchaseOrder.lines) remaining.set(line.sku, (remaining.get(line.sku) ?? 0) + line.quantity);
  for (const shipment of shipments) {
    if (shipment.lines === undefined) return true;
    for (const line of shipment.lines) {
      const left = remaining.get(line.sku);
      // SKUs the PO did not order (a substitute part) do not count against it.
      if (left !== undefined) remaining.set(line.sku, left - line.quantity);
    }
  }
  for (const left of remaining.values()) if (left > 0) return false;
  return true;
}

function describe(event: ParsedPurchaseOrderEvent): string | undefined {
  switch (event.type) {
    case 'submit-succeeded':
      return event.distributorOrderRefs.length > 0
        ? `distributor order ${event.distributorOrderRefs.join(', ')}`
        : undefined;
    case 'submit-failed':
      return event.error;
    case 'reject':
      return event.reason;
    case 'backorder':
      return event.detail;
    case 'record-shipment':
      return `${event.shipment.carrier} ${event.shipment.trackingNumber}`;
    case 'mark-tracking-pushed':
    case 'mark-buyer-notified':
      return event.shipmentId;
    case 'request-cancel':
    case 'decline-cancel':
      return event.reason;
    default:
      return undefined;
  }
}

/** The state a PO was in before its last move into `cancel_requested`. */
function stateBeforeCancelRequest(purchaseOrder: PurchaseOrder): PurchaseOrderState {
  for (let index = purchaseOrder.audit.length - 1; index >= 0; index--) {
    const entry = purchaseOrder.audit[index] as AuditEntry;
    if (entry.to === 'cancel_requested' && entry.from !== 'cancel_requested') return entry.from;
  }
  return 'submitted';
}

/**
 * Applies one event to a purchase order and returns the new PO: a validated move bumps
 * `version` by one, sets `updatedAt` and appends an audit entry. Pure: the input is not changed.
 *
 * Idempotent events return the input PO itself, unchanged (same version, no audit entry):
 * recording a shipment whose id (`<poNumber>:<trackingNumber>`) is already on the PO (the
 * first report wins), and marking tracking pushed or the buyer notified for a shipment already
 * marked. Compare `version` to know whether to save.
 *
 * @param purchaseOrder - the current PO.
 * @param event - what happened.
 * @param options - the instant of the event.
 * @throws {@link InvalidTransitionError} when the event is not allowed in the PO's state (or
 *   its condition fails: `complete` before every shipment is pushed, a mark for an unknown
 *   shipment).
 * @throws {@link ValidationError} when the PO or the event is malformed.
 */
export function transition(
  purchaseOrder: PurchaseOrder,
  event: PurchaseOrderEvent,
  options: TransitionOptions = {},
): PurchaseOrder {
  const current = parseWith(purchaseOrderSchema, purchaseOrder, 'purchase order');
  const parsed = parseWith(purchaseOrderEventSchema, event, 'purchase order event');
  const at = new Date(resolveNow(options?.now)).toISOString();
  const from = current.state;
  const refuse = (reason?: string): never => {
    throw new InvalidTransitionError(current.poNumber, from, parsed.type, reason);
  };
  if (!isPurchaseOrderEventAllowed(from, parsed.type)) refuse();

  let to: PurchaseOrderState = from;
  let changes: Partial<PurchaseOrder> = {};
  switch (parsed.type) {
    case 'submit':
      to = 'submitting';
      break;
    case 'submit-succeeded': {
      to = parsed.status;
      const refs = [...current.distributorOrderRefs];
      for (const ref of parsed.distributorOrderRefs) if (!refs.includes(ref)) refs.push(ref);
      changes = { distributorOrderRefs: refs, lastError: undefined };
      break;
    }
    case 'submit-failed':
      to = 'failed';
      changes = { lastError: parsed.error };
      break;
    case 'reject':
      to = 'rejected';
      changes = { lastError: parsed.reason };
      break;
    case 'acknowledge':
      to = 'acknowledged';
      break;
    case 'backorder':
      to = 'backordered';
      break;
    case 'record-shipment': {
      const id = shipmentId(current.poNumber, parsed.shipment.trackingNumber);
      if (current.shipments.some((shipment) => shipment.id === id)) return purchaseOrder;
      const shipments = [...current.shipments, { ...parsed.shipment, id }];
      to = isFullyShipped(current, shipments) ? 'shipped' : 'partially_shipped';
      changes = { shipments };
      break;
    }
    case 'mark-tracking-pushed':
    case 'mark-buyer-notified': {
      const field = parsed.type === 'mark-tracking-pushed' ? 'trackingPushedAt' : 'buyerNotifiedAt';
      const index = current.shipments.findIndex((shipment) => shipment.id === parsed.shipmentId);
      if (index < 0) refuse(`no shipment ${parsed.shipmentId} on this PO`);
      const shipment = current.shipments[index] as Shipment;
      if (shipment[field] !== undefined) return purchaseOrder;
      const shipments = current.shipments.slice();
      shipments[index] = { ...shipment, [field]: at };
      changes = { shipments };
      break;
    }
    case 'complete': {
      if (current.shipments.length === 0) refuse('no shipment recorded');
      const unpushed = current.shipments.filter((shipment) => shipment.trackingPushedAt === undefined);
      if (unpushed.length > 0) refuse(`tracking not pushed for ${unpushed.map((shipment) => shipment.id).join(', ')}`);
      if (parsed.requireBuyerNotified) {
        const unnotified = current.shipments.filter((shipment) => shipment.buyerNotifiedAt === undefined);
        if (unnotified.length > 0)
          refuse(`buyer not notified for ${unnotified.map((shipment) => shipment.id).join(', ')}`);
      }
      to = 'completed';
      break;
    }
    case 'request-cancel':
      to = from === 'draft' ? 'cancelled' : 'cancel_requested';
      break;
    case 'confirm-cancel':
      to = 'cancelled';
      break;
    case 'decline-cancel':
      to = stateBeforeCancelRequest(current);
      break;
  }
  const version = current.version + 1;
  const detail = describe(parsed);
  const entry: AuditEntry =
    detail === undefined
      ? { at, event: parsed.type, from, to, version }
      : { at, event: parsed.type, from, to, version, detail };
  return {
    ...current,
    ...changes,
    state: to,
    version,
    updatedAt: at,
    audit: [...current.audit, entry],
  };
}
