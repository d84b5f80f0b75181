import {
  InvalidRequestError,
  type MarketplaceAdapter,
  mayHaveActed,
  type PushTrackingResult,
  parseWith,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
} from '@dropship/core';
import { createHttpClient, type HttpClientOptions, resolveCredential } from '@dropship/http';
import { z } from 'zod';
import { createReferenceCancellationAnswer } from './reference-marketplace-cancellations.js';
import { referenceMarketplaceMaxPageSize } from './reference-marketplace-intake.js';
import { referenceMarketplaceListingBatch } from './reference-marketplace-listing-book.js';
import {
  createReferenceMarketplaceListings,
  referenceListingBatchSizeSchema,
} from './reference-marketplace-listings.js';
import { createReferenceMarketplaceOrders, referenceOrderPageSizeSchema } from './reference-marketplace-orders.js';

/** Settings of {@link createReferenceMarketplaceAdapter}. */
export interface ReferenceMarketplaceSettings {
  /** The access token. Default the `REFERENCE_MARKETPLACE_ACCESS_TOKEN` environment variable. */
  accessToken?: string;
  /** Default `https://api.reference-marketplace.test`. */
  baseURL?: string;
  /** Custom fetch. */
  fetch?: typeof fetch;
  /** Retry policy of reads (and of 429s). */
  retry?: HttpClientOptions['retry'];
  /** Log hook (redacted). */
  onEvent?: HttpClientOptions['onEvent'];
  /** Rate limit per API credential. Default `{ requests: 2, intervalMs: 1_000, burst: 10 }`. */
  rateLimit?: HttpClientOptions['rateLimit'];
  /** Orders per page of the order listing, 1 to 100. Default 100 (the API's maximum). */
  orderPageSize?: number;
  /** Listing updates per push call, 1 to 20. Default 20 (the API's maximum). */
  listingBatchSize?: number;
}

const service = 'reference-marketplace';

/** `GET /v1/orders/{id}`, leniently: only what the adapter reads. */
const orderResponseSchema = z.object({
  order: z.object({
    id: z.string(),
    fulfillments: z.array(z.object({ id: z.string(), tracking_number: z.string() })),
  }),
});

/** `POST /v1/orders/{id}/fulfillments` → 201 with the fulfillment, its tracking number included. */
const fulfillmentResponseSchema = z.object({ fulfillment: z.object({ id: z.string(), tracking_number: z.string() }) });

/** The marketplace refuses spaces in tracking numbers; carriers print them with spaces. */
function cleanTrackingNumber(trackingNumber: string): string {
  return trackingNumber.replace(/[\s-]+/g, '').toUpperCase();
}

/** The carrier code the reference marketplace takes for a canonical carrier. */
function toMarketplaceCarrier(shipment: ShipmentNotice): {
  carrier: string;
  carrier_name?: string;
  tracking_url?: string;
} {
  const known = ['ups', 'usps', 'fedex', 'dhl', 'ontrac'];
  if (known.includes(shipment.carrier)) return { carrier: shipment.carrier };
  return {
    carrier: 'other',
    carrier_name: shipment.carrierName ?? shipment.carrier,
    tracking_url: shipment.trackingUrl,
  };
}

/**
 * A `MarketplaceAdapter` for the reference marketplace, built on `@dropship/http`: the smallest
 * complete example of a tracking-push adapter. The API has no natural key for a fulfillment, so
 * the adapter reads the order's fulfillments first and returns `already-pushed` when the tracking
 * number is there; a lost response followed by a retry therefore writes once.
 *
 * "Pushed" needs evidence: only the documented success (201 with the fulfillment carrying the
 * tracking number) counts. Any other answer (an HTML page with 200, an empty 200, JSON of another
 * shape), or an error after which the marketplace may have acted, reads the order back: the push
 * counts when the order shows the tracking number, else the call fails with a typed error
 * (`ResponseParseError` or the call's own) and nothing is marked pushed.
 *
 * Order intake (`capabilities.orders: 'list-and-acknowledge'`): `orders.list` pages through the
 * orders changed in a window (`GET /v1/orders`), `orders.acknowledge` acknowledges imported ones.
 *
 * Cancellations (`capabilities.cancellations: 'answer'`): a listed order carries the buyer's
 * cancel request (`cancellation`), and `orders.answerCancellation` answers it once (it reads the
 * order first: the API records a second answer).
 *
 * Listings push (`capabilities.listings: 'push'`): `listings.push` sets quantities and prices in
 * batches (`POST /v1/listings/bulk`, synchronous, compare-and-swap on `expectedQuantity`),
 * `listings.read` reads them back.
 *
 * @param settings - credentials and transport settings.
 * @throws `MissingCredentialError` when no access token is given or set in the environment.
 */
