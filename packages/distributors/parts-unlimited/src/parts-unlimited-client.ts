import {
  type CallOptions,
  type CancelResult,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorOrder,
  type PurchaseOrderRequest,
  parseWith,
  ResponseParseError,
  type ShipmentQuery,
  type StockLevel,
  type SubmitOrderResult,
  ValidationError,
  type Warning,
} from '@dropship/core';
import {
  acceptedOrderResult,
  createHttpClient,
  createShipmentQuerySchema,
  fetchStockInBatches,
  findWithEvidence,
  type HttpClient,
  hasUndecodableText,
  httpTuningOf,
  type LookUpAnswer,
  lookUpAnswer,
  parseJsonResponse,
  parseRetryAfter,
  parseWithSchema,
  poNumberInputSchema,
  stockLevelsAsAsked,
  submitIdempotently,
  validatedLocallyResult,
} from '@dropship/http';
import {
  buildPartsUnlimitedOrderListQuery,
  partsUnlimitedLookupWindow,
} from './build-parts-unlimited-order-list-query.js';
import { convertToPartsUnlimitedOrder } from './convert-to-parts-unlimited-order.js';
import { mapPartsUnlimitedOrderResponse } from './map-parts-unlimited-order-response.js';
import { parsePartsUnlimitedInventory } from './parse-parts-unlimited-inventory.js';
import { parsePartsUnlimitedOrderList } from './parse-parts-unlimited-order-list.js';
import { withPartsUnlimitedPrices } from './parse-parts-unlimited-prices.js';
import { parsePartsUnlimitedPurchaseOrderRequest } from './parse-parts-unlimited-purchase-order-request.js';
import {
  type PartsUnlimitedPrice,
  partsUnlimitedInventoryResponseSchema,
  partsUnlimitedOrderResponseSchema,
  partsUnlimitedPricingResponseSchema,
} from './parts-unlimited-schemas.js';
import {
  type PartsUnlimitedOptions,
  type PartsUnlimitedSettings,
  resolvePartsUnlimitedSettings,
} from './parts-unlimited-settings.js';

const SERVICE = 'parts-unlimited';

/** A Parts Unlimited client: the `DistributorClient` v1 contract. */
export interface PartsUnlimitedClient extends DistributorClient {
  readonly distributor: 'parts-unlimited';
}

const poNumberSchema = poNumberInputSchema;
const shipmentQuerySchema = createShipmentQuerySchema();

/** Hard stop for a date-range listing whose pages never end (an API that ignores `page_num`). */
const maxRangePages = 1_000;

/** Joins the orders found for one PO number (several entries for one PO are merged). */
function mergeOrders(orders: readonly DistributorOrder[]): DistributorOrder | null {
  const [first, ...rest] = orders;
  if (!first) return null;
  const refs = new Set(first.distributorOrderRefs);
  const shipments = [...first.shipments];
  for (const order of rest) {
    for (const ref of order.distributorOrderRefs) refs.add(ref);
    for (const shipment of order.shipments) {
      if (!shipments.some((known) => known.trackingNumber === shipment.trackingNumber)) shipments.push(shipment);
    }
  }
  return { ...first, distributorOrderRefs: [...refs], shipments };
}

/**
 * Creates a Parts Unlimited (LeMans) client.
 *
 * - `checkStock`: `GET /v1/parts/inventory/{sku1},{sku2},...` in batches of 25 (no public documentation);
 *   with `stockPrices`, also `GET /v1/parts/pricing/{sku1},...` per batch: `dealerPrice` as `unitCost`;
 * - `submitOrder`: `POST /v2/orders/dropship` with the body of third-party clients (not documented by the vendor), success read from
 *   the body's `status_code`; idempotent (`submitIdempotently` of `@dropship/http`): the PO number
 *   is looked up in the order list first, and again after a failure that may have acted (never
 *   re-posted blindly). "Not placed" needs an order list of the expected shape, read to its end,
 *   without the PO; an empty or non-JSON answer or a list cut short is inconclusive: nothing is sent;
 * - `findOrder` / `listShipments`: the order list `GET /v2/orders/dropship` by order date
 *   (no public documentation; its answer shape is MODELLED, see `orderListFields`);
 * - `cancelOrder`: no cancel is known (no public documentation): `unsupported` with a warning.
 *
 * @param options - credentials (else `PARTS_UNLIMITED_DEALER_NUMBER` / `PARTS_UNLIMITED_API_KEY`) and settings.
 * @throws `MissingCredentialError` when a credential is missing.
 * @throws `ValidationError` listing every invalid option.
 * @example
 * ```ts
 * const partsUnlimited = createPartsUnlimited({ dealerNumber: 'D12345', apiKey: process.env.PU_KEY });
 * const [stock] = await partsUnlimited.checkStock(['0101-1234']);
 * ```
 */
