import { ValidationError, type ValidationIssue } from '../../errors/validation-error.js';
import { purchaseOrderPrefixSchema } from '../../routing/purchase-order-number.js';
import type { DistributorClient } from '../../spec/v1/distributor-client.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { DropshipperOptions } from './dropshipper-types.js';

/** Every option `createDropshipper` reads; any other key is refused (a typo must not be ignored). */
const knownOptions: ReadonlySet<string> = new Set([
  'distributors',
  'marketplaces',
  'notifier',
  'store',
  'catalog',
  'rules',
  'approval',
  'notifyBuyer',
  'concurrencyPerDistributor',
  'trackingLookbackDays',
  'submitLeaseMs',
  'packageGroupSettleMs',
  'poNumberPrefix',
  'now',
]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const hasMethods = (value: unknown, ...methods: string[]): boolean =>
  isObject(value) && methods.every((method) => typeof value[method] === 'function');

/**
 * Checks the shape of `createDropshipper`'s options before anything reads them, listing every
 * problem with its path (rules are parsed separately, with their own paths). The ports
 * (clients, adapters, notifier, store, catalog) are objects with methods, so they are checked by
 * the methods they must have rather than by a schema.
 *
 * @param options - the options as given.
 * @throws {@link ValidationError} listing every malformed or unknown option with its path.
 */
export function validateDropshipperOptions(options: DropshipperOptions): void {
  if (!isObject(options))
    throw new ValidationError('dropshipper options', [{ path: '', message: 'must be an object' }]);
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(options))
    if (!knownOptions.has(key)) issues.push({ path: key, message: 'is not an option of createDropshipper' });
  if (!Array.isArray(options.distributors)) {
    issues.push({ path: 'distributors', message: 'must be an array of distributor clients' });
  } else {
    options.distributors.forEach((client: unknown, index) => {
      if (
        !hasMethods(client, 'checkStock', 'submitOrder', 'findOrder', 'listShipments', 'cancelOrder') ||
        typeof (client as DistributorClient).distributor !== 'string' ||
        !isObject((client as DistributorClient).capabilities)
      ) {
        issues.push({
          path: `distributors.${index}`,
          message:
            'must be a DistributorClient (spec v1: distributor, capabilities, checkStock, submitOrder, findOrder, listShipments, cancelOrder)',
        });
      }
    });
  }
  if (options.marketplaces !== undefined) {
    if (!Array.isArray(options.marketplaces))
      issues.push({ path: 'marketplaces', message: 'must be an array of marketplace adapters' });
    else
      options.marketplaces.forEach((adapter: unknown, index) => {
        if (!hasMethods(adapter, 'pushTracking') || typeof (adapter as MarketplaceAdapter).marketplace !== 'string') {
          issues.push({
            path: `marketplaces.${index}`,
            message: 'must be a MarketplaceAdapter (spec v1: marketplace, notifiesBuyer, pushTracking)',
          });
        }
      });
  }
  if (options.notifier !== undefined && !hasMethods(options.notifier, 'notifyShipment'))
    issues.push({ path: 'notifier', message: 'must be a BuyerNotifier (notifyShipment)' });
  if (
    options.store !== undefined &&
    !hasMethods(
      options.store,
      'createPurchaseOrder',
      'updatePurchaseOrder',
      'getPurchaseOrder',
      'findPurchaseOrders',
      'saveSalesOrder',
      'getSalesOrder',
      'getIdempotencyRecord',
      'putIdempotencyRecord',
    )
  ) {
    issues.push({ path: 'store', message: 'must be a DropshipStore (spec v1), for example createMemoryStore()' });
  }
  if (!hasMethods(options.catalog, 'findOffers'))
    issues.push({
      path: 'catalog',
      message: 'must be a Catalog (spec v1: findOffers), for example createMemoryCatalog()',
    });
  if (options.approval !== undefined) {
    const approval = options.approval as unknown;
    if (!isObject(approval) || (approval.mode !== 'manual' && approval.mode !== 'auto'))
      issues.push({
        path: 'approval',
        message: "must be { mode: 'manual' } or { mode: 'auto', minimumProfit?, allowIncomplete? }",
      });
    else if (approval.minimumProfit !== undefined && !Number.isSafeInteger(approval.minimumProfit))
      issues.push({ path: 'approval.minimumProfit', message: 'must be a whole number of minor units' });
  }
  if (options.notifyBuyer !== undefined && !['auto', 'always', 'never'].includes(options.notifyBuyer as string))
    issues.push({ path: 'notifyBuyer', message: "must be 'auto', 'always' or 'never'" });
  const positiveWhole = (path: keyof DropshipperOptions, minimum: number) => {
    const value = options[path];
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < minimum))
      issues.push({ path, message: `must be a whole number, at least ${minimum}` });
  };
  positiveWhole('concurrencyPerDistributor', 1);
  positiveWhole('trackingLookbackDays', 0);
  positiveWhole('submitLeaseMs', 0);
  positiveWhole('packageGroupSettleMs', 0);
  if (options.poNumberPrefix !== undefined && !purchaseOrderPrefixSchema.safeParse(options.poNumberPrefix).success)
    issues.push({ path: 'poNumberPrefix', message: 'must be 1 to 5 characters of A-Z and 0-9' });
  if (options.now !== undefined && typeof options.now !== 'function')
    issues.push({ path: 'now', message: 'must be a function returning a Date' });
  if (issues.length > 0) throw new ValidationError('dropshipper options', issues);
}
