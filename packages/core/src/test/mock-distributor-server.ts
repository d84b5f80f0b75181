import { z } from 'zod';
import { NotFoundError } from '../errors/not-found-error.js';
import { type LineError, OrderRejectedError, type RejectionReason } from '../errors/order-rejected-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { CarrierCode } from '../model/carrier.js';
import { parseWith } from '../model/parse.js';
import type { DistributorShipment } from '../model/shipment.js';
import type { StockLevel } from '../model/stock-level.js';
import type {
  DistributorCapabilities,
  DistributorOrder,
  DistributorOrderStatus,
  PurchaseOrderRequest,
  SubmitOrderResult,
} from '../spec/v1/distributor-client.js';
import type { FiredFault, MockFault } from './faults.js';
import { defaultMockToken, MockApi, referencePrefixOf } from './mock-api.js';

/** Options of {@link createMockDistributorServer}. */
export interface MockDistributorServerOptions {
  /** Distributor id. Default `mock`. */
  distributor?: string;
  /** Capabilities of its API. Defaults: cancel supported, PO-list tracking batches of 50, stock batches of 100, PO numbers up to 20 characters, validate-only submits. */
  capabilities?: Partial<DistributorCapabilities>;
  /** Initial stock: SKU → warehouse → units. */
  stock?: Record<string, Record<string, number>>;
  /** With `capabilities.stockIsFloor`, counts at or above this are reported as this number with `isFloor`. Default 25. */
  floorAt?: number;
  /** A new order is answered `acknowledged` instead of `submitted`. Default false. */
  acknowledgeOnSubmit?: boolean;
  /** Clock for ship dates. Default: the real time. */
  now?: () => Date;
  /** The only API token it accepts. Default `mock-api-token`. */
  validToken?: string;
}

/** An order held by the mock distributor. */
export interface MockDistributorOrder {
  /** The PO number it was placed with. */
  poNumber: string;
  /** The mock's order reference. */
  reference: string;
  /** What was ordered. */
  lines: { sku: string; quantity: number }[];
  /** Current status. */
  status: DistributorOrderStatus;
  /** Why it was cancelled or rejected on the distributor's side ({@link MockDistributorServer.cancelOnDistributorSide}). */
  statusReason?: RejectionReason;
  /** Units cancelled on the distributor's side while the rest goes on (totals per SKU). */
  cancelledLines?: { sku: string; quantity: number; reason: RejectionReason }[];
  /** Packages released with {@link MockDistributorServer.shipOrder}. */
  shipments: DistributorShipment[];
}

/** Options of {@link MockDistributorServer.shipOrder}. */
export interface MockShipOptions {
  /** What is in the package. Default: everything not shipped yet. */
  lines?: { sku: string; quantity: number }[];
  /** Report the package without lines (the distributor does not say what is in it). */
  omitLines?: boolean;
  /** Carrier. Default `ups`. */
  carrier?: CarrierCode;
  /** Tracking number. Default: generated. */
  trackingNumber?: string;
  /** Ship date (ISO 8601). Default: the mock's clock. */
  shippedAt?: string;
  /** Ship even an order the distributor cancelled or rejected (its own mistake: the late shipment a re-route must detect). */
  anyway?: boolean;
}

/**
 * A distributor's API held in memory, as the mock client reaches it. Like WPS, Parts Unlimited
 * and Automatic, its create endpoint does not deduplicate: a second order for a PO number it
 * holds is a second order. Every endpoint is served through {@link MockDistributorServer.serve},
 * which counts the call, checks the token and applies injected faults.
 */
