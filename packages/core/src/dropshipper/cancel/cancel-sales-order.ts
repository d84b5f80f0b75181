import { z } from 'zod';
import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { parseWith } from '../../model/parse.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import { type ParsedSalesOrder, parseSalesOrder, salesOrderId as toSalesOrderId } from '../../model/sales-order.js';
import { transition } from '../../state-machine/transition.js';
import type { DropshipContext } from '../context/dropship-context.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { releaseCancelledReservations, settleReservations } from '../intake/order-reservations.js';
import { allocateCancellation, type LineToCancel } from './allocate-cancellation.js';
import { CANCEL_MARK, partialCancelKey, placeCancelRemainder, wholeOrderCancelKey } from './cancel-remainder.js';
import type { CancelledLineResult, CancelSalesOrderResult } from './cancel-types.js';

const linesSchema = z
  .array(
    z.strictObject({
      lineId: z.string().min(1, 'must be a non-empty line id').max(500),
      quantity: z.number().int('must be a whole number').positive('must be at least 1').max(100_000),
    }),
  )
  .max(500)
  .optional();

/** How a PO is cancelled, from its state and its distributor's cancel ability. */
async function cancelOne(
  context: DropshipContext,
  purchaseOrder: PurchaseOrder,
  reason: string,
): Promise<{ purchaseOrder: PurchaseOrder; status: CancelledLineResult['status']; message?: string }> {
  const now = context.now();
  const { state, poNumber, distributor } = purchaseOrder;
  if (state === 'cancel_requested') return { purchaseOrder, status: 'cancel-requested' };
  if (state === 'manual_cancel') return { purchaseOrder, status: 'manual-cancel' };
  if (state === 'partially_shipped' || state === 'shipped' || state === 'completed')
    return { purchaseOrder, status: 'already-shipped' };
  if (state === 'submitting') {
    const settled = await settleSubmitting(context, purchaseOrder);
    if (settled !== undefined) return cancelOne(context, settled, reason);
    return {
      purchaseOrder,
      status: 'cancel-requested',
      message: `PO ${poNumber} is being submitted: nothing was changed; call cancelSalesOrder again once it settles (recover or syncTracking)`,
    };
  }
  if (state === 'draft' || state === 'failed') {
    // Never reached the distributor (draft), or certainly not placed (failed): cancelled here.
    const requested = transition(purchaseOrder, { type: 'request-cancel', reason }, { now });
    const cancelled =
      requested.state === 'cancelled' ? requested : transition(requested, { type: 'confirm-cancel' }, { now });
    return { purchaseOrder: await context.save(cancelled, purchaseOrder), status: 'not-placed' };
  }
  const client = context.distributors.get(distributor);
  if (client === undefined)
    throw new ConfigurationError(`cancelSalesOrder: no client configured for distributor "${distributor}"`);
  if (client.capabilities.cancel === 'supported') {
    const answer = await client.cancelOrder(poNumber);
    if (answer.status === 'cancelled' || answer.status === 'requested') {
      const requested = transition(purchaseOrder, { type: 'request-cancel', reason }, { now });
      const next =
        answer.status === 'cancelled' ? transition(requested, { type: 'confirm-cancel' }, { now }) : requested;
      const saved = await context.save(next, purchaseOrder);
      if (saved.state === 'cancelled') context.emit('purchase-order-cancelled', { poNumber, distributor });
      return { purchaseOrder: saved, status: answer.status === 'cancelled' ? 'cancelled' : 'cancel-requested' };
    }
    if (answer.warning) context.emit('warning', { warning: answer.warning, poNumber });
  }
  const why =
    client.capabilities.cancel === 'supported'
      ? `${distributor} answered that PO ${poNumber} cannot be cancelled through its API`
      : client.capabilities.cancel === 'before-submission'
        ? `${distributor} can only drop an order before it is submitted, and PO ${poNumber} is placed`
        : `${distributor} has no cancel in its API`;
  const manualReason = `${reason}: ${why}; ask ${distributor} to cancel PO ${poNumber}, then resolveManualCancel('${poNumber}', 'cancelled' | 'not-cancelled')`;
  const manual = await context.save(
    transition(purchaseOrder, { type: 'request-manual-cancel', reason: manualReason }, { now }),
    purchaseOrder,
  );
  context.emit('purchase-order-manual-cancel', {
    poNumber,
    distributor,
    salesOrderId: purchaseOrder.salesOrderId,
    reason: manualReason,
  });
  return { purchaseOrder: manual, status: 'manual-cancel', message: manualReason };
}

