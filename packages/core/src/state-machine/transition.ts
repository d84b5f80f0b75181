import { type InstantInput, resolveNow, toIsoInstant } from '../eligibility/resolve-now.js';
import { InvalidTransitionError } from '../errors/invalid-transition-error.js';
import { parseWith } from '../model/parse.js';
import {
  type AuditEntry,
  type PurchaseOrder,
  type PurchaseOrderFlag,
  type PurchaseOrderState,
  purchaseOrderSchema,
} from '../model/purchase-order.js';
import { copyShipment, type Shipment, shipmentId } from '../model/shipment.js';
import {
  isTrustedPurchaseOrder,
  trustDerivedPurchaseOrder,
  trustPurchaseOrder,
} from '../model/trusted-purchase-order.js';
import { allocateShipmentUnits, coversEveryUnit } from './allocate-shipment-units.js';
import { completePackageGroup, isTrackingSettled, recordPackage } from './package-groups.js';
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
 * Shipped vs ordered: true when the packages cover every unit of the PO (see
 * `allocateShipmentUnits`: a package without lines or `packageOf` ships the rest of the PO; boxes
 * of an incomplete distributor order cover nothing yet).
 */
function isFullyShipped(purchaseOrder: PurchaseOrder, shipments: readonly Shipment[]): boolean {
  return coversEveryUnit({ lines: purchaseOrder.lines, shipments });
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
    case 'record-shipment': {
      const box = event.shipment.packageOf;
      const tracking = `${event.shipment.carrier} ${event.shipment.trackingNumber}`;
      return box === undefined
        ? tracking
        : `${tracking}, a box of distributor order ${box.ref} (${box.complete ? 'complete' : 'not complete'})`;
    }
    case 'settle-package-group':
      return event.reason === undefined
        ? `distributor order ${event.ref} taken as complete`
        : `distributor order ${event.ref} taken as complete: ${event.reason}`;
    case 'mark-tracking-push-skipped':
      return `${event.shipmentId}: ${event.reason}`;
    case 'mark-tracking-pushed':
    case 'mark-buyer-notified':
      return event.shipmentId;
    case 'request-cancel':
    case 'decline-cancel':
    case 'request-manual-cancel':
      return event.reason;
    case 'confirm-cancel':
      return event.detail;
    default:
      return undefined;
  }
}

/** States of a PO waiting for a cancel to be settled (by the distributor or by a person). */
const cancelPending: ReadonlySet<PurchaseOrderState> = new Set(['cancel_requested', 'manual_cancel']);

/** The state a PO was in before its last move into `cancel_requested` or `manual_cancel`. */
function stateBeforeCancelRequest(purchaseOrder: PurchaseOrder): PurchaseOrderState {
  for (let index = purchaseOrder.audit.length - 1; index >= 0; index--) {
    const entry = purchaseOrder.audit[index] as AuditEntry;
    if (cancelPending.has(entry.to) && !cancelPending.has(entry.from)) return entry.from;
  }
  return 'submitted';
}

/** The flag a package reported in state `from` sets on the PO, if any. */
function lateShipmentFlag(from: PurchaseOrderState): PurchaseOrderFlag | undefined {
  if (from === 'rejected') return 'shipped-after-rejection';
  if (from === 'cancelled' || cancelPending.has(from)) return 'shipped-after-cancel';
  return undefined;
}

/** The PO's flags with `flag` added (undefined when it is there already, or there is none to add). */
function withFlag(flags: readonly PurchaseOrderFlag[] | undefined, flag: PurchaseOrderFlag | undefined) {
  if (flag === undefined || flags?.includes(flag)) return undefined;
  return [...(flags ?? []), flag];
}

/**
 * Throws the refusal of a move (a module function, not a closure per call: `transition` runs for
 * every step of every PO).
 */
function refuseMove(poNumber: string, from: PurchaseOrderState, event: string, reason?: string): never {
  throw new InvalidTransitionError(poNumber, from, event, reason);
}

