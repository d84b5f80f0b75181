/**
 * `@dropship/core/test`: in-memory mocks of a distributor client, a marketplace adapter and a
 * buyer notifier that follow the v1 spec honestly (idempotent submit, idempotent push and
 * notify, typed errors), with hooks to release shipments and inject faults. For testing code
 * that uses the SDK without HTTP.
 *
 * @packageDocumentation
 */
import { FieldLengthError } from './errors/field-length-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { type LineError, OrderRejectedError } from './errors/order-rejected-error.js';
import { ValidationError, type ValidationIssue } from './errors/validation-error.js';
import type { CarrierCode } from './model/carrier.js';
import type { SalesOrder } from './model/sales-order.js';
import type { DistributorShipment } from './model/shipment.js';
import type { StockLevel } from './model/stock-level.js';
import type { BuyerNotifier, NotifyShipmentResult } from './spec/v1/buyer-notifier.js';
import type {
  CallOptions,
  CancelResult,
  DistributorCapabilities,
  DistributorClient,
  DistributorOrder,
  DistributorOrderStatus,
  PurchaseOrderRequest,
  ShipmentQuery,
  SubmitOrderResult,
} from './spec/v1/distributor-client.js';
import type {
  MarketplaceAdapter,
  PushTrackingResult,
  ShipmentNotice,
  ShipmentNoticeLine,
} from './spec/v1/marketplace-adapter.js';

/** A failure to inject into the next matching calls of a mock. */
export interface MockFault<Operation extends string = string> {
  /** The operation that fails. */
  operation: Operation;
  /** The error to throw (a fresh one per call when a function). */
  error: Error | (() => Error);
  /** How many matching calls fail. Default 1. */
  times?: number;
  /**
   * Act first, then throw: the distributor places the order (or the marketplace records the
   * push, or the email goes out) and the response is lost. The "never twice" case.
   */
  afterEffect?: boolean;
}

/** Queue of injected faults, consumed per operation. */
class FaultQueue<Operation extends string> {
  readonly #faults: { fault: MockFault<Operation>; left: number }[] = [];

  add(fault: MockFault<Operation>): void {
    if (
      typeof fault !== 'object' ||
      fault === null ||
      typeof fault.operation !== 'string' ||
      (typeof fault.error !== 'function' && !(fault.error instanceof Error))
    ) {
      throw new ValidationError('mock fault', [
        { path: '', message: 'must be { operation, error, times?, afterEffect? }' },
      ]);
    }
    const times = fault.times ?? 1;
    if (!Number.isSafeInteger(times) || times < 1)
      throw new ValidationError('mock fault', [{ path: 'times', message: 'must be a whole number, at least 1' }]);
    this.#faults.push({ fault, left: times });
  }

  /** The next fault for `operation` with the given timing, consumed; undefined when none. */
  take(operation: Operation, afterEffect: boolean): Error | undefined {
    const index = this.#faults.findIndex(
      (entry) => entry.fault.operation === operation && (entry.fault.afterEffect ?? false) === afterEffect,
    );
    if (index < 0) return undefined;
    const entry = this.#faults[index] as { fault: MockFault<Operation>; left: number };
    entry.left--;
    if (entry.left === 0) this.#faults.splice(index, 1);
    return typeof entry.fault.error === 'function' ? entry.fault.error() : entry.fault.error;
  }

  clear(): void {
    this.#faults.length = 0;
  }
}

/** Counts calls per operation. */
class CallCounter {
  readonly #counts = new Map<string, number>();

  count(operation: string): void {
    this.#counts.set(operation, (this.#counts.get(operation) ?? 0) + 1);
  }

