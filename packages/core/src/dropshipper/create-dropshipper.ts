import { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { DropshipEventBus } from '../events/index.js';
import { parseWith } from '../model/parse.js';
import { parseSalesOrder, salesOrderId as salesOrderIdOf } from '../model/sales-order.js';
import type { OrderPlan } from '../routing/plan-types.js';
import type { DropshipStore } from '../spec/v1/store.js';
import { answerPendingCancellation } from './cancel/answer-cancellation.js';
import { cancelPurchaseOrder } from './cancel/cancel-purchase-order.js';
import { orderAfterCancellations, planExceedsOrder } from './cancel/cancel-remainder.js';
import { cancelSalesOrder, resolveManualCancel } from './cancel/cancel-sales-order.js';
import { pendingCancels, settlePendingCancels } from './cancel/settle-distributor-cancel.js';
import { createDropshipContext } from './context/dropship-context.js';
import type {
  DropshipCallOptions,
  Dropshipper,
  DropshipperOptions,
  ImportMarketplaceOrdersResult,
  PlacePlanOptions,
  RecoverResult,
  SubmitPurchaseOrderOptions,
  SyncDistributorOptions,
} from './context/dropshipper-types.js';
import { missingMarketplaceAdapter } from './context/marketplace-coverage.js';
import { importListedOrders, importMarketplaceOrders, importOrders } from './intake/import-marketplace-orders.js';
import { requireIntakeStore } from './intake/intake-store.js';
import { createListingPush, takenInOrders } from './listings/listing-push.js';
import { placeOrder } from './place/place-order.js';
import { planOrder } from './place/plan-order.js';
import { actualProfit } from './profit.js';
import {
  findReconciliations,
  reconcileDistributor,
  reconcilePurchaseOrder,
  recordInvoice,
} from './reconcile/reconcile-purchase-order.js';
import { recoverPurchaseOrders } from './recover/recover-purchase-orders.js';
import { submitStoredPurchaseOrder } from './recover/submit-stored-purchase-order.js';
import { createTurnBudget } from './sync/pull-shipments.js';
import { settleRecorded, syncOneDistributor, syncOpenPurchaseOrders } from './sync/sync-tracking.js';

/** The dropshipper with everything wired in. */
export interface DropshipperInstance extends Dropshipper {
  /** Typed events for every step (logging, webhooks). Payloads never carry credentials. */
  readonly events: DropshipEventBus;
  /** The store in use. */
  readonly store: DropshipStore;
}

const poNumberSchema = z.string().min(1, 'must be a non-empty PO number');
const distributorSchema = z.string().min(1, 'must be a non-empty distributor id');
const manualCancelOutcomeSchema = z.enum(['cancelled', 'not-cancelled']);
const salesOrderIdSchema = z.string().min(1, 'must be a non-empty sales order id (<marketplace>:<order id>)');
const wholeMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const recoverOptionsSchema = z.strictObject({ olderThanMs: wholeMs.optional() });
const submitOptionsSchema = z.strictObject({ olderThanMs: wholeMs.optional() });
const dropshipOptionsSchema = z.strictObject({
  plan: z
    .custom<OrderPlan>(
      (value) => typeof value === 'object' && value !== null && 'salesOrderId' in value && 'purchaseOrders' in value,
      'must be a plan returned by plan(order)',
    )
    .optional(),
  recover: z.boolean().optional(),
});
const placePlanOptionsSchema = z.strictObject({
  order: z.unknown().optional(),
  recover: z.boolean().optional(),
});
const planSchema = z.custom<OrderPlan>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as OrderPlan).salesOrderId === 'string' &&
    Array.isArray((value as OrderPlan).purchaseOrders),
  'must be a plan returned by plan(order) or held by dropship(order)',
);
const marketplaceSchema = z.string().min(1, 'must be a non-empty marketplace id');
const importOrdersOptionsSchema = z.strictObject({
  marketplaces: z.array(marketplaceSchema).max(100).optional(),
});
const syncDistributorOptionsSchema = z.strictObject({
  poNumbers: z.array(poNumberSchema).max(10_000).optional(),
});

