import { decimalToMinorUnits, formatMinorUnits } from '@dropship/core';
import type { CallRecorder, EchoedRequest, FaultInjector, SimulatedListings } from '@dropship/testing/simulator';
import { echoRequest } from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { EBAY_MAX_LISTING_BATCH_SIZE } from './ebay-listing-schemas.js';

/** Operation names of the listings side of the eBay simulator (faults, `callCount`). */
export const ebayListingOperations = {
  /** `POST /sell/inventory/v1/bulk_update_price_quantity`. */
  pushListings: 'push-listings',
  /** `GET /sell/inventory/v1/offer?sku=` and `GET /sell/inventory/v1/inventory_item/{sku}`. */
  readListings: 'read-listings',
} as const;

/** A listing as the eBay simulator holds it: one inventory item and its one fixed-price offer. */
export interface SimulatedEbayListing {
  sku: string;
  offerId: string;
  /** `shipToLocationAvailability.quantity` of the inventory item. */
  shipToQuantity: number;
  /** `availableQuantity` of the offer. */
  offerQuantity: number;
  /** The offer's price, minor units, or undefined. */
  price: { amount: number; currency: string } | undefined;
  /** `PUBLISHED` (bulk updates allowed) or `UNPUBLISHED`. */
  status: 'PUBLISHED' | 'UNPUBLISHED';
}

/** What the listings side needs from the simulator. */
export interface EbayListingSimulatorHost {
  /** The simulator's API root. */
  baseURL: string;
  /** The simulator's fault injector. */
  faults: FaultInjector;
  /** The simulator's call recorder. */
  calls: CallRecorder;
  /** Whether the request carries the accepted token. */
  authorized(request: Request): boolean;
  /** eBay's 401 answer. */
  unauthorized(echo: EchoedRequest): Response;
  /**
   * The most inventory items one bulk call may carry (default 25, the `BulkPriceQuantity` type);
   * 1 models the method description's "Only one SKU (one product) can be updated per call".
   */
  skusPerCall?: number;
}

/** The listings side of the eBay simulator. */
export interface EbayListingSimulator {
  /** The MSW handlers of the Inventory API calls. */
  handlers: RequestHandler[];
  /** What tests drive (`simulator.listings`). */
  control: SimulatedListings;
  /** A listing in eBay's terms (a copy), or undefined. */
  ebayListing(sku: string): SimulatedEbayListing | undefined;
  /** Marks a listing's offer unpublished (bulk updates are refused for it). */
  unpublish(sku: string): void;
  /** Forgets changes and refusals (and with `all` the listings). */
  reset(all: boolean): void;
}

function inventoryError(echo: EchoedRequest, status: number, errorId: number, message: string): Response {
  return HttpResponse.json(
    { errors: [{ errorId, domain: 'API_INVENTORY', category: 'REQUEST', message }], request: echo },
    { status },
  );
}

/**
 * The listings side of the eBay simulator, the Inventory API as its reference documents it
 * (https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/bulkUpdatePriceQuantity):
 * `getOffers` by SKU, `getInventoryItem`, and `bulkUpdatePriceQuantity` applying absolute
 * quantities to the inventory item and the offer (the listing shows the smaller), prices as
 * decimal strings, answering one entry per offer with HTTP 200, or 207 when an entry failed.
 * Refusals: more than `skusPerCall` items (25709), an offer of another SKU or unknown (25709),
 * an unpublished offer (25709), and `refuseNextUpdate` (25025 "concurrent access", retryable, or
 * 25002, not). Modelled: the per-item error ids, the 404 body of an unknown SKU (25713), one
 * entry per offer (none for the inventory item), and a sale decrementing both quantities.
 *
 * @param host - base URL, faults, call recorder, token check.
 */