  get(operation?: string): number {
    if (operation !== undefined) return this.#counts.get(operation) ?? 0;
    let total = 0;
    for (const value of this.#counts.values()) total += value;
    return total;
  }

  clear(): void {
    this.#counts.clear();
  }
}

function throwIfAborted(options: CallOptions | undefined): void {
  const signal = options?.signal;
  if (signal?.aborted === true) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

// --- distributor -----------------------------------------------------------------------------------

/** Operations of the mock distributor, for faults and call counts. */
export type MockDistributorOperation = 'checkStock' | 'submitOrder' | 'findOrder' | 'listShipments' | 'cancelOrder';

/** Options of {@link createMockDistributorClient}. */
export interface MockDistributorClientOptions {
  /** Distributor id. Default `mock`. */
  distributor?: string;
  /** Capabilities to report (and honour). Defaults: cancel supported, PO-list tracking batches of 50, stock batches of 100, PO numbers up to 20 characters. */
  capabilities?: Partial<DistributorCapabilities>;
  /** Initial stock: SKU → warehouse → units. */
  stock?: Record<string, Record<string, number>>;
  /** With `capabilities.stockIsFloor`, counts at or above this are reported as this number with `isFloor`. Default 25. */
  floorAt?: number;
  /** `submitOrder` answers `acknowledged` instead of `submitted`. Default false. */
  acknowledgeOnSubmit?: boolean;
  /** Clock for ship dates. Default: the real time. */
  now?: () => Date;
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
  /** Packages released with {@link MockDistributorClient.shipOrder}. */
  shipments: DistributorShipment[];
}

/** Options of {@link MockDistributorClient.shipOrder}. */
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
}

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

/** A {@link DistributorClient} held in memory, with control hooks for tests. */
export interface MockDistributorClient extends DistributorClient {
  /** Sets the units of a SKU at a warehouse (a new SKU becomes known). */
  setStock(sku: string, warehouse: string, quantity: number): void;
  /** How many orders were created for a PO number: 0 or 1 when submit is idempotent. */
  orderCount(poNumber: string): number;
  /** Every order held (copies). */
  orders(): MockDistributorOrder[];
  /** Ships (part of) an order: records a package and returns its tracking number. */
  shipOrder(poNumber: string, options?: MockShipOptions): string;
  /** Sets the status of an order (for example `backordered` or `rejected`). */
  setOrderStatus(poNumber: string, status: DistributorOrderStatus): void;
  /** Makes the next submission of `poNumber` (any PO when omitted) be refused with `OrderRejectedError`. */
  rejectNextSubmit(message: string, options?: { poNumber?: string; lineErrors?: LineError[] }): void;
  /** Injects a failure into the next matching calls. */
  failNext(fault: MockFault<MockDistributorOperation>): void;
  /** Calls served per operation (each stock or tracking batch counts once), or in all. */
  callCount(operation?: MockDistributorOperation): number;
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

function checkRequest(request: PurchaseOrderRequest): void {
  const issues: ValidationIssue[] = [];
  if (typeof request !== 'object' || request === null)
    throw new ValidationError('purchase order request', [{ path: '', message: 'must be an object' }]);
  if (typeof request.poNumber !== 'string' || request.poNumber.length === 0)
    issues.push({ path: 'poNumber', message: 'must be a non-empty string' });
  if (!Array.isArray(request.lines) || request.lines.length === 0) {
    issues.push({ path: 'lines', message: 'must have at least one line' });
  } else {
    request.lines.forEach((line, index) => {
      if (typeof line?.sku !== 'string' || line.sku.length === 0)
        issues.push({ path: `lines.${index}.sku`, message: 'must be a non-empty string' });
      if (!Number.isSafeInteger(line?.quantity) || line.quantity < 1)
        issues.push({ path: `lines.${index}.quantity`, message: 'must be a whole number, at least 1' });
    });
  }
  if (typeof request.shipTo !== 'object' || request.shipTo === null)
    issues.push({ path: 'shipTo', message: 'must be an address' });
  if (issues.length > 0) throw new ValidationError('purchase order request', issues);
}

/**
 * Creates an in-memory distributor client that follows the v1 spec:
 * - `submitOrder` is idempotent on the PO number: a PO number it already holds returns the
 *   existing order with `alreadyExisted: true` and places nothing (check with `orderCount`);
 * - it refuses orders it cannot fill with `OrderRejectedError` (unknown SKU, not enough stock
 *   unless `allowBackorder`), takes the stock it ships, and rejects PO numbers longer than
 *   `capabilities.maxPoNumberLength` with `FieldLengthError`;
 * - `checkStock` answers per warehouse in the order asked, unknown SKUs with `found: false`,
 *   in batches of `capabilities.maxStockBatch`;
 * - shipments appear only when released with `shipOrder`;
 * - `cancelOrder` follows `capabilities.cancel`, answering `unsupported` with a warning.
 *
 * @param options - id, capabilities, initial stock, clock.
 */
export function createMockDistributorClient(options: MockDistributorClientOptions = {}): MockDistributorClient {
  const distributor = options.distributor ?? 'mock';
  const capabilities: DistributorCapabilities = { ...defaultCapabilities, ...options.capabilities };
  const floorAt = options.floorAt ?? 25;
  const now = options.now ?? (() => new Date());
  const stock = new Map<string, Map<string, number>>();
  const orders = new Map<string, MockDistributorOrder>();
  const created = new Map<string, number>();
  const faults = new FaultQueue<MockDistributorOperation>();
  const calls = new CallCounter();
  const rejections: { message: string; poNumber?: string; lineErrors: LineError[] }[] = [];
  let sequence = 0;
  let trackingSequence = 0;
  const referencePrefix =
    distributor
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 6) || 'MOCK';

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