/**
 * A PO left `submitting` longer than the submit lease (a crash, a lost answer), settled for a
 * cancel without sending it: claimed (the optimistic write lets one worker win), then looked up
 * at the distributor: found → `submitted` (then cancelled like any placed PO); certainly absent →
 * `failed` (then cancelled here: it was never placed). Undefined when it is younger than the lease
 * (another worker may be sending it), claimed by another worker, or the look-up failed.
 */
async function settleSubmitting(context: DropshipContext, stale: PurchaseOrder): Promise<PurchaseOrder | undefined> {
  const now = context.now();
  const client = context.distributors.get(stale.distributor);
  if (client === undefined || Date.parse(stale.updatedAt) > now.getTime() - context.limits.submitLeaseMs)
    return undefined;
  let claimed: PurchaseOrder;
  try {
    claimed = await context.save(lifecycle.markSubmitting(stale, now), stale);
  } catch (error) {
    if (ConcurrencyConflictError.isInstance(error)) return undefined;
    throw error;
  }
  let found: Awaited<ReturnType<typeof client.findOrder>>;
  try {
    found = await client.findOrder(claimed.poNumber);
  } catch {
    return undefined;
  }
  const next =
    found === null
      ? lifecycle.markFailed(claimed, 'not found at the distributor when the sales order was cancelled', now)
      : lifecycle.markSubmitted(
          claimed,
          { distributorOrderRefs: found.distributorOrderRefs, status: 'submitted' },
          now,
        );
  return context.save(next, claimed);
}

/** The stored order, or the given one saved (parsed at the public entry). */
async function storedOrder(context: DropshipContext, input: string | ParsedSalesOrder): Promise<ParsedSalesOrder> {
  if (typeof input !== 'string') {
    const stored = await context.store.getSalesOrder(toSalesOrderId(input));
    if (stored !== null) return parseSalesOrder(stored);
    await context.store.saveSalesOrder(input);
    return input;
  }
  const stored = await context.store.getSalesOrder(input);
  if (stored === null) throw new ConfigurationError(`cancelSalesOrder: no sales order ${input} in the store`);
  return parseSalesOrder(stored);
}

/**
 * Cancels a sales order, or units of some of its lines (`lines`: units to cancel now, of what the
 * order still has), wherever they stand:
 * - units no PO holds are not placed: the stored order keeps fewer units (a line with none left
 *   is dropped; an order with none left is recorded cancelled), and their open reservations are
 *   released (`intake/order-reservations.ts`);
 * - units on a PO never sent (`draft`, `failed`): the PO is cancelled here;
 * - units on a placed PO: the PO is cancelled at the distributor as a whole where its API can
 *   (`capabilities.cancel: 'supported'`); where it cannot (`before-submission` once placed,
 *   `unsupported`, or the distributor's `unsupported` answer), the PO moves to `manual_cancel`
 *   with the reason and the event `purchase-order-manual-cancel`;
 * - units on a PO being submitted: nothing changes (`cancel-requested` with a message): the
 *   caller asks again once the submission settled, and those units are still on the order;
 * - units on a PO that shipped: `already-shipped`.
 * Units of a cancelled PO that the buyer did not cancel are placed again on a new PO number once
 * the distributor confirmed the cancel (`cancel-remainder.ts`); never while a cancel is pending.
 *
 * @param context - the dropshipper's context.
 * @param input - the sales order id (`<marketplace>:<marketplaceOrderId>`) or the order.
 * @param linesInput - lines and units to cancel; absent: every unit still on the order.
 * @param reason - why, for the PO's audit (default `cancelled by the buyer`).
 * @throws {@link ValidationError} for malformed lines, a line the order does not have, or more
 *   units than it still has.
 * @throws {@link ConfigurationError} when the order is not in the store (an id).
 */