export function createPartsUnlimited(options: PartsUnlimitedOptions = {}): PartsUnlimitedClient {
  const settings = resolvePartsUnlimitedSettings(options);
  const http = createHttpClient({
    service: SERVICE,
    baseURL: settings.baseURL,
    ...httpTuningOf(options),
    credentials: { headers: { 'api-key': settings.apiKey } },
    redact: [settings.dealerNumber],
  });
  return new PartsUnlimitedClientImplementation(settings, http);
}

class PartsUnlimitedClientImplementation implements PartsUnlimitedClient {
  readonly specificationVersion = 'v1' as const;
  readonly distributor = 'parts-unlimited' as const;
  readonly capabilities: DistributorCapabilities;
  /** PO numbers this client placed, with their references: a same-process retry needs no search. */
  readonly #placed = new Map<string, string[]>();
  /**
   * Submissions in progress per PO number: a concurrent submit of the same PO through this client
   * waits for the first instead of racing it past the lookup (the API has no duplicate guard).
   */
  readonly #inFlight = new Map<string, Promise<SubmitOrderResult>>();

  // JavaScript-private: `console.log`, `util.inspect` and `JSON.stringify` of the client never
  // show the settings (API key, account number) or the HTTP client.
  readonly #settings: PartsUnlimitedSettings;
  readonly #http: HttpClient;

  constructor(settings: PartsUnlimitedSettings, http: HttpClient) {
    this.#settings = settings;
    this.#http = http;
    this.capabilities = Object.freeze({
      cancel: 'unsupported',
      batchTracking: 'date-range',
      // One order-list search answers any number of PO numbers.
      maxTrackingBatch: 10_000,
      maxStockBatch: settings.maxStockBatch,
      stockIsFloor: false,
      maxPoNumberLength: settings.maxPoNumberLength,
      validateOnly: false,
    });
  }

  async checkStock(skus: readonly string[], options: CallOptions = {}): Promise<StockLevel[]> {
    const { asked, items } = await fetchStockInBatches(
      skus,
      this.#settings.maxStockBatch,
      (batch) => this.#checkStockBatch(batch, options),
      'Parts Unlimited stock request',
    );
    return stockLevelsAsAsked(asked, items);
  }

  async #checkStockBatch(batch: readonly string[], options: CallOptions): Promise<StockLevel[]> {
    if (!this.#settings.stockPrices) return this.#checkInventoryBatch(batch, options);
    const [levels, prices] = await Promise.all([
      this.#checkInventoryBatch(batch, options),
      this.#checkPricesBatch(batch, options),
    ]);
    return withPartsUnlimitedPrices(levels, prices);
  }

