import {
  AuthenticationError,
  type CallOptions,
  type CancelResult,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorOrder,
  InvalidRequestError,
  type PurchaseOrderRequest,
  parseWith,
  type ShipmentQuery,
  type StockLevel,
  type SubmitOrderResult,
  ValidationError,
  type Warning,
} from '@dropship/core';
import {
  acceptedOrderResult,
  chunk,
  createHttpClient,
  createShipmentQuerySchema,
  type ErrorMappingContext,
  fetchStockInBatches,
  type HttpClient,
  type HttpResponse,
  hasUndecodableText,
  httpTuningOf,
  inconclusiveLookUpError,
  type LookUpAnswer,
  lookUpAnswer,
  poNumberInputSchema,
  type SearchParams,
  stockLevelsAsAsked,
  submitIdempotently,
} from '@dropship/http';
import { z } from 'zod';
import { convertToTuckerRockyOrder, toTuckerRockyItem } from './convert-to-tucker-rocky-order.js';
import { pricedLines, toTuckerRockyOrder } from './map-tucker-rocky-order.js';
import { mapTuckerRockyOrderResponse } from './map-tucker-rocky-order-response.js';
import { parseTuckerRockyInventory } from './parse-tucker-rocky-inventory.js';
import { parseTuckerRockyPurchaseOrderRequest } from './parse-tucker-rocky-purchase-order-request.js';
import { parseTuckerRockyShipments, type TuckerRockyOrderShipments } from './parse-tucker-rocky-shipments.js';
import type { TuckerRockyOrderRecord } from './tucker-rocky-order-store.js';
import {
  type TuckerRockyOrderResponse,
  tuckerRockyInventoryResponseSchema,
  tuckerRockyOrderResponseSchema,
  tuckerRockyShipmentBlockSchema,
  tuckerRockyShipmentResponseSchema,
  tuckerRockyStockAndPriceResponseSchema,
} from './tucker-rocky-schemas.js';
import {
  resolveTuckerRockySettings,
  type TuckerRockyOptions,
  type TuckerRockySettings,
} from './tucker-rocky-settings.js';

const SERVICE = 'tucker-rocky';

/** A Tucker Rocky (TRWS) client: the `DistributorClient` v1 contract. */
export interface TuckerRockyClient extends DistributorClient {
  readonly distributor: 'tucker-rocky';
}

const poNumberSchema = poNumberInputSchema;
const shipmentQuerySchema = createShipmentQuerySchema({ dateTimes: true });

/** The answer block of a TRWS reply (the value of its only upper-case key), if any. */
function answerBlock(body: unknown): { status?: unknown; errormsg?: unknown } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.errormsg === 'string') return record;
  for (const [key, value] of Object.entries(record)) {
    if (/^[A-Z0-9]{3}$/.test(key) && typeof value === 'object' && value !== null)
      return value as Record<string, unknown>;
  }
  return undefined;
}

/**
 * Creates a Tucker Rocky client for the TRWS web service (`GET https://api.tucker.com/bin/trws`,
 * no public documentation). The API key and customer number travel in the query string; they are redacted
 * from every error, event and URL the SDK exposes.
 *
 * - `checkStock`: `type=INV` with repeated `item=` (a DC count of 9 means "9 or more": `isFloor`);
 * - `submitOrder`: `type=ORD` with `allowduplicatepo=NO`: the API itself refuses a second order
 *   for a PO number, which the client reads as "already placed" (`alreadyExisted: true`).
 *   `validateOnly` sends `submit=NO` (UNCONFIRMED semantics). Never re-sent after a failure that
 *   may have acted: the client looks the PO up instead (`submitIdempotently` of `@dropship/http`);
 *   only a shipment block of the lookup's shape is evidence, anything else is inconclusive;
 * - `findOrder` / `listShipments`: `type=SHP` with repeated `ordernum=`; PO → order number links
 *   come from the order store, else from the MODELLED lookup by PO (`poLookup`);
 * - `cancelOrder`: no cancel is known (no public documentation): `unsupported` with a warning.
 *
 * @param options - credentials (else `TUCKER_ROCKY_CUSTOMER_NUMBER` / `TUCKER_ROCKY_API_KEY`) and settings.
 * @throws `MissingCredentialError` when a credential is missing.
 * @throws `ValidationError` listing every invalid option.
 * @example
 * ```ts
 * const tucker = createTuckerRocky({ customerNumber: '123456', apiKey: process.env.TR_KEY });
 * const [stock] = await tucker.checkStock(['1234-5678']);
 * ```
 */
