import { z } from 'zod';
import { type InventoryRules, inventoryRulesSchema } from '../../model/inventory-rules.js';
import { parseWith } from '../../model/parse.js';
import { requiredTextSchema, TEXT_LIMITS } from '../../model/text.js';
import { purchaseOrderPrefixSchema } from '../../routing/purchase-order-number.js';
import type { BuyerNotifier } from '../../spec/v1/buyer-notifier.js';
import type { Catalog } from '../../spec/v1/catalog.js';
import type { DistributorClient } from '../../spec/v1/distributor-client.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { listingPushOptionsSchema } from '../listings/listing-push-options.js';
import { priceGuardOptionsSchema, rerouteOptionsSchema } from '../reroute/reroute-options.js';
import type { ApprovalPolicy, DropshipperOptions } from './dropshipper-types.js';

/** Most days a date-range tracking look-up may reach back before the oldest open PO. */
export const maxTrackingLookbackDays = 365;
/** Longest submit lease, ms (a week). */
export const maxSubmitLeaseMs = 7 * 86_400_000;
/** Longest wait for a distributor order's boxes, ms (30 days). */
export const maxPackageGroupSettleMs = 30 * 86_400_000;
/** Most calls in flight per distributor. */
export const maxConcurrencyPerDistributor = 1_000;
/** Longest intake overlap, settle delay or first-import look-back, ms (90 days). */
export const maxIntakeWindowMs = 90 * 86_400_000;
/** Shortest settle delay Amazon accepts, ms: its `LastUpdatedBefore` must be at least two minutes before now. */
export const amazonMinimumSettleMs = 120_000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const hasMethods = (value: unknown, ...methods: string[]): boolean =>
  isObject(value) && methods.every((method) => typeof value[method] === 'function');

/** A port (client, adapter, store, ...): checked by the members it must have, not by a schema of its data. */
function port<T>(check: (value: unknown) => boolean, message: string) {
  return z.custom<T>(check, { error: message });
}

/** A whole number from `minimum` to `maximum`, with the messages the options have always had. */
function whole(minimum: number, maximum: number) {
  const message = `must be a whole number, at least ${minimum}`;
  return z.number({ error: message }).int(message).min(minimum, message).max(maximum, `must be at most ${maximum}`);
}

const distributorClient = port<DistributorClient>(
  (value) =>
    hasMethods(value, 'checkStock', 'submitOrder', 'findOrder', 'listShipments', 'cancelOrder') &&
    typeof (value as DistributorClient).distributor === 'string' &&
    isObject((value as DistributorClient).capabilities),
  'must be a DistributorClient (spec v1: distributor, capabilities, checkStock, submitOrder, findOrder, listShipments, cancelOrder)',
);

const marketplaceAdapter = port<MarketplaceAdapter>(
  (value) => hasMethods(value, 'pushTracking') && typeof (value as MarketplaceAdapter).marketplace === 'string',
  'must be a MarketplaceAdapter (spec v1: marketplace, notifiesBuyer, pushTracking)',
);

const approvalMessage = "must be { mode: 'manual' } or { mode: 'auto', minimumProfit?, allowIncomplete? }";
const approvalVariants = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('manual') }),
    z.strictObject({
      mode: z.literal('auto'),
      minimumProfit: z
        .number({ error: 'must be a whole number of minor units' })
        .int('must be a whole number of minor units')
        .min(Number.MIN_SAFE_INTEGER, 'must be a whole number of minor units')
        .max(Number.MAX_SAFE_INTEGER, 'must be a whole number of minor units')
        .optional(),
      allowIncomplete: z.boolean().optional(),
    }),
  ],
  { error: approvalMessage },
);
/** A mode that is neither is reported on `approval` itself; a bad field of `auto`, on its own path. */
const approvalSchema = z
  .custom<ApprovalPolicy>((value) => isObject(value) && (value.mode === 'manual' || value.mode === 'auto'), {
    error: approvalMessage,
  })
  .pipe(approvalVariants);

/**
 * The options of `createDropshipper`, in the order their problems are listed. Any other key is
 * refused on its own path with the nearest known key (a typo must not be ignored); the rules are
 * checked here too, on `rules.<path>`.
 */
