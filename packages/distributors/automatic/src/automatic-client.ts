import {
  type ApiError,
  type CallOptions,
  type CancelResult,
  ConfigurationError,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorOrder,
  InvalidRequestError,
  NotFoundError,
  OrderRejectedError,
  parseWith,
  type SubmitOrderResult,
} from '@dropship/core';
import {
  createHttpClient,
  createShipmentQuerySchema,
  fetchStockInBatches,
  findWithEvidence,
  type HttpClient,
  type HttpCredentials,
  hasUndecodableText,
  httpTuningOf,
  type LookUpAnswer,
  lookUpAnswer,
  resolveCredential,
  submitIdempotently,
  validatedLocallyResult,
} from '@dropship/http';
import {
  AUTOMATIC_API_TOKEN_ENVIRONMENT_VARIABLE,
  AUTOMATIC_BASE_URL_ENVIRONMENT_VARIABLE,
  AUTOMATIC_MAX_PO_NUMBER_LENGTH,
  type AutomaticPaths,
  automaticDefaultPaths,
} from './automatic-constants.js';
import { type AutomaticAuthOptions, type AutomaticOptions, automaticOptionsSchema } from './automatic-options.js';
import {
  type AutomaticInventoryItem,
  type AutomaticOrder,
  automaticCreateOrderResponseSchema,
  automaticInventoryResponseSchema,
  automaticOrderListSchema,
  automaticOrderLookupSchema,
} from './automatic-schemas.js';
import { classifyAutomaticRefusal } from './classify-automatic-refusal.js';
import { convertToAutomaticOrder } from './convert-to-automatic-order.js';
import { mapAutomaticStockLevels } from './map-automatic-inventory.js';
import { automaticOrderReference, groupAutomaticOrdersByPoNumber, mapAutomaticOrders } from './map-automatic-order.js';
import {
  automaticPoNumberSchema,
  parseAutomaticPurchaseOrderRequest,
} from './parse-automatic-purchase-order-request.js';
import { splitAutomaticDateRange } from './split-automatic-date-range.js';

const service = 'automatic';

/** The Automatic Distributors client: a `DistributorClient` (v1) over the (mostly modelled) v2 API. */
export interface AutomaticClient extends DistributorClient {
  readonly distributor: 'automatic';
}

const shipmentQuerySchema = createShipmentQuerySchema({ poNumber: automaticPoNumberSchema, dateTimes: true });

/**
 * The error for a 404 from a modelled path. A 404 is what a wrong path answers, so it is never
 * read as "no order" (which would disable the duplicate check) nor as "revoked" (which would
 * report a placed order cancelled).
 */
function wrongPathError(option: 'orderLookup' | 'revokeOrders', path: string, cause: unknown): ConfigurationError {
  return new ConfigurationError(
    `${service}: ${path} answered HTTP 404. The path is modelled (Automatic's v2 API is not public), so a 404 is read as a wrong path, never as "no order" or "cancelled": check paths.${option} against the specification from it@autodist.com.`,
    { cause },
  );
}

function credentialsFor(auth: AutomaticAuthOptions, apiToken: string): HttpCredentials {
  if (auth.placement === 'query') return { searchParams: { [auth.name ?? '']: apiToken } };
  if (auth.placement === 'header') return { headers: { [auth.name ?? '']: apiToken } };
  return { headers: { authorization: `Bearer ${apiToken}` } };
}

function messageOf(error: ApiError): string {
  const body = (error.responseBody ?? '').replace(/\s+/g, ' ').trim();
  return body ? `${body.slice(0, 300)} (HTTP ${error.status})` : `HTTP ${error.status}`;
}

/**
 * Creates an Automatic Distributors client. Built on what is public about the v2 API (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source:
 * `/order/create`, `header.ponumber`, PO numbers of at most 22 ASCII printable characters,
 * order lookups and range endpoints of at most 365 days, revoking every order of a PO, separate
 * tracking and PRO numbers); the base URL, the token placement, the other paths and the bodies
 * are NOT FOUND and are configurable (see the README's "Verified vs modelled").
 *
 * - `submitOrder` looks the PO up first and returns the existing order (`alreadyExisted`); a
 *   failure of the create call that may have acted is followed by a lookup, never by a blind resend
 *   (`submitIdempotently` of `@dropship/http`), and by default never resent at all
 *   (`submitRecoveryAttempts` 0). "Not placed" needs evidence: an `{ orders: [...] }` answer
 *   without the PO; anything else is inconclusive and nothing is sent. A 404 from the look-up or
 *   the revoke path is a `ConfigurationError` naming the path (a wrong path answers 404).
 * - `cancelOrder` is `unsupported` (a warning, nothing sent) until `verifiedPaths` lists
 *   `revokeOrders`; then it revokes every order of the PO and looks the PO up: `cancelled` only
 *   when every order shows revoked, else `requested`.
 * - `listShipments` by date range splits the range into windows of at most 365 days.
 *
 * @param options - token, base URL and settings; see {@link AutomaticOptions}.
 * @throws `MissingCredentialError` without a token; `ConfigurationError` without a base URL; `ValidationError` for a bad option.
 * @example
 * ```ts
 * const automatic = createAutomatic({ apiToken: process.env.AUTOMATIC_API_TOKEN, baseURL: 'https://<host from your AD rep>/v2' });
 * const [stock] = await automatic.checkStock(['AD-1001']);
 * ```
 */