/**
 * Applies one event to a purchase order and returns the new PO: a validated move bumps
 * `version` by one, sets `updatedAt` and appends an audit entry. Pure: the input is not changed.
 * The new PO is frozen all the way down (copy it to change it); a PO that `transition`,
 * `createPurchaseOrder` or the memory store returned is not validated again, any other PO is.
 *
 * Idempotent events return the input PO itself, unchanged (same version, no audit entry):
 * recording a shipment whose id (`<poNumber>:<trackingNumber>`) is already on the PO with nothing
 * to revise (the first report wins, except that a box of a distributor order, `packageOf`, is
 * revised when seen again with other contents, as long as neither it nor its group was told to
 * the marketplace: see `recordPackage`), settling a group of boxes already complete, and marking
 * tracking pushed, skipped or the buyer notified for a shipment already marked. Compare `version`
 * to know whether to save.
 *
 * @param purchaseOrder - the current PO.
 * @param event - what happened.
 * @param options - the instant of the event.
 * @throws {@link InvalidTransitionError} when the event is not allowed in the PO's state (or
 *   its condition fails: `complete` before every shipment is pushed or skipped, a mark for an
 *   unknown shipment, a push skipped for a package that covers units or waits for its group,
 *   settling a group the PO does not have).
 * @throws {@link ValidationError} when the PO or the event is malformed.
 */
export function transition(
  purchaseOrder: PurchaseOrder,
  event: PurchaseOrderEvent,
  options: TransitionOptions = {},
): PurchaseOrder {
  // A PO the SDK validated and froze (store reads, earlier transitions) cannot have become
  // invalid since; anything else is validated.
  const current = isTrustedPurchaseOrder(purchaseOrder)
    ? purchaseOrder
    : parseWith(purchaseOrderSchema, purchaseOrder, 'purchase order');
  const parsed = parseWith(purchaseOrderEventSchema, event, 'purchase order event');
  const at = toIsoInstant(resolveNow(options?.now));
  const from = current.state;
  if (!isPurchaseOrderEventAllowed(from, parsed.type)) refuseMove(current.poNumber, from, parsed.type);

  let to: PurchaseOrderState = from;
  let changes: Changes = {};
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
      const shipments = recordPackage(current.shipments, parsed.shipment, id, at);
      if (shipments === undefined) return purchaseOrder;
      to = isFullyShipped(current, shipments) ? 'shipped' : 'partially_shipped';
      const flags = withFlag(current.flags, lateShipmentFlag(from));
      changes = flags === undefined ? { shipments } : { shipments, flags };
      break;
    }
    case 'settle-package-group': {
      if (!current.shipments.some((shipment) => shipment.packageOf?.ref === parsed.ref))
        refuseMove(current.poNumber, from, parsed.type, `no box of distributor order ${parsed.ref} on this PO`);
      const shipments = completePackageGroup(current.shipments, parsed.ref);
      if (shipments === undefined) return purchaseOrder;
      to = isFullyShipped(current, shipments) ? 'shipped' : 'partially_shipped';
      changes = { shipments };
      break;
    }
    case 'mark-tracking-push-skipped': {
      const index = current.shipments.findIndex((shipment) => shipment.id === parsed.shipmentId);
      if (index < 0) refuseMove(current.poNumber, from, parsed.type, `no shipment ${parsed.shipmentId} on this PO`);
      const shipment = current.shipments[index] as Shipment;
      if (isTrackingSettled(shipment)) return purchaseOrder;
      if (shipment.packageOf !== undefined && !shipment.packageOf.complete)
        refuseMove(
          current.poNumber,
          from,
          parsed.type,
          `distributor order ${shipment.packageOf.ref} is not complete: its boxes cover no units yet`,
        );
      const units = (allocateShipmentUnits(current).get(shipment.id) ?? []).reduce(
        (sum, quantity) => sum + quantity,
        0,
      );
      // Only a package that covers no unit may skip its push, unless tracking is handled elsewhere.
      if (units > 0 && parsed.reason === 'no-units')
        refuseMove(
          current.poNumber,
          from,
          parsed.type,
          `${shipment.id} covers ${units} unit(s) of the PO: push its tracking`,
        );
      const shipments = current.shipments.slice();
      const skipped = copyShipment(shipment, shipment.id);
      skipped.trackingPushSkipped = parsed.reason;
      shipments[index] = skipped;
      changes = { shipments };
      break;
    }
    case 'mark-tracking-pushed':
    case 'mark-buyer-notified': {
      const field = parsed.type === 'mark-tracking-pushed' ? 'trackingPushedAt' : 'buyerNotifiedAt';
      const index = current.shipments.findIndex((shipment) => shipment.id === parsed.shipmentId);
      if (index < 0) refuseMove(current.poNumber, from, parsed.type, `no shipment ${parsed.shipmentId} on this PO`);
      const shipment = current.shipments[index] as Shipment;
      if (shipment[field] !== undefined) return purchaseOrder;
      const shipments = current.shipments.slice();
      const marked = copyShipment(shipment, shipment.id);
      marked[field] = at;
      shipments[index] = marked;
      changes = { shipments };
      break;
    }
    case 'complete': {
      if (current.shipments.length === 0) refuseMove(current.poNumber, from, parsed.type, 'no shipment recorded');
      const unpushed = current.shipments.filter((shipment) => !isTrackingSettled(shipment));
      if (unpushed.length > 0)
        refuseMove(
          current.poNumber,
          from,
          parsed.type,
          `tracking not pushed for ${unpushed.map((shipment) => shipment.id).join(', ')}`,
        );
      if (parsed.requireBuyerNotified) {
        const unnotified = current.shipments.filter((shipment) => shipment.buyerNotifiedAt === undefined);
        if (unnotified.length > 0)
          refuseMove(
            current.poNumber,
            from,
            parsed.type,
            `buyer not notified for ${unnotified.map((shipment) => shipment.id).join(', ')}`,
          );
      }
      to = 'completed';
      break;
    }
    case 'request-cancel':
      to = from === 'draft' ? 'cancelled' : 'cancel_requested';
      break;
    case 'request-manual-cancel':
      to = 'manual_cancel';
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
  const audit = [...current.audit, entry];
  const next = nextPurchaseOrder(current, changes, to, version, at, audit);
  // Built from a trusted PO, only the new parts need freezing; a PO parsed just now is all new.
  if (current !== purchaseOrder) return trustPurchaseOrder(next);
  return trustDerivedPurchaseOrder(next, [
    audit,
    entry,
    changes.shipments,
    changes.distributorOrderRefs,
    changes.flags,
  ]);
}