export async function cancelSalesOrder(
  context: DropshipContext,
  input: string | ParsedSalesOrder,
  linesInput: unknown,
  reason = 'cancelled by the buyer',
): Promise<CancelSalesOrderResult> {
  const requested = parseWith(linesSchema, linesInput, 'cancelSalesOrder lines');
  const id = typeof input === 'string' ? input : toSalesOrderId(input);
  // Cancels of one order in this process wait for each other: each reads what the last one left.
  let turns = cancelTurns.get(context);
  if (turns === undefined) {
    turns = new Map();
    cancelTurns.set(context, turns);
  }
  const previous = turns.get(id) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => cancelInTurn(context, input, requested, reason));
  const settled = run.catch(() => undefined);
  turns.set(id, settled);
  void settled.then(() => {
    if (turns.get(id) === settled) turns.delete(id);
  });
  return run;
}

/** The cancel in progress per sales order, per dropshipper. */
const cancelTurns = new WeakMap<DropshipContext, Map<string, Promise<unknown>>>();

/** {@link cancelSalesOrder} once no other cancel of the order runs in this process. */
async function cancelInTurn(
  context: DropshipContext,
  input: string | ParsedSalesOrder,
  requested: z.output<typeof linesSchema>,
  reason: string,
): Promise<CancelSalesOrderResult> {
  const order = await storedOrder(context, input);
  const id = toSalesOrderId(order);
  const result: CancelSalesOrderResult = { salesOrderId: id, lines: [], purchaseOrders: [], replaced: [] };
  if ((await context.store.getIdempotencyRecord(wholeOrderCancelKey(id))) !== null) return result;
  const remaining = new Map(order.lines.map((line) => [line.lineId, line.quantity]));
  const toCancel: LineToCancel[] = [];
  if (requested === undefined) {
    for (const line of order.lines)
      toCancel.push({ lineId: line.lineId, remaining: line.quantity, quantity: line.quantity });
  } else {
    const issues: { path: string; message: string }[] = [];
    const asked = new Map<string, number>();
    requested.forEach((line, index) => {
      const have = remaining.get(line.lineId);
      if (have === undefined)
        issues.push({ path: `${index}.lineId`, message: `${id} has no line ${line.lineId} (or none of it is left)` });
      else if (asked.has(line.lineId)) issues.push({ path: `${index}.lineId`, message: `line ${line.lineId} twice` });
      else if (line.quantity > have)
        issues.push({ path: `${index}.quantity`, message: `${line.quantity} units asked, ${have} left on the order` });
      asked.set(line.lineId, line.quantity);
    });
    if (issues.length > 0) throw new ValidationError('cancelSalesOrder lines', issues);
    for (const [lineId, quantity] of asked)
      toCancel.push({ lineId, remaining: remaining.get(lineId) as number, quantity });
  }

  const purchaseOrders = await context.store.findPurchaseOrders({ salesOrderId: id });
  const allocations = allocateCancellation(toCancel, purchaseOrders);
  const byNumber = new Map(purchaseOrders.map((purchaseOrder) => [purchaseOrder.poNumber, purchaseOrder]));
  const touched = new Set(allocations.flatMap((allocation) => [...allocation.fromPurchaseOrders.keys()]));
  const outcomes = new Map<string, Awaited<ReturnType<typeof cancelOne>>>();
  for (const poNumber of touched)
    outcomes.set(
      poNumber,
      await cancelOne(context, byNumber.get(poNumber) as PurchaseOrder, `${CANCEL_MARK}: ${reason}`),
    );

  // The units the order gives up: every unit but those shipped or on a PO still being submitted.
  for (const allocation of allocations) {
    let given = allocation.notPlaced;
    if (allocation.notPlaced > 0)
      result.lines.push({ lineId: allocation.lineId, quantity: allocation.notPlaced, status: 'not-placed' });
    for (const [poNumber, quantity] of allocation.fromPurchaseOrders) {
      const outcome = outcomes.get(poNumber) as Awaited<ReturnType<typeof cancelOne>>;
      const deferred = outcome.status === 'already-shipped' || outcome.purchaseOrder.state === 'submitting';
      if (!deferred) given += quantity;
      result.lines.push({
        lineId: allocation.lineId,
        quantity,
        status: outcome.status,
        poNumber,
        ...(outcome.message === undefined ? {} : { message: outcome.message }),
      });
    }
    const left = (remaining.get(allocation.lineId) ?? 0) - given;
    if (left > 0) remaining.set(allocation.lineId, left);
    else remaining.delete(allocation.lineId);
  }
  for (const outcome of outcomes.values())
    result.purchaseOrders.push({
      poNumber: outcome.purchaseOrder.poNumber,
      distributor: outcome.purchaseOrder.distributor,
      state: outcome.purchaseOrder.state,
    });

  const now = context.now().toISOString();
  if (remaining.size === 0) {
    await context.store.putIdempotencyRecord({ key: wholeOrderCancelKey(id), at: now, result: reason });
  } else if (order.lines.some((line) => remaining.get(line.lineId) !== line.quantity)) {
    const kept = order.lines
      .filter((line) => remaining.has(line.lineId))
      .map((line) => ({ ...line, quantity: remaining.get(line.lineId) as number }));
    // The marker first: a crash between the two leaves the stored order authoritative, and unchanged.
    await context.store.putIdempotencyRecord({ key: partialCancelKey(id), at: now, result: reason });
    await context.store.saveSalesOrder({ ...order, lines: kept });
  }
  await settleReservations(context, id, await context.store.findPurchaseOrders({ salesOrderId: id }));
  await releaseCancelledReservations(context, id, remaining);
  result.replaced = await placeCancelRemainder(context, id);
  context.emit('sales-order-cancelled', {
    salesOrderId: id,
    lines: result.lines.map(({ lineId, quantity, status, poNumber }) =>
      poNumber === undefined ? { lineId, quantity, status } : { lineId, quantity, status, poNumber },
    ),
  });
  return result;
}