export function createEbayListingSimulator(host: EbayListingSimulatorHost): EbayListingSimulator {
  const skusPerCall = host.skusPerCall ?? EBAY_MAX_LISTING_BATCH_SIZE;
  let listings = new Map<string, SimulatedEbayListing>();
  let changes: { sku: string; quantity?: number; price?: { amount: number; currency: string }; at: number }[] = [];
  let refusals = new Map<string, boolean>();
  let nextOfferId = 7_000_000_001;

  const shown = (listing: SimulatedEbayListing) => Math.min(listing.shipToQuantity, listing.offerQuantity);

  function offerBody(listing: SimulatedEbayListing) {
    return {
      offerId: listing.offerId,
      sku: listing.sku,
      marketplaceId: 'EBAY_US',
      format: 'FIXED_PRICE',
      availableQuantity: listing.offerQuantity,
      ...(listing.price
        ? {
            pricingSummary: {
              price: {
                value: formatMinorUnits(listing.price.amount, listing.price.currency),
                currency: listing.price.currency,
              },
            },
          }
        : {}),
      status: listing.status,
      listing: { listingId: String(110_500_000_000 + Number(listing.offerId.slice(-6))) },
    };
  }

  function bulkUpdate(echo: EchoedRequest, body: unknown): Response {
    const requests = (body as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) {
      return inventoryError(echo, 400, 25709, 'Invalid value for requests.');
    }
    if (requests.length > skusPerCall) {
      return inventoryError(echo, 400, 25709, `Invalid value for requests. At most ${skusPerCall} per call.`);
    }
    const responses: Record<string, unknown>[] = [];
    const applied = new Map<string, { quantity?: number; price?: { amount: number; currency: string } }>();
    for (const raw of requests as unknown[]) {
      const request = (raw ?? {}) as {
        sku?: unknown;
        shipToLocationAvailability?: { quantity?: unknown };
        offers?: unknown;
      };
      const sku = typeof request.sku === 'string' ? request.sku : undefined;
      const listing = sku === undefined ? undefined : listings.get(sku);
      const offers = Array.isArray(request.offers) ? (request.offers as Record<string, unknown>[]) : [];
      const entry = (statusCode: number, offerId: unknown, errorId?: number, message?: string) =>
        responses.push({
          statusCode,
          ...(sku === undefined ? {} : { sku }),
          ...(typeof offerId === 'string' ? { offerId } : {}),
          ...(errorId === undefined
            ? {}
            : { errors: [{ errorId, domain: 'API_INVENTORY', category: 'REQUEST', message }] }),
        });
      if (!listing) {
        entry(
          400,
          offers[0]?.offerId,
          25702,
          `${sku ?? '(no sku)'} could not be found or is not available in the system.`,
        );
        continue;
      }
      if (refusals.has(listing.sku)) {
        const retryable = refusals.get(listing.sku) === true;
        refusals.delete(listing.sku);
        if (retryable) entry(500, listing.offerId, 25025, 'Concurrent access of Inventory. Please try again later.');
        else entry(400, listing.offerId, 25002, 'Any User error. The listing cannot be revised.');
        continue;
      }
      const quantityText = request.shipToLocationAvailability?.quantity;
      let quantity: number | undefined;
      if (quantityText !== undefined) {
        if (typeof quantityText !== 'number' || !Number.isInteger(quantityText) || quantityText < 0) {
          entry(400, listing.offerId, 25709, 'Invalid value for shipToLocationAvailability.quantity.');
          continue;
        }
        quantity = quantityText;
      }
      const checked: { offerQuantity?: number; price?: { amount: number; currency: string } }[] = [];
      let refused = false;
      for (const offer of offers) {
        if (offer.offerId !== listing.offerId || listing.status !== 'PUBLISHED') {
          entry(400, offer.offerId, 25709, 'Invalid value for offerId. The offer is not a published offer of the sku.');
          refused = true;
          continue;
        }
        const offerQuantity = offer.availableQuantity;
        const price = offer.price as { value?: unknown; currency?: unknown } | undefined;
        const amount =
          price && typeof price.value === 'string' && typeof price.currency === 'string'
            ? decimalToMinorUnits(price.value, price.currency)
            : undefined;
        if (
          (offerQuantity !== undefined &&
            (typeof offerQuantity !== 'number' || !Number.isInteger(offerQuantity) || offerQuantity < 0)) ||
          (price !== undefined && amount === undefined) ||
          (offerQuantity === undefined && price === undefined)
        ) {
          entry(400, offer.offerId, 25709, 'Invalid value for availableQuantity or price.');
          refused = true;
          continue;
        }
        checked.push({
          ...(offerQuantity === undefined ? {} : { offerQuantity: offerQuantity as number }),
          ...(amount === undefined ? {} : { price: { amount, currency: String(price?.currency) } }),
        });
      }
      if (refused) continue;
      if (quantity !== undefined) listing.shipToQuantity = quantity;
      let price: { amount: number; currency: string } | undefined;
      for (const offer of checked) {
        if (offer.offerQuantity !== undefined) listing.offerQuantity = offer.offerQuantity;
        if (offer.price) {
          listing.price = offer.price;
          price = offer.price;
        }
      }
      entry(200, offers.length > 0 ? listing.offerId : undefined);
      const changed = quantity !== undefined || checked.some((offer) => offer.offerQuantity !== undefined);
      applied.set(listing.sku, { ...(changed ? { quantity: shown(listing) } : {}), ...(price ? { price } : {}) });
    }
    const at = Date.now();
    for (const [sku, change] of applied) changes.push({ sku, ...structuredClone(change), at });
    const failed = responses.some((response) => response.statusCode !== 200);
    return HttpResponse.json({ responses }, { status: failed ? 207 : 200 });
  }

  const handlers: RequestHandler[] = [
    http.post(`${host.baseURL}/sell/inventory/v1/bulk_update_price_quantity`, async ({ request }) => {
      host.calls.record(ebayListingOperations.pushListings);
      const echo = await echoRequest(request);
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        body = undefined;
      }
      return host.faults.serve(ebayListingOperations.pushListings, () => {
        if (!host.authorized(request)) return host.unauthorized(echo);
        return bulkUpdate(echo, body);
      });
    }),
    http.get(`${host.baseURL}/sell/inventory/v1/offer`, async ({ request }) => {
      host.calls.record(ebayListingOperations.readListings);
      const echo = await echoRequest(request);
      return host.faults.serve(ebayListingOperations.readListings, () => {
        if (!host.authorized(request)) return host.unauthorized(echo);
        const sku = new URL(request.url).searchParams.get('sku');
        if (!sku) return inventoryError(echo, 400, 25709, 'Invalid value for sku.');
        const listing = listings.get(sku);
        if (!listing) return inventoryError(echo, 404, 25713, 'This Offer is not available.');
        return HttpResponse.json({ total: 1, size: 1, limit: 100, offers: [offerBody(listing)] });
      });
    }),
    http.get(`${host.baseURL}/sell/inventory/v1/inventory_item/:sku`, async ({ request, params }) => {
      host.calls.record(ebayListingOperations.readListings);
      const echo = await echoRequest(request);
      return host.faults.serve(ebayListingOperations.readListings, () => {
        if (!host.authorized(request)) return host.unauthorized(echo);
        const listing = listings.get(String(params.sku));
        if (!listing) return inventoryError(echo, 404, 25710, "We didn't find the resource/entity you are requesting.");
        return HttpResponse.json({
          sku: listing.sku,
          availability: { shipToLocationAvailability: { quantity: listing.shipToQuantity } },
          condition: 'NEW',
        });
      });
    }),
  ];

  const control: SimulatedListings = {
    putListing(sku, values = {}) {
      const quantity = values.quantity ?? 0;
      listings.set(sku, {
        sku,
        offerId: listings.get(sku)?.offerId ?? String(nextOfferId++),
        shipToQuantity: quantity,
        offerQuantity: quantity,
        price: values.price ? { ...values.price } : undefined,
        status: 'PUBLISHED',
      });
    },
    listing(sku) {
      const listing = listings.get(sku);
      if (!listing) return undefined;
      return { quantity: shown(listing), ...(listing.price ? { price: { ...listing.price } } : {}) };
    },
    changes: () => structuredClone(changes),
    sell(sku, quantity) {
      const listing = listings.get(sku);
      if (!listing) throw new Error(`ebay simulator: no listing ${sku}`);
      // Which quantity a sale decrements is not documented: both (modelled).
      listing.shipToQuantity = Math.max(0, listing.shipToQuantity - quantity);
      listing.offerQuantity = Math.max(0, listing.offerQuantity - quantity);
    },
    refuseNextUpdate(skus, options) {
      for (const sku of skus) refusals.set(sku, options?.retryable ?? false);
    },
    process() {
      // eBay's bulk update is synchronous: nothing is queued.
    },
    pushCallCount: () => host.calls.count(ebayListingOperations.pushListings),
  };

  return {
    handlers,
    control,
    ebayListing(sku) {
      const listing = listings.get(sku);
      return listing ? structuredClone(listing) : undefined;
    },
    unpublish(sku) {
      const listing = listings.get(sku);
      if (!listing) throw new Error(`ebay simulator: no listing ${sku}`);
      listing.status = 'UNPUBLISHED';
    },
    reset(all) {
      changes = [];
      refusals = new Map();
      if (all) listings = new Map();
    },
  };
}
