import { AccountSetupError } from '../../errors/account-setup-error.js';
import { FieldLengthError } from '../../errors/field-length-error.js';
import { InvalidRequestError } from '../../errors/invalid-request-error.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';

/**
 * Why a distributor refused a PO for what it is rather than for now: a field longer than it
 * accepts, a request it calls invalid (400/422), an account it has not set up for this. Sending
 * the same PO there again would be refused again, so the PO is rejected (never `failed`, which is
 * retried) and its lines are planned at another distributor.
 */
export type DistributorRefusal = 'field-length' | 'invalid-request' | 'account-setup';

/** Every {@link DistributorRefusal}. */
const refusalKinds: readonly DistributorRefusal[] = ['field-length', 'invalid-request', 'account-setup'];

/** Opens the reason of a PO rejected for a {@link DistributorRefusal}: `refused (<kind>): <message>`. */
const refusedPrefix = 'refused (';

/**
 * The kind of refusal a submit error is, or undefined when it is not one.
 *
 * @param error - what `submitOrder` threw.
 */
export function refusalOf(error: unknown): DistributorRefusal | undefined {
  if (FieldLengthError.isInstance(error)) return 'field-length';
  if (InvalidRequestError.isInstance(error)) return 'invalid-request';
  if (AccountSetupError.isInstance(error)) return 'account-setup';
  return undefined;
}

/**
 * The rejection reason recorded for a refusal (`lastError` and the audit entry).
 *
 * @param refusal - the kind of refusal.
 * @param message - the error's message (no credentials).
 */
export function refusalReason(refusal: DistributorRefusal, message: string): string {
  return `${refusedPrefix}${refusal}): ${message}`;
}

/**
 * The refusal a PO was rejected for, or undefined when it is not a PO rejected for a
 * {@link DistributorRefusal} (still live, or rejected for another reason). A queue uses it to
 * plan the order again at once: the next `dropship` routes the PO's lines elsewhere.
 *
 * @param purchaseOrder - a PO as stored.
 */
export function purchaseOrderRefusal(purchaseOrder: PurchaseOrder): DistributorRefusal | undefined {
  if (purchaseOrder.state !== 'rejected' || !purchaseOrder.lastError?.startsWith(refusedPrefix)) return undefined;
  const kind = purchaseOrder.lastError.slice(refusedPrefix.length, purchaseOrder.lastError.indexOf(')'));
  return refusalKinds.find((candidate) => candidate === kind);
}

/**
 * For each sales line, the distributors that refused a PO holding it (rejected with a refusal
 * reason): the planner must not send the line there again.
 *
 * @param purchaseOrders - the POs of one sales order.
 */
export function refusingDistributorsByLine(purchaseOrders: readonly PurchaseOrder[]): Map<string, Set<string>> {
  const refused = new Map<string, Set<string>>();
  for (const purchaseOrder of purchaseOrders) {
    if (purchaseOrder.state !== 'rejected' || purchaseOrderRefusal(purchaseOrder) === undefined) continue;
    for (const line of purchaseOrder.lines) {
      let distributors = refused.get(line.salesLineId);
      if (distributors === undefined) {
        distributors = new Set();
        refused.set(line.salesLineId, distributors);
      }
      distributors.add(purchaseOrder.distributor);
    }
  }
  return refused;
}