  function fail(operation: MockDistributorOperation, afterEffect: boolean): void {
    const error = faults.take(operation, afterEffect);
    if (error !== undefined) throw error;
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

  function shippedQuantities(order: MockDistributorOrder): Map<string, number> {
    const shipped = new Map<string, number>();
    for (const shipment of order.shipments) {
      for (const line of shipment.lines ?? order.lines)
        shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
    }
    return shipped;
  }

  /** A copy of the order as the API would return it (the caller cannot change the mock's state). */
  function toDistributorOrder(order: MockDistributorOrder): DistributorOrder {
    return {
      poNumber: order.poNumber,
      distributorOrderRefs: [order.reference],
      status: order.status,
      statusText: order.status,
      shipments: order.shipments.map(copyReportedShipment),
    };
  }

  function requireOrder(poNumber: string): MockDistributorOrder {
    const order = orders.get(poNumber);
    if (order === undefined)
      throw new NotFoundError(`${distributor}: no order for PO ${poNumber}`, { service: distributor, status: 404 });
    return order;
  }

  const client: MockDistributorClient = {
    specificationVersion: 'v1',
    distributor,
    capabilities,

    async checkStock(skus, callOptions) {
      throwIfAborted(callOptions);
      if (!Array.isArray(skus) || skus.some((sku) => typeof sku !== 'string')) {
        throw new ValidationError('stock check', [{ path: 'skus', message: 'must be an array of SKUs' }]);
      }
      const levels: StockLevel[] = [];
      for (let start = 0; start < skus.length; start += capabilities.maxStockBatch) {
        calls.count('checkStock');
        fail('checkStock', false);
        for (const sku of skus.slice(start, start + capabilities.maxStockBatch)) {
          const warehouses = stock.get(sku);
          levels.push({
            sku,
            found: warehouses !== undefined,
            warehouses: [...(warehouses ?? [])].map(([warehouse, quantity]) => {
              const capped = capabilities.stockIsFloor && quantity >= floorAt;
              return { warehouse, quantity: capped ? floorAt : quantity, isFloor: capped };
            }),
          });
        }
      }
      return levels;
    },

    async submitOrder(request, callOptions) {
      throwIfAborted(callOptions);
      calls.count('submitOrder');
      checkRequest(request);
      if (request.poNumber.length > capabilities.maxPoNumberLength) {
        throw new FieldLengthError(distributor, [
          { field: 'poNumber', maxLength: capabilities.maxPoNumberLength, actualLength: request.poNumber.length },
        ]);
      }
      fail('submitOrder', false);
      const existing = orders.get(request.poNumber);
      if (existing !== undefined) {
        return {
          poNumber: existing.poNumber,
          distributorOrderRefs: [existing.reference],
          status:
            existing.status === 'backordered'
              ? 'backordered'
              : options.acknowledgeOnSubmit
                ? 'acknowledged'
                : 'submitted',
          alreadyExisted: true,
          warnings: [],
        };
      }
      const rejectionIndex = rejections.findIndex(
        (entry) => entry.poNumber === undefined || entry.poNumber === request.poNumber,
      );
      if (rejectionIndex >= 0) {
        const [rejection] = rejections.splice(rejectionIndex, 1);
        throw new OrderRejectedError(
          distributor,
          request.poNumber,
          rejection?.message ?? 'rejected',
          rejection?.lineErrors ?? [],
        );
      }
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
        return { poNumber: request.poNumber, distributorOrderRefs: [], status, alreadyExisted: false, warnings: [] };
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
      orders.set(order.poNumber, order);
      created.set(order.poNumber, (created.get(order.poNumber) ?? 0) + 1);
      fail('submitOrder', true);
      return {
        poNumber: order.poNumber,
        distributorOrderRefs: [order.reference],
        status,
        alreadyExisted: false,
        warnings: [],
      };
    },

    async findOrder(poNumber, callOptions) {
      throwIfAborted(callOptions);
      calls.count('findOrder');
      fail('findOrder', false);
      const order = orders.get(poNumber);
      return order === undefined ? null : toDistributorOrder(order);
    },

    async listShipments(query: ShipmentQuery, callOptions) {
      throwIfAborted(callOptions);
      if (typeof query !== 'object' || query === null)
        throw new ValidationError('shipment query', [{ path: '', message: 'must be { poNumbers } or { from, to }' }]);
      if ('poNumbers' in query) {
        if (!Array.isArray(query.poNumbers))
          throw new ValidationError('shipment query', [{ path: 'poNumbers', message: 'must be an array' }]);
        const batch = capabilities.batchTracking === 'po-list' ? capabilities.maxTrackingBatch : 1;
        const result: DistributorOrder[] = [];
        for (let start = 0; start < query.poNumbers.length; start += batch) {
          calls.count('listShipments');
          fail('listShipments', false);
          for (const poNumber of query.poNumbers.slice(start, start + batch)) {
            const order = orders.get(poNumber);
            if (order !== undefined) result.push(toDistributorOrder(order));
          }
        }
        return result;
      }
      calls.count('listShipments');
      fail('listShipments', false);
      const from = query.from.slice(0, 10);
      const to = query.to.slice(0, 10);
      return [...orders.values()]
        .filter((order) =>
          order.shipments.some(
            (shipment) => shipment.shippedAt.slice(0, 10) >= from && shipment.shippedAt.slice(0, 10) <= to,
          ),
        )
        .map(toDistributorOrder);
    },

    async cancelOrder(poNumber, callOptions): Promise<CancelResult> {
      throwIfAborted(callOptions);
      calls.count('cancelOrder');
      fail('cancelOrder', false);
      if (capabilities.cancel !== 'supported') {
        return {
          status: 'unsupported',
          warning: {
            type: 'unsupported',
            feature: 'cancel-order',
            message: `${distributor} cannot cancel a submitted order through its API; contact the distributor`,
          },
        };
      }
      const order = requireOrder(poNumber);
      if (order.status === 'cancelled') return { status: 'cancelled' };
      if (order.shipments.length > 0)
        throw new OrderRejectedError(distributor, poNumber, 'already shipped, cannot cancel');
      order.status = 'cancelled';
      for (const line of order.lines) {
        const warehouses = stock.get(line.sku);
        const first = warehouses?.keys().next().value;
        if (warehouses !== undefined && first !== undefined)
          warehouses.set(first, (warehouses.get(first) ?? 0) + line.quantity);
      }
      return { status: 'cancelled' };
    },

    setStock,

    orderCount(poNumber) {
      return created.get(poNumber) ?? 0;
    },

    orders() {
      return structuredClone([...orders.values()]);
    },

    shipOrder(poNumber, shipOptions = {}) {
      const order = requireOrder(poNumber);
      if (order.status === 'cancelled' || order.status === 'rejected')
        throw new OrderRejectedError(distributor, poNumber, `order is ${order.status}`);
      const shipped = shippedQuantities(order);
      const lines =
        shipOptions.lines ??
        order.lines
          .map((line) => ({ sku: line.sku, quantity: line.quantity - (shipped.get(line.sku) ?? 0) }))
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
      order.status = order.lines.every((line) => (after.get(line.sku) ?? 0) >= line.quantity)
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
      });
    },

