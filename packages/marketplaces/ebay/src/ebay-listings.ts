import {
  ApiError,
  AuthenticationError,
  type CallOptions,
  decimalToMinorUnits,
  formatMinorUnits,
  type ListingPushResult,
  type ListingReading,
  type ListingUpdate,
  type ListingUpdateOutcome,
  type MarketplaceListings,
  mayHaveActed,
  parseListingUpdates,
  parseWith,
} from '@dropship/core';
import type { HttpClient } from '@dropship/http';
import { z } from 'zod';
import {
  EBAY_BULK_PRICE_QUANTITY_PATH,
  EBAY_OFFERS_PATH,
  type EbayOffer,
  type EbayPriceQuantityRequest,
  type EbayPriceQuantityResponse,
  ebayBulkPriceQuantityResponseSchema,
  ebayInventoryItemPath,
  ebayInventoryItemSchema,
  ebayOffersSchema,
  ebayRetryableListingErrorIds,
} from './ebay-listing-schemas.js';

/** What {@link createEbayListings} needs besides the client. */
export interface EbayListingSettings {
  /** Inventory items per `bulkUpdatePriceQuantity` call, 1 to 25. */
  batchSize: number;
}

/** The published fixed-price offers of one SKU (what a push updates), or why there are none. */
type OfferLookup = { kind: 'offers'; offers: EbayOffer[] } | { kind: 'none'; message: string };

const skusSchema = z.array(z.string().min(1, 'must not be empty'));

/** The offers a push may update: published, fixed-price (auction offers take no `availableQuantity`). */
function pushableOffers(offers: readonly EbayOffer[]): EbayOffer[] {
  return offers.filter((offer) => offer.status === 'PUBLISHED' && (offer.format ?? 'FIXED_PRICE') === 'FIXED_PRICE');
}

/** What the listing shows: the smaller of the ship-to-home quantity and the offer's, where known (https://developer.ebay.com/api-docs/sell/static/inventory/bulk-updates.html). */
function shownQuantity(shipTo: number | undefined, offer: EbayOffer | undefined): number | undefined {
  const quantities = [shipTo, offer?.availableQuantity].filter((value): value is number => value !== undefined);
  return quantities.length === 0 ? undefined : Math.min(...quantities);
}

/**
 * The outcome of one SKU from the entries eBay answered for it (one per offer, and one for the
 * inventory item where it reports one): `applied` only when every entry says 200 without
 * errors; `failed` when one carries an error (retryable for 25001/25025 and 5xx statuses);
 * `unknown` when eBay answered nothing about it. Pure.
 *
 * @param sku - the SKU sent.
 * @param offerIds - the offers sent for it.
 * @param responses - every entry of the call's `responses`.
 */
export function ebayListingOutcome(
  sku: string,
  offerIds: readonly string[],
  responses: readonly EbayPriceQuantityResponse[],
): ListingUpdateOutcome {
  const entries = responses.filter(
    (entry) => entry.sku === sku || (entry.offerId !== undefined && offerIds.includes(entry.offerId)),
  );
  if (entries.length === 0) {
    return { sku, status: 'unknown', message: `ebay: bulkUpdatePriceQuantity answered nothing about ${sku}` };
  }
  const failedEntry = entries.find((entry) => entry.statusCode !== 200 || (entry.errors?.length ?? 0) > 0);
  if (!failedEntry) return { sku, status: 'applied' };
  const [error] = failedEntry.errors ?? [];
  const retryable =
    failedEntry.statusCode >= 500 ||
    failedEntry.statusCode === 429 ||
    (error !== undefined && ebayRetryableListingErrorIds.includes(error.errorId));
  return {
    sku,
    status: 'failed',
    retryable,
    ...(error ? { code: String(error.errorId) } : {}),
    message: `ebay: ${sku} refused with status ${failedEntry.statusCode}${
      error ? `: ${error.errorId} ${error.message ?? ''}`.trimEnd() : ''
    }`,
  };
}

