import {
  ApiError,
  type CallOptions,
  type CancelResult,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorOrder,
  type DistributorOrderStatus,
  type DistributorShipment,
  decimalToMinorUnits,
  InvalidRequestError,
  type LineError,
  normalizeCarrier,
  OrderRejectedError,
  type PurchaseOrderRequest,
  parseWith,
  type RejectionReason,
  type ShipmentQuery,
  type StockLevel,
  type SubmitOrderResult,
  trackingUrl,
} from '@dropship/core';
import {
  chunk,
  classifyRejection,
  createHttpClient,
  findWithEvidence,
  type HttpClient,
  type HttpClientOptions,
  type LookUpAnswer,
  lookUpAnswer,
  resolveCredential,
  submitIdempotently,
} from '@dropship/http';
import { z } from 'zod';
import {
  type ReferenceOrder,
  referenceOrderListSchema,
  referenceOrderResponseSchema,
  referenceRejectionSchema,
  referenceStockResponseSchema,
} from './reference-distributor-schemas.js';
import { referenceDistributorLimits } from './reference-distributor-simulator.js';

/** Settings of {@link createReferenceDistributorClient}. */
export interface ReferenceDistributorSettings {
  /** The API key. Default the `REFERENCE_DISTRIBUTOR_API_KEY` environment variable. */
  apiKey?: string;
  /** Default `https://api.reference-distributor.test`. */
  baseURL?: string;
  /** Custom fetch. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Retry policy of reads. */
  retry?: HttpClientOptions['retry'];
  /** Log hook (redacted). */
  onEvent?: HttpClientOptions['onEvent'];
  /** Rate limit per API credential. Default `{ requests: 20, intervalMs: 1_000 }`. */
  rateLimit?: HttpClientOptions['rateLimit'];
}

const service = 'reference-distributor';

/** What a PO submission must look like before anything is sent. */
const purchaseOrderRequestSchema = z.object({
  poNumber: z
    .string()
    .min(1)
    .max(
      referenceDistributorLimits.poNumberLength,
      `must be at most ${referenceDistributorLimits.poNumberLength} characters`,
    )
    .regex(/^[\x20-\x7E]+$/, 'must be printable ASCII'),
  shipTo: z
    .object({
      name: z.string().min(1),
      address1: z.string().min(1),
      city: z.string().min(1),
      region: z.string().min(1),
      postalCode: z.string().min(1),
      country: z.string().length(2),
    })
    .passthrough(),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
});

const statusMap: Record<string, DistributorOrderStatus> = {
  open: 'open',
  partially_shipped: 'partially_shipped',
  shipped: 'shipped',
  cancelled: 'cancelled',
};

const wireReasons: Record<string, RejectionReason> = {
  out_of_stock: 'out-of-stock',
  discontinued: 'discontinued',
  not_drop_shippable: 'not-drop-shippable',
  address_refused: 'address-refused',
  price_changed: 'price-changed',
  other: 'other',
};

/** The SDK's reason of the API's reason code; an unknown code is classified from `message`. */
function toReason(code: string | undefined, message?: string): RejectionReason {
  return (code === undefined ? undefined : wireReasons[code]) ?? classifyRejection(message ?? code);
}

/** Maps the reference API's order to the spec's `DistributorOrder`. */
export function toDistributorOrder(order: ReferenceOrder): DistributorOrder {
  return {
    poNumber: order.po_number,
    distributorOrderRefs: [order.order_number],
    status: statusMap[order.status] ?? 'unknown',
    statusText: order.status,
    ...(order.cancel_reason ? { statusReason: toReason(order.cancel_reason) } : {}),
    ...(order.cancelled_lines && order.cancelled_lines.length > 0
      ? {
          cancelledLines: order.cancelled_lines.map((line) => ({
            sku: line.sku,
            quantity: line.quantity,
            reason: toReason(line.reason, line.message),
            ...(line.message ? { message: line.message } : {}),
          })),
        }
      : {}),
    shipments: order.packages.map((item): DistributorShipment => {
      const carrier = normalizeCarrier(item.carrier);
      const url = trackingUrl(carrier, item.tracking_number);
      return {
        carrier,
        carrierName: item.carrier,
        trackingNumber: item.tracking_number,
        ...(url ? { trackingUrl: url } : {}),
        shippedAt: new Date(item.shipped_at).toISOString(),
        lines: item.lines,
        distributorOrderRef: order.order_number,
      };
    }),
  };
}

/** The `OrderRejectedError` of a 422: the reason and the refused lines the API names, classified. */
function toRejection(poNumber: string, error: InvalidRequestError): OrderRejectedError {
  let body: unknown;
  try {
    body = JSON.parse(error.responseBody ?? '');
  } catch {
    body = undefined;
  }
  const parsed = referenceRejectionSchema.safeParse(body);
  if (!parsed.success) return new OrderRejectedError(service, poNumber, error.responseBody ?? error.message);
  const { reason, message, lines = [] } = parsed.data;
  const lineErrors: LineError[] = lines.map((line) => ({
    sku: line.sku,
    message: line.message,
    reason: toReason(line.reason, line.message),
  }));
  const text = message ?? parsed.data.error;
  return new OrderRejectedError(service, poNumber, text, lineErrors, toReason(reason, text));
}

/**
 * A `DistributorClient` for the reference distributor, built on `@dropship/http`: the smallest
 * complete example of a distributor adapter (validated input, batched stock, idempotent submit
 * with lost-response recovery, tracking, cancel). Copy its shape for a new distributor.
 *
 * @param settings - credentials and transport settings.
 * @throws `MissingCredentialError` when no API key is given or set in the environment.
 */
