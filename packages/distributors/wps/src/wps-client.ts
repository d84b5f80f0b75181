import {
  AccountSetupError,
  type CallOptions,
  type CancelResult,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorOrder,
  FieldLengthError,
  InvalidRequestError,
  mayHaveActed,
  NotFoundError,
  OrderRejectedError,
  type PurchaseOrderRequest,
  parseWith,
  ResponseParseError,
  type ShipmentQuery,
  type StockLevel,
  type SubmitOrderResult,
  ValidationError,
} from '@dropship/core';
import {
  createHttpClient,
  createShipmentQuerySchema,
  type ErrorMappingContext,
  fetchStockInBatches,
  findWithEvidence,
  type HttpClient,
  httpTuningOf,
  type LookUpAnswer,
  lookUpAnswer,
  poNumberInputSchema,
  resolveCredential,
  submitIdempotently,
  validatedLocallyResult,
} from '@dropship/http';
import { classifyWpsRefusal } from './classify-wps-rejection.js';
import { convertToWpsCart, type WpsCartItemRequest, type WpsCartPlan } from './convert-to-wps-cart.js';
import { isWpsOrderNotFound, type WpsNotFoundMatcher } from './detect-wps-not-found.js';
import { isWpsTaxIdError, readWpsErrorMessage, type WpsTaxIdMatcher } from './detect-wps-tax-id-error.js';
import { findWpsFieldLengthViolations } from './find-wps-field-length-violations.js';
import { readAllWpsPages } from './follow-wps-cursor.js';
import { mapWpsStockLevels } from './map-wps-inventory.js';
import type { WpsStatusMap } from './map-wps-order-status.js';
import { mapWpsPurchaseOrder } from './map-wps-purchase-order.js';
import { formatWpsQueryDate } from './parse-wps-date.js';
import { parseWpsPurchaseOrderRequest } from './parse-wps-purchase-order-request.js';
import { WPS_API_TOKEN_ENVIRONMENT_VARIABLE, WPS_DEFAULT_BASE_URL } from './wps-constants.js';
import { type WpsOptions, wpsOptionsSchema } from './wps-options.js';
import {
  type WpsItem,
  type WpsPurchaseOrder,
  wpsAddedCartItemSchema,
  wpsCartLookupSchema,
  wpsCartSchema,
  wpsItemListSchema,
  wpsPurchaseOrderListSchema,
  wpsPurchaseOrderSchema,
  wpsSubmittedOrderSchema,
} from './wps-schemas.js';

const service = 'wps';

/** The WPS client: a `DistributorClient` (v1) over the Data Depot API v4. */
export interface WpsClient extends DistributorClient {
  readonly distributor: 'wps';
}

const poNumberSchema = poNumberInputSchema;
const shipmentQuerySchema = createShipmentQuerySchema({ dateTimes: true });

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function pathOf(poNumber: string, suffix = ''): string {
  return `/${encodeURIComponent(poNumber)}${suffix}`;
}

/**
 * Creates a WPS (Western Power Sports, Data Depot API v4) client.
 *
 * - `checkStock`: `GET /items?filter[sku]=…&include=inventory` (or `include=quantities`, see
 *   `stockInclude`; either answer shape is read), per-warehouse counts reported as floors at the
 *   inventory cap.
 * - `submitOrder`: idempotent on the PO number (`submitIdempotently` of `@dropship/http`). Looks
 *   the PO up (`GET /orders/{po}`) first; drops a leftover unsubmitted cart; then `POST /carts`,
 *   `POST /carts/{po}/items` per SKU and `POST /orders`. A failure before submission deletes the
 *   cart. A failure of `POST /orders` after which WPS may have acted (`mayHaveActed`) is followed by
 *   a lookup, never by a blind second submission. "Not placed" needs WPS's not-found answer
 *   (`isOrderNotFound`); any other answer is inconclusive: nothing is sent and a typed error says so.
 * - `findOrder` / `listShipments`: `GET /orders/{po}` (null only on WPS's not-found answer) and
 *   `GET /orders?from_date=&to_date=`; one shipment per tracking number of each warehouse order.
 * - `cancelOrder`: deletes the cart before submission (`cancelled`); a submitted order gives an
 *   `unsupported` warning (WPS has no cancel API), and so does a PO with neither an order nor a
 *   cart (a submitted cart is consumed before its order shows: nothing proves it was not placed).
 *
 * @param options - the token (or `WPS_API_TOKEN`) and settings; see {@link WpsOptions}.
 * @throws `MissingCredentialError` when no token is given; `ValidationError` for a bad option.
 * @example
 * ```ts
 * const wps = createWps({ apiToken: process.env.WPS_API_TOKEN });
 * const [stock] = await wps.checkStock(['72-7044L']);
 * ```
 */
