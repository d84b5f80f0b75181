import type { DropshipContext } from './dropship-context.js';

/** The package that ships the SDK's adapter for a marketplace, to name it in messages. */
const adapterPackages: Readonly<Record<string, string>> = {
  ebay: 'createEbay from @dropship/ebay',
  amazon: 'createAmazon from @dropship/amazon',
  walmart: 'createWalmart from @dropship/walmart',
  shopify: 'createShopify from @dropship/shopify',
};

/**
 * The one rule of whether the dropshipper can tell a marketplace about tracking: it has an
 * adapter for it, or the options say tracking for it is handled elsewhere
 * (`trackingHandledElsewhere`). An order of any other marketplace would be placed and then never
 * get its tracking (every sync failing with "no adapter"), so `plan` holds it with this message and
 * `dropship` refuses it.
 *
 * @param context - the dropshipper's context.
 * @param marketplace - the order's marketplace id.
 * @returns why orders of `marketplace` cannot be placed, or `undefined` when they can.
 */
export function missingMarketplaceAdapter(context: DropshipContext, marketplace: string): string | undefined {
  if (context.marketplaces.has(marketplace) || context.trackingHandledElsewhere.has(marketplace)) return undefined;
  const adapter = adapterPackages[marketplace] ?? 'a MarketplaceAdapter for it';
  return (
    `no adapter for marketplace "${marketplace}": its tracking could never be pushed. Add one to ` +
    `createDropshipper({ marketplaces }) (${adapter}), or list "${marketplace}" in ` +
    `trackingHandledElsewhere if you push its tracking yourself`
  );
}