export function createReferenceMarketplaceAdapter(settings: ReferenceMarketplaceSettings = {}): MarketplaceAdapter {
  const accessToken = resolveCredential(
    settings.accessToken,
    'REFERENCE_MARKETPLACE_ACCESS_TOKEN',
    service,
    'accessToken',
  );
  const baseURL = settings.baseURL ?? 'https://api.reference-marketplace.test';
  const orderPageSize = parseWith(
    referenceOrderPageSizeSchema,
    settings.orderPageSize ?? referenceMarketplaceMaxPageSize,
    'reference-marketplace orderPageSize',
  );
  const listingBatchSize = parseWith(
    referenceListingBatchSizeSchema,
    settings.listingBatchSize ?? referenceMarketplaceListingBatch,
    'reference-marketplace listingBatchSize',
  );
  const http = createHttpClient({
    service,
    baseURL,
    credentials: { headers: { Authorization: `Bearer ${accessToken}` } },
    rateLimit: settings.rateLimit ?? { requests: 2, intervalMs: 1_000, burst: 10 },
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  });

  return {
    specificationVersion: 'v1',
    marketplace: service,
    notifiesBuyer: false,
    // The marketplace asks the seller to acknowledge each order it imports.
    capabilities: { orders: 'list-and-acknowledge', listings: 'push', cancellations: 'answer' },
    orders: {
      ...createReferenceMarketplaceOrders(http, orderPageSize, baseURL),
      answerCancellation: createReferenceCancellationAnswer(http, baseURL),
    },
    listings: createReferenceMarketplaceListings(http, listingBatchSize),

    async pushTracking(
      { order, shipment }: { order: SalesOrder; shipment: ShipmentNotice },
      options,
    ): Promise<PushTrackingResult> {
      const trackingNumber = cleanTrackingNumber(shipment.trackingNumber);
      const path = `/v1/orders/${encodeURIComponent(order.marketplaceOrderId)}`;
      /** The id of the order's fulfillment carrying the tracking number, if any. */
      const findExisting = async (): Promise<string | undefined> => {
        const { data } = await http.request({ path, schema: orderResponseSchema, signal: options?.signal });
        return data.order.fulfillments.find(
          (fulfillment) => cleanTrackingNumber(fulfillment.tracking_number) === trackingNumber,
        )?.id;
      };
      /** Reads back after an answer that is no evidence: the fulfillment's id, or undefined (also when the read fails). */
      const readBack = (): Promise<string | undefined> => findExisting().catch(() => undefined);
      const existing = await findExisting();
      if (existing) return { status: 'already-pushed', reference: existing };

      let created: { status: number; data: z.infer<typeof fulfillmentResponseSchema> };
      try {
        created = await http.request({
          method: 'POST',
          path: `${path}/fulfillments`,
          json: {
            tracking_number: trackingNumber,
            ...toMarketplaceCarrier(shipment),
            shipped_at: shipment.shippedAt,
            lines: shipment.lines.map((line) => ({ line_id: line.lineId, quantity: line.quantity })),
          },
          schema: fulfillmentResponseSchema,
          signal: options?.signal,
        });
      } catch (error) {
        if (mayHaveActed(error)) {
          const written = await readBack();
          if (written) return { status: 'pushed', reference: written };
        }
        if (InvalidRequestError.isInstance(error)) {
          // The body lists each refused field: keep it in the message.
          throw new InvalidRequestError(
            `${service}: the fulfillment for order ${order.marketplaceOrderId} was refused: ${error.responseBody ?? ''}`,
            {
              service,
              method: error.method,
              url: error.url,
              status: error.status,
              responseBody: error.responseBody,
            },
          );
        }
        throw error;
      }
      if (created.status === 201 && cleanTrackingNumber(created.data.fulfillment.tracking_number) === trackingNumber) {
        return { status: 'pushed', reference: created.data.fulfillment.id };
      }
      const written = await readBack();
      if (written) return { status: 'pushed', reference: written };
      throw new ResponseParseError(
        `${service}: the push of tracking ${trackingNumber} to order ${order.marketplaceOrderId} is not confirmed: HTTP ${created.status} is not the documented 201 with this tracking number, and the order does not show it; it is not marked pushed`,
        {
          service,
          method: 'POST',
          url: `${baseURL}${path}/fulfillments`,
          status: created.status,
          fields: ['fulfillment'],
        },
      );
    },
  };
}
