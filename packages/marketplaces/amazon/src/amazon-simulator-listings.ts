import { randomBytes } from 'node:crypto';
import { decimalToMinorUnits, formatMinorUnits } from '@dropship/core';
import {
  type CallRecorder,
  type EchoedRequest,
  echoRequest,
  type FaultInjector,
  type SimulatedListings,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { SimulatedQuotaGate } from './amazon-simulator-orders.js';

/** Operation names of the listings side of the Amazon simulator (faults, `requestTimes`, `callCount`). */
export const amazonListingsOperations = {
  /** `PATCH /listings/2021-08-01/items/{sellerId}/{sku}` (patchListingsItem). */
  push: 'push-listings',
  /** `GET /listings/2021-08-01/items/{sellerId}/{sku}` (getListingsItem), for a read-back. */
  read: 'read-listings',
  /**
   * The same `GET` asking for the `issues` (as `confirm` does): counted under this name; a fault on
   * either name hits every `GET`.
   */
  confirm: 'confirm-listings',
} as const;

/** What the listings side shares with the rest of the Amazon simulator. */
export interface AmazonListingsSimulatorContext {
  baseURL: string;
  /** The seller id the simulator answers for. */
  sellerId: string;
  /** The marketplace of the listings. */
  marketplaceId: string;
  faults: FaultInjector;
  calls: CallRecorder;
  /** True for a live LWA access token the simulator issued. */
  isAccessToken: (token: string) => boolean;
  /** The SP-API error body, the request echoed. */
  error: (echo: EchoedRequest, status: number, code: string, message: string, details?: string) => Response;
  /** The quotas of patchListingsItem and getListingsItem (undefined: none). */
  quota: (operation: 'patchListingsItem' | 'getListingsItem') => SimulatedQuotaGate | undefined;
  /** Counts a 429 `QuotaExceeded`. */
  onQuotaRejection: () => void;
}

/** The listings side of the Amazon simulator: its handlers and the `SimulatedListings` surface. */
export interface AmazonSimulatedListings extends SimulatedListings {
  readonly handlers: RequestHandler[];
  /** SKUs that exist only because a patch created them (a partial, offer-only listing), oldest first. */
  partialListings(): string[];
  /** Forgets the queue, refusals and counters; the listings too when `all`. */
  reset(all: boolean): void;
}

interface HeldListing {
  quantity: number;
  price?: { amount: number; currency: string };
  /** ERROR issues raised by processing a submission. */
  issues: { code: string; message: string; severity: 'ERROR' }[];
  /** Created by a patch of an unknown SKU. */
  partial: boolean;
}

interface QueuedPatch {
  sku: string;
  submissionId: string;
  quantity?: number;
  price?: { amount: number; currency: string };
  /** A refusal to apply at processing (`refuseNextUpdate` with `retryable`). */
  failing: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Creates the listings side of the Amazon simulator, on the Listings Items API 2021-08-01
 * (amzn/selling-partner-api-models@34dc93f:models/listings-items-api-model/listingsItems_2021-08-01.json,
 * https://developer-docs.amazon.com/sp-api/reference/patchlistingsitem):
 *
 * - `PATCH /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=`: the seller's own id, a
 *   `productType` and `patches` (`op` add/replace/merge/delete on a top-level `/attributes/...`);
 *   `fulfillment_availability` takes `merge` or `replace` with `fulfillment_channel_code` and a
 *   whole `quantity`; `purchasable_offer` takes `our_price[0].schedule[0].value_with_tax` and a
 *   `currency`. It answers `{ sku, status: 'ACCEPTED', submissionId, issues: [] }` and queues the
 *   change: nothing shows until `process()`. As Amazon does (amzn/selling-partner-api-models issue
 *   #2797), a patch of an unknown SKU is `ACCEPTED` and creates a partial listing (`partialListings()`).
 *   A SKU given to `refuseNextUpdate` is answered `INVALID` with an ERROR issue (not retryable), or,
 *   with `retryable`, accepted and then failed at processing with an ERROR issue on the listing
 *   (modelled).
 * - `GET` of the same path with `includedData` (`fulfillmentAvailability`, `offers`, `issues`):
 *   what the listing shows; 404 `NOT_FOUND` for an unknown SKU.
 * - Quotas (429 `QuotaExceeded`): patchListingsItem 5/s burst 5, getListingsItem 5/s burst 10.
 *
 * It never deduplicates: each patch is applied as sent. Faults: `push-listings` (PATCH),
 * `read-listings` and `confirm-listings` (GET). Modelled: the issue codes and texts, the 404 body.
 *
 * @param context - what it shares with the simulator.
 */
export function createAmazonSimulatedListings(context: AmazonListingsSimulatorContext): AmazonSimulatedListings {
  const { baseURL, faults, calls, error } = context;
  const listings = new Map<string, HeldListing>();
  let queue: QueuedPatch[] = [];
  let changes: { sku: string; quantity?: number; price?: { amount: number; currency: string }; at: number }[] = [];
  let refusals = new Map<string, boolean>();
  let pushCalls = 0;
  const newQuotas = () => ({
    patch: context.quota('patchListingsItem'),
    get: context.quota('getListingsItem'),
  });
  let quotas = newQuotas();
  const invalid = (echo: EchoedRequest, details: string) => error(echo, 400, 'InvalidInput', 'Invalid Input', details);

  function gate(echo: EchoedRequest, request: Request, sellerId: string, quota: SimulatedQuotaGate | undefined) {
    if (!context.isAccessToken(request.headers.get('x-amz-access-token') ?? '')) {
      return error(
        echo,
        403,
        'Unauthorized',
        'Access to requested resource is denied.',
        'The access token you provided is revoked, malformed or invalid.',
      );
    }
    if (quota && !quota.allow()) {
      context.onQuotaRejection();
      return error(echo, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
    }
    if (sellerId !== context.sellerId) {
      return error(echo, 403, 'Unauthorized', 'Access to requested resource is denied.', 'sellerId');
    }
    if (new URL(request.url).searchParams.get('marketplaceIds') !== context.marketplaceId) {
      return invalid(echo, 'marketplaceIds must name the seller marketplace');
    }
    return undefined;
  }

  function patch(echo: EchoedRequest, request: Request, sellerId: string, sku: string, body: unknown): Response {
    const refused = gate(echo, request, sellerId, quotas.patch);
    if (refused) return refused;
    const document = record(body);
    if (typeof document?.productType !== 'string' || document.productType.length === 0) {
      return invalid(echo, 'productType is required');
    }
    const patches = document.patches;
    if (!Array.isArray(patches) || patches.length === 0) return invalid(echo, 'patches must hold at least one patch');
    const change: QueuedPatch = { sku, submissionId: randomBytes(16).toString('hex'), failing: false };
    for (const raw of patches) {
      const entry = record(raw);
      const op = entry?.op;
      const path = entry?.path;
      const value = Array.isArray(entry?.value) ? record(entry.value[0]) : undefined;
      if (typeof op !== 'string' || !['add', 'replace', 'merge', 'delete'].includes(op)) {
        return invalid(echo, 'op must be add, replace, merge or delete');
      }
      if (typeof path !== 'string' || !/^\/attributes\/[a-z_]+$/.test(path)) {
        return invalid(echo, 'path must be a top-level attribute');
      }
      if (path === '/attributes/fulfillment_availability') {
        const quantity = value?.quantity;
        if (op !== 'merge' && op !== 'replace') return invalid(echo, 'fulfillment_availability takes merge or replace');
        if (typeof value?.fulfillment_channel_code !== 'string') {
          return invalid(echo, 'fulfillment_channel_code selects the entry to change');
        }
        if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) {
          return invalid(echo, 'quantity must be a whole number');
        }
        change.quantity = quantity;
      } else if (path === '/attributes/purchasable_offer') {
        const currency = value?.currency;
        const ourPrice = Array.isArray(value?.our_price) ? record(value.our_price[0]) : undefined;
        const schedule = Array.isArray(ourPrice?.schedule) ? record(ourPrice.schedule[0]) : undefined;
        const amount =
          typeof schedule?.value_with_tax === 'number' && typeof currency === 'string'
            ? decimalToMinorUnits(schedule.value_with_tax, currency)
            : undefined;
        if (amount === undefined || typeof currency !== 'string' || value?.marketplace_id !== context.marketplaceId) {
          return invalid(
            echo,
            'purchasable_offer needs marketplace_id, currency and our_price[0].schedule[0].value_with_tax',
          );
        }
        change.price = { amount, currency };
      }
    }
    const refusal = refusals.get(sku);
    if (refusal !== undefined) {
      refusals.delete(sku);
      if (!refusal) {
        return HttpResponse.json({
          sku,
          status: 'INVALID',
          submissionId: change.submissionId,
          issues: [
            {
              code: '90220',
              message: `The value of an attribute of ${sku} is not valid.`,
              severity: 'ERROR',
              attributeNames: ['fulfillment_availability'],
            },
          ],
        });
      }
      change.failing = true;
    }
    queue.push(change);
    return HttpResponse.json(
      { sku, status: 'ACCEPTED', submissionId: change.submissionId, issues: [] },
      { headers: { 'x-amzn-RateLimit-Limit': '5.0' } },
    );
  }

  function get(echo: EchoedRequest, request: Request, sellerId: string, sku: string): Response {
    const refused = gate(echo, request, sellerId, quotas.get);
    if (refused) return refused;
    const held = listings.get(sku);
    if (!held) return error(echo, 404, 'NOT_FOUND', `SKU '${sku}' not found in marketplace ${context.marketplaceId}`);
    return HttpResponse.json({
      sku,
      summaries: [{ marketplaceId: context.marketplaceId, status: held.quantity > 0 ? ['BUYABLE'] : [] }],
      issues: held.issues,
      offers: held.price
        ? [
            {
              marketplaceId: context.marketplaceId,
              offerType: 'B2C',
              price: {
                currencyCode: held.price.currency,
                amount: formatMinorUnits(held.price.amount, held.price.currency),
              },
            },
          ]
        : [],
      fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: held.quantity }],
    });
  }

  async function bodyOf(request: Request): Promise<unknown> {
    try {
      return await request.json();
    } catch {
      return undefined;
    }
  }

  const path = `${baseURL}/listings/2021-08-01/items/:sellerId/:sku`;
  return {
    handlers: [
      http.patch(path, async ({ request, params }) => {
        calls.record(amazonListingsOperations.push);
        pushCalls += 1;
        const echo = await echoRequest(request);
        const body = await bodyOf(request);
        return faults.serve(amazonListingsOperations.push, () =>
          patch(echo, request, String(params.sellerId), String(params.sku), body),
        );
      }),
      http.get(path, async ({ request, params }) => {
        // A read that asks for the issues is a confirmation (what `confirm` asks); any other a read-back.
        const asked = new URL(request.url).searchParams.get('includedData')?.split(',') ?? [];
        calls.record(asked.includes('issues') ? amazonListingsOperations.confirm : amazonListingsOperations.read);
        const echo = await echoRequest(request);
        return faults.serve([amazonListingsOperations.read, amazonListingsOperations.confirm], () =>
          get(echo, request, String(params.sellerId), String(params.sku)),
        );
      }),
    ],
    putListing(sku, values) {
      listings.set(sku, {
        quantity: values?.quantity ?? 0,
        ...(values?.price ? { price: { ...values.price } } : {}),
        issues: [],
        partial: false,
      });
    },
    listing(sku) {
      const held = listings.get(sku);
      return held ? { quantity: held.quantity, ...(held.price ? { price: { ...held.price } } : {}) } : undefined;
    },
    changes() {
      return structuredClone(changes);
    },
    sell(sku, quantity) {
      const held = listings.get(sku);
      if (!held) throw new Error(`the Amazon simulator holds no listing ${sku}`);
      held.quantity = Math.max(0, held.quantity - quantity);
    },
    refuseNextUpdate(skus, options) {
      for (const sku of skus) refusals.set(sku, options?.retryable ?? false);
    },
    process() {
      const at = Date.now();
      for (const change of queue) {
        let held = listings.get(change.sku);
        if (!held) {
          held = { quantity: 0, issues: [], partial: true };
          listings.set(change.sku, held);
        }
        if (change.failing) {
          held.issues = [
            { code: '18027', message: 'The submission could not be processed. Try again.', severity: 'ERROR' },
          ];
          continue;
        }
        held.issues = [];
        if (change.quantity !== undefined) held.quantity = change.quantity;
        if (change.price !== undefined) held.price = { ...change.price };
        changes.push({
          sku: change.sku,
          ...(change.quantity === undefined ? {} : { quantity: change.quantity }),
          ...(change.price === undefined ? {} : { price: { ...change.price } }),
          at,
        });
      }
      queue = [];
    },
    pushCallCount() {
      return pushCalls;
    },
    partialListings() {
      return [...listings].filter(([, held]) => held.partial).map(([sku]) => sku);
    },
    reset(all) {
      if (all) listings.clear();
      queue = [];
      changes = [];
      refusals = new Map();
      pushCalls = 0;
      quotas = newQuotas();
    },
  };
}