export function createTuckerRocky(options: TuckerRockyOptions = {}): TuckerRockyClient {
  const settings = resolveTuckerRockySettings(options);
  const http = createHttpClient({
    service: SERVICE,
    baseURL: settings.baseURL,
    ...httpTuningOf(options),
    credentials: { searchParams: { apikey: settings.apiKey, cust: settings.customerNumber }, identifiers: ['cust'] },
    mapError: (context) => mapTuckerRockyAuthenticationFailure(context, settings.authenticationFailurePattern),
  });
  return new TuckerRockyClientImplementation(settings, http);
}

/**
 * TRWS answers refused credentials with its own error text (NOT FOUND: recognised with
 * `authenticationFailurePattern`); an HTTP 401/403 is mapped by `@dropship/http`.
 */
function mapTuckerRockyAuthenticationFailure(context: ErrorMappingContext, pattern: RegExp): Error | undefined {
  if (context.status < 200 || context.status >= 300) return undefined;
  const block = answerBlock(context.body);
  if (!block || typeof block.errormsg !== 'string') return undefined;
  if (typeof block.status === 'string' && block.status.trim().toUpperCase() === 'SUCCESSFUL') return undefined;
  if (!pattern.test(block.errormsg)) return undefined;
  const redact = context.redact ?? ((text: string) => text);
  return new AuthenticationError(`tucker-rocky: the credentials were refused: ${redact(block.errormsg)}`, {
    service: SERVICE,
    method: context.method,
    url: context.url,
    status: context.status,
    responseBody: redact(context.text).slice(0, 2_000),
  });
}

class TuckerRockyClientImplementation implements TuckerRockyClient {
  readonly specificationVersion = 'v1' as const;
  readonly distributor = 'tucker-rocky' as const;
  readonly capabilities: DistributorCapabilities;

  // JavaScript-private: `console.log`, `util.inspect` and `JSON.stringify` of the client never
  // show the settings (API key, account number) or the HTTP client.
  readonly #settings: TuckerRockySettings;
  readonly #http: HttpClient;

  constructor(settings: TuckerRockySettings, http: HttpClient) {
    this.#settings = settings;
    this.#http = http;
    this.capabilities = Object.freeze({
      cancel: 'unsupported',
      batchTracking: 'po-list',
      maxTrackingBatch: settings.maxTrackingBatch,
      maxStockBatch: settings.maxStockBatch,
      stockIsFloor: true,
      maxPoNumberLength: settings.maxPoNumberLength,
      validateOnly: true,
    });
  }

  #toItem = (sku: string): string => toTuckerRockyItem(sku, this.#settings.stripDashesFromItems);

