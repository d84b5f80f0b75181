import { setTimeout as sleep } from 'node:timers/promises';
import {
  AuthenticationError,
  type CallOptions,
  compactTrackingNumber,
  InvalidRequestError,
  type MarketplaceAdapter,
  type MarketplaceListings,
  type MarketplaceOrders,
  mayHaveActed,
  NotFoundError,
  type PushTrackingResult,
  RateLimitError,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
  type Warning,
} from '@dropship/core';
import {
  createHttpClient,
  type ErrorMappingContext,
  parseRetryAfter,
  parseWithSchema,
  truncateBody,
} from '@dropship/http';
import type { z } from 'zod';
import { createShopifyOrders } from './list-shopify-orders.js';
import {
  DEFAULT_THROTTLE_WAIT_MS,
  describeShopifyUserErrors,
  parseShopifyGraphqlErrors,
} from './parse-shopify-errors.js';
import {
  planShopifyFulfillment,
  readShopifyTrackingCoverage,
  type ShopifyLocationFulfillment,
} from './plan-shopify-fulfillment.js';
import { toShopifyTrackingInfo } from './shopify-carriers.js';
import { createShopifyCostPacer } from './shopify-cost-pacer.js';
import { toShopifyGid } from './shopify-ids.js';
import { createShopifyListings } from './shopify-listings.js';
import {
  FULFILLMENT_CREATE_MUTATION,
  FULFILLMENT_ORDERS_QUERY,
  fulfillmentCreateDataSchema,
  fulfillmentOrdersDataSchema,
  graphqlEnvelopeSchema,
  type ShopifyFulfillmentInput,
} from './shopify-schemas.js';
import { resolveShopifySettings, type ShopifyOptions } from './shopify-settings.js';
import { ShopifyUserError } from './shopify-user-error.js';
import { validateShopifyPush } from './validate-shopify-push.js';

const SERVICE = 'shopify';

/** The Shopify adapter: the `MarketplaceAdapter` v1 contract, with order intake. */
export interface ShopifyAdapter extends MarketplaceAdapter {
  readonly marketplace: 'shopify';
  /** Order intake by listing (Shopify needs no acknowledgement); quantity and price push. */
  readonly capabilities: { orders: 'list'; listings: 'push' };
  /** The orders updated in a window, page by page (`orders` query, cursor paging). */
  readonly orders: MarketplaceOrders;
  /** Quantity (`inventorySetQuantities`) and price (`productVariantsBulkUpdate`) push, see `createShopifyListings`. */
  readonly listings: MarketplaceListings;
}

/**
 * Longest wait a Shopify throttle asks for that the adapter passes on, in ms (ten minutes): even
 * the smallest plan's cost bucket refills within minutes (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits), so
 * a longer `Retry-After` or restore time (a proxy's, a garbled one) is capped to this and stays a
 * retryable `RateLimitError`.
 */
export const SHOPIFY_MAX_THROTTLE_WAIT_MS = 600_000;

/**
 * Maps a throttled answer or the top-level `errors[]` of a GraphQL response, at HTTP 200 or 429
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): `THROTTLED`, or any HTTP 429 whatever its body, →
 * `RateLimitError` (retryable) waiting for the cost to be restored (from `throttleStatus`, else
 * `Retry-After`, else one second), at most {@link SHOPIFY_MAX_THROTTLE_WAIT_MS};
 * `ACCESS_DENIED` → `AuthenticationError`, others → `InvalidRequestError`. Other failures fall
 * back to the status-based mapping.
 */
function mapShopifyError(context: ErrorMappingContext): Error | undefined {
  const failure = parseShopifyGraphqlErrors(context.body);
  if (!failure && context.status !== 429) return undefined;
  const details = {
    service: context.service,
    method: context.method,
    url: context.url,
    status: context.status,
    responseBody: truncateBody(context.text, context.redact),
  };
  if (failure?.kind === 'throttled' || context.status === 429) {
    const asked =
      failure?.kind === 'throttled'
        ? failure.retryAfterMs
        : (parseRetryAfter(context.headers.get('retry-after')) ?? DEFAULT_THROTTLE_WAIT_MS);
    const retryAfterMs = Math.min(asked, SHOPIFY_MAX_THROTTLE_WAIT_MS);
    const reason = failure?.message ?? `HTTP ${context.status}`;
    return new RateLimitError(
      `shopify: throttled (${context.redact ? context.redact(reason) : reason}); the query cost is restored in ${Math.ceil(retryAfterMs / 1000)} s`,
      { ...details, retryAfterMs },
    );
  }
  if (!failure || context.status >= 500) return undefined;
  if (failure.kind === 'access-denied' || context.status === 401 || context.status === 403) {
    return new AuthenticationError(
      `shopify: access denied (${failure.message}); check the token and its scopes`,
      details,
    );
  }
  return new InvalidRequestError(`shopify: GraphQL error: ${failure.message}`, details);
}