/** What an event changes on a PO besides its state, version, `updatedAt` and audit. */
interface Changes {
  distributorOrderRefs?: string[];
  shipments?: Shipment[];
  /** Set to a text, or cleared (key present, value undefined). */
  lastError?: string | undefined;
  flags?: PurchaseOrderFlag[];
}

/**
 * The next PO, field by field: a spread (`{ ...current }`) of a frozen object takes V8's slow
 * path, ten times the cost of this literal. A PO reaching here came out of
 * `purchaseOrderSchema`, so these are all its keys (`everyKeyCopied` below fails to compile when
 * the schema gains one). `lastError` is left out when there is none.
 */
function nextPurchaseOrder(
  current: PurchaseOrder,
  changes: Changes,
  state: PurchaseOrderState,
  version: number,
  updatedAt: string,
  audit: AuditEntry[],
): PurchaseOrder {
  const next: PurchaseOrder = {
    poNumber: current.poNumber,
    distributor: current.distributor,
    salesOrderId: current.salesOrderId,
    marketplace: current.marketplace,
    state,
    version,
    currency: current.currency,
    shipTo: current.shipTo,
    lines: current.lines,
    dropShipFee: current.dropShipFee,
    distributorOrderRefs: changes.distributorOrderRefs ?? current.distributorOrderRefs,
    shipments: changes.shipments ?? current.shipments,
    createdAt: current.createdAt,
    updatedAt,
    audit,
  };
  const lastError = 'lastError' in changes ? changes.lastError : current.lastError;
  if (lastError !== undefined) next.lastError = lastError;
  const flags = changes.flags ?? current.flags;
  if (flags !== undefined) next.flags = flags;
  if (current.reroute !== undefined) next.reroute = current.reroute;
  if (current.rejection !== undefined) next.rejection = current.rejection;
  return next;
}

/** The keys {@link nextPurchaseOrder} copies. */
type CopiedKey =
  | 'poNumber'
  | 'distributor'
  | 'salesOrderId'
  | 'marketplace'
  | 'state'
  | 'version'
  | 'currency'
  | 'shipTo'
  | 'lines'
  | 'dropShipFee'
  | 'distributorOrderRefs'
  | 'shipments'
  | 'lastError'
  | 'createdAt'
  | 'updatedAt'
  | 'audit'
  | 'flags'
  | 'reroute'
  | 'rejection';
// Fails to compile when a PO gains a key that nextPurchaseOrder does not copy.
const everyKeyCopied: Exclude<keyof PurchaseOrder, CopiedKey> extends never ? true : never = true;
void everyKeyCopied;