  #call<T>(
    type: string,
    parameters: SearchParams,
    schema: z.ZodType<T>,
    options: CallOptions & { retry?: boolean },
  ): Promise<HttpResponse<T>> {
    return this.#http.request({
      method: 'GET',
      path: this.#settings.endpointPath,
      searchParams: { output: 'JSON', type, ...parameters },
      schema,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /** A redacted URL of a call type, for errors raised outside the HTTP layer. */
  #displayUrl(type: string): string {
    return `${this.#settings.baseURL}${this.#settings.endpointPath}?output=JSON&type=${type}&apikey=[REDACTED]&cust=[REDACTED]`;
  }

  /** Throws for a failed answer block unless its text says "nothing found" (then returns true). */
  #checkBlock(type: string, block: { status?: string | undefined; errormsg?: string | undefined }): boolean {
    const status = block.status?.trim().toUpperCase();
    if (status === undefined || status === 'SUCCESSFUL') return false;
    const message = this.#http.redact(block.errormsg?.trim() || `status ${block.status}`);
    if (this.#settings.notFoundPattern.test(message)) return true;
    throw new InvalidRequestError(`tucker-rocky: ${type} call failed: ${message}`, {
      service: SERVICE,
      method: 'GET',
      url: this.#displayUrl(type),
      status: 200,
    });
  }

  async checkStock(skus: readonly string[], options: CallOptions = {}): Promise<StockLevel[]> {
    const { asked, items } = await fetchStockInBatches(
      skus,
      this.#settings.maxStockBatch,
      async (batch) => {
        const type = this.#settings.stockPrices ? 'INP' : 'INV';
        const block = this.#settings.stockPrices
          ? (
              await this.#call(
                'INP',
                { item: batch.map(this.#toItem) },
                tuckerRockyStockAndPriceResponseSchema,
                options,
              )
            ).data.INP
          : (await this.#call('INV', { item: batch.map(this.#toItem) }, tuckerRockyInventoryResponseSchema, options))
              .data.INV;
        if (this.#checkBlock(type, block) && (block.item ?? []).length === 0) {
          return batch.map((sku): StockLevel => ({ sku, found: false, warehouses: [] }));
        }
        return parseTuckerRockyInventory(
          batch,
          { INV: block },
          {
            stockFloor: this.#settings.stockFloor,
            toItem: this.#toItem,
            method: 'GET',
            url: this.#displayUrl(type),
          },
        );
      },
      'Tucker Rocky stock request',
    );
    return stockLevelsAsAsked(asked, items);
  }

  async submitOrder(input: PurchaseOrderRequest, options: CallOptions = {}): Promise<SubmitOrderResult> {
    const request = parseTuckerRockyPurchaseOrderRequest(input, this.#settings);
    const known = request.validateOnly ? undefined : await this.#settings.orderStore.get(request.poNumber);
    if (known) {
      return {
        poNumber: request.poNumber,
        distributorOrderRefs: known.orderNumbers,
        status: 'submitted',
        alreadyExisted: true,
        warnings: [],
      };
    }
    const { parameters, warnings } = convertToTuckerRockyOrder(request, this.#settings);
    if (request.validateOnly) {
      warnings.push({
        type: 'other',
        message:
          'tucker-rocky: validate-only sends submit=NO; that it only checks the order is UNCONFIRMED (no public documentation)',
      });
    }
    const { type, ...query } = parameters;
    const lines = request.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
    const send = async (): Promise<SubmitOrderResult> => {
      // Never retried: the PO is looked up instead (and allowduplicatepo=NO guards the API side).
      const response = await this.#call(type, query, tuckerRockyOrderResponseSchema, { ...options, retry: false });
      return this.#readOrderAnswer(request, response.data, { warnings, lines, options });
    };
    if (request.validateOnly) return send();
    return submitIdempotently({
      service: SERVICE,
      poNumber: request.poNumber,
      // TRWS refuses a second order for the PO number itself: no lookup before sending.
      createRefusesDuplicates: true,
      lookUp: async () => {
        const answer = await this.#lookUpByPo(request.poNumber, options);
        if (answer.outcome === 'found') {
          await this.#settings.orderStore.set(request.poNumber, { orderNumbers: answer.order.orderNumbers, lines });
        }
        return answer;
      },
      submit: send,
      toResult: (found, alreadyExisted) => ({
        poNumber: request.poNumber,
        distributorOrderRefs: found.orderNumbers,
        status: 'submitted',
        alreadyExisted,
        warnings: [...warnings],
      }),
    });
  }

  /** Reads the answer to `type=ORD`: placed, refused as a duplicate (already placed) or rejected. */
  async #readOrderAnswer(
    request: PurchaseOrderRequest,
    answer: TuckerRockyOrderResponse,
    context: { warnings: Warning[]; lines: TuckerRockyOrderRecord['lines']; options: CallOptions },
  ): Promise<SubmitOrderResult> {
    const { warnings, lines, options } = context;
    const outcome = mapTuckerRockyOrderResponse(answer, {
      poNumber: request.poNumber,
      skus: request.lines.map((line) => line.sku),
      toItem: this.#toItem,
      duplicatePoPattern: this.#settings.duplicatePoPattern,
      creditCardPattern: this.#settings.creditCardPattern,
      authenticationFailurePattern: this.#settings.authenticationFailurePattern,
      redact: this.#http.redact,
      url: this.#displayUrl('ORD'),
      rejectionRules: this.#settings.rejectionRules,
    });
    if (outcome.kind === 'rejected') {
      if (outcome.orderNumber !== undefined && !request.validateOnly) {
        await this.#settings.orderStore.set(request.poNumber, { orderNumbers: [outcome.orderNumber], lines });
      }
      throw outcome.error;
    }
    if (outcome.kind === 'duplicate') {
      // The refusal itself proves the order exists; its number is only nice to have.
      const found =
        outcome.orderNumber === undefined
          ? await this.#lookUpByPo(request.poNumber, options).catch(() => undefined)
          : undefined;
      const orderNumbers =
        outcome.orderNumber !== undefined
          ? [outcome.orderNumber]
          : found?.outcome === 'found'
            ? found.order.orderNumbers
            : [];
      if (orderNumbers.length > 0) await this.#settings.orderStore.set(request.poNumber, { orderNumbers, lines });
      const duplicateWarnings: Warning[] =
        orderNumbers.length > 0
          ? []
          : [
              {
                type: 'other',
                message: `tucker-rocky: the API refused PO ${request.poNumber} as a duplicate, so the order exists, but its order number could not be found (${outcome.message})`,
              },
            ];
      return {
        poNumber: request.poNumber,
        distributorOrderRefs: orderNumbers,
        status: 'submitted',
        alreadyExisted: true,
        warnings: [...warnings, ...duplicateWarnings],
      };
    }
    if (request.validateOnly) {
      const priced = pricedLines(answer, request, this.#toItem);
      return {
        poNumber: request.poNumber,
        distributorOrderRefs: [],
        status: 'validated',
        alreadyExisted: false,
        warnings,
        ...(priced ? { lines: priced } : {}),
      };
    }
    const refusedLines = (outcome.refusedLines ?? []).map((line) => ({
      sku: line.sku as string,
      quantity: (lines ?? [])
        .filter((ordered) => ordered.sku === line.sku)
        .reduce((sum, ordered) => sum + ordered.quantity, 0),
      reason: line.reason ?? 'other',
      message: line.message,
    }));
    const refused = new Set(refusedLines.map((line) => line.sku));
    const placedLines = (lines ?? []).filter((line) => !refused.has(line.sku));
    const placedWarnings = [...warnings];
    if (refusedLines.length > 0) {
      placedWarnings.push({
        type: 'other',
        message: `tucker-rocky: order ${outcome.orderNumber ?? ''} was created for PO ${request.poNumber} without ${refusedLines
          .map((line) => `${line.sku} (${line.message})`)
          .join(', ')}; findOrder reports those lines as cancelledLines`,
      });
    }
    const result = acceptedOrderResult(
      SERVICE,
      request.poNumber,
      outcome.orderNumber,
      placedWarnings,
      'an order number',
    );
    await this.#settings.orderStore.set(request.poNumber, {
      orderNumbers: result.distributorOrderRefs,
      lines: placedLines,
      ...(refusedLines.length > 0 ? { refusedLines } : {}),
    });
    return refusedLines.length > 0 ? { ...result, lines: placedLines } : result;
  }

  async findOrder(poNumber: string, options: CallOptions = {}): Promise<DistributorOrder | null> {
    const po = parseWith(poNumberSchema, poNumber, 'Tucker Rocky PO number');
    const [order] = await this.listShipments({ poNumbers: [po] }, options);
    return order ?? null;
  }

  async listShipments(query: ShipmentQuery, options: CallOptions = {}): Promise<DistributorOrder[]> {
    const parsed = parseWith(shipmentQuerySchema, query, 'Tucker Rocky shipment query');
    if (!('poNumbers' in parsed)) {
      throw new ValidationError('Tucker Rocky shipment query', [
        {
          path: '',
          message:
            "TRWS lists shipments by order number only (capabilities.batchTracking is 'po-list'); pass { poNumbers }",
        },
      ]);
    }
    const poNumbers = [...new Set(parsed.poNumbers)];
    const records = new Map<string, TuckerRockyOrderRecord>();
    const looked = new Map<string, TuckerRockyOrderShipments[]>();
    for (const po of poNumbers) {
      const record = await this.#settings.orderStore.get(po);
      if (record && record.orderNumbers.length > 0) {
        records.set(po, record);
        continue;
      }
      const answer = await this.#lookUpByPo(po, options);
      if (answer.outcome === 'not-found') continue;
      if (answer.outcome === 'inconclusive') {
        // Without the lookup (poLookup: false) nothing can be known; a resubmit is safe (allowduplicatepo=NO).
        if (this.#settings.poLookup === false) continue;
        throw inconclusiveLookUpError(SERVICE, po, answer);
      }
      const found = answer.order;
      records.set(po, { orderNumbers: found.orderNumbers, ...(record?.lines ? { lines: record.lines } : {}) });
      looked.set(po, found.orders);
      await this.#settings.orderStore.set(po, records.get(po) as TuckerRockyOrderRecord);
    }
    const toFetch = [...records.entries()]
      .filter(([po]) => !looked.has(po))
      .flatMap(([, record]) => record.orderNumbers);
    const byOrderNumber = new Map<string, TuckerRockyOrderShipments>();
    for (const entries of looked.values()) for (const entry of entries) byOrderNumber.set(entry.orderNumber, entry);
    const batches = chunk([...new Set(toFetch)], this.#settings.maxTrackingBatch);
    const fetched = await Promise.all(batches.map((batch) => this.#shipments({ ordernum: batch }, options)));
    for (const entry of fetched.flat()) byOrderNumber.set(entry.orderNumber, entry);
    return poNumbers.flatMap((po): DistributorOrder[] => {
      const record = records.get(po);
      if (!record) return [];
      const entries = record.orderNumbers.flatMap((orderNumber) => {
        const entry = byOrderNumber.get(orderNumber);
        return entry ? [entry] : [];
      });
      return [toTuckerRockyOrder(po, record, entries)];
    });
  }

  async cancelOrder(poNumber: string): Promise<CancelResult> {
    parseWith(poNumberSchema, poNumber, 'Tucker Rocky PO number');
    return {
      status: 'unsupported',
      warning: {
        type: 'unsupported',
        feature: 'cancel-order',
        message:
          'tucker-rocky: TRWS has no known cancel call (none is publicly documented); ask Tucker Rocky to cancel the order directly',
      },
    };
  }

  async #shipments(parameters: SearchParams, options: CallOptions): Promise<TuckerRockyOrderShipments[]> {
    const { data } = await this.#call('SHP', parameters, tuckerRockyShipmentResponseSchema, options);
    if (this.#checkBlock('SHP', data.SHP)) return [];
    return parseTuckerRockyShipments(data, {
      carrierCodes: this.#settings.carrierCodes,
      now: this.#settings.now,
      rejectionRules: this.#settings.rejectionRules,
    });
  }

  /**
   * The MODELLED lookup by PO number (`poLookup`): found; not found (TRWS's "nothing found" text,
   * or a shipment block without the PO); inconclusive when switched off or the answer is not valid
   * UTF-8. An answer of another shape throws `ResponseParseError`.
   */
  async #lookUpByPo(
    poNumber: string,
    options: CallOptions,
  ): Promise<LookUpAnswer<{ orderNumbers: string[]; orders: TuckerRockyOrderShipments[] }>> {
    const lookup = this.#settings.poLookup;
    if (lookup === false) return lookUpAnswer.inconclusive('the lookup by PO number is switched off (poLookup: false)');
    // The answer is read in the SHP shape, under the key of the call type.
    const schema = z.looseObject({ [lookup.type]: tuckerRockyShipmentBlockSchema });
    const { data, text } = await this.#call(lookup.type, { [lookup.parameter]: poNumber }, schema, options);
    if (hasUndecodableText(text)) return lookUpAnswer.inconclusive('the answer is not valid UTF-8');
    const block = data[lookup.type] as z.infer<typeof tuckerRockyShipmentBlockSchema>;
    if (this.#checkBlock(lookup.type, block)) return lookUpAnswer.notFound();
    const orders = parseTuckerRockyShipments(
      { SHP: block },
      {
        carrierCodes: this.#settings.carrierCodes,
        now: this.#settings.now,
        rejectionRules: this.#settings.rejectionRules,
      },
    ).filter((order) => order.poNumber === poNumber);
    if (orders.length > 0)
      return lookUpAnswer.found({ orderNumbers: orders.map((order) => order.orderNumber), orders });
    // A block that does not say SUCCESSFUL (an empty `{ SHP: {} }`) is no evidence of absence.
    return block.status?.trim().toUpperCase() === 'SUCCESSFUL'
      ? lookUpAnswer.notFound()
      : lookUpAnswer.inconclusive('a shipment block that does not say SUCCESSFUL');
  }
}
