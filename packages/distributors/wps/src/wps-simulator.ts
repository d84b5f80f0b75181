import type { RejectionReason } from '@dropship/core';
import {
  cancelHeldLines,
  createCallRecorder,
  createFaultInjector,
  createIdGenerator,
  createOrderBook,
  createRejectionQueue,
  createTrackingNumberGenerator,
  type DistributorSimulator,
  echoInErrorAnswer,
  echoRequest,
  type Fault,
  type ShipOptions,
  type SimulatedOrder,
  type SimulatedProduct,
  type SimulatedSideCancellation,
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import {
  type WpsWarehouseCode,
  wpsCartFieldLimits,
  wpsWarehouseCodes,
  wpsWarehouseFields,
  wpsWarehouseIds,
} from './wps-constants.js';

/*
 * A stateful fake of the WPS Data Depot API v4, served as MSW handlers. Request and response
 * shapes follow https://www.wps-inc.com/data-depot/v4/api/order-processing/overview (items, inventory, carts, orders pages). Where no
 * public source shows the behaviour the simulator MODELS the behaviour and says so: error bodies (Laravel-style
 * `{ message, errors }`), `order_status` texts ("Open", "Backorder", "Shipped"), date formats,
 * warehouse allocation, where the Tax ID refusal happens (on `POST /orders`).
 */

/** A warehouse order of a simulated PO (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders: one PO can split into one order per warehouse). */
export interface WpsSimulatedWarehouseOrder {
  orderNumber: string;
  warehouse: WpsWarehouseCode;
  lines: { sku: string; quantity: number }[];
  /** True when placed on backorder (not enough stock anywhere and `allow_backorder`). */
  backordered: boolean;
  /** Set when WPS cancelled this warehouse order on its side (`cancelOnDistributorSide`): why. */
  cancelledFor?: RejectionReason;
}

/** An order held by the WPS simulator: the PO as submitted, split by warehouse. */
export interface WpsSimulatedOrder extends SimulatedOrder {
  /** The cart fields it was submitted with (`ship_name`, `ship_via`, ...). */
  cart: Record<string, unknown>;
  warehouseOrders: WpsSimulatedWarehouseOrder[];
  /** When it was submitted (ISO 8601). */
  submittedAt: string;
  /** What WPS cancelled on its side (`cancelOnDistributorSide`). */
  cancelled?: SimulatedSideCancellation;
}

/** A cart held by the WPS simulator. */
export interface WpsSimulatedCart {
  cartNumber: string;
  fields: Record<string, unknown>;
  items: { sku: string; quantity: number }[];
}

/** Options of {@link createWpsSimulator}. */
export interface WpsSimulatorOptions {
  /**
   * Base URL the handlers answer on. Default `https://wps.simulator.test` (a reserved test host,
   * never WPS's production host): pass `simulator.baseURL` to the client.
   */
  baseURL?: string;
  /** The token the fake accepts (`Authorization: Bearer <token>`); anything else is a 401. Default `wps-simulator-token`. */
  apiToken?: string;
  /** The count at which the fake caps each warehouse's stock, as WPS does (UNCONFIRMED 9 or 25, https://www.wps-inc.com/data-depot/v4/api/services/inventory). Default 9. */
  inventoryCap?: number;
  /** False models an account without a Tax ID: submissions get a 422 saying so. Default true. */
  taxIdOnFile?: boolean;
  /** Products to start with. */
  products?: readonly SimulatedProduct[];
  /** POs per page of `GET /orders?from_date=&to_date=` (cursor paging, https://www.wps-inc.com/data-depot/v4/api/helpers/pagination). Default 50. */
  ordersPageSize?: number;
  /** Clock, for order dates. Default the system clock. */
  now?: () => Date;
  /** Default delay of `timeout` faults, in ms. Default 35,000. */
  timeoutDelayMs?: number;
}

/** The WPS simulator: the shared control surface plus WPS account states and carts. */
export interface WpsSimulator extends DistributorSimulator {
  /**
   * Issue 20: the next `times` submissions (default 1) are refused as the real API refuses, for
   * `reason`, naming `skus` (default every line). Nothing is placed.
   */
  rejectNextOrders(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /** Cancels a held order on the distributor's side (all of it, or `lines`), as its API then shows it. */
  cancelOnDistributorSide(
    poNumber: string,
    options: { reason: RejectionReason; lines?: { sku: string; quantity: number }[] },
  ): void;
  /** Sets the dealer cost the API now answers for a SKU (minor units). */
  setPrice(sku: string, unitCost: number): void;

  /** The token the fake accepts. */
  readonly apiToken: string;
  /** Sets whether the account has a Tax ID on file (false: submissions are refused). */
  setTaxIdOnFile(onFile: boolean): void;
  /** The unsubmitted cart of a PO, if any. */
  cart(poNumber: string): WpsSimulatedCart | undefined;
  /** Every order held, with WPS detail (warehouse orders, cart fields). */
  wpsOrders(): WpsSimulatedOrder[];
}

const json = (body: unknown, status = 200) => HttpResponse.json(body as Record<string, unknown>, { status });
const invalid = (message: string, errors: Record<string, string[]> = {}) => json({ message, errors }, 422);
const notFound = (message: string) => json({ message }, 404);

function formatDateTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function queryDate(text: string | null): string | undefined {
  return text && /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : undefined;
}

/** The words of a refusal or a cancellation, per reason (MODELLED: WPS documents no error body or codes). */
const refusalWords: Record<RejectionReason, (sku: string) => string> = {
  'out-of-stock': (sku) => `Insufficient stock for ${sku}.`,
  discontinued: (sku) => `Item ${sku} is discontinued.`,
  'not-drop-shippable': (sku) => `Item ${sku} is not eligible for drop ship.`,
  'address-refused': () => 'The ship address cannot be delivered to.',
  'price-changed': (sku) => `The price of ${sku} has changed.`,
  other: (sku) => `Item ${sku} could not be ordered.`,
};

/** The `order_status` of a warehouse order WPS cancelled, with its reason (MODELLED). */
const cancelledStatusWords: Record<RejectionReason, string> = {
  'out-of-stock': 'Cancelled - Out of Stock',
  discontinued: 'Cancelled - Discontinued',
  'not-drop-shippable': 'Cancelled - Not Drop Ship Eligible',
  'address-refused': 'Cancelled - Address Undeliverable',
  'price-changed': 'Cancelled - Price Changed',
  other: 'Cancelled',
};

function cancelledStatusText(reason: RejectionReason): string {
  return cancelledStatusWords[reason];
}

/** WPS's 422 for a refused submission (Laravel-style `{ message, errors }`, MODELLED), naming each refused SKU. */
function refusalAnswer(reason: RejectionReason, skus: readonly string[]): Response {
  if (reason === 'address-refused') {
    return invalid('The given data was invalid.', { ship_address1: [refusalWords[reason]('')] });
  }
  return invalid('The given data was invalid.', { items: skus.map((sku) => refusalWords[reason](sku)) });
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await request.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates a stateful WPS simulator (MSW handlers over in-memory state): catalog and capped stock
 * per warehouse (CA, GA, ID, IN, PA, PA2, TX), carts, orders split by warehouse, shipments that a
 * test releases with `shipOrder`, an account without Tax ID, fault injection shared with every
 * simulator (`@dropship/testing`), an order count per PO and call counts per operation
 * (`stock`, `create-cart`, `get-cart`, `add-cart-item`, `delete-cart`, `submit`, `find-order`,
 * `shipments`). Every request must carry the simulator's token.
 *
 * @param options - base URL, token, cap, account state, products, clock.
 * @example
 * ```ts
 * const simulator = createWpsSimulator();
 * simulator.addProduct({ sku: '72-7044L', stock: { CA: 4, GA: 12 }, cost: 2997 });
 * const server = createTestServer(...simulator.handlers);
 * const wps = createWps({ apiToken: simulator.apiToken, baseURL: simulator.baseURL });
 * ```
 */
export function createWpsSimulator(options: WpsSimulatorOptions = {}): WpsSimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('wps')).replace(/\/+$/, '');
  const apiToken = options.apiToken ?? 'wps-simulator-token';
  const inventoryCap = options.inventoryCap ?? 9;
  const ordersPageSize = options.ordersPageSize ?? 50;
  const now = options.now ?? (() => new Date());
  let taxIdOnFile = options.taxIdOnFile ?? true;

  const products = new Map<string, SimulatedProduct & { id: number }>();
  const carts = new Map<string, WpsSimulatedCart>();
  const book = createOrderBook<WpsSimulatedOrder>({ nextTrackingNumber: createTrackingNumberGenerator('ups', 1) });
  const faults = createFaultInjector(
    options.timeoutDelayMs === undefined ? {} : { timeoutDelayMs: options.timeoutDelayMs },
  );
  const calls = createCallRecorder();
  /** Refusals queued by `rejectNextOrders`, served by `POST /orders` one submission each. */
  const rejections = createRejectionQueue();
  let nextItemId = 1000;
  let nextCartNumber = createIdGenerator('C', { width: 7 });
  let nextOrderNumber = createIdGenerator('', { start: 5_100_001, width: 7 });

  function addProduct(product: SimulatedProduct): void {
    for (const warehouse of Object.keys(product.stock)) {
      if (!wpsWarehouseCodes.includes(warehouse as WpsWarehouseCode)) {
        throw new Error(
          `WPS simulator: unknown warehouse "${warehouse}" for ${product.sku}; use ${wpsWarehouseCodes.join(', ')}`,
        );
      }
    }
    const existing = products.get(product.sku);
    products.set(product.sku, { ...product, stock: { ...product.stock }, id: existing?.id ?? nextItemId++ });
  }
  for (const product of options.products ?? []) addProduct(product);

  /**
   * Records the call, checks the token, then serves it through the fault injector. Every error
   * answer echoes the request (its `Authorization` header included), as real error pages often do.
   */
  async function serve(
    request: Request,
    operations: readonly string[],
    perform: () => Response | Promise<Response>,
  ): Promise<Response> {
    calls.record(operations[0] ?? 'unknown');
    const echo = await echoRequest(request);
    if (request.headers.get('authorization') !== `Bearer ${apiToken}`) {
      return echoInErrorAnswer(echo, json({ message: 'Unauthenticated.' }, 401));
    }
    return faults.serve(operations, async () => echoInErrorAnswer(echo, await perform()));
  }

  function itemBody(product: SimulatedProduct & { id: number }, include: readonly string[]) {
    const inventory = Object.fromEntries(
      wpsWarehouseCodes.map((warehouse) => [
        wpsWarehouseFields[warehouse],
        Math.min(inventoryCap, product.stock[warehouse] ?? 0),
      ]),
    );
    const total = wpsWarehouseCodes.reduce((sum, warehouse) => sum + (product.stock[warehouse] ?? 0), 0);
    return {
      id: product.id,
      sku: product.sku,
      name: product.mpn ? `${product.brand ?? ''} ${product.mpn}`.trim() : product.sku,
      upc: product.upc ?? null,
      standard_dealer_price: product.cost === undefined ? null : (product.cost / 100).toFixed(2),
      drop_ship_eligible: true,
      ...(include.includes('quantities')
        ? {
            quantities: {
              data: Object.entries(wpsWarehouseIds).map(([id, warehouse]) => ({
                warehouse_id: Number(id),
                obtainable: Math.min(inventoryCap, product.stock[warehouse] ?? 0),
              })),
            },
          }
        : {}),
      ...(include.includes('inventory')
        ? {
            inventory: {
              data: {
                id: product.id * 10,
                item_id: product.id,
                sku: product.sku,
                ...inventory,
                total: Math.min(inventoryCap * 7, total),
              },
            },
          }
        : {}),
    };
  }

  function checkCartFields(body: Record<string, unknown>): Record<string, string[]> {
    const errors: Record<string, string[]> = {};
    if (typeof body.po_number !== 'string' || body.po_number.trim() === '')
      errors.po_number = ['The po number field is required.'];
    for (const field of ['ship_name', 'ship_address1', 'ship_city', 'ship_state', 'ship_zip'] as const) {
      if (typeof body[field] !== 'string' || (body[field] as string).trim() === '')
        errors[field] = [`The ${field.replaceAll('_', ' ')} field is required.`];
    }
    for (const [field, max] of Object.entries(wpsCartFieldLimits)) {
      const value = body[field];
      if (typeof value === 'string' && value.length > max) {
        errors[field] = [`The ${field.replaceAll('_', ' ')} may not be greater than ${max} characters.`];
      }
    }
    return errors;
  }

  /** Assigns each line to a warehouse (modelled; https://www.wps-inc.com/data-depot/v4/api/services/inventory–1.5 give the fields, not the rules). */
  function allocate(cart: WpsSimulatedCart): WpsSimulatedWarehouseOrder[] | string {
    const fields = cart.fields;
    const preferred =
      typeof fields.default_warehouse === 'string' ? (fields.default_warehouse as WpsWarehouseCode) : undefined;
    const candidates: WpsWarehouseCode[] = preferred
      ? [preferred, ...wpsWarehouseCodes.filter((code) => code !== preferred)]
      : [...wpsWarehouseCodes];
    const fallback = candidates[0] as WpsWarehouseCode;
    const backorder = fields.allow_backorder === true;
    const stockOf = (sku: string, warehouse: WpsWarehouseCode) => products.get(sku)?.stock[warehouse] ?? 0;
    const plan: { warehouse: WpsWarehouseCode; line: { sku: string; quantity: number }; backordered: boolean }[] = [];
    if (fields.multiple_warehouse === false) {
      const single = candidates.find((warehouse) =>
        cart.items.every((line) => stockOf(line.sku, warehouse) >= line.quantity),
      );
      if (!single && !backorder) return 'No single warehouse can fill the order and multiple_warehouse is off.';
      for (const line of cart.items) plan.push({ warehouse: single ?? fallback, line, backordered: !single });
    } else {
      for (const line of cart.items) {
        const warehouse = candidates.find((code) => stockOf(line.sku, code) >= line.quantity);
        if (!warehouse && !backorder) return `Insufficient stock for ${line.sku}.`;
        plan.push({ warehouse: warehouse ?? fallback, line, backordered: !warehouse });
      }
    }
    const groups = new Map<WpsWarehouseCode, WpsSimulatedWarehouseOrder>();
    for (const { warehouse, line, backordered } of plan) {
      const group = groups.get(warehouse) ?? {
        orderNumber: nextOrderNumber(),
        warehouse,
        lines: [],
        backordered: false,
      };
      group.lines.push({ ...line });
      group.backordered ||= backordered;
      groups.set(warehouse, group);
      const product = products.get(line.sku);
      if (!backordered && product) product.stock[warehouse] = stockOf(line.sku, warehouse) - line.quantity;
    }
    return [...groups.values()];
  }

  function detailStatus(
    order: WpsSimulatedOrder,
    warehouseOrder: WpsSimulatedWarehouseOrder,
    trackingCount: number,
  ): string {
    if (warehouseOrder.cancelledFor) return cancelledStatusText(warehouseOrder.cancelledFor);
    if (order.status === 'cancelled') return 'Cancelled';
    const skus = new Set(warehouseOrder.lines.map((line) => line.sku));
    const shipped = new Map<string, number>();
    for (const shipment of order.shipments) {
      for (const line of shipment.lines)
        if (skus.has(line.sku)) shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
    }
    if (warehouseOrder.lines.every((line) => (shipped.get(line.sku) ?? 0) >= line.quantity)) return 'Shipped';
    if (trackingCount > 0) return 'Partially Shipped';
    return warehouseOrder.backordered ? 'Backorder' : 'Open';
  }

  /** The PO object of https://www.wps-inc.com/data-depot/v4/api/order-processing/orders, merging every order held for the PO (a reused PO lists them all). */
  function purchaseOrderBody(poNumber: string) {
    const orders = book.findAll(poNumber);
    const first = orders[0];
    if (!first) return undefined;
    const fields = first.cart;
    return {
      po_number: poNumber,
      ship_name: fields.ship_name ?? null,
      ship_address: fields.ship_address1 ?? null,
      ship_city: fields.ship_city ?? null,
      ship_state: fields.ship_state ?? null,
      ship_zip: fields.ship_zip ?? null,
      order_details: orders.flatMap((order) =>
        order.warehouseOrders.map((warehouseOrder) => {
          const skus = new Set(warehouseOrder.lines.map((line) => line.sku));
          const packages = order.shipments.filter((shipment) => shipment.lines.some((line) => skus.has(line.sku)));
          const lastShipped = packages
            .map((shipment) => shipment.shippedAt)
            .sort()
            .at(-1);
          const total = warehouseOrder.lines.reduce(
            (sum, line) => sum + (products.get(line.sku)?.cost ?? 0) * line.quantity,
            0,
          );
          return {
            order_number: warehouseOrder.orderNumber,
            order_status: detailStatus(order, warehouseOrder, packages.length),
            invoice_number: lastShipped ? `I${warehouseOrder.orderNumber}` : null,
            freight: '0.00',
            misc_charges: '0.00',
            order_total: (total / 100).toFixed(2),
            warehouse: warehouseOrder.warehouse,
            order_date: order.submittedAt.slice(0, 10),
            ship_date: lastShipped ? formatDateTime(lastShipped) : null,
            invoice_date: lastShipped ? lastShipped.slice(0, 10) : null,
            ship_via: packages[0]?.carrier ?? fields.ship_via ?? null,
            tracking_numbers: packages.map((shipment) => shipment.trackingNumber),
            items: warehouseOrder.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
          };
        }),
      ),
    };
  }

  /**
   * Cancels a submitted order on WPS's side: all of it (every warehouse order), or `lines` (those
   * units move to a warehouse order of their own, as a separate WPS order number, whose status
   * reads cancelled). MODELLED: WPS documents no cancelled `order_status` value or reason
   * (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders).
   */
  function cancelWarehouseOrders(
    poNumber: string,
    options: { reason: RejectionReason; lines?: readonly { sku: string; quantity: number }[] },
  ): void {
    // The shared bookkeeping (what the PO holds, its lines, whole or not), then WPS's own shape.
    const { order, cancelled: cancel } = cancelHeldLines(book, poNumber, options, 'WPS');
    const cancelled: WpsSimulatedWarehouseOrder = {
      orderNumber: nextOrderNumber(),
      warehouse: order.warehouseOrders[0]?.warehouse ?? 'CA',
      lines: cancel.map((line) => ({ ...line })),
      backordered: false,
      cancelledFor: options.reason,
    };
    for (const line of cancel) {
      let quantity = line.quantity;
      for (const warehouseOrder of order.warehouseOrders) {
        if (warehouseOrder.cancelledFor) continue;
        for (const held of warehouseOrder.lines) {
          if (held.sku !== line.sku || quantity === 0) continue;
          const taken = Math.min(held.quantity, quantity);
          held.quantity -= taken;
          quantity -= taken;
        }
        warehouseOrder.lines = warehouseOrder.lines.filter((held) => held.quantity > 0);
      }
    }
    order.warehouseOrders = order.warehouseOrders.filter((warehouseOrder) => warehouseOrder.lines.length > 0);
    order.warehouseOrders.push(cancelled);
  }

  const handlers: RequestHandler[] = [
    // Items with inventory (https://www.wps-inc.com/data-depot/v4/api/services/items–1.3).
    http.get(`${baseURL}/items`, ({ request }) =>
      serve(request, [standardOperations.stock, 'items'], () => {
        const url = new URL(request.url);
        const skus = (url.searchParams.get('filter[sku]') ?? '').split(',').filter(Boolean);
        const include = (url.searchParams.get('include') ?? '').split(',');
        const data = skus.flatMap((sku) => {
          const product = products.get(sku);
          return product ? [itemBody(product, include)] : [];
        });
        return json({ data, meta: { cursor: { current: null, prev: null, next: null, count: data.length } } });
      }),
    ),

    // Carts (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts).
    http.post(`${baseURL}/carts`, ({ request }) =>
      serve(request, ['create-cart'], async () => {
        const body = await readJson(request);
        if (!body) return invalid('The request body must be a JSON object.');
        const errors = checkCartFields(body);
        if (Object.keys(errors).length > 0) return invalid('The given data was invalid.', errors);
        const poNumber = String(body.po_number);
        if (carts.has(poNumber))
          return invalid('The given data was invalid.', { po_number: ['A cart with this PO number already exists.'] });
        const cart: WpsSimulatedCart = { cartNumber: nextCartNumber(), fields: { ...body }, items: [] };
        carts.set(poNumber, cart);
        return json({ cart_number: cart.cartNumber, po_number: poNumber, shipment_type: 'DS' }, 201);
      }),
    ),
    http.get(`${baseURL}/carts/:poNumber`, ({ request, params }) =>
      serve(request, ['get-cart'], () => {
        const poNumber = String(params.poNumber);
        const cart = carts.get(poNumber);
        if (!cart) return notFound('Cart not found.');
        return json({
          data: {
            cart_number: cart.cartNumber,
            po_number: poNumber,
            shipment_type: 'DS',
            items: cart.items.map((item) => ({ item_sku: item.sku, quantity: item.quantity })),
          },
        });
      }),
    ),
    http.post(`${baseURL}/carts/:poNumber/items`, ({ request, params }) =>
      serve(request, ['add-cart-item'], async () => {
        const cart = carts.get(String(params.poNumber));
        if (!cart) return notFound('Cart not found.');
        const body = await readJson(request);
        const sku = typeof body?.item_sku === 'string' ? body.item_sku : undefined;
        const quantity = body?.quantity;
        if (!sku || !products.has(sku))
          return invalid('The given data was invalid.', { item_sku: ['The selected item sku is invalid.'] });
        if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
          return invalid('The given data was invalid.', { quantity: ['The quantity must be at least 1.'] });
        }
        cart.items.push({ sku, quantity });
        return json({ item_sku: sku, quantity }, 201);
      }),
    ),
    http.delete(`${baseURL}/carts/:poNumber`, ({ request, params }) =>
      serve(request, ['delete-cart', standardOperations.cancel], () => {
        const poNumber = String(params.poNumber);
        if (!carts.delete(poNumber)) return notFound('Cart not found.');
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    // Orders (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts–1.6).
    http.post(`${baseURL}/orders`, ({ request }) =>
      serve(request, [standardOperations.submit, 'submit-cart'], async () => {
        const body = await readJson(request);
        const poNumber = typeof body?.po_number === 'string' ? body.po_number : undefined;
        if (!poNumber)
          return invalid('The given data was invalid.', { po_number: ['The po number field is required.'] });
        const cart = carts.get(poNumber);
        if (!cart) return notFound('Cart not found.');
        if (cart.items.length === 0) return invalid('The cart has no items.');
        if (!taxIdOnFile) {
          // MODELLED: the real refusal is NOT FOUND (http://www.wps-inc.com/data-depot).
          return invalid('Drop ship orders require a Tax ID on file for the dealer account.', {
            tax_id: ['The dealer account has no Tax ID on file.'],
          });
        }
        const queued = rejections.take();
        if (queued) return refusalAnswer(queued.reason, queued.skus ?? cart.items.map((item) => item.sku));
        const warehouseOrders = allocate(cart);
        if (typeof warehouseOrders === 'string') return invalid(warehouseOrders);
        carts.delete(poNumber);
        const order = book.add({
          poNumber,
          reference: warehouseOrders[0]?.orderNumber ?? '',
          lines: cart.items.map((item) => ({ ...item })),
          status: 'open',
          shipments: [],
          cart: cart.fields,
          warehouseOrders,
          submittedAt: now().toISOString(),
        });
        return json({ order_number: order.reference, po_number: poNumber }, 201);
      }),
    ),
    http.get(`${baseURL}/orders/:poNumber`, ({ request, params }) =>
      serve(request, [standardOperations.findOrder, 'lookup-order'], () => {
        const body = purchaseOrderBody(String(params.poNumber));
        return body ? json({ data: body }) : notFound('Order not found.');
      }),
    ),
    http.get(`${baseURL}/orders`, ({ request }) =>
      serve(request, [standardOperations.shipments, 'list-orders'], () => {
        const url = new URL(request.url);
        const from = queryDate(url.searchParams.get('from_date'));
        const to = queryDate(url.searchParams.get('to_date'));
        if (!from || !to) {
          return invalid('The given data was invalid.', {
            from_date: ['from_date and to_date (YYYYMMDD) are both required.'],
          });
        }
        const poNumbers = [
          ...new Set(
            book
              .all()
              .filter((order) => order.submittedAt.slice(0, 10) >= from && order.submittedAt.slice(0, 10) <= to)
              .map((order) => order.poNumber),
          ),
        ];
        const offset = Number(url.searchParams.get('page[cursor]') ?? '0') || 0;
        const page = poNumbers.slice(offset, offset + ordersPageSize);
        const next = offset + ordersPageSize < poNumbers.length ? String(offset + ordersPageSize) : null;
        return json({
          data: page.map((poNumber) => purchaseOrderBody(poNumber)),
          meta: { cursor: { current: String(offset), prev: null, next, count: page.length } },
        });
      }),
    ),
  ];

  return {
    distributor: 'wps',
    handlers,
    baseURL,
    apiToken,
    addProduct,
    setStock(sku, warehouse, quantity) {
      const product = products.get(sku);
      if (!product) throw new Error(`WPS simulator: unknown SKU ${sku}`);
      addProduct({ ...product, stock: { ...product.stock, [warehouse]: quantity } });
    },
    orderCount: (poNumber) => book.count(poNumber),
    orders: () => book.all(),
    wpsOrders: () => book.all(),
    shipOrder(poNumber: string, shipOptions?: ShipOptions) {
      return book.ship(poNumber, shipOptions);
    },
    injectFault(fault: Fault) {
      faults.inject(fault);
    },
    callCount: (operation) => calls.count(operation),
    setTaxIdOnFile(onFile) {
      taxIdOnFile = onFile;
    },
    cart: (poNumber) => carts.get(poNumber),
    rejectNextOrders(options) {
      rejections.push(options);
    },
    cancelOnDistributorSide(poNumber, options) {
      cancelWarehouseOrders(poNumber, options);
    },
    setPrice(sku, unitCost) {
      const product = products.get(sku);
      if (!product) throw new Error(`WPS simulator: unknown SKU ${sku}`);
      product.cost = unitCost;
    },
    reset(resetOptions) {
      rejections.clear();
      book.clear();
      carts.clear();
      faults.reset();
      calls.reset();
      nextCartNumber = createIdGenerator('C', { width: 7 });
      nextOrderNumber = createIdGenerator('', { start: 5_100_001, width: 7 });
      taxIdOnFile = options.taxIdOnFile ?? true;
      if (resetOptions?.all) products.clear();
    },
  };
}