export function createReferenceDistributorClient(settings: ReferenceDistributorSettings = {}): DistributorClient {
  const apiKey = resolveCredential(settings.apiKey, 'REFERENCE_DISTRIBUTOR_API_KEY', service, 'apiKey');
  const http: HttpClient = createHttpClient({
    service,
    baseURL: settings.baseURL ?? 'https://api.reference-distributor.test',
    credentials: { headers: { 'X-Api-Key': apiKey } },
    rateLimit: settings.rateLimit ?? { requests: 20, intervalMs: 1_000 },
    concurrency: 4,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  });

  const capabilities: DistributorCapabilities = {
    cancel: 'supported',
    batchTracking: 'po-list',
    maxTrackingBatch: referenceDistributorLimits.orderBatch,
    maxStockBatch: referenceDistributorLimits.stockBatch,
    stockIsFloor: false,
    maxPoNumberLength: referenceDistributorLimits.poNumberLength,
    validateOnly: false,
  };

  async function findOrders(poNumbers: readonly string[], options?: CallOptions): Promise<ReferenceOrder[]> {
    const found: ReferenceOrder[] = [];
    for (const batch of chunk(poNumbers, referenceDistributorLimits.orderBatch)) {
      const { data } = await http.request({
        path: '/v1/orders',
        searchParams: { po_number: batch },
        schema: referenceOrderListSchema,
        signal: options?.signal,
      });
      found.push(...data.orders);
    }
    return found;
  }

  async function findOrder(poNumber: string, options?: CallOptions): Promise<DistributorOrder | null> {
    const [order] = await findOrders([poNumber], options);
    return order ? toDistributorOrder(order) : null;
  }

  function existing(
    order: DistributorOrder,
    alreadyExisted: boolean,
    warnings: SubmitOrderResult['warnings'] = [],
  ): SubmitOrderResult {
    return {
      poNumber: order.poNumber,
      distributorOrderRefs: order.distributorOrderRefs,
      status: 'submitted',
      alreadyExisted,
      warnings,
    };
  }

  return {
    specificationVersion: 'v1',
    distributor: service,
    capabilities,

    async checkStock(skus, options) {
      const bySku = new Map<string, StockLevel>();
      for (const batch of chunk([...new Set(skus)], referenceDistributorLimits.stockBatch)) {
        const { data } = await http.request({
          path: '/v1/stock',
          searchParams: { sku: batch },
          schema: referenceStockResponseSchema,
          signal: options?.signal,
        });
        for (const item of data.items) {
          const unitCost = item.price === undefined ? undefined : decimalToMinorUnits(item.price, 'USD');
          bySku.set(item.sku, {
            sku: item.sku,
            found: true,
            ...(unitCost === undefined ? {} : { unitCost }),
            warehouses: item.warehouses.map((warehouse) => ({
              warehouse: warehouse.code,
              quantity: warehouse.available,
              isFloor: false,
            })),
          });
        }
      }
      return skus.map((sku) => bySku.get(sku) ?? { sku, found: false, warehouses: [] });
    },

    async submitOrder(request: PurchaseOrderRequest, options) {
      parseWith(purchaseOrderRequestSchema, request, 'purchase order request');
      // Evidence only in the list's own shape: an answer of another shape throws ResponseParseError
      // (inconclusive: nothing is sent); a well-formed list without the PO is "not placed".
      const lookUp = async (): Promise<LookUpAnswer<DistributorOrder>> => {
        const [order] = await findOrders([request.poNumber], options);
        return order ? lookUpAnswer.found(toDistributorOrder(order)) : lookUpAnswer.notFound();
      };
      return submitIdempotently({
        service,
        poNumber: request.poNumber,
        lookUp,
        submit: async () => {
          try {
            const { data } = await http.request({
              method: 'POST',
              path: '/v1/orders',
              json: {
                po_number: request.poNumber,
                ship_to: request.shipTo,
                lines: request.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
                note: request.note,
              },
              schema: referenceOrderResponseSchema,
              signal: options?.signal,
            });
            return existing(toDistributorOrder(data.order), false);
          } catch (error) {
            // 409: another worker placed it meanwhile; the order is looked up, never sent again.
            if (ApiError.isInstance(error) && error.status === 409) {
              const placed = await findWithEvidence(service, request.poNumber, lookUp);
              if (placed) return existing(placed, true);
            }
            if (InvalidRequestError.isInstance(error)) throw toRejection(request.poNumber, error);
            throw error;
          }
        },
        toResult: (order, alreadyExisted) => existing(order, alreadyExisted),
      });
    },

    findOrder,

    async listShipments(query: ShipmentQuery, options) {
      if ('poNumbers' in query) return (await findOrders(query.poNumbers, options)).map(toDistributorOrder);
      const { data } = await http.request({
        path: '/v1/orders',
        searchParams: { shipped_from: query.from, shipped_to: query.to },
        schema: referenceOrderListSchema,
        signal: options?.signal,
      });
      return data.orders.map(toDistributorOrder);
    },

    async cancelOrder(poNumber, options): Promise<CancelResult> {
      const response = await http.request({
        method: 'POST',
        path: `/v1/orders/${encodeURIComponent(poNumber)}/cancel`,
        acceptStatus: [409],
        schema: referenceOrderResponseSchema,
        signal: options?.signal,
      });
      if (response.status === 409) {
        return {
          status: 'unsupported',
          warning: {
            type: 'unsupported',
            feature: 'cancel-order',
            message: `PO ${poNumber} has shipped and can no longer be cancelled`,
          },
        };
      }
      return { status: 'cancelled' };
    },
  };
}