    failNext(fault) {
      faults.add(fault);
    },

    callCount(operation) {
      return calls.get(operation);
    },

    reset(resetOptions = {}) {
      orders.clear();
      created.clear();
      faults.clear();
      calls.clear();
      rejections.length = 0;
      if (resetOptions.all === true) stock.clear();
    },
  };
  return client;
}

// --- marketplace --------------------------------------------------------------------------------------

/** A tracking push the mock marketplace recorded. */
export interface MockTrackingPush {
  /** The marketplace's order id. */
  marketplaceOrderId: string;
  /** The SDK's shipment id. */
  shipmentId: string;
  trackingNumber: string;
  carrier: CarrierCode;
  /** The carrier name when `carrier` is `other`. */
  carrierName?: string;
  /** Lines in the package. */
  lines: ShipmentNoticeLine[];
  /** The mock's fulfillment reference. */
  reference: string;
}

/** Options of {@link createMockMarketplaceAdapter}. */
export interface MockMarketplaceAdapterOptions {
  /** Marketplace id (must match `SalesOrder.marketplace`). Default `mock-market`. */
  marketplace?: string;
  /** The marketplace emails the buyer itself. Default false. */
  notifiesBuyer?: boolean;
}

/** A {@link MarketplaceAdapter} held in memory, with control hooks for tests. */
export interface MockMarketplaceAdapter extends MarketplaceAdapter {
  /** Every push recorded (copies), in order. */
  pushes(): MockTrackingPush[];
  /** How many times a tracking number was written for an order (0 or 1 when push is idempotent). */
  pushCount(marketplaceOrderId: string, trackingNumber: string): number;
  /** Injects a failure into the next pushes (`operation: 'pushTracking'`). */
  failNext(fault: MockFault<'pushTracking'>): void;
  /** Calls of `pushTracking`, including failed and repeated ones. */
  callCount(): number;
  /** Clears pushes, faults and counters. */
  reset(): void;
}