/**
 * A `RateLimitError` asking for more than {@link SHOPIFY_MAX_THROTTLE_WAIT_MS} becomes one asking
 * for that much (same details, the original as its cause); any other error is returned as is.
 */
function capThrottleWait(error: unknown): unknown {
  if (!RateLimitError.isInstance(error)) return error;
  if (error.retryAfterMs === undefined || error.retryAfterMs <= SHOPIFY_MAX_THROTTLE_WAIT_MS) return error;
  return new RateLimitError(
    `${error.message} (Shopify asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s; capped to ${SHOPIFY_MAX_THROTTLE_WAIT_MS / 1000} s)`,
    {
      service: error.service,
      method: error.method,
      url: error.url,
      status: error.status,
      responseBody: error.responseBody,
      retryAfterMs: SHOPIFY_MAX_THROTTLE_WAIT_MS,
      cause: error,
    },
  );
}

/**
 * Creates the Shopify adapter (GraphQL Admin API, https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate).
 *
 * `pushTracking` reads the order's fulfillment orders (line items, remaining quantities,
 * `supportedActions`, assigned location) and its fulfillments (tracking numbers, line items).
 * When fulfillments carrying the tracking number already hold the package it returns
 * `already-pushed`; otherwise it creates the fulfillments with `fulfillmentCreate`, one call per
 * assigned location (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate:
 * the fulfillment orders of one call share their location), only on fulfillment orders that
 * allow `CREATE_FULFILLMENT`, with the package's line items and quantities and
 * `trackingInfo { company, number, url }`. It reports `pushed` (reference: the fulfillment ids,
 * comma-separated) only when every call has its evidence; a push that stopped between two
 * locations throws, and the next one reads back and creates only the locations left.
 *
 * @param options - shop and access token (or `SHOPIFY_SHOP` / `SHOPIFY_ACCESS_TOKEN`), API
 * version, `notifyCustomer`.
 * @throws `MissingCredentialError` when a credential is missing.
 * @throws `ValidationError` for invalid options.
 * @example
 * ```ts
 * const shopify = createShopify({ shop: 'my-store', accessToken: 'shpat_...' });
 * await shopify.pushTracking({ order, shipment });
 * ```
 */