export function createWps(options: WpsOptions = {}): WpsClient {
  const settings = parseWith(wpsOptionsSchema, options, 'WPS options');
  const apiToken = resolveCredential(settings.apiToken, WPS_API_TOKEN_ENVIRONMENT_VARIABLE, service, 'apiToken');
  const inventoryCap = settings.inventoryCap ?? 9;
  const stockInclude = settings.stockInclude ?? 'inventory';
  const stockBatchSize = settings.stockBatchSize ?? 1;
  const maxPoNumberLength = settings.maxPoNumberLength ?? 20;
  const shipToCountries = settings.shipToCountries ?? ['US'];
  const statusMap: WpsStatusMap = settings.statusMap ?? {};
  const isTaxIdError: WpsTaxIdMatcher = settings.isTaxIdError ?? isWpsTaxIdError;
  const isOrderNotFound: WpsNotFoundMatcher = settings.isOrderNotFound ?? isWpsOrderNotFound;
  const submitRecoveryAttempts = settings.submitRecoveryAttempts ?? 1;
  const rejectionRules = settings.rejectionReasons ?? [];
  const cartSettings = {
    defaultShipVia: settings.defaultShipVia ?? 'BEST',
    multipleWarehouse: settings.multipleWarehouse ?? true,
    ...(settings.defaultWarehouse ? { defaultWarehouse: settings.defaultWarehouse } : {}),
  };

  const http: HttpClient = createHttpClient({
    service,
    baseURL: settings.baseURL ?? WPS_DEFAULT_BASE_URL,
    credentials: { headers: { authorization: `Bearer ${apiToken}` } },
    headers: { 'content-type': 'application/json' },
    mapError: (context: ErrorMappingContext) => mapTaxIdError(context),
    ...httpTuningOf(settings),
  });

  function mapTaxIdError(context: ErrorMappingContext): Error | undefined {
    let matched = false;
    try {
      matched = isTaxIdError({ status: context.status, body: context.body, text: context.text });
    } catch {
      matched = false;
    }
    if (!matched) return undefined;
    const redact = context.redact ?? http.redact;
    const said = redact(readWpsErrorMessage(context.body, context.text));
    return new AccountSetupError(
      service,
      'tax-id',
      `the account has no Tax ID on file, which WPS requires for drop-ship orders (WPS said: "${said}"). Ask your WPS representative to add your Tax ID / resale certificate to the account, then submit again.`,
    );
  }

  const capabilities: DistributorCapabilities = Object.freeze({
    cancel: 'before-submission',
    batchTracking: 'date-range',
    maxTrackingBatch: 1,
    maxStockBatch: stockBatchSize,
    stockIsFloor: true,
    maxPoNumberLength,
    validateOnly: false,
  });

  function withSignal(callOptions: CallOptions | undefined): { signal?: AbortSignal } {
    return callOptions?.signal ? { signal: callOptions.signal } : {};
  }

  /**
   * Turns a refusal of a cart step into `OrderRejectedError`, classified (`classifyWpsRefusal`:
   * the lines its messages name, the reason); other errors pass through.
   */
  function rejection(error: unknown, plan: WpsCartPlan, item?: WpsCartItemRequest): unknown {
    if (!InvalidRequestError.isInstance(error) && !NotFoundError.isInstance(error)) return error;
    const poNumber = plan.cart.po_number;
    let body: unknown;
    try {
      body = JSON.parse(error.responseBody ?? '');
    } catch {
      body = undefined;
    }
    const skus = item ? [item.item_sku] : plan.items.map((line) => line.item_sku);
    const refusal = classifyWpsRefusal(body, error.responseBody ?? '', skus, rejectionRules);
    const rejected = item
      ? new OrderRejectedError(
          service,
          poNumber,
          `item ${item.item_sku} was refused (HTTP ${error.status})`,
          [{ sku: item.item_sku, message: refusal.message, reason: refusal.reason }],
          refusal.reason,
        )
      : new OrderRejectedError(
          service,
          poNumber,
          `${refusal.message} (HTTP ${error.status})`,
          refusal.lineErrors,
          refusal.reason,
        );
    Object.defineProperty(rejected, 'cause', { value: error, enumerable: false, configurable: true, writable: true });
    return rejected;
  }

  /**
   * `GET /orders/{po}` as a three-way answer: the PO (its `po_number` must be the one asked), WPS's
   * not-found answer, or inconclusive (any other body; errors are thrown).
   */
  async function lookUpOrder(poNumber: string, callOptions?: CallOptions): Promise<LookUpAnswer<WpsPurchaseOrder>> {
    const response = await http.request<unknown>({
      path: `/orders${pathOf(poNumber)}`,
      acceptStatus: [404],
      ...withSignal(callOptions),
    });
    if (response.status === 404) {
      let matched = false;
      try {
        matched = isOrderNotFound({ status: 404, body: parseJsonOrUndefined(response.text), text: response.text });
      } catch {
        matched = false;
      }
      return matched ? lookUpAnswer.notFound() : lookUpAnswer.inconclusive("HTTP 404 without WPS's not-found body");
    }
    const parsed = wpsPurchaseOrderSchema.safeParse(response.data);
    if (!parsed.success) return lookUpAnswer.inconclusive(`HTTP ${response.status} with a body that is not a WPS PO`);
    if (parsed.data.po_number !== poNumber) {
      return lookUpAnswer.inconclusive(
        `HTTP ${response.status} with another PO (${http.redact(parsed.data.po_number)})`,
      );
    }
    return lookUpAnswer.found(parsed.data);
  }

  /** The PO, or null on WPS's not-found answer; a typed error when the answer is inconclusive. */
  function findPurchaseOrder(poNumber: string, callOptions?: CallOptions): Promise<WpsPurchaseOrder | null> {
    return findWithEvidence(service, poNumber, () => lookUpOrder(poNumber, callOptions));
  }

  async function cartExists(poNumber: string, callOptions?: CallOptions): Promise<boolean> {
    const response = await http.request({
      path: `/carts${pathOf(poNumber)}`,
      acceptStatus: [404],
      schema: wpsCartLookupSchema,
      ...withSignal(callOptions),
    });
    return response.status !== 404 && response.data !== null && response.data !== undefined;
  }

  async function deleteCart(poNumber: string, callOptions?: CallOptions): Promise<void> {
    await http.request({
      method: 'DELETE',
      path: `/carts${pathOf(poNumber)}`,
      acceptStatus: [404],
      retry: true,
      ...withSignal(callOptions),
    });
  }

  /** Deletes the cart after a failed step; a failure to delete is reported as a warning-free no-op (the next submit drops it). */
  async function discardCart(poNumber: string, callOptions?: CallOptions): Promise<void> {
    try {
      await deleteCart(poNumber, callOptions);
    } catch {
      // The next submitOrder finds and drops a leftover cart before building a new one.
    }
  }

  function existingResult(poNumber: string, order: WpsPurchaseOrder, alreadyExisted: boolean): SubmitOrderResult {
    return {
      poNumber,
      distributorOrderRefs: [...new Set(order.order_details.map((detail) => detail.order_number))],
      status: 'submitted',
      alreadyExisted,
      warnings: [],
    };
  }

  function checkRequest(input: PurchaseOrderRequest): { request: PurchaseOrderRequest; plan: WpsCartPlan } {
    const request = parseWpsPurchaseOrderRequest(input);
    if (!shipToCountries.includes(request.shipTo.country)) {
      throw new ValidationError('WPS purchase order request', [
        {
          path: 'shipTo.country',
          message: `WPS drop-ship carts have no country field; this client ships to ${shipToCountries.join(', ')} (option shipToCountries)`,
        },
      ]);
    }
    const plan = convertToWpsCart(request, cartSettings);
    const violations = findWpsFieldLengthViolations(plan.cart, maxPoNumberLength);
    if (violations.length > 0) throw new FieldLengthError(service, violations);
    return { request, plan };
  }

  async function buildCart(plan: WpsCartPlan, callOptions?: CallOptions): Promise<void> {
    const poNumber = plan.cart.po_number;
    try {
      await http.request({
        method: 'POST',
        path: '/carts',
        json: plan.cart,
        schema: wpsCartSchema,
        retry: false,
        ...withSignal(callOptions),
      });
    } catch (error) {
      // After a failure that may have acted the cart may exist; after a refusal it does not.
      if (mayHaveActed(error)) await discardCart(poNumber, callOptions);
      throw rejection(error, plan);
    }
    for (const item of plan.items) {
      try {
        const { data, status } = await http.request({
          method: 'POST',
          path: `/carts${pathOf(poNumber, '/items')}`,
          json: item,
          schema: wpsAddedCartItemSchema,
          retry: false,
          ...withSignal(callOptions),
        });
        // Only an answer naming the SKU sent shows the item is in the cart; else the order would
        // be submitted without that line.
        if (data.item_sku !== item.item_sku && data.sku !== item.item_sku) {
          throw new ResponseParseError(
            `${service}: the answer to adding item ${item.item_sku} to the cart of PO ${poNumber} does not name the item; nothing was submitted`,
            { service, status, isRetryable: true },
          );
        }
      } catch (error) {
        await discardCart(poNumber, callOptions);
        throw rejection(error, plan, item);
      }
    }
  }

  /** `POST /orders` once; a refusal drops the cart (nothing was placed) and becomes `OrderRejectedError`. */
  async function postOrder(plan: WpsCartPlan, callOptions?: CallOptions): Promise<SubmitOrderResult> {
    const poNumber = plan.cart.po_number;
    try {
      const { data } = await http.request({
        method: 'POST',
        path: '/orders',
        json: { po_number: poNumber },
        schema: wpsSubmittedOrderSchema,
        retry: false,
        ...withSignal(callOptions),
      });
      return {
        poNumber,
        distributorOrderRefs: [data.order_number],
        status: 'submitted',
        alreadyExisted: false,
        warnings: [],
      };
    } catch (error) {
      if (mayHaveActed(error)) throw error;
      // Refused: nothing was placed. Drop the cart so that a later submit starts clean.
      await discardCart(poNumber, callOptions);
      throw rejection(error, plan);
    }
  }

  async function fetchItems(skus: readonly string[], callOptions?: CallOptions): Promise<WpsItem[]> {
    return readAllWpsPages('/items', async (cursor) => {
      const { data } = await http.request({
        path: '/items',
        searchParams: {
          'filter[sku]': skus.join(','),
          include: stockInclude,
          'page[size]': Math.max(skus.length, 1),
          ...(cursor ? { 'page[cursor]': cursor } : {}),
        },
        schema: wpsItemListSchema,
        ...withSignal(callOptions),
      });
      return data;
    });
  }

  async function listByDateRange(from: string, to: string, callOptions?: CallOptions): Promise<WpsPurchaseOrder[]> {
    return readAllWpsPages('/orders', async (cursor) => {
      const { data } = await http.request({
        path: '/orders',
        searchParams: {
          from_date: formatWpsQueryDate(from),
          to_date: formatWpsQueryDate(to),
          ...(cursor ? { 'page[cursor]': cursor } : {}),
        },
        schema: wpsPurchaseOrderListSchema,
        ...withSignal(callOptions),
      });
      return data;
    });
  }

  const toOrder = (order: WpsPurchaseOrder): DistributorOrder =>
    mapWpsPurchaseOrder(order, { statusMap, rejectionRules, observedAt: new Date().toISOString() });

  return {
    specificationVersion: 'v1',
    distributor: 'wps',
    capabilities,

    async checkStock(skus, callOptions) {
      const { asked, items } = await fetchStockInBatches(skus, stockBatchSize, (batch) =>
        fetchItems(batch, callOptions),
      );
      return mapWpsStockLevels(asked, items, inventoryCap) satisfies StockLevel[];
    },

    async submitOrder(input, callOptions) {
      const { request, plan } = checkRequest(input);
      const { poNumber } = request;
      if (request.validateOnly)
        return validatedLocallyResult(service, poNumber, 'required fields, field lengths, country');
      return submitIdempotently({
        service,
        poNumber,
        lookUp: () => lookUpOrder(poNumber, callOptions),
        prepare: async () => {
          // A cart left by an attempt that failed before submission: rebuild it from this request.
          if (await cartExists(poNumber, callOptions)) await deleteCart(poNumber, callOptions);
          await buildCart(plan, callOptions);
        },
        submit: () => postOrder(plan, callOptions),
        toResult: (order, alreadyExisted) => existingResult(poNumber, order, alreadyExisted),
        resendAttempts: submitRecoveryAttempts,
        // No order and no cart: WPS consumed the cart but shows no order yet. Sending again could
        // place nothing or a second order; stop and let a later submitOrder look it up.
        mayResend: () => cartExists(poNumber, callOptions),
      });
    },

    async findOrder(poNumber, callOptions) {
      const po = parseWith(poNumberSchema, poNumber, 'PO number');
      const order = await findPurchaseOrder(po, callOptions);
      return order ? toOrder(order) : null;
    },

    async listShipments(query: ShipmentQuery, callOptions) {
      const parsed = parseWith(shipmentQuerySchema, query, 'shipment query');
      if ('poNumbers' in parsed) {
        const found = await Promise.all([...new Set(parsed.poNumbers)].map((po) => findPurchaseOrder(po, callOptions)));
        return found.flatMap((order) => (order ? [toOrder(order)] : []));
      }
      const orders = await listByDateRange(parsed.from, parsed.to, callOptions);
      return orders.map(toOrder);
    },

    async cancelOrder(poNumber, callOptions): Promise<CancelResult> {
      const po = parseWith(poNumberSchema, poNumber, 'PO number');
      const order = await findPurchaseOrder(po, callOptions);
      if (order) {
        return {
          status: 'unsupported',
          warning: {
            type: 'unsupported',
            feature: 'cancel-order',
            message: `WPS has no API to cancel a submitted order; contact your WPS representative to cancel PO ${po}.`,
          },
        };
      }
      if (await cartExists(po, callOptions)) {
        await deleteCart(po, callOptions);
        return { status: 'cancelled' };
      }
      // Neither an order nor a cart: nothing to drop, and no evidence that nothing was placed (a
      // submitted cart is consumed before its order shows, as submitOrder knows), so no "cancelled".
      return {
        status: 'unsupported',
        warning: {
          type: 'unsupported',
          feature: 'cancel-order',
          message: `WPS shows neither an order nor a cart for PO ${po}: nothing was deleted. If the PO was submitted, its order may still appear; ask your WPS representative to cancel it.`,
        },
      };
    },
  };
}