function checkNoticeInput(input: { order: SalesOrder; shipment: ShipmentNotice }, subject: string): void {
  const issues: ValidationIssue[] = [];
  if (typeof input !== 'object' || input === null)
    throw new ValidationError(subject, [{ path: '', message: 'must be { order, shipment }' }]);
  if (typeof input.order?.marketplaceOrderId !== 'string')
    issues.push({ path: 'order.marketplaceOrderId', message: 'must be a string' });
  if (typeof input.shipment?.id !== 'string' || input.shipment.id.length === 0)
    issues.push({ path: 'shipment.id', message: 'must be a non-empty string' });
  if (typeof input.shipment?.trackingNumber !== 'string' || input.shipment.trackingNumber.length === 0) {
    issues.push({ path: 'shipment.trackingNumber', message: 'must be a non-empty string' });
  }
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

/**
 * Creates an in-memory marketplace adapter that follows the v1 spec: `pushTracking` is
 * idempotent per (order, tracking number): it looks at what the order already has and answers
 * `already-pushed` instead of writing twice (check with `pushCount`).
 *
 * @param options - marketplace id and whether it emails the buyer itself.
 */
export function createMockMarketplaceAdapter(options: MockMarketplaceAdapterOptions = {}): MockMarketplaceAdapter {
  const marketplace = options.marketplace ?? 'mock-market';
  const pushes: MockTrackingPush[] = [];
  /** The push of each (order, tracking number), by {@link key}. */
  const pushed = new Map<string, MockTrackingPush>();
  const writes = new Map<string, number>();
  const faults = new FaultQueue<'pushTracking'>();
  let calls = 0;
  const key = (marketplaceOrderId: string, trackingNumber: string): string =>
    `${marketplaceOrderId}\u0000${trackingNumber.replace(/\s+/g, '')}`;

  return {
    specificationVersion: 'v1',
    marketplace,
    notifiesBuyer: options.notifiesBuyer ?? false,

    async pushTracking(input, callOptions): Promise<PushTrackingResult> {
      throwIfAborted(callOptions);
      calls++;
      checkNoticeInput(input, 'tracking push');
      if (input.order.marketplace !== marketplace) {
        throw new ValidationError('tracking push', [{ path: 'order.marketplace', message: `must be ${marketplace}` }]);
      }
      const before = faults.take('pushTracking', false);
      if (before !== undefined) throw before;
      const { order, shipment } = input;
      const writeKey = key(order.marketplaceOrderId, shipment.trackingNumber);
      const existing = pushed.get(writeKey);
      if (existing !== undefined) return { status: 'already-pushed', reference: existing.reference };
      const reference = `F-${pushes.length + 1}`;
      const push: MockTrackingPush = {
        marketplaceOrderId: order.marketplaceOrderId,
        shipmentId: shipment.id,
        trackingNumber: shipment.trackingNumber,
        carrier: shipment.carrier,
        ...(shipment.carrierName === undefined ? {} : { carrierName: shipment.carrierName }),
        lines: shipment.lines.map((line) => ({ ...line })),
        reference,
      };
      pushes.push(push);
      pushed.set(writeKey, push);
      writes.set(writeKey, (writes.get(writeKey) ?? 0) + 1);
      const after = faults.take('pushTracking', true);
      if (after !== undefined) throw after;
      return { status: 'pushed', reference };
    },

    pushes() {
      return structuredClone(pushes);
    },

    pushCount(marketplaceOrderId, trackingNumber) {
      return writes.get(key(marketplaceOrderId, trackingNumber)) ?? 0;
    },

    failNext(fault) {
      faults.add(fault);
    },

    callCount() {
      return calls;
    },

    reset() {
      pushes.length = 0;
      pushed.clear();
      writes.clear();
      faults.clear();
      calls = 0;
    },
  };
}

// --- buyer notifier -----------------------------------------------------------------------------------

/** A message the mock notifier sent. */
export interface MockBuyerMessage {
  /** The buyer's email address. */
  to: string;
  /** The shipment it is about. */
  shipmentId: string;
  trackingNumber: string;
  /** The marketplace order id. */
  marketplaceOrderId: string;
  /** The mock's message id. */
  messageId: string;
}

/** A {@link BuyerNotifier} held in memory, with control hooks for tests. */
export interface MockBuyerNotifier extends BuyerNotifier {
  /** Every message sent (copies), in order. */
  messages(): MockBuyerMessage[];
  /** How many messages were sent for a shipment (0 or 1 when notify is idempotent). */
  sentCount(shipmentId: string): number;
  /** Injects a failure into the next notifications (`operation: 'notifyShipment'`). */
  failNext(fault: MockFault<'notifyShipment'>): void;
  /** Calls of `notifyShipment`, including failed and repeated ones. */
  callCount(): number;
  /** Clears messages, faults and counters. */
  reset(): void;
}

/**
 * Creates an in-memory buyer notifier that follows the v1 spec: at most one message per
 * `shipment.id` (`already-sent` afterwards), `skipped` when the buyer has no email address.
 */
export function createMockBuyerNotifier(): MockBuyerNotifier {
  const messages: MockBuyerMessage[] = [];
  const faults = new FaultQueue<'notifyShipment'>();
  let calls = 0;

  return {
    specificationVersion: 'v1',

    async notifyShipment(input): Promise<NotifyShipmentResult> {
      calls++;
      checkNoticeInput(input, 'shipment notification');
      const before = faults.take('notifyShipment', false);
      if (before !== undefined) throw before;
      const { order, shipment } = input;
      const previous = messages.find((message) => message.shipmentId === shipment.id);
      if (previous !== undefined) return { status: 'already-sent', messageId: previous.messageId };
      const to = order.buyer?.email;
      if (to === undefined) return { status: 'skipped' };
      const messageId = `<mock-${messages.length + 1}@dropship.test>`;
      messages.push({
        to,
        shipmentId: shipment.id,
        trackingNumber: shipment.trackingNumber,
        marketplaceOrderId: order.marketplaceOrderId,
        messageId,
      });
      const after = faults.take('notifyShipment', true);
      if (after !== undefined) throw after;
      return { status: 'sent', messageId };
    },

    messages() {
      return structuredClone(messages);
    },

    sentCount(shipmentId) {
      return messages.filter((message) => message.shipmentId === shipmentId).length;
    },

    failNext(fault) {
      faults.add(fault);
    },

    callCount() {
      return calls;
    },

    reset() {
      messages.length = 0;
      faults.clear();
      calls = 0;
    },
  };
}