export function createShopify(options: ShopifyOptions = {}): ShopifyAdapter {
  const settings = resolveShopifySettings(options);
  const http = createHttpClient({
    service: SERVICE,
    baseURL: settings.baseURL,
    credentials: { headers: { 'X-Shopify-Access-Token': settings.accessToken } },
    mapError: mapShopifyError,
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
    ...(settings.onEvent === undefined ? {} : { onEvent: settings.onEvent }),
  });
  const path = `/admin/api/${settings.apiVersion}/graphql.json`;
  const pacer = createShopifyCostPacer();

  /**
   * Sends one GraphQL operation and parses its `data` with `schema`. A query whose requested cost
   * is known first waits until the cost bucket (as the last answer reported it) holds it.
   */
  async function graphql<T>(
    query: string,
    variables: Record<string, unknown>,
    schema: z.ZodType<T>,
    request: { retry: boolean; signal: AbortSignal | undefined; requestedCost?: number },
  ): Promise<T> {
    const wait = request.requestedCost === undefined ? 0 : pacer.waitFor(request.requestedCost);
    if (wait > 0) await sleep(Math.min(wait, SHOPIFY_MAX_THROTTLE_WAIT_MS), undefined, { signal: request.signal });
    let response: Awaited<ReturnType<typeof http.request<z.infer<typeof graphqlEnvelopeSchema>>>>;
    try {
      response = await http.request({
        method: 'POST',
        path,
        json: { query, variables },
        schema: graphqlEnvelopeSchema,
        retry: request.retry,
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      throw capThrottleWait(error);
    }
    pacer.observe(response.data.extensions);
    return parseWithSchema(schema, response.data.data, {
      service: SERVICE,
      method: 'POST',
      url: `${settings.baseURL}${path}`,
      status: response.status,
      text: response.text,
      redact: http.redact,
    });
  }

  async function pushTracking(
    input: { order: SalesOrder; shipment: ShipmentNotice },
    callOptions?: CallOptions,
  ): Promise<PushTrackingResult> {
    const { order, shipment } = validateShopifyPush(input);
    const signal = callOptions?.signal;
    const orderId = toShopifyGid('Order', order.marketplaceOrderId) as string;
    const tracking = toShopifyTrackingInfo(shipment);
    const warnings: Warning[] = [];
    if (!tracking.knownCompany && !tracking.trackingInfo.url) {
      warnings.push({
        type: 'other',
        message: `shopify: "${tracking.trackingInfo.company}" is not a company Shopify knows and no tracking URL is known; the buyer gets no tracking link`,
      });
    }

    // A read: safe to retry on throttling, 5xx and dropped connections.
    const data = await graphql(FULFILLMENT_ORDERS_QUERY, { id: orderId }, fulfillmentOrdersDataSchema, {
      retry: true,
      signal,
    });
    if (!data.order) {
      throw new NotFoundError(`shopify: order ${orderId} not found (or not visible to this token)`, {
        service: SERVICE,
        method: 'POST',
        url: `${settings.baseURL}${path}`,
      });
    }
    const plan = planShopifyFulfillment(data.order, shipment);
    if (plan.kind === 'already-pushed') {
      return { status: 'already-pushed', reference: plan.fulfillmentId, ...(warnings.length > 0 ? { warnings } : {}) };
    }
    warnings.push(
      ...plan.warnings,
      ...plan.problems.map((message) => ({ type: 'other' as const, message: `shopify: ${message}` })),
    );
    if (plan.byLocation.length === 0) {
      const reasons = [...plan.problems, ...plan.warnings.map((warning) => warning.message)].join('; ');
      throw new InvalidRequestError(
        `shopify: nothing can be fulfilled on order ${orderId} for tracking ${shipment.trackingNumber}: ${reasons}`,
        {
          service: SERVICE,
        },
      );
    }
    if (plan.earlierFulfillmentIds.length > 0) {
      warnings.push({
        type: 'other',
        message: `shopify: part of the package is already on ${plan.earlierFulfillmentIds.join(', ')} with tracking ${shipment.trackingNumber}; only the rest is fulfilled now`,
      });
    }

    // One fulfillmentCreate per assigned location (Shopify refuses fulfillment orders of several
    // locations in one call), one after the other. The package counts as pushed only when every
    // call has its evidence; when one fails, the error says which locations were written, and the
    // next push reads them back and creates only the rest.
    const expected = new Map(readShopifyTrackingCoverage(data.order, shipment.trackingNumber).quantities);
    const written: string[] = [];
    for (const call of plan.byLocation) {
      for (const item of call.lineItems) {
        expected.set(item.lineItemId, (expected.get(item.lineItemId) ?? 0) + item.quantity);
      }
      const known = [...plan.earlierFulfillmentIds, ...written];
      written.push(await createAtLocation(orderId, call, expected, known, tracking.trackingInfo, shipment, signal));
    }
    return { status: 'pushed', reference: written.join(','), ...(warnings.length > 0 ? { warnings } : {}) };
  }

  /** What to add to an error of a later call: the fulfillments this push already wrote. */
  function progressNote(written: readonly string[]): string {
    return written.length === 0
      ? ''
      : ` (${written.join(', ')} at other locations already carry this tracking number; the next push reads them back and creates only the rest)`;
  }

  /**
   * Sends one `fulfillmentCreate` (the fulfillment orders of one location) and returns the id of
   * the fulfillment it created, on Shopify's documented success (no `userErrors`, a fulfillment
   * carrying the tracking number) or when the order read back holds what `expected` says.
   * Throws otherwise: nothing is reported written without evidence.
   */
  async function createAtLocation(
    orderId: string,
    call: ShopifyLocationFulfillment,
    expected: ReadonlyMap<string, number>,
    written: readonly string[],
    trackingInfo: ShopifyFulfillmentInput['trackingInfo'],
    shipment: ShipmentNotice,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const fulfillment: ShopifyFulfillmentInput = {
      lineItemsByFulfillmentOrder: call.lineItemsByFulfillmentOrder,
      notifyCustomer: settings.notifyCustomer,
      trackingInfo,
    };
    // A write: not retried on 5xx or a dropped connection (the next push reads first); a throttled
    // call was not executed, so the HTTP client may retry it after the wait.
    let result: z.infer<typeof fulfillmentCreateDataSchema>;
    try {
      result = await graphql(FULFILLMENT_CREATE_MUTATION, { fulfillment }, fulfillmentCreateDataSchema, {
        retry: false,
        signal,
      });
    } catch (error) {
      // Shopify may have acted before the answer was lost or garbled: look before failing.
      if (mayHaveActed(error)) {
        const found = await readBack(orderId, shipment.trackingNumber, expected, written, signal);
        if (found) return found;
      }
      throw error;
    }
    const { userErrors } = result.fulfillmentCreate;
    if (userErrors.length > 0) {
      const fields = userErrors.map((error) => ({ field: error.field ?? [], message: error.message }));
      throw new ShopifyUserError(
        `shopify: fulfillmentCreate refused on order ${orderId}${call.locationId ? ` at ${call.locationId}` : ''}: ${describeShopifyUserErrors(userErrors)}${progressNote(written)}`,
        fields,
        {
          service: SERVICE,
          method: 'POST',
          url: `${settings.baseURL}${path}`,
          status: 200,
          responseBody: JSON.stringify({ userErrors }),
        },
      );
    }
    // The documented success: no userErrors and the fulfillment, carrying the tracking number.
    const created = result.fulfillmentCreate.fulfillment;
    const wanted = compactTrackingNumber(shipment.trackingNumber);
    if (created?.trackingInfo?.some((info) => info.number && compactTrackingNumber(info.number) === wanted)) {
      return created.id;
    }
    // Anything else (no fulfillment, one without this tracking number) is no evidence: the
    // call counts only if the order's fulfillments show it.
    const found = await readBack(orderId, shipment.trackingNumber, expected, written, signal);
    if (found) return found;
    throw new ResponseParseError(
      `shopify: the push of tracking ${shipment.trackingNumber} to order ${orderId} is not confirmed: fulfillmentCreate returned ${
        created ? 'a fulfillment without this tracking number' : 'neither a fulfillment nor userErrors'
      }, and the order's fulfillments do not show it; it is not marked pushed${progressNote(written)}`,
      {
        service: SERVICE,
        method: 'POST',
        url: `${settings.baseURL}${path}`,
        status: 200,
        fields: ['data.fulfillmentCreate.fulfillment'],
      },
    );
  }

  /**
   * Reads the order again: when its fulfillments carrying `trackingNumber` hold at least
   * `expected` of every line item, the id of the one this call wrote (the first not in
   * `written`); otherwise undefined (also when the read fails).
   */
  async function readBack(
    orderId: string,
    trackingNumber: string,
    expected: ReadonlyMap<string, number>,
    written: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    try {
      const data = await graphql(FULFILLMENT_ORDERS_QUERY, { id: orderId }, fulfillmentOrdersDataSchema, {
        retry: true,
        signal,
      });
      if (!data.order) return undefined;
      const coverage = readShopifyTrackingCoverage(data.order, trackingNumber);
      const holdsAll = [...expected].every(
        ([lineItemId, quantity]) => (coverage.quantities.get(lineItemId) ?? 0) >= quantity,
      );
      if (!holdsAll) return undefined;
      return coverage.fulfillmentIds.find((id) => !written.includes(id)) ?? coverage.fulfillmentIds.at(-1);
    } catch {
      return undefined;
    }
  }

  const orders = createShopifyOrders({
    // Listing is a read: retried on throttling (after the wait the cost bucket asks), 5xx and
    // dropped connections, on the same client and cost bucket as the push.
    read: (query, variables, schema, signal, requestedCost) =>
      graphql(query, variables, schema, { retry: true, signal, requestedCost }),
    pageSize: settings.orders.pageSize,
    lineItemsPerOrder: settings.orders.lineItemsPerOrder,
    readyFinancialStatuses: settings.orders.readyFinancialStatuses,
    url: http.redact(`${settings.baseURL}${path}`),
  });

  const listings = createShopifyListings({
    graphql: (query, variables, schema, request) => graphql(query, variables, schema, request),
    batchSize: settings.listings.batchSize,
    locationId: settings.listings.locationId,
    now: Date.now,
  });

  return {
    specificationVersion: 'v1',
    marketplace: 'shopify',
    notifiesBuyer: settings.notifyCustomer,
    capabilities: { orders: 'list', listings: 'push' },
    orders,
    listings,
    pushTracking,
  };
}