/**
 * eBay listings push over the Inventory API
 * (https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/bulkUpdatePriceQuantity):
 * each SKU's published fixed-price offers are found with `getOffers` (cached per SKU), then
 * `batchSize` SKUs a call are sent with both `shipToLocationAvailability.quantity` and each
 * offer's `availableQuantity` (the listing shows the smaller, https://developer.ebay.com/api-docs/sell/static/inventory/bulk-updates.html)
 * and the price as a decimal string. The answer's entries (HTTP 200 or 207) give each SKU's
 * outcome. A SKU with no published offer is `failed` (not retryable), never a thrown error.
 *
 * A call that failed is reported per item (`failed` when eBay cannot have acted, `unknown` when
 * it may have) unless nothing in the whole push is known applied: then its typed error is thrown.
 * An `AuthenticationError` is always thrown.
 *
 * @param http - the client of the Inventory API calls (its own rate limit).
 * @param settings - the batch size.
 */
export function createEbayListings(http: HttpClient, settings: EbayListingSettings): MarketplaceListings {
  const offersBySku = new Map<string, EbayOffer[]>();

  async function readOffers(sku: string, signal: AbortSignal | undefined): Promise<EbayOffer[]> {
    const response = await http.request({
      path: EBAY_OFFERS_PATH,
      searchParams: { sku },
      schema: ebayOffersSchema,
      acceptStatus: [404],
      ...(signal ? { signal } : {}),
    });
    const offers = response.status === 404 ? [] : response.data.offers.filter((offer) => offer.sku === sku);
    offersBySku.set(sku, offers);
    return offers;
  }

  async function lookUp(sku: string, signal: AbortSignal | undefined): Promise<OfferLookup> {
    const offers = offersBySku.get(sku) ?? (await readOffers(sku, signal));
    const pushable = pushableOffers(offers);
    if (pushable.length > 0) return { kind: 'offers', offers: pushable };
    offersBySku.delete(sku);
    return {
      kind: 'none',
      message:
        offers.length === 0
          ? `ebay: no offer has SKU ${sku} (a listing made outside the Inventory API cannot be revised by it)`
          : `ebay: ${sku} has no published fixed-price offer (an unpublished offer is changed with updateOffer, not in bulk)`,
    };
  }

  function requestOf(update: ListingUpdate, offers: readonly EbayOffer[]): EbayPriceQuantityRequest {
    return {
      sku: update.sku,
      ...(update.quantity === undefined ? {} : { shipToLocationAvailability: { quantity: update.quantity } }),
      offers: offers.map((offer) => ({
        offerId: offer.offerId,
        ...(update.quantity === undefined ? {} : { availableQuantity: update.quantity }),
        ...(update.price === undefined
          ? {}
          : {
              price: {
                value: formatMinorUnits(update.price.amount, update.price.currency),
                currency: update.price.currency,
              },
            }),
      })),
    };
  }

  async function push(updates: readonly ListingUpdate[], options?: CallOptions): Promise<ListingPushResult> {
    const parsed = parseListingUpdates(updates, 'eBay listing updates', 50);
    const signal = options?.signal;
    const outcomes = new Map<string, ListingUpdateOutcome>();
    const errors: unknown[] = [];
    let calls = 0;

    const ready: { update: ListingUpdate; offers: EbayOffer[] }[] = [];
    for (const update of parsed) {
      let lookup: OfferLookup;
      try {
        lookup = await lookUp(update.sku, signal);
      } catch (error) {
        if (AuthenticationError.isInstance(error)) throw error;
        errors.push(error);
        outcomes.set(update.sku, failedBy(update.sku, error, false));
        continue;
      }
      if (lookup.kind === 'none') {
        outcomes.set(update.sku, {
          sku: update.sku,
          status: 'failed',
          retryable: false,
          code: 'no-offer',
          message: lookup.message,
        });
        continue;
      }
      const currency = lookup.offers[0]?.pricingSummary?.price?.currency;
      if (update.price && currency !== undefined && currency !== update.price.currency) {
        outcomes.set(update.sku, {
          sku: update.sku,
          status: 'failed',
          retryable: false,
          code: 'currency',
          message: `ebay: ${update.sku} is priced in ${currency}, the update is in ${update.price.currency}`,
        });
        continue;
      }
      ready.push({ update, offers: lookup.offers });
    }

    for (let start = 0; start < ready.length; start += settings.batchSize) {
      const batch = ready.slice(start, start + settings.batchSize);
      calls += 1;
      try {
        const response = await http.request({
          method: 'POST',
          path: EBAY_BULK_PRICE_QUANTITY_PATH,
          json: { requests: batch.map(({ update, offers }) => requestOf(update, offers)) },
          schema: ebayBulkPriceQuantityResponseSchema,
          // An absolute set: a 429 was not acted on and is sent again after its wait; a 5xx or a
          // dropped connection is not resent blind (reported unknown, read back by the SDK).
          retry: false,
          ...(signal ? { signal } : {}),
        });
        for (const { update, offers } of batch) {
          const outcome = ebayListingOutcome(
            update.sku,
            offers.map((offer) => offer.offerId),
            response.data.responses,
          );
          // An offer that moved or ended is looked up again next time.
          if (outcome.status !== 'applied') offersBySku.delete(update.sku);
          outcomes.set(update.sku, outcome);
        }
      } catch (error) {
        if (AuthenticationError.isInstance(error)) throw error;
        errors.push(error);
        for (const { update } of batch) {
          offersBySku.delete(update.sku);
          outcomes.set(update.sku, failedBy(update.sku, error, true));
        }
      }
    }

    const list = parsed.map(
      (update) =>
        outcomes.get(update.sku) ?? { sku: update.sku, status: 'unknown' as const, message: 'ebay: not sent' },
    );
    const [firstError] = errors;
    // Nothing is known applied and a call failed as a whole: its typed error, no outcomes.
    if (firstError !== undefined && !list.some((outcome) => outcome.status === 'applied')) throw firstError;
    return { outcomes: list, calls };
  }

  async function read(skus: readonly string[], options?: CallOptions): Promise<ListingReading[]> {
    const parsed = parseWith(skusSchema, skus, 'eBay listing SKUs');
    const signal = options?.signal;
    const readings: ListingReading[] = [];
    for (const sku of parsed) {
      const offer = pushableOffers(await readOffers(sku, signal))[0];
      if (!offer) {
        readings.push({ sku, found: false });
        continue;
      }
      // The offer's `availableQuantity` is what buyers can buy on the marketplace: one call per
      // SKU. Only an offer without one (eBay then uses the inventory item's) costs a second read.
      let shipTo: number | undefined;
      if (offer.availableQuantity === undefined) {
        const item = await http.request({
          path: ebayInventoryItemPath(sku),
          schema: ebayInventoryItemSchema,
          acceptStatus: [404],
          ...(signal ? { signal } : {}),
        });
        shipTo = item.status === 404 ? undefined : item.data.availability?.shipToLocationAvailability?.quantity;
      }
      const quantity = shownQuantity(shipTo, offer);
      const price = offer.pricingSummary?.price;
      const amount = price ? decimalToMinorUnits(price.value, price.currency) : undefined;
      readings.push({
        sku,
        found: true,
        ...(quantity === undefined ? {} : { quantity }),
        ...(price && amount !== undefined ? { price: { amount, currency: price.currency } } : {}),
      });
    }
    return readings;
  }

  return { batchSize: settings.batchSize, mode: 'synchronous', push, read };
}

/** The outcome of an item whose call threw: `unknown` when eBay may have acted, else `failed`. */
function failedBy(sku: string, error: unknown, wasWrite: boolean): ListingUpdateOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (wasWrite && mayHaveActed(error)) return { sku, status: 'unknown', message };
  const apiError = ApiError.isInstance(error) ? error : undefined;
  return {
    sku,
    status: 'failed',
    retryable: apiError?.isRetryable ?? true,
    ...(apiError ? { code: apiError.code } : {}),
    message,
  };
}