const optionsShape = {
  distributors: z.array(distributorClient, { error: 'must be an array of distributor clients' }),
  marketplaces: z.array(marketplaceAdapter, { error: 'must be an array of marketplace adapters' }).optional(),
  notifier: port<BuyerNotifier>(
    (value) => hasMethods(value, 'notifyShipment'),
    'must be a BuyerNotifier (notifyShipment)',
  ).optional(),
  store: port<DropshipStore>(
    (value) =>
      hasMethods(
        value,
        'createPurchaseOrder',
        'updatePurchaseOrder',
        'getPurchaseOrder',
        'findPurchaseOrders',
        'saveSalesOrder',
        'getSalesOrder',
        'getIdempotencyRecord',
        'putIdempotencyRecord',
      ),
    'must be a DropshipStore (spec v1), for example createMemoryStore()',
  ).optional(),
  catalog: port<Catalog>(
    (value) => hasMethods(value, 'findOffers'),
    'must be a Catalog (spec v1: findOffers), for example createMemoryCatalog()',
  ),
  rules: inventoryRulesSchema.optional(),
  approval: approvalSchema.optional(),
  notifyBuyer: z.enum(['auto', 'always', 'never'], { error: "must be 'auto', 'always' or 'never'" }).optional(),
  concurrencyPerDistributor: whole(1, maxConcurrencyPerDistributor).optional(),
  trackingLookbackDays: whole(0, maxTrackingLookbackDays).optional(),
  submitLeaseMs: whole(0, maxSubmitLeaseMs).optional(),
  packageGroupSettleMs: whole(0, maxPackageGroupSettleMs).optional(),
  poNumberPrefix: purchaseOrderPrefixSchema.optional(),
  trackingHandledElsewhere: z
    .array(requiredTextSchema(TEXT_LIMITS.code), { error: 'must be an array of marketplace ids' })
    .optional(),
  now: port<() => Date>((value) => typeof value === 'function', 'must be a function returning a Date').optional(),
  listings: z.array(z.unknown(), { error: 'must be an array of listings' }).max(1_000_000).optional(),
  intake: z
    .strictObject(
      {
        overlapMs: whole(0, maxIntakeWindowMs).optional(),
        settleMs: whole(0, maxIntakeWindowMs).optional(),
        firstImportLookbackMs: whole(0, maxIntakeWindowMs).optional(),
        maxPagesPerRun: whole(1, 1_000_000).optional(),
      },
      { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object' : undefined) },
    )
    .optional(),
  reroute: rerouteOptionsSchema.optional(),
  priceGuard: priceGuardOptionsSchema.optional(),
  listingPush: listingPushOptionsSchema.optional(),
};
const dropshipperOptionsSchema = z.strictObject(optionsShape).superRefine((options, context) => {
  // A marketplace with an adapter gets its tracking from it: listing it as handled elsewhere too
  // would be a contradiction, so it is refused rather than one of the two silently winning.
  const withAdapter = new Set((options.marketplaces ?? []).map((adapter) => adapter.marketplace));
  for (const [index, marketplace] of (options.trackingHandledElsewhere ?? []).entries())
    if (withAdapter.has(marketplace))
      context.addIssue({
        code: 'custom',
        path: ['trackingHandledElsewhere', index],
        message: `"${marketplace}" has an adapter in marketplaces: its tracking is pushed by it`,
      });
  // Amazon refuses a listing that ends less than two minutes before now.
  const settleMs = options.intake?.settleMs;
  if (settleMs !== undefined && settleMs < amazonMinimumSettleMs && withAdapter.has('amazon'))
    context.addIssue({
      code: 'custom',
      path: ['intake', 'settleMs'],
      message: `must be at least ${amazonMinimumSettleMs} with the amazon adapter (its order listing ends at least two minutes before now)`,
    });
});

/** The options of `createDropshipper`, checked, with the inventory rules parsed (defaults applied). */
export interface ValidatedDropshipperOptions {
  /** The options as given (the ports are the caller's own objects, not copies). */
  readonly options: DropshipperOptions;
  /** The inventory rules, parsed once. */
  readonly rules: InventoryRules;
}

/**
 * Checks `createDropshipper`'s options before anything reads them, listing every problem with
 * its path; unknown keys are refused, each with the nearest known key (the rules' too, on
 * `rules.<key>`). The ports (clients, adapters, notifier, store, catalog) are objects with
 * methods, so they are checked by the members they must have.
 *
 * @param options - the options as given.
 * @returns the options as given and the parsed rules.
 * @throws {@link ValidationError} listing every malformed or unknown option with its path.
 */
export function validateDropshipperOptions(options: DropshipperOptions): ValidatedDropshipperOptions {
  const checked = parseWith(dropshipperOptionsSchema, options, 'dropshipper options');
  // The ports are used as given (zod copies objects; a client must stay the caller's own).
  return { options, rules: checked.rules ?? parseWith(inventoryRulesSchema, {}, 'inventory rules') };
}
