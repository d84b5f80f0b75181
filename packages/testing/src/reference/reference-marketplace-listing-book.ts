import { decimalToMinorUnits, formatMinorUnits } from '@dropship/core';
import { HttpResponse } from 'msw';
import type { EchoedRequest } from '../simulator-answers.js';
import type { SimulatedListings } from '../testing-types.js';

/** Most listings one `POST /v1/listings/bulk` or `GET /v1/listings` call of the reference marketplace takes. */
export const referenceMarketplaceListingBatch = 20;

interface HeldListing {
  quantity: number;
  price?: { amount: number; currency: string };
}

/** The listings side of the reference simulator: its control surface and its two handlers' work. */
export interface ReferenceMarketplaceListingBook {
  /** What tests drive (`simulator.listings`). */
  control: SimulatedListings;
  /** Serves `POST /v1/listings/bulk` with its parsed body (the caller has checked the token and applied faults). */
  pushListings(body: unknown, echo: EchoedRequest): Response;
  /** Serves `GET /v1/listings?sku=...`. */
  readListings(url: URL, echo: EchoedRequest): Response;
  /** Forgets listings, changes and pending refusals. */
  clear(): void;
}

interface WireUpdate {
  sku?: unknown;
  quantity?: unknown;
  price?: { amount?: unknown; currency?: unknown };
  expected_quantity?: unknown;
}

const badRequest = (echo: EchoedRequest, errors: { field: string; message: string }[]) =>
  HttpResponse.json({ errors, request: echo }, { status: 400 });

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/**
 * Creates the listings side of the reference marketplace simulator (synchronous, with
 * compare-and-swap):
 * - `POST /v1/listings/bulk` `{ updates: [{ sku, quantity?, price?: { amount: "12.34", currency }, expected_quantity? }] }`
 *   (1 to 20 updates, each SKU once) → 200 `{ results: [{ sku, status: "updated" | "conflict" | "error", current_quantity?, error?: { code, message, retryable } }] }`,
 *   one result per update in the order sent: `conflict` when `expected_quantity` is not what the
 *   listing shows; `error` for an unknown SKU or a refused item. Like real marketplaces it applies
 *   the same value again when asked (no deduplication).
 * - `GET /v1/listings?sku=A&sku=B` (1 to 20) → `{ listings: [{ sku, quantity, price? }] }`; a
 *   SKU it does not list is left out.
 *
 * @param simulator - `pushCallCount` counts the push calls the simulator served (faulted ones included).
 */
export function createReferenceMarketplaceListingBook(simulator: {
  pushCallCount: () => number;
}): ReferenceMarketplaceListingBook {
  const listings = new Map<string, HeldListing>();
  const refusals = new Map<string, boolean>();
  let changes: ReturnType<SimulatedListings['changes']> = [];

  const copy = (held: HeldListing): HeldListing => ({
    quantity: held.quantity,
    ...(held.price ? { price: { ...held.price } } : {}),
  });

  return {
    control: {
      putListing(sku, values = {}) {
        listings.set(sku, copy({ quantity: values.quantity ?? 0, ...(values.price ? { price: values.price } : {}) }));
      },
      listing: (sku) => {
        const held = listings.get(sku);
        return held ? copy(held) : undefined;
      },
      changes: () => changes.map((change) => ({ ...change })),
      sell(sku, quantity) {
        const held = listings.get(sku);
        if (!held) throw new Error(`simulator: no listing ${sku}`);
        if (!(Number.isInteger(quantity) && quantity > 0 && quantity <= held.quantity))
          throw new Error(`simulator: cannot sell ${quantity} of ${sku} (${held.quantity} listed)`);
        held.quantity -= quantity;
      },
      refuseNextUpdate(skus, options = {}) {
        for (const sku of skus) refusals.set(sku, options.retryable ?? false);
      },
      // Synchronous: every update is applied within its call.
      process() {},
      pushCallCount: simulator.pushCallCount,
    },

    pushListings(body, echo) {
      const updates = (body as { updates?: unknown } | null)?.updates;
      if (!Array.isArray(updates) || updates.length === 0 || updates.length > referenceMarketplaceListingBatch) {
        return badRequest(echo, [
          { field: 'updates', message: `from 1 to ${referenceMarketplaceListingBatch} updates` },
        ]);
      }
      const wire = updates as WireUpdate[];
      const skus = wire.map((update) => String(update.sku ?? ''));
      if (new Set(skus).size !== skus.length) {
        return badRequest(echo, [{ field: 'updates', message: 'each sku at most once per call' }]);
      }
      const at = Date.now();
      const results = wire.map((update, index) => {
        const sku = skus[index] ?? '';
        const held = listings.get(sku);
        const refusal = refusals.get(sku);
        if (refusal !== undefined) {
          refusals.delete(sku);
          return refusal
            ? {
                sku,
                status: 'error',
                error: { code: 'listing_locked', message: `listing ${sku} is being edited; retry`, retryable: true },
              }
            : {
                sku,
                status: 'error',
                error: { code: 'listing_blocked', message: `listing ${sku} is blocked by policy`, retryable: false },
              };
        }
        if (!held)
          return {
            sku,
            status: 'error',
            error: { code: 'unknown_sku', message: `no listing ${sku}`, retryable: false },
          };
        const price =
          update.price === undefined
            ? undefined
            : {
                currency: String(update.price.currency ?? ''),
                amount: decimalToMinorUnits(String(update.price.amount ?? ''), String(update.price.currency ?? '')),
              };
        if (
          (update.quantity !== undefined && !isCount(update.quantity)) ||
          (price !== undefined && (price.amount === undefined || price.amount < 0)) ||
          (update.quantity === undefined && price === undefined)
        ) {
          return {
            sku,
            status: 'error',
            error: { code: 'invalid_value', message: 'quantity or price is not valid', retryable: false },
          };
        }
        if (update.expected_quantity !== undefined && update.expected_quantity !== held.quantity) {
          return { sku, status: 'conflict', current_quantity: held.quantity };
        }
        if (update.quantity !== undefined) held.quantity = update.quantity as number;
        if (price?.amount !== undefined) held.price = { amount: price.amount, currency: price.currency };
        changes.push({
          sku,
          ...(update.quantity === undefined ? {} : { quantity: update.quantity as number }),
          ...(price?.amount === undefined ? {} : { price: { amount: price.amount, currency: price.currency } }),
          at,
        });
        return { sku, status: 'updated' };
      });
      return HttpResponse.json({ results });
    },

    readListings(url, echo) {
      const skus = url.searchParams.getAll('sku');
      if (skus.length === 0 || skus.length > referenceMarketplaceListingBatch) {
        return badRequest(echo, [{ field: 'sku', message: `from 1 to ${referenceMarketplaceListingBatch} sku` }]);
      }
      return HttpResponse.json({
        listings: skus.flatMap((sku) => {
          const held = listings.get(sku);
          if (!held) return [];
          return [
            {
              sku,
              quantity: held.quantity,
              ...(held.price
                ? {
                    price: {
                      amount: formatMinorUnits(held.price.amount, held.price.currency),
                      currency: held.price.currency,
                    },
                  }
                : {}),
            },
          ];
        }),
      });
    },

    clear() {
      listings.clear();
      refusals.clear();
      changes = [];
    },
  };
}