export interface MockDistributorServer {
  /** Distributor id. */
  readonly distributor: string;
  /** Capabilities of its API (the client reports them). */
  readonly capabilities: DistributorCapabilities;
  /** The API token it accepts. */
  readonly validToken: string;
  /** It answers a new order `acknowledged` instead of `submitted`. */
  readonly acknowledgeOnSubmit: boolean;
  /** Serves one call (see `MockApi.serve`). */
  serve<T>(operation: string, token: string, act: () => T): T;
  /** Stock of `skus`, per warehouse, in the order asked (one batch). */
  stockOf(skus: readonly string[]): StockLevel[];
  /** The first order held for a PO number, as the API returns it; null when none. */
  findOrder(poNumber: string): DistributorOrder | null;
  /** Creates an order: no look-up, no deduplication. Refuses what it cannot fill. */
  createOrder(request: PurchaseOrderRequest): SubmitOrderResult;
  /** Orders of these PO numbers it holds (one entry per PO number, in the order asked). */
  ordersOf(poNumbers: readonly string[]): DistributorOrder[];
  /** Orders with a package shipped between two dates (ISO 8601, inclusive, by day). */
  ordersShippedBetween(from: string, to: string): DistributorOrder[];
  /** Cancels the first order of a PO number; `NotFoundError` when none, refused when shipped. */
  cancel(poNumber: string): void;
  /** Sets the units of a SKU at a warehouse (a new SKU becomes known). */
  setStock(sku: string, warehouse: string, quantity: number): void;
  /** How many orders were created for a PO number (2 or more is a duplicate order). */
  orderCount(poNumber: string): number;
  /** Every order held (copies), duplicates included, in the order created. */
  orders(): MockDistributorOrder[];
  /** Ships (part of) the first order of a PO number: records a package and returns its tracking number. */
  shipOrder(poNumber: string, options?: MockShipOptions): string;
  /** Sets the status of the first order of a PO number (for example `backordered` or `rejected`). */
  setOrderStatus(poNumber: string, status: DistributorOrderStatus): void;
  /** Makes the next order created for `poNumber` (any PO when omitted) be refused with `OrderRejectedError`. */
  rejectNextSubmit(
    message: string,
    options?: { poNumber?: string; lineErrors?: LineError[]; reason?: RejectionReason },
  ): void;
  /**
   * The next `times` (default 1) orders created are refused with `OrderRejectedError` for `reason`,
   * naming `skus` (default every line) with the same reason. Nothing is placed.
   */
  rejectNextOrders(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /**
   * Cancels the first order of a PO number on the distributor's side: all of it (status `cancelled`
   * with `statusReason`) or some units (`cancelledLines`, totals per SKU, the rest goes on).
   */
  cancelOnDistributorSide(
    poNumber: string,
    options: { reason: RejectionReason; lines?: { sku: string; quantity: number }[] },
  ): void;
  /**
   * Sets the dealer cost the API answers for a SKU (minor units): in the stock call
   * (`StockLevel.unitCost`) and a validate-only submit (`SubmitOrderResult.lines`), or only in the
   * latter (`{ stock: false }`, an API whose stock call carries no price).
   */
  setPrice(sku: string, unitCost: number, options?: { stock?: boolean }): void;
  /** Injects a failure into the next matching calls. */
  injectFault(fault: MockFault): void;
  /** Faults still queued. */
  pendingFaults(): MockFault[];
  /** Faults that fired, in order, with the operation each hit. */
  firedFaults(): FiredFault[];
  /** Calls served per operation (`stock`, `submit-look-up`, `submit`, `find-order`, `shipments`, `cancel`), or in all. */
  callCount(operation?: string): number;
  /** Clears orders, faults and counters; stock stays unless `all`. */
  reset(options?: { all?: boolean }): void;
}

const defaultCapabilities: DistributorCapabilities = {
  cancel: 'supported',
  batchTracking: 'po-list',
  maxTrackingBatch: 50,
  maxStockBatch: 100,
  stockIsFloor: false,
  maxPoNumberLength: 20,
  validateOnly: true,
};

const count = z.number().int().min(1);
/** Options of the mock distributor (shared with the mock client's own schema). */
export const mockDistributorServerOptionsShape = {
  distributor: z.string().min(1).optional(),
  capabilities: z
    .strictObject({
      cancel: z.enum(['supported', 'before-submission', 'unsupported']),
      batchTracking: z.enum(['po-list', 'date-range', 'none']),
      maxTrackingBatch: count,
      maxStockBatch: count,
      stockIsFloor: z.boolean(),
      maxPoNumberLength: count,
      validateOnly: z.boolean(),
    })
    .partial()
    .optional(),
  stock: z.record(z.string(), z.record(z.string(), z.number().int().min(0))).optional(),
  floorAt: count.optional(),
  acknowledgeOnSubmit: z.boolean().optional(),
  now: z.custom<() => Date>((value) => typeof value === 'function', 'must be a function').optional(),
  validToken: z.string().min(1).optional(),
};

/**
 * A copy of a package as a client would build it from an API answer: a plain object literal
 * (a rest-and-spread copy would hand out slow dictionary-mode objects, which real clients do not).
 */
function copyReportedShipment(shipment: DistributorShipment): DistributorShipment {
  const copy: DistributorShipment = {
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    shippedAt: shipment.shippedAt,
  };
  if (shipment.carrierName !== undefined) copy.carrierName = shipment.carrierName;
  if (shipment.trackingUrl !== undefined) copy.trackingUrl = shipment.trackingUrl;
  if (shipment.lines !== undefined)
    copy.lines = shipment.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
  if (shipment.packageOf !== undefined)
    copy.packageOf = {
      ref: shipment.packageOf.ref,
      lines: shipment.packageOf.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
      complete: shipment.packageOf.complete,
    };
  if (shipment.distributorOrderRef !== undefined) copy.distributorOrderRef = shipment.distributorOrderRef;
  if (shipment.warehouse !== undefined) copy.warehouse = shipment.warehouse;
  return copy;
}

/** A copy of the order as the API would return it (the caller cannot change the mock's state). */
function toDistributorOrder(order: MockDistributorOrder): DistributorOrder {
  return {
    poNumber: order.poNumber,
    distributorOrderRefs: [order.reference],
    status: order.status,
    statusText: order.status,
    ...(order.statusReason === undefined ? {} : { statusReason: order.statusReason }),
    ...(order.cancelledLines === undefined
      ? {}
      : { cancelledLines: order.cancelledLines.map((line) => ({ ...line })) }),
    shipments: order.shipments.map(copyReportedShipment),
  };
}

function shippedQuantities(order: MockDistributorOrder): Map<string, number> {
  const shipped = new Map<string, number>();
  for (const shipment of order.shipments) {
    for (const line of shipment.lines ?? order.lines)
      shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
  }
  return shipped;
}

/**
 * Creates an in-memory distributor API (see {@link MockDistributorServer}): it refuses orders it
 * cannot fill with `OrderRejectedError` (unknown SKU, not enough stock unless `allowBackorder`),
 * takes the stock it ships, answers stock per warehouse (floors as `capabilities.stockIsFloor`
 * says), reports shipments only once released with `shipOrder`, and cancels as
 * `capabilities.cancel` says. Several mock clients may share one server (two workers, or a
 * client with a wrong token).
 *
 * @param options - id, capabilities, initial stock, clock, accepted token.
 * @throws ValidationError for malformed or unknown options.
 */
export function createMockDistributorServer(options: MockDistributorServerOptions = {}): MockDistributorServer {
  parseWith(z.strictObject(mockDistributorServerOptionsShape), options, 'mock distributor options');
  const distributor = options.distributor ?? 'mock';
  const capabilities: DistributorCapabilities = { ...defaultCapabilities, ...options.capabilities };
  const floorAt = options.floorAt ?? 25;
  const now = options.now ?? (() => new Date());
  const validToken = options.validToken ?? defaultMockToken;
  const api = new MockApi(distributor, validToken);
  const stock = new Map<string, Map<string, number>>();
  const held: MockDistributorOrder[] = [];
  const rejections: {
    message: string;
    poNumber?: string;
    lineErrors: LineError[];
    reason?: RejectionReason;
    skus?: readonly string[];
  }[] = [];
  const prices = new Map<string, number>();
  /** SKUs whose price the stock call does not answer. */
  const unpricedInStock = new Set<string>();
  let sequence = 0;
  let trackingSequence = 0;
  const referencePrefix = referencePrefixOf(distributor);

  function setStock(sku: string, warehouse: string, quantity: number): void {
    if (typeof sku !== 'string' || typeof warehouse !== 'string' || !Number.isSafeInteger(quantity) || quantity < 0) {
      throw new ValidationError('mock stock', [
        { path: '', message: 'needs a SKU, a warehouse and a whole number of units' },
      ]);
    }
    let warehouses = stock.get(sku);
    if (warehouses === undefined) {
      warehouses = new Map();
      stock.set(sku, warehouses);
    }
    warehouses.set(warehouse, quantity);
  }
  for (const [sku, warehouses] of Object.entries(options.stock ?? {})) {
    for (const [warehouse, quantity] of Object.entries(warehouses)) setStock(sku, warehouse, quantity);
  }

  function totalStock(sku: string): number {
    let total = 0;
    for (const quantity of stock.get(sku)?.values() ?? []) total += quantity;
    return total;
  }

  function takeStock(sku: string, quantity: number): void {
    let left = quantity;
    for (const [warehouse, available] of stock.get(sku) ?? []) {
      const take = Math.min(available, left);
      stock.get(sku)?.set(warehouse, available - take);
      left -= take;
      if (left === 0) return;
    }
  }

  const firstOrder = (poNumber: string): MockDistributorOrder | undefined =>
    held.find((order) => order.poNumber === poNumber);

  function requireOrder(poNumber: string): MockDistributorOrder {
    const order = firstOrder(poNumber);
    if (order === undefined)
      throw new NotFoundError(`${distributor}: no order for PO ${poNumber}`, { service: distributor, status: 404 });
    return order;
  }

  function refuseIfRejected(request: PurchaseOrderRequest): void {
    const index = rejections.findIndex((entry) => entry.poNumber === undefined || entry.poNumber === request.poNumber);
    if (index < 0) return;
    const [rejection] = rejections.splice(index, 1);
    const reason = rejection?.reason;
    const lineErrors =
      reason === undefined || rejection?.lineErrors.length !== 0
        ? (rejection?.lineErrors ?? [])
        : request.lines
            .filter((line) => rejection.skus === undefined || rejection.skus.includes(line.sku))
            .map((line) => ({ sku: line.sku, message: reason, reason }));
    throw new OrderRejectedError(
      distributor,
      request.poNumber,
      rejection?.message ?? 'rejected',
      lineErrors,
      reason ?? 'other',
    );
  }

  return {
    distributor,
    capabilities,
    validToken,
    acknowledgeOnSubmit: options.acknowledgeOnSubmit ?? false,

    serve(operation, token, act) {
      return api.serve(operation, token, act);
    },

    stockOf(skus) {
      return skus.map((sku) => {
        const warehouses = stock.get(sku);
        const unitCost = unpricedInStock.has(sku) ? undefined : prices.get(sku);
        return {
          sku,
          ...(unitCost === undefined ? {} : { unitCost }),
          found: warehouses !== undefined,
          warehouses: [...(warehouses ?? [])].map(([warehouse, quantity]) => {
            const capped = capabilities.stockIsFloor && quantity >= floorAt;
            return { warehouse, quantity: capped ? floorAt : quantity, isFloor: capped };
          }),
        };
      });
    },

    findOrder(poNumber) {
      const order = firstOrder(poNumber);
      return order === undefined ? null : toDistributorOrder(order);
    },

    createOrder(request) {
      refuseIfRejected(request);
      const needed = new Map<string, number>();
      for (const line of request.lines) needed.set(line.sku, (needed.get(line.sku) ?? 0) + line.quantity);
      const lineErrors: LineError[] = [];
      let short = false;
      for (const [sku, quantity] of needed) {
        if (!stock.has(sku)) lineErrors.push({ sku, message: 'unknown part number' });
        else if (totalStock(sku) < quantity) short = true;
      }
      if (lineErrors.length > 0)
        throw new OrderRejectedError(distributor, request.poNumber, 'unknown part', lineErrors);
      if (short && request.allowBackorder !== true) {
        const shortLines = [...needed]
          .filter(([sku, quantity]) => totalStock(sku) < quantity)
          .map(([sku]) => ({ sku, message: 'not enough stock' }));
        throw new OrderRejectedError(distributor, request.poNumber, 'not enough stock', shortLines);
      }
      const status: SubmitOrderResult['status'] =
        request.validateOnly === true && capabilities.validateOnly
          ? 'validated'
          : short
            ? 'backordered'
            : options.acknowledgeOnSubmit
              ? 'acknowledged'
              : 'submitted';
      if (status === 'validated') {
        return {
          poNumber: request.poNumber,
          distributorOrderRefs: [],
          status,
          alreadyExisted: false,
          warnings: [],
          lines: request.lines.map((line) => {
            const unitCost = prices.get(line.sku);
            return { sku: line.sku, quantity: line.quantity, ...(unitCost === undefined ? {} : { unitCost }) };
          }),
        };
      }
      sequence++;
      const order: MockDistributorOrder = {
        poNumber: request.poNumber,
        reference: `${referencePrefix}-${String(sequence).padStart(6, '0')}`,
        lines: request.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
        status: short ? 'backordered' : 'open',
        shipments: [],
      };
      if (!short) for (const [sku, quantity] of needed) takeStock(sku, quantity);
      held.push(order);
      return {
        poNumber: order.poNumber,
        distributorOrderRefs: [order.reference],
        status,
        alreadyExisted: false,
        warnings: [],
      };
    },

    ordersOf(poNumbers) {
      const result: DistributorOrder[] = [];
      for (const poNumber of poNumbers) {
        const order = firstOrder(poNumber);
        if (order !== undefined) result.push(toDistributorOrder(order));
      }
      return result;
    },

    ordersShippedBetween(from, to) {
      const first = from.slice(0, 10);
      const last = to.slice(0, 10);
      return held
        .filter((order) =>
          order.shipments.some(
            (shipment) => shipment.shippedAt.slice(0, 10) >= first && shipment.shippedAt.slice(0, 10) <= last,
          ),
        )
        .map(toDistributorOrder);
    },

    cancel(poNumber) {
      const order = requireOrder(poNumber);
      if (order.status === 'cancelled') return;
      if (order.shipments.length > 0)
        throw new OrderRejectedError(distributor, poNumber, 'already shipped, cannot cancel');
      order.status = 'cancelled';
      for (const line of order.lines) {
        const warehouses = stock.get(line.sku);
        const first = warehouses?.keys().next().value;
        if (warehouses !== undefined && first !== undefined)
          warehouses.set(first, (warehouses.get(first) ?? 0) + line.quantity);
      }
    },

    setStock,

    orderCount(poNumber) {
      return held.filter((order) => order.poNumber === poNumber).length;
    },

    orders() {
      return structuredClone(held);
    },

    shipOrder(poNumber, shipOptions = {}) {
      const order = requireOrder(poNumber);
      if ((order.status === 'cancelled' || order.status === 'rejected') && shipOptions.anyway !== true)
        throw new OrderRejectedError(distributor, poNumber, `order is ${order.status}`);
      const shipped = shippedQuantities(order);
      const cancelled = (sku: string) => order.cancelledLines?.find((line) => line.sku === sku)?.quantity ?? 0;
      const lines =
        shipOptions.lines ??
        order.lines
          .map((line) => ({
            sku: line.sku,
            quantity: line.quantity - (shipped.get(line.sku) ?? 0) - cancelled(line.sku),
          }))
          .filter((line) => line.quantity > 0);
      if (lines.length === 0)
        throw new ValidationError('mock shipment', [{ path: 'lines', message: 'nothing left to ship' }]);
      trackingSequence++;
      const trackingNumber =
        shipOptions.trackingNumber ?? `1Z${referencePrefix}${String(trackingSequence).padStart(10, '0')}`;
      order.shipments.push({
        carrier: shipOptions.carrier ?? 'ups',
        trackingNumber,
        shippedAt: shipOptions.shippedAt ?? now().toISOString(),
        distributorOrderRef: order.reference,
        ...(shipOptions.omitLines === true ? {} : { lines: lines.map((line) => ({ ...line })) }),
      });
      const after = shippedQuantities(order);
      order.status = order.lines.every((line) => (after.get(line.sku) ?? 0) + cancelled(line.sku) >= line.quantity)
        ? 'shipped'
        : 'partially_shipped';
      return trackingNumber;
    },

    setOrderStatus(poNumber, status) {
      requireOrder(poNumber).status = status;
    },

    rejectNextSubmit(message, rejectOptions = {}) {
      rejections.push({
        message,
        ...(rejectOptions.poNumber === undefined ? {} : { poNumber: rejectOptions.poNumber }),
        lineErrors: rejectOptions.lineErrors ?? [],
        ...(rejectOptions.reason === undefined ? {} : { reason: rejectOptions.reason }),
      });
    },

    rejectNextOrders({ reason, skus, times = 1 }) {
      for (let index = 0; index < times; index++)
        rejections.push({
          message: `refused: ${reason}`,
          lineErrors: [],
          reason,
          ...(skus === undefined ? {} : { skus: [...skus] }),
        });
    },

    cancelOnDistributorSide(poNumber, { reason, lines }) {
      const order = requireOrder(poNumber);
      if (lines === undefined) {
        order.status = 'cancelled';
        order.statusReason = reason;
        return;
      }
      const cancelled = order.cancelledLines ?? [];
      for (const line of lines) {
        const known = cancelled.find((entry) => entry.sku === line.sku);
        if (known === undefined) cancelled.push({ sku: line.sku, quantity: line.quantity, reason });
        else known.quantity += line.quantity;
      }
      order.cancelledLines = cancelled;
    },

    setPrice(sku, unitCost, priceOptions = {}) {
      if (!Number.isSafeInteger(unitCost) || unitCost < 0)
        throw new ValidationError('mock price', [
          { path: 'unitCost', message: 'must be whole minor units, at least 0' },
        ]);
      prices.set(sku, unitCost);
      if (priceOptions.stock === false) unpricedInStock.add(sku);
      else unpricedInStock.delete(sku);
    },

    injectFault(fault) {
      api.injectFault(fault);
    },

    pendingFaults() {
      return api.pendingFaults();
    },

    firedFaults() {
      return api.firedFaults();
    },

    callCount(operation) {
      return api.callCount(operation);
    },

    reset(resetOptions = {}) {
      held.length = 0;
      rejections.length = 0;
      if (resetOptions.all === true) {
        prices.clear();
        unpricedInStock.clear();
      }
      api.reset();
      if (resetOptions.all === true) stock.clear();
    },
  };
}