/**
 * Wires distributors, marketplaces, a notifier, a store, a catalog and rules into the whole
 * drop-ship loop: plan (with real-time stock), place POs idempotently, recover after a crash,
 * sync tracking, push it to the marketplace once, notify the buyer once.
 *
 * This function only composes the steps; each lives in its own module over one
 * `DropshipContext`: `place/` (plan, place, submit one PO, rival check, refusals), `recover/`
 * (POs left `submitting`), `sync/` (group open POs, pull shipments with every batching decision,
 * record, settle one PO), `intake/` (order intake: scan a marketplace's listing from the stored
 * cursor, take each order in once, reserve its stock, acknowledge, decide by the approval
 * policy; the reservation rules), `cancel/` (a PO, a sales order or some of its lines; manual cancels;
 * the marketplace's cancel request answered once), `profit.ts`.
 *
 * @param options - see {@link DropshipperOptions}.
 * @throws {@link ValidationError} listing every malformed or unknown option with its path.
 * @throws {@link ConfigurationError} when two clients share a distributor id or two adapters a marketplace id.
 */
export function createDropshipper(options: DropshipperOptions): DropshipperInstance {
  const context = createDropshipContext(options);
  /** The turns of the event loop every tracking sync of this dropshipper shares. */
  const turns = createTurnBudget();
  const listingPush = createListingPush(context, options.listingPush);

  const recover: Dropshipper['recover'] = async (recoverOptions = {}) => {
    const { olderThanMs } = parseWith(recoverOptionsSchema, recoverOptions, 'recover options');
    return recoverPurchaseOrders(context, olderThanMs);
  };

  let recovered: Promise<RecoverResult> | undefined;
  /** Recovery before the first `dropship` of this instance (later ones rely on `syncTracking`). */
  const ensureRecovered = (): Promise<RecoverResult> => {
    recovered ??= recover().catch((error: unknown) => {
      recovered = undefined;
      throw error;
    });
    return recovered;
  };

  const dropship: Dropshipper['dropship'] = async (input, callOptions: DropshipCallOptions = {}) => {
    const order = parseSalesOrder(input);
    // The plan is kept by reference (zod copies objects): the options are only checked.
    parseWith(dropshipOptionsSchema, callOptions, 'dropship options');
    // Refused before anything is written: its tracking could never be pushed.
    const missing = missingMarketplaceAdapter(context, order.marketplace);
    if (missing !== undefined) throw new ConfigurationError(`dropship: ${missing}`);
    if (callOptions.recover !== false) await ensureRecovered();
    // What cancelSalesOrder cancelled is never placed, whatever order is handed in again.
    const kept = await orderAfterCancellations(context, order);
    if (kept === undefined)
      throw new ConfigurationError(`dropship: sales order ${salesOrderIdOf(order)} was cancelled`);
    if (kept !== order && callOptions.plan !== undefined && planExceedsOrder(callOptions.plan, kept))
      throw new ConfigurationError(
        `dropship: the plan of ${salesOrderIdOf(order)} predates a cancel of some of its units; plan it again`,
      );
    return placeOrder(context, kept, callOptions);
  };

  /** The intake run in progress per marketplace: runs of one marketplace in this process wait for each other. */
  const intakeRuns = new Map<string, Promise<unknown>>();
  const importOneMarketplace = (marketplace: string): Promise<ImportMarketplaceOrdersResult> => {
    const previous = intakeRuns.get(marketplace) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => importMarketplaceOrders(context, marketplace));
    const settled = run.catch(() => undefined);
    intakeRuns.set(marketplace, settled);
    void settled.then(() => {
      if (intakeRuns.get(marketplace) === settled) intakeRuns.delete(marketplace);
    });
    return run;
  };

  return {
    events: context.events,
    store: context.store,

    async plan(input) {
      const order = parseSalesOrder(input);
      return planOrder(context, order, await context.store.findPurchaseOrders({ salesOrderId: salesOrderIdOf(order) }));
    },

    dropship,

    async placePlan(plan: OrderPlan, placeOptions: PlacePlanOptions = {}) {
      parseWith(planSchema, plan, 'plan');
      const { recover: recoverFirst } = parseWith(placePlanOptionsSchema, placeOptions, 'placePlan options');
      const order = placeOptions.order ?? (await context.store.getSalesOrder(plan.salesOrderId));
      if (order === null) {
        throw new ConfigurationError(
          `placePlan: sales order ${plan.salesOrderId} is not in the store (dropship(order) saves it when it holds the plan); pass it: placePlan(plan, { order })`,
        );
      }
      return dropship(order, { plan, ...(recoverFirst === undefined ? {} : { recover: recoverFirst }) });
    },

    recover,

    async syncTracking() {
      // Every sync settles POs whose submission outlived the lease (a crash, a lost answer).
      await recover();
      const cancelsPending = await pendingCancels(context);
      const synced = await syncOpenPurchaseOrders(context, turns);
      // Cancels the distributors settled since (cancel/settle-distributor-cancel.ts).
      await settlePendingCancels(context, cancelsPending, synced.errors);
      return synced;
    },

    async syncDistributor(distributor: string, syncOptions: SyncDistributorOptions = {}) {
      const id = parseWith(distributorSchema, distributor, 'distributor');
      const { poNumbers } = parseWith(syncDistributorOptionsSchema, syncOptions, 'syncDistributor options');
      const cancelsPending = await pendingCancels(context, id, poNumbers);
      const synced = await syncOneDistributor(context, turns, id, poNumbers);
      await settlePendingCancels(context, cancelsPending, synced.errors);
      return synced;
    },

    async settlePurchaseOrder(poNumber: string) {
      const number = parseWith(poNumberSchema, poNumber, 'PO number');
      const purchaseOrder = await context.store.getPurchaseOrder(number);
      if (purchaseOrder === null) throw new ConfigurationError(`settlePurchaseOrder: no purchase order ${number}`);
      return settleRecorded(context, purchaseOrder);
    },

    async submitPurchaseOrder(poNumber: string, submitOptions: SubmitPurchaseOrderOptions = {}) {
      const number = parseWith(poNumberSchema, poNumber, 'PO number');
      const { olderThanMs } = parseWith(submitOptionsSchema, submitOptions, 'submitPurchaseOrder options');
      return submitStoredPurchaseOrder(context, number, olderThanMs);
    },

    async cancel(poNumber: string) {
      return cancelPurchaseOrder(context, parseWith(poNumberSchema, poNumber, 'PO number'));
    },
    async cancelSalesOrder(salesOrder, lines) {
      const input =
        typeof salesOrder === 'string'
          ? parseWith(salesOrderIdSchema, salesOrder, 'sales order id')
          : parseSalesOrder(salesOrder);
      const result = await cancelSalesOrder(context, input, lines);
      await answerPendingCancellation(context, result.salesOrderId);
      // Units given back show on the listings again (in the background, like after an import).
      await listingPush.afterImport([result.salesOrderId]);
      return result;
    },
    async resolveManualCancel(poNumber, outcome) {
      const number = parseWith(poNumberSchema, poNumber, 'PO number');
      const resolution = parseWith(manualCancelOutcomeSchema, outcome, 'resolveManualCancel outcome');
      const resolved = await resolveManualCancel(context, number, resolution);
      await answerPendingCancellation(context, resolved.purchaseOrder.salesOrderId);
      await listingPush.afterImport([resolved.purchaseOrder.salesOrderId]);
      return { poNumber: number, state: resolved.purchaseOrder.state, replaced: resolved.replaced };
    },
    async profit(salesOrderId: string) {
      return actualProfit(context, parseWith(salesOrderIdSchema, salesOrderId, 'sales order id'));
    },
    async purchaseOrders(salesOrderId: string) {
      return context.store.findPurchaseOrders({
        salesOrderId: parseWith(salesOrderIdSchema, salesOrderId, 'sales order id'),
      });
    },
    async recordInvoice(invoice, reconcileOptions = {}) {
      return recordInvoice(context, invoice, reconcileOptions);
    },
    async reconcilePurchaseOrder(poNumber, reconcileOptions = {}) {
      return reconcilePurchaseOrder(context, parseWith(poNumberSchema, poNumber, 'PO number'), reconcileOptions);
    },
    async reconcileDistributor(distributor, reconcileOptions = {}) {
      return reconcileDistributor(context, parseWith(distributorSchema, distributor, 'distributor'), reconcileOptions);
    },
    async reconciliations(query = {}) {
      return findReconciliations(context, query);
    },
    async importOrders(importOptions = {}) {
      const { marketplaces } = parseWith(importOrdersOptionsSchema, importOptions, 'importOrders options');
      const results = await importOrders(context, marketplaces, importOneMarketplace);
      await listingPush.afterImport(takenInOrders(results));
      return results;
    },
    async importMarketplaceOrders(marketplace) {
      const result = await importOneMarketplace(parseWith(marketplaceSchema, marketplace, 'marketplace'));
      await listingPush.afterImport(takenInOrders([result]));
      return result;
    },
    async importListedOrders(marketplace, entries) {
      const result = await importListedOrders(
        context,
        parseWith(marketplaceSchema, marketplace, 'marketplace'),
        entries,
      );
      await listingPush.afterImport(takenInOrders([result]));
      return result;
    },
    async importedOrders(query = {}) {
      return requireIntakeStore(context.store, 'importedOrders').findImportedOrders(query);
    },
    putListings: (listings) => listingPush.putListings(listings),
    deleteListings: (keys) => listingPush.deleteListings(keys),
    pushListings: (pushOptions) => listingPush.pushListings(pushOptions),
    offersChanged: (offers) => listingPush.offersChanged(offers),
  };
}