export function createAutomatic(options: AutomaticOptions = {}): AutomaticClient {
  const settings = parseWith(automaticOptionsSchema, options, 'Automatic Distributors options');
  const apiToken = resolveCredential(settings.apiToken, AUTOMATIC_API_TOKEN_ENVIRONMENT_VARIABLE, service, 'apiToken');
  const baseURL = settings.baseURL ?? process.env[AUTOMATIC_BASE_URL_ENVIRONMENT_VARIABLE]?.trim();
  if (!baseURL) {
    throw new ConfigurationError(
      `${service}: no base URL. The Automatic Distributors v2 API address is not public; ask it@autodist.com and pass it as \`baseURL\` or set ${AUTOMATIC_BASE_URL_ENVIRONMENT_VARIABLE}.`,
    );
  }
  const auth: AutomaticAuthOptions = settings.auth ?? { placement: 'bearer' };
  const paths: AutomaticPaths = { ...automaticDefaultPaths, ...settings.paths };
  const stockBatchSize = settings.stockBatchSize ?? 25;
  const statusMap = settings.statusMap ?? {};
  const submitRecoveryAttempts = settings.submitRecoveryAttempts ?? 0;
  const revokePathVerified = settings.verifiedPaths?.includes('revokeOrders') ?? false;
  const rejectionRules = settings.rejectionReasons ?? [];

  const http: HttpClient = createHttpClient({
    service,
    baseURL,
    credentials: credentialsFor(auth, apiToken),
    headers: { 'content-type': 'application/json' },
    ...httpTuningOf(settings),
  });

  const capabilities: DistributorCapabilities = Object.freeze({
    cancel: revokePathVerified ? 'supported' : 'unsupported',
    batchTracking: 'date-range',
    maxTrackingBatch: 1,
    maxStockBatch: stockBatchSize,
    stockIsFloor: settings.inventoryCap !== undefined,
    maxPoNumberLength: AUTOMATIC_MAX_PO_NUMBER_LENGTH,
    validateOnly: false,
  });

  function withSignal(callOptions: CallOptions | undefined): { signal?: AbortSignal } {
    return callOptions?.signal ? { signal: callOptions.signal } : {};
  }

  /** The lookup by PO number as a three-way answer (errors are thrown). */
  async function lookUpOrders(poNumber: string, callOptions?: CallOptions): Promise<LookUpAnswer<AutomaticOrder[]>> {
    const response = await http
      .request<unknown>({ path: paths.orderLookup, searchParams: { ponumber: poNumber }, ...withSignal(callOptions) })
      .catch((error: unknown) => {
        throw NotFoundError.isInstance(error) ? wrongPathError('orderLookup', paths.orderLookup, error) : error;
      });
    if (hasUndecodableText(response.text)) return lookUpAnswer.inconclusive('the answer is not valid UTF-8');
    const parsed = automaticOrderLookupSchema.safeParse(response.data);
    if (!parsed.success) {
      return lookUpAnswer.inconclusive(`HTTP ${response.status} without the \`orders\` list of the lookup`);
    }
    const orders = parsed.data.orders.filter((order) => order.header.ponumber === poNumber);
    return orders.length > 0 ? lookUpAnswer.found(orders) : lookUpAnswer.notFound();
  }

  /** The orders of a PO; empty only on evidence that there are none, else a typed error. */
  async function findOrders(poNumber: string, callOptions?: CallOptions): Promise<AutomaticOrder[]> {
    return (await findWithEvidence(service, poNumber, () => lookUpOrders(poNumber, callOptions))) ?? [];
  }

  function existingResult(
    poNumber: string,
    orders: readonly AutomaticOrder[],
    alreadyExisted: boolean,
  ): SubmitOrderResult {
    return {
      poNumber,
      distributorOrderRefs: [...new Set(orders.flatMap((order) => automaticOrderReference(order.header) ?? []))],
      status: 'submitted',
      alreadyExisted,
      warnings: [],
    };
  }

  /** The create call, once; a refusal becomes `OrderRejectedError`, classified (`classifyAutomaticRefusal`). */
  async function createOrder(
    poNumber: string,
    body: unknown,
    skus: readonly string[],
    callOptions?: CallOptions,
  ): Promise<SubmitOrderResult> {
    try {
      const { data } = await http.request({
        method: 'POST',
        path: paths.createOrder,
        json: body,
        schema: automaticCreateOrderResponseSchema,
        retry: false,
        ...withSignal(callOptions),
      });
      const reference = automaticOrderReference(data.header);
      return {
        poNumber,
        distributorOrderRefs: reference ? [reference] : [],
        status: 'submitted',
        alreadyExisted: false,
        warnings: [],
      };
    } catch (error) {
      if (InvalidRequestError.isInstance(error) || NotFoundError.isInstance(error)) {
        const refusal = classifyAutomaticRefusal(error.responseBody, skus, rejectionRules);
        const rejected = new OrderRejectedError(
          service,
          poNumber,
          messageOf(error),
          refusal.lineErrors,
          refusal.reason,
        );
        Object.defineProperty(rejected, 'cause', {
          value: error,
          enumerable: false,
          configurable: true,
          writable: true,
        });
        throw rejected;
      }
      throw error;
    }
  }

  function toOrder(poNumber: string, orders: readonly AutomaticOrder[]): DistributorOrder {
    return mapAutomaticOrders(poNumber, orders, { statusMap, rejectionRules, observedAt: new Date().toISOString() });
  }

  async function fetchInventory(skus: readonly string[], callOptions?: CallOptions): Promise<AutomaticInventoryItem[]> {
    const { data } = await http.request({
      path: paths.inventory,
      searchParams: { partNumbers: skus.join(',') },
      schema: automaticInventoryResponseSchema,
      ...withSignal(callOptions),
    });
    return data.items;
  }

  return {
    specificationVersion: 'v1',
    distributor: 'automatic',
    capabilities,

    async checkStock(skus, callOptions) {
      const { asked, items } = await fetchStockInBatches(skus, stockBatchSize, (batch) =>
        fetchInventory(batch, callOptions),
      );
      return mapAutomaticStockLevels(asked, items, settings.inventoryCap);
    },

    async submitOrder(input, callOptions) {
      const request = parseAutomaticPurchaseOrderRequest(input);
      const { poNumber } = request;
      if (request.validateOnly) return validatedLocallyResult(service, poNumber, 'required fields, PO number rules');
      const body = convertToAutomaticOrder(request, settings.defaultShipMethod);
      return submitIdempotently({
        service,
        poNumber,
        lookUp: () => lookUpOrders(poNumber, callOptions),
        submit: () =>
          createOrder(
            poNumber,
            body,
            request.lines.map((line) => line.sku),
            callOptions,
          ),
        toResult: (orders, alreadyExisted) => existingResult(poNumber, orders, alreadyExisted),
        resendAttempts: submitRecoveryAttempts,
      });
    },

    async findOrder(poNumber, callOptions) {
      const po = parseWith(automaticPoNumberSchema, poNumber, 'PO number');
      const orders = await findOrders(po, callOptions);
      return orders.length > 0 ? toOrder(po, orders) : null;
    },

    async listShipments(query, callOptions) {
      const parsed = parseWith(shipmentQuerySchema, query, 'shipment query');
      if ('poNumbers' in parsed) {
        const unique = [...new Set(parsed.poNumbers)];
        const found = await Promise.all(unique.map(async (po) => [po, await findOrders(po, callOptions)] as const));
        return found.flatMap(([po, orders]) => (orders.length > 0 ? [toOrder(po, orders)] : []));
      }
      const windows = splitAutomaticDateRange(parsed.from, parsed.to);
      const pages = await Promise.all(
        windows.map((window) =>
          http.request({
            path: paths.orderRange,
            searchParams: { ...window },
            schema: automaticOrderListSchema,
            ...withSignal(callOptions),
          }),
        ),
      );
      return groupAutomaticOrdersByPoNumber(
        pages.flatMap((page) => page.data.orders),
        { statusMap, rejectionRules, observedAt: new Date().toISOString() },
      );
    },

    async cancelOrder(poNumber, callOptions): Promise<CancelResult> {
      const po = parseWith(automaticPoNumberSchema, poNumber, 'PO number');
      if (!revokePathVerified) {
        return {
          status: 'unsupported',
          warning: {
            type: 'unsupported',
            feature: 'cancel-order',
            message: `${service}: nothing was sent for PO ${po}. The revoke path (${paths.revokeOrders}) is modelled; once you have checked paths.revokeOrders against Automatic's v2 specification, list 'revokeOrders' in verifiedPaths. Until then, ask Automatic Distributors to revoke the PO.`,
          },
        };
      }
      // Revoking every order of a PO twice changes nothing, so the call may be retried.
      await http
        .request({
          method: 'POST',
          path: paths.revokeOrders,
          json: { ponumber: po },
          retry: true,
          ...withSignal(callOptions),
        })
        .catch((error: unknown) => {
          throw NotFoundError.isInstance(error) ? wrongPathError('revokeOrders', paths.revokeOrders, error) : error;
        });
      // The revoke answer is not documented, so any 2xx proves nothing: "cancelled" only when the
      // order lookup shows every order of the PO revoked (or none at all); else only requested.
      // An inconclusive lookup throws a typed error.
      const orders = await findOrders(po, callOptions);
      return orders.length === 0 || toOrder(po, orders).status === 'cancelled'
        ? { status: 'cancelled' }
        : { status: 'requested' };
    },
  };
}
