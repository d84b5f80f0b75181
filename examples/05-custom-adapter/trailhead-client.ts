import {
  type CallOptions,
  type CancelResult,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorOrder,
  type DistributorOrderStatus,
  type DistributorShipment,
  InvalidRequestError,
  NetworkError,
  normalizeCarrier,
  OrderRejectedError,
  type PurchaseOrderRequest,
  parseWith,
  ServerError,
  type StockLevel,
  type SubmitOrderResult,
  trackingUrl,
} from '@dropship/core';
import { createHttpClient, type HttpClientOptions, resolveCredential } from '@dropship/http';
import { z } from 'zod';
import {
  type TrailheadOrder,
  trailheadAvailabilityResponseSchema,
  trailheadOrderResponseSchema,
  trailheadShipmentPageSchema,
} from './trailhead-schemas.js';

/** Settings of {@link createTrailhead}. */
export interface TrailheadSettings {
  /** The API key. Default the `TRAILHEAD_API_KEY` environment variable. */
  apiKey?: string;
  /** Default `https://api.trailhead-moto.test`. */
  baseURL?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Retry policy of reads (orders are never retried blindly). */
  retry?: HttpClientOptions['retry'];
  /** Default 10 requests per second per key. */
  rateLimit?: HttpClientOptions['rateLimit'];
}

const service = 'trailhead';
const maxPartsPerCall = 40;

/** What Trailhead needs in an order; checked before anything is sent. */
const orderRequestSchema = z.object({
  poNumber: z
    .string()
    .min(1)
    .max(24, 'must be at most 24 characters')
    .regex(/^[A-Za-z0-9-]+$/, 'must be letters, digits and -'),
  shipTo: z.object({
    name: z.string().min(1).max(40, 'must be at most 40 characters'),
    address1: z.string().min(1),
    city: z.string().min(1),
    region: z.string().min(1),
    postalCode: z.string().min(1),
    country: z.literal('US', 'Trailhead ships in the US only'),
  }),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
});

const statuses: Record<string, DistributorOrderStatus> = {
  received: 'open',
  picking: 'open',
  partial: 'partially_shipped',
  complete: 'shipped',
  void: 'cancelled',
};

function toShipment(orderId: string, item: TrailheadOrder['packages'][number]): DistributorShipment {
  const carrier = normalizeCarrier(item.carrier);
  const url = trackingUrl(carrier, item.tracking);
  return {
    carrier,
    carrierName: item.carrier,
    trackingNumber: item.tracking,
    ...(url ? { trackingUrl: url } : {}),
    shippedAt: new Date(item.shipped_on).toISOString(),
    lines: item.items.map((line) => ({ sku: line.part, quantity: line.qty })),
    distributorOrderRef: orderId,
  };
}