/**
 * Records what a person got from the distributor for a PO in `manual_cancel`: `cancelled` →
 * `cancelled` (its units the buyer did not cancel are placed again on a new PO number);
 * `not-cancelled` → back to the state before the cancel was asked (it ships). Answering again
 * what is already recorded changes nothing.
 *
 * @param context - the dropshipper's context.
 * @param poNumber - the PO number.
 * @param outcome - what the distributor did.
 * @throws {@link ConfigurationError} when the PO is unknown, or is not waiting for a person (and
 *   not already in the state asked).
 */
export async function resolveManualCancel(
  context: DropshipContext,
  poNumber: string,
  outcome: 'cancelled' | 'not-cancelled',
): Promise<{ purchaseOrder: PurchaseOrder; replaced: CancelSalesOrderResult['replaced'] }> {
  const purchaseOrder = await context.store.getPurchaseOrder(poNumber);
  if (purchaseOrder === null) throw new ConfigurationError(`resolveManualCancel: no purchase order ${poNumber}`);
  if (purchaseOrder.state !== 'manual_cancel') {
    const settled = outcome === 'cancelled' ? purchaseOrder.state === 'cancelled' : purchaseOrder.state !== 'cancelled';
    if (settled && purchaseOrder.audit.some((entry) => entry.from === 'manual_cancel'))
      return { purchaseOrder, replaced: [] };
    throw new ConfigurationError(
      `resolveManualCancel: PO ${poNumber} is ${purchaseOrder.state}, not waiting for a manual cancel`,
    );
  }
  const now = context.now();
  const next =
    outcome === 'cancelled'
      ? transition(purchaseOrder, { type: 'confirm-cancel', detail: 'cancelled by a person' }, { now })
      : transition(purchaseOrder, { type: 'decline-cancel', reason: 'the distributor did not cancel' }, { now });
  const saved = await context.save(next, purchaseOrder);
  const { salesOrderId } = saved;
  if (saved.state === 'cancelled')
    context.emit('purchase-order-cancelled', { poNumber, distributor: saved.distributor });
  await settleReservations(context, salesOrderId, await context.store.findPurchaseOrders({ salesOrderId }));
  const replaced = saved.state === 'cancelled' ? await placeCancelRemainder(context, salesOrderId) : [];
  return { purchaseOrder: saved, replaced };
}
