import {
  createCallRecorder,
  createFaultInjector,
  createIdGenerator,
  createOrderBook,
  createTrackingNumberGenerator,
  type DistributorSimulator,
  type SimulatedOrder,
  type SimulatedProduct,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';

/** Options of {@link createTrailheadSimulator}. */
export interface TrailheadSimulatorOptions {
  /** Default `https://api.trailhead-moto.test`. */
  baseURL?: string;
  /** The API key it accepts. Default `trailhead-simulator-key`. */
  apiKey?: string;
  /** Shipment rows per page. Default 25. */
  pageSize?: number;
}

/** The Trailhead simulator: the shared control surface plus the key it accepts. */
export interface TrailheadSimulator extends DistributorSimulator {
  readonly apiKey: string;
}

/** Most parts per availability call. */
export const trailheadMaxPartsPerCall = 40;

const statusText: Record<SimulatedOrder['status'], string> = {
  open: 'received',
  partially_shipped: 'partial',
  shipped: 'complete',
  cancelled: 'void',
};

function orderBody(order: SimulatedOrder) {
  return {
    order_id: order.reference,
    po: order.poNumber,
    status: statusText[order.status],
    items: order.lines.map((line) => ({ part: line.sku, qty: line.quantity })),
    packages: order.shipments.map((shipment) => ({
      tracking: shipment.trackingNumber,
      carrier: shipment.carrier,
      shipped_on: shipment.shippedAt,
      items: shipment.lines.map((line) => ({ part: line.sku, qty: line.quantity })),
    })),
  };
}

/**
 * A stateful fake of Trailhead's API (see `trailhead-schemas.ts` for the API) as MSW handlers
 * over in-memory state, built from the pieces every simulator of the SDK uses: an order book
 * (one order per PO unless a client misbehaves), a fault injector and a call recorder.
 *
 * @param options - base URL, accepted key, page size.
 */
export function createTrailheadSimulator(options: TrailheadSimulatorOptions = {}): TrailheadSimulator {
  const baseURL = (options.baseURL ?? 'https://api.trailhead-moto.test').replace(/\/+$/, '');
  const apiKey = options.apiKey ?? 'trailhead-simulator-key';
  const pageSize = options.pageSize ?? 25;
  const products = new Map<string, SimulatedProduct>();
  const nextOrderId = createIdGenerator('TH-');
  const book = createOrderBook({ nextTrackingNumber: createTrackingNumberGenerator('fedex', 5) });
  const faults = createFaultInjector({ timeoutDelayMs: 1_000 });
  const calls = createCallRecorder();

  const problem = (status: number, message: string) => HttpResponse.json({ error: message }, { status });
  const serve = (operation: string, request: Request, perform: () => Response | Promise<Response>) => {
    calls.record(operation);
    return faults.serve(operation, () =>
      request.headers.get('authorization') === `Token ${apiKey}` ? perform() : problem(401, 'bad api key'),
    );
  };

  const handlers: RequestHandler[] = [
    http.get(`${baseURL}/v2/availability`, ({ request }) =>
      serve(standardOperations.stock, request, () => {
        const parts = (new URL(request.url).searchParams.get('parts') ?? '').split(',').filter(Boolean);
        if (parts.length === 0 || parts.length > trailheadMaxPartsPerCall) {
          return problem(400, `between 1 and ${trailheadMaxPartsPerCall} parts`);
        }
        return HttpResponse.json({
          results: parts.map((part) => {
            const product = products.get(part);
            return { part, known: product !== undefined, branches: { ...(product?.stock ?? {}) } };
          }),
        });
      }),
    ),
    http.put(`${baseURL}/v2/orders/:po`, ({ request, params }) =>
      serve(standardOperations.submit, request, async () => {
        const po = String(params.po);
        const existing = book.find(po);
        if (existing) return HttpResponse.json({ order: orderBody(existing) }, { status: 200 });
        const body = (await request.json().catch(() => null)) as { items?: { part?: unknown; qty?: unknown }[] } | null;
        const lines = (body?.items ?? []).map((item) => ({ sku: String(item.part), quantity: Number(item.qty) }));
        const unknown = lines.filter((line) => !products.has(line.sku));
        if (lines.length === 0 || unknown.length > 0) {
          return problem(
            422,
            unknown.length > 0 ? `unknown part ${unknown.map((line) => line.sku).join(', ')}` : 'no items',
          );
        }
        const order = book.add({ poNumber: po, reference: nextOrderId(), lines, status: 'open', shipments: [] });
        return HttpResponse.json({ order: orderBody(order) }, { status: 201 });
      }),
    ),
    http.get(`${baseURL}/v2/orders/:po`, ({ request, params }) =>
      serve(standardOperations.findOrder, request, () => {
        const order = book.find(String(params.po));
        return order ? HttpResponse.json({ order: orderBody(order) }) : problem(404, 'no such order');
      }),
    ),
    http.get(`${baseURL}/v2/shipments`, ({ request }) =>
      serve(standardOperations.shipments, request, () => {
        const query = new URL(request.url).searchParams;
        const since = query.get('since') ?? '';
        const until = query.get('until') ?? '';
        const page = Number(query.get('page') ?? '1');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || !/^\d{4}-\d{2}-\d{2}$/.test(until)) {
          return problem(400, 'since and until (YYYY-MM-DD) are required');
        }
        const rows = book.all().flatMap((order) =>
          order.shipments
            .filter((shipment) => shipment.shippedAt.slice(0, 10) >= since && shipment.shippedAt.slice(0, 10) <= until)
            .map((shipment) => ({
              po: order.poNumber,
              order_id: order.reference,
              order_status: statusText[order.status],
              tracking: shipment.trackingNumber,
              carrier: shipment.carrier,
              shipped_on: shipment.shippedAt,
              items: shipment.lines.map((line) => ({ part: line.sku, qty: line.quantity })),
            })),
        );
        const start = (page - 1) * pageSize;
        return HttpResponse.json({
          shipments: rows.slice(start, start + pageSize),
          next_page: start + pageSize < rows.length ? page + 1 : null,
        });
      }),
    ),
    http.delete(`${baseURL}/v2/orders/:po`, ({ request, params }) =>
      serve(standardOperations.cancel, request, () => {
        const po = String(params.po);
        const order = book.find(po);
        if (!order) return problem(404, 'no such order');
        if (order.status !== 'open' && order.status !== 'cancelled') return problem(409, 'already shipped');
        book.cancel(po);
        return HttpResponse.json({ order: orderBody(order) });
      }),
    ),
  ];

  return {
    distributor: 'trailhead',
    handlers,
    baseURL,
    apiKey,
    addProduct(product) {
      products.set(product.sku, { ...product, stock: { ...product.stock } });
    },
    setStock(sku, warehouse, quantity) {
      const product = products.get(sku);
      if (!product) throw new Error(`Trailhead simulator: unknown part ${sku}`);
      product.stock[warehouse] = quantity;
    },
    orderCount: (poNumber) => book.count(poNumber),
    orders: () => book.all(),
    shipOrder: (poNumber, shipOptions) => book.ship(poNumber, { carrier: 'FedEx', ...shipOptions }),
    injectFault: (fault) => faults.inject(fault),
    callCount: (operation) => calls.count(operation),
    reset(resetOptions) {
      book.clear();
      faults.reset();
      calls.reset();
      if (resetOptions?.all) products.clear();
    },
  };
}