function toDistributorOrder(order: TrailheadOrder): DistributorOrder {
  return {
    poNumber: order.po,
    distributorOrderRefs: [order.order_id],
    status: statuses[order.status] ?? 'unknown',
    statusText: order.status,
    shipments: order.packages.map((item) => toShipment(order.order_id, item)),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/**
 * A `DistributorClient` for the made-up distributor Trailhead Moto Supply, built on
 * `@dropship/http` (credentials, retries of reads, rate limit, typed errors, redaction).
 *
 * @param settings - API key and transport settings.
 * @throws `MissingCredentialError` when there is no API key.
 */
export function createTrailhead(settings: TrailheadSettings = {}): DistributorClient {
  const apiKey = resolveCredential(settings.apiKey, 'TRAILHEAD_API_KEY', service, 'apiKey');
  const http = createHttpClient({
    service,
    baseURL: settings.baseURL ?? 'https://api.trailhead-moto.test',
    credentials: { headers: { Authorization: `Token ${apiKey}` } },
    rateLimit: settings.rateLimit ?? { requests: 10, intervalMs: 1_000 },
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
  });

  const capabilities: DistributorCapabilities = {
    cancel: 'supported',
    batchTracking: 'date-range',
    maxTrackingBatch: 1,
    maxStockBatch: maxPartsPerCall,
    stockIsFloor: false,
    maxPoNumberLength: 24,
    validateOnly: false,
  };

  const orderPath = (poNumber: string) => `/v2/orders/${encodeURIComponent(poNumber)}`;

  async function findOrder(poNumber: string, options?: CallOptions): Promise<DistributorOrder | null> {
    const response = await http.request({
      path: orderPath(poNumber),
      acceptStatus: [404],
      schema: trailheadOrderResponseSchema,
      signal: options?.signal,
    });
    return response.status === 404 ? null : toDistributorOrder(response.data.order);
  }

  return {
    specificationVersion: 'v1',
    distributor: service,
    capabilities,

    async checkStock(skus, options) {
      const bySku = new Map<string, StockLevel>();
      for (const parts of chunk([...new Set(skus)], maxPartsPerCall)) {
        const { data } = await http.request({
          path: '/v2/availability',
          searchParams: { parts: parts.join(',') },
          schema: trailheadAvailabilityResponseSchema,
          signal: options?.signal,
        });
        for (const result of data.results) {
          bySku.set(result.part, {
            sku: result.part,
            found: result.known,
            warehouses: Object.entries(result.branches).map(([warehouse, quantity]) => ({
              warehouse,
              quantity,
              isFloor: false,
            })),
          });
        }
      }
      return skus.map((sku) => bySku.get(sku) ?? { sku, found: false, warehouses: [] });
    },

    async submitOrder(request: PurchaseOrderRequest, options): Promise<SubmitOrderResult> {
      parseWith(orderRequestSchema, request, 'Trailhead purchase order');
      const result = (
        order: TrailheadOrder,
        alreadyExisted: boolean,
        warnings: SubmitOrderResult['warnings'] = [],
      ) => ({
        poNumber: order.po,
        distributorOrderRefs: [order.order_id],
        status: 'submitted' as const,
        alreadyExisted,
        warnings,
      });
      try {
        // PUT by PO number: Trailhead answers 200 with the existing order instead of making a second one.
        const response = await http.request({
          method: 'PUT',
          path: orderPath(request.poNumber),
          json: {
            ship_to: request.shipTo,
            items: request.lines.map((line) => ({ part: line.sku, qty: line.quantity })),
          },
          schema: trailheadOrderResponseSchema,
          signal: options?.signal,
        });
        return result(response.data.order, response.status === 200);
      } catch (error) {
        if (InvalidRequestError.isInstance(error)) {
          throw new OrderRejectedError(service, request.poNumber, error.responseBody ?? error.message);
        }
        // No answer or a 5xx: Trailhead may hold the order. Look it up instead of guessing.
        if (NetworkError.isInstance(error) || ServerError.isInstance(error)) {
          const found = await http
            .request({ path: orderPath(request.poNumber), acceptStatus: [404], schema: trailheadOrderResponseSchema })
            .catch(() => undefined);
          if (found !== undefined && found.status !== 404) {
            return result(found.data.order, false, [
              { type: 'other', message: 'the answer to the order was lost; the order was found by its PO number' },
            ]);
          }
        }
        throw error;
      }
    },

    findOrder,

    async listShipments(query, options) {
      if ('poNumbers' in query) {
        const found = await Promise.all([...new Set(query.poNumbers)].map((poNumber) => findOrder(poNumber, options)));
        return found.filter((order): order is DistributorOrder => order !== null);
      }
      const byPo = new Map<string, DistributorOrder>();
      for (let page: number | null = 1; page !== null; ) {
        const { data }: { data: z.infer<typeof trailheadShipmentPageSchema> } = await http.request({
          path: '/v2/shipments',
          searchParams: { since: query.from, until: query.to, page },
          schema: trailheadShipmentPageSchema,
          signal: options?.signal,
        });
        for (const row of data.shipments) {
          const order = byPo.get(row.po) ?? {
            poNumber: row.po,
            distributorOrderRefs: [row.order_id],
            status: statuses[row.order_status] ?? 'unknown',
            statusText: row.order_status,
            shipments: [],
          };
          order.shipments.push(toShipment(row.order_id, row));
          byPo.set(row.po, order);
        }
        page = data.next_page;
      }
      return [...byPo.values()];
    },

    async cancelOrder(poNumber, options): Promise<CancelResult> {
      const response = await http.request({
        method: 'DELETE',
        path: orderPath(poNumber),
        acceptStatus: [409],
        schema: trailheadOrderResponseSchema,
        signal: options?.signal,
      });
      if (response.status === 409) {
        return {
          status: 'unsupported',
          warning: {
            type: 'unsupported',
            feature: 'cancel-order',
            message: `PO ${poNumber} has shipped: Trailhead can no longer cancel it`,
          },
        };
      }
      return { status: 'cancelled' };
    },
  };
}