  /** `GET {pricingPath}/{sku1},{sku2},...` (the `stockPrices` option): the dealer price per part found. */
  async #checkPricesBatch(batch: readonly string[], options: CallOptions): Promise<PartsUnlimitedPrice[]> {
    const path = `${this.#settings.pricingPath}/${batch.map((sku) => encodeURIComponent(sku)).join(',')}`;
    const response = await this.#http.request({
      method: 'GET',
      path,
      schema: partsUnlimitedPricingResponseSchema,
      acceptStatus: [404],
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return response.status === 404 ? [] : response.data.pricing;
  }

  async #checkInventoryBatch(batch: readonly string[], options: CallOptions): Promise<StockLevel[]> {
    const path = `${this.#settings.inventoryPath}/${batch.map((sku) => encodeURIComponent(sku)).join(',')}`;
    const response = await this.#http.request({
      method: 'GET',
      path,
      schema: partsUnlimitedInventoryResponseSchema,
      // An inventory call naming only unknown parts may answer 404 (not documented either way).
      acceptStatus: [404],
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (response.status === 404) return batch.map((sku) => ({ sku, found: false, warehouses: [] }));
    return parsePartsUnlimitedInventory(batch, response.data, {
      method: 'GET',
      url: this.#http.redact(`${this.#settings.baseURL}${path}`),
    });
  }

  async submitOrder(input: PurchaseOrderRequest, options: CallOptions = {}): Promise<SubmitOrderResult> {
    const request = parsePartsUnlimitedPurchaseOrderRequest(input, this.#settings.maxPoNumberLength);
    // Parts Unlimited has no validate-only mode: the local checks above are all that ran.
    if (request.validateOnly) return validatedLocallyResult(SERVICE, request.poNumber, 'shape, PO length');
    const running = this.#inFlight.get(request.poNumber);
    if (running) {
      // Whatever the first attempt ends with, this call must not post on its own: start over
      // from the lookup once it has settled.
      await running.catch(() => undefined);
      return this.submitOrder(request, options);
    }
    const attempt = this.#submit(request, options);
    this.#inFlight.set(request.poNumber, attempt);
    try {
      return await attempt;
    } finally {
      if (this.#inFlight.get(request.poNumber) === attempt) this.#inFlight.delete(request.poNumber);
    }
  }

  async #submit(request: PurchaseOrderRequest, options: CallOptions): Promise<SubmitOrderResult> {
    const placed = this.#placed.get(request.poNumber);
    if (placed)
      return {
        poNumber: request.poNumber,
        distributorOrderRefs: placed,
        status: 'submitted',
        alreadyExisted: true,
        warnings: [],
      };

    const result = await submitIdempotently({
      service: SERVICE,
      poNumber: request.poNumber,
      lookUp: () => this.#lookUp(request.poNumber, options),
      submit: () => this.#post(request, options),
      toResult: (order, alreadyExisted): SubmitOrderResult => ({
        poNumber: request.poNumber,
        distributorOrderRefs: order.distributorOrderRefs,
        status: alreadyExisted && order.status === 'backordered' ? 'backordered' : 'submitted',
        alreadyExisted,
        warnings: [],
      }),
    });
    this.#placed.set(request.poNumber, result.distributorOrderRefs);
    return result;
  }

  /** `POST` of the order, once (never retried: a second POST could place the order twice). */
  async #post(request: PurchaseOrderRequest, options: CallOptions): Promise<SubmitOrderResult> {
    const body = convertToPartsUnlimitedOrder(request, {
      dealerNumber: this.#settings.dealerNumber,
      defaultShippingMethod: this.#settings.defaultShippingMethod,
      cancellationPolicies: this.#settings.cancellationPolicies,
      validatePrice: this.#settings.validatePrice,
    });
    const url = this.#http.redact(`${this.#settings.baseURL}${this.#settings.orderPath}`);
    const response = await this.#http.request({
      method: 'POST',
      path: this.#settings.orderPath,
      json: body,
      retry: false,
      // Refusals come with a body to read (mainframeErrors), not only a status.
      acceptStatus: [400, 409, 422],
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const context = {
      service: SERVICE,
      method: 'POST',
      url,
      status: response.status,
      text: response.text,
      redact: this.#http.redact,
    };
    const parsed = parseWithSchema(
      partsUnlimitedOrderResponseSchema,
      parseJsonResponse(response.text, context),
      context,
    );
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const accepted = mapPartsUnlimitedOrderResponse(parsed, {
      poNumber: request.poNumber,
      skus: request.lines.map((line) => line.sku),
      httpStatus: response.status,
      method: 'POST',
      url,
      text: response.text,
      successStatusCodes: this.#settings.successStatusCodes,
      redact: this.#http.redact,
      rejectionRules: this.#settings.rejectionRules,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    const notes: Warning[] = accepted.notes.map((note) => ({ type: 'other', message: `parts-unlimited: ${note}` }));
    return acceptedOrderResult(SERVICE, request.poNumber, accepted.reference, notes, 'a reference_number');
  }

  async findOrder(poNumber: string, options: CallOptions = {}): Promise<DistributorOrder | null> {
    const po = parseWith(poNumberSchema, poNumber, 'Parts Unlimited PO number');
    return findWithEvidence(SERVICE, po, () => this.#lookUp(po, options));
  }

  async listShipments(query: ShipmentQuery, options: CallOptions = {}): Promise<DistributorOrder[]> {
    const parsed = parseWith(shipmentQuerySchema, query, 'Parts Unlimited shipment query');
    if ('poNumbers' in parsed) {
      if (parsed.poNumbers.length === 0) return [];
      const wanted = new Set(parsed.poNumbers);
      const { orders } = await this.#search(
        partsUnlimitedLookupWindow(this.#settings.now(), this.#settings.lookupWindowDays),
        options,
        {
          maxPages: this.#settings.maxOrderListPages,
          stopWhen: (found) => parsed.poNumbers.every((po) => found.some((order) => order.poNumber === po)),
        },
      );
      const byPo = new Map<string, DistributorOrder[]>();
      for (const order of orders) {
        if (!wanted.has(order.poNumber)) continue;
        byPo.set(order.poNumber, [...(byPo.get(order.poNumber) ?? []), order]);
      }
      return parsed.poNumbers.flatMap((po) => {
        const merged = mergeOrders(byPo.get(po) ?? []);
        return merged ? [merged] : [];
      });
    }
    const range = { from: new Date(`${parsed.from}T00:00:00Z`), to: new Date(`${parsed.to}T00:00:00Z`) };
    if (range.from > range.to) {
      throw new ValidationError('Parts Unlimited shipment query', [
        { path: 'from', message: 'must not be after `to`' },
      ]);
    }
    const { orders } = await this.#search(range, options, { maxPages: maxRangePages });
    return orders;
  }

  async cancelOrder(poNumber: string): Promise<CancelResult> {
    parseWith(poNumberSchema, poNumber, 'Parts Unlimited PO number');
    return {
      status: 'unsupported',
      warning: {
        type: 'unsupported',
        feature: 'cancel-order',
        message:
          'parts-unlimited: the API has no known cancel call (none is publicly documented); ask Parts Unlimited to cancel the order by phone or through the dealer portal',
      },
    };
  }

  /**
   * Looks a PO number up in the order list over the lookup window: found, not found (the list was
   * read to its end without it) or inconclusive (the list has more pages than allowed).
   */
  async #lookUp(poNumber: string, options: CallOptions): Promise<LookUpAnswer<DistributorOrder>> {
    const { orders, complete } = await this.#search(
      partsUnlimitedLookupWindow(this.#settings.now(), this.#settings.lookupWindowDays),
      options,
      {
        maxPages: this.#settings.maxOrderListPages,
        stopWhen: (found) => found.some((order) => order.poNumber === poNumber),
      },
    );
    const merged = mergeOrders(orders.filter((order) => order.poNumber === poNumber));
    if (merged) return lookUpAnswer.found(merged);
    if (complete) return lookUpAnswer.notFound();
    return lookUpAnswer.inconclusive(
      `the order list has more than ${this.#settings.maxOrderListPages} pages in the last ${this.#settings.lookupWindowDays} days; raise maxOrderListPages or lower lookupWindowDays`,
    );
  }

  /** Reads the order list page by page over a date range. */
  async #search(
    range: { from: Date; to: Date },
    options: CallOptions,
    limits: { maxPages: number; stopWhen?: (orders: readonly DistributorOrder[]) => boolean },
  ): Promise<{ orders: DistributorOrder[]; complete: boolean }> {
    const orders: DistributorOrder[] = [];
    let previousSignature: string | undefined;
    for (let page = 1; page <= limits.maxPages; page += 1) {
      const searchParams = buildPartsUnlimitedOrderListQuery({ ...range, page }, this.#settings.formatDate);
      const response = await this.#http.request<unknown>({
        method: 'GET',
        path: this.#settings.orderListPath,
        searchParams,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      const url = this.#http.redact(`${this.#settings.baseURL}${this.#settings.orderListPath}`);
      if (response.data === undefined || hasUndecodableText(response.text)) {
        // An empty body, an HTML page or bytes that are not UTF-8: not an order list, so no evidence.
        throw new ResponseParseError(
          `parts-unlimited: the order list answer (HTTP ${response.status}) is empty, not JSON or not valid UTF-8`,
          { service: SERVICE, method: 'GET', url, status: response.status, fields: [] },
        );
      }
      const parsed = parsePartsUnlimitedOrderList(response.data, {
        fields: this.#settings.orderListFields,
        carrierCodes: this.#settings.carrierCodes,
        now: this.#settings.now,
        method: 'GET',
        url,
        rejectionRules: this.#settings.rejectionRules,
      });
      if (parsed.entryCount === 0) return { orders, complete: true };
      // An API that ignores page_num returns the same page again: stop there.
      const signature = parsed.orders
        .map((order) => `${order.poNumber}/${order.distributorOrderRefs.join(',')}`)
        .join('|');
      if (signature === previousSignature) return { orders, complete: true };
      previousSignature = signature;
      orders.push(...parsed.orders);
      if (parsed.totalPages !== undefined && page >= parsed.totalPages) return { orders, complete: true };
      if (limits.stopWhen?.(orders)) return { orders, complete: true };
    }
    return { orders, complete: false };
  }
}
