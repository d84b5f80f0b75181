import { z } from 'zod';
import { FieldLengthError } from '../errors/field-length-error.js';
import type { LineError, RejectionReason } from '../errors/order-rejected-error.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { parseWith } from '../model/parse.js';
import type {
  CancelResult,
  DistributorClient,
  DistributorOrder,
  DistributorOrderStatus,
  PurchaseOrderRequest,
  ShipmentQuery,
} from '../spec/v1/distributor-client.js';
import type { FiredFault, MockFault } from './faults.js';
import { CallCounter, sendToMock, throwIfAborted } from './mock-api.js';
import {
  createMockDistributorServer,
  type MockDistributorOrder,
  type MockDistributorServer,
  type MockDistributorServerOptions,
  type MockShipOptions,
  mockDistributorServerOptionsShape,
} from './mock-distributor-server.js';

/** Client methods of the mock distributor, for call counts. */
export type MockDistributorOperation = 'checkStock' | 'submitOrder' | 'findOrder' | 'listShipments' | 'cancelOrder';

/** Options of {@link createMockDistributorClient}: the server's options, or a server to share. */
export interface MockDistributorClientOptions extends MockDistributorServerOptions {
  /**
   * A server to talk to (shared with other clients: two workers, or a client with a wrong
   * token). When given, the server options (`distributor`, `capabilities`, `stock`, ...) are
   * refused: they are the server's.
   */
  server?: MockDistributorServer;
  /** The token this client sends. Default the server's `validToken`. */
  apiToken?: string;
}

/** A {@link DistributorClient} held in memory, with control hooks for tests. */
export interface MockDistributorClient extends DistributorClient {
  /** The in-memory API it talks to. */
  readonly server: MockDistributorServer;
  /** Sets the units of a SKU at a warehouse (a new SKU becomes known). */
  setStock(sku: string, warehouse: string, quantity: number): void;
  /**
   * How many orders the distributor created for a PO number. The distributor does not
   * deduplicate: 2 or more means a duplicate order.
   */
  orderCount(poNumber: string): number;
  /** Every order held (copies), duplicates included. */
  orders(): MockDistributorOrder[];
  /** Ships (part of) an order: records a package and returns its tracking number. */
  shipOrder(poNumber: string, options?: MockShipOptions): string;
  /** Sets the status of an order (for example `backordered` or `rejected`). */
  setOrderStatus(poNumber: string, status: DistributorOrderStatus): void;
  /** Makes the next order created for `poNumber` (any PO when omitted) be refused with `OrderRejectedError`. */
  rejectNextSubmit(
    message: string,
    options?: { poNumber?: string; lineErrors?: LineError[]; reason?: RejectionReason },
  ): void;
  /** See {@link MockDistributorServer.rejectNextOrders}. */
  rejectNextOrders(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /** See {@link MockDistributorServer.cancelOnDistributorSide}. */
  cancelOnDistributorSide(
    poNumber: string,
    options: { reason: RejectionReason; lines?: { sku: string; quantity: number }[] },
  ): void;
  /** See {@link MockDistributorServer.setPrice}. */
  setPrice(sku: string, unitCost: number, options?: { stock?: boolean }): void;
  /**
   * Injects a failure into the next matching server calls: `{ kind, operations, times }` with the
   * operations `stock`, `submit-look-up`, `submit`, `find-order`, `shipments`, `cancel`.
   */
  injectFault(fault: MockFault): void;
  /** Faults that fired, in order, with the operation each hit. */
  firedFaults(): FiredFault[];
  /**
   * Calls of this client's methods per method (each stock or tracking batch counts once), for
   * one PO number when given (`submitOrder`, `findOrder`, `cancelOrder`), or in all. Failed and
   * repeated calls count.
   */
  callCount(operation?: MockDistributorOperation, poNumber?: string): number;
  /** Clears orders, faults and counters (of the server and of this client); stock stays unless `all`. */
  reset(options?: { all?: boolean }): void;
}

const clientOptionsSchema = z.strictObject({
  ...mockDistributorServerOptionsShape,
  server: z.custom<MockDistributorServer>((value) => typeof value === 'object' && value !== null).optional(),
  apiToken: z.string().optional(),
});

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

/** The answer to a submit whose PO number the distributor already holds. */
function existingOrderResult(existing: DistributorOrder, acknowledged: boolean) {
  return {
    poNumber: existing.poNumber,
    distributorOrderRefs: existing.distributorOrderRefs,
    status:
      existing.status === 'backordered'
        ? ('backordered' as const)
        : acknowledged
          ? ('acknowledged' as const)
          : ('submitted' as const),
    alreadyExisted: true,
    warnings: [],
  };
}

/**
 * Creates an in-memory distributor client over a {@link MockDistributorServer} (its own unless
 * `server` is given). It behaves like the SDK's real clients over an API that does not
 * deduplicate:
 * - `submitOrder` looks the PO number up first (operation `submit-look-up`) and returns the
 *   existing order with `alreadyExisted: true`; otherwise it creates one (operation `submit`).
 *   Other calls may run between the look-up and the create, so two submits of one PO number at
 *   once place two orders (check with `orderCount`), as with a real distributor. A failed
 *   look-up or create throws; the client does not resend on its own;
 * - injected faults throw what a real client throws (see {@link FaultKind}); a 429 is sent again
 *   up to twice;
 * - it rejects PO numbers longer than `capabilities.maxPoNumberLength` with `FieldLengthError`
 *   before any call; `checkStock` and `listShipments` split into batches as the capabilities say;
 * - `cancelOrder` follows `capabilities.cancel`, answering `unsupported` with a warning.
 *
 * @param options - the server's options (id, capabilities, stock, clock) or a server to share,
 *   and the token to send.
 * @throws ValidationError for malformed or unknown options.
 */
export function createMockDistributorClient(options: MockDistributorClientOptions = {}): MockDistributorClient {
  parseWith(clientOptionsSchema, options, 'mock distributor options');
  const { server: shared, apiToken, ...serverOptions } = options;
  if (shared !== undefined && Object.keys(serverOptions).length > 0) {
    throw new ValidationError('mock distributor options', [
      {
        path: Object.keys(serverOptions)[0] ?? '',
        message: 'is an option of the server; set it where the server is created',
      },
    ]);
  }
  const server = shared ?? createMockDistributorServer(serverOptions);
  const token = apiToken ?? server.validToken;
  const { distributor, capabilities } = server;
  const calls = new CallCounter<MockDistributorOperation>();

  const client: MockDistributorClient = {
    specificationVersion: 'v1',
    distributor,
    capabilities,
    server,

    async checkStock(skus, callOptions) {
      throwIfAborted(callOptions);
      if (!Array.isArray(skus) || skus.some((sku) => typeof sku !== 'string')) {
        throw new ValidationError('stock check', [{ path: 'skus', message: 'must be an array of SKUs' }]);
      }
      const levels = [];
      for (let start = 0; start < skus.length; start += capabilities.maxStockBatch) {
        calls.count('checkStock');
        const batch = skus.slice(start, start + capabilities.maxStockBatch);
        levels.push(
          ...(await sendToMock(() => server.serve('stock', token, () => server.stockOf(batch)), callOptions)),
        );
      }
      return levels;
    },

    async submitOrder(request, callOptions) {
      throwIfAborted(callOptions);
      calls.count('submitOrder', typeof request?.poNumber === 'string' ? request.poNumber : undefined);
      checkRequest(request);
      if (request.poNumber.length > capabilities.maxPoNumberLength) {
        throw new FieldLengthError(distributor, [
          { field: 'poNumber', maxLength: capabilities.maxPoNumberLength, actualLength: request.poNumber.length },
        ]);
      }
      if (request.validateOnly !== true) {
        const existing = await sendToMock(
          () => server.serve('submit-look-up', token, () => server.findOrder(request.poNumber)),
          callOptions,
        );
        if (existing !== null) return existingOrderResult(existing, server.acknowledgeOnSubmit);
      }
      return sendToMock(() => server.serve('submit', token, () => server.createOrder(request)), callOptions);
    },

    async findOrder(poNumber, callOptions) {
      throwIfAborted(callOptions);
      calls.count('findOrder', poNumber);
      return sendToMock(() => server.serve('find-order', token, () => server.findOrder(poNumber)), callOptions);
    },

    async listShipments(query: ShipmentQuery, callOptions) {
      throwIfAborted(callOptions);
      if (typeof query !== 'object' || query === null)
        throw new ValidationError('shipment query', [{ path: '', message: 'must be { poNumbers } or { from, to }' }]);
      if ('poNumbers' in query) {
        if (!Array.isArray(query.poNumbers))
          throw new ValidationError('shipment query', [{ path: 'poNumbers', message: 'must be an array' }]);
        const size = capabilities.batchTracking === 'po-list' ? capabilities.maxTrackingBatch : 1;
        const result: DistributorOrder[] = [];
        for (let start = 0; start < query.poNumbers.length; start += size) {
          calls.count('listShipments');
          const batch = query.poNumbers.slice(start, start + size);
          result.push(
            ...(await sendToMock(() => server.serve('shipments', token, () => server.ordersOf(batch)), callOptions)),
          );
        }
        return result;
      }
      calls.count('listShipments');
      return sendToMock(
        () => server.serve('shipments', token, () => server.ordersShippedBetween(query.from, query.to)),
        callOptions,
      );
    },

    async cancelOrder(poNumber, callOptions): Promise<CancelResult> {
      throwIfAborted(callOptions);
      calls.count('cancelOrder', poNumber);
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
      await sendToMock(() => server.serve('cancel', token, () => server.cancel(poNumber)), callOptions);
      return { status: 'cancelled' };
    },

    setStock: (sku, warehouse, quantity) => server.setStock(sku, warehouse, quantity),
    orderCount: (poNumber) => server.orderCount(poNumber),
    orders: () => server.orders(),
    shipOrder: (poNumber, shipOptions) => server.shipOrder(poNumber, shipOptions),
    setOrderStatus: (poNumber, status) => server.setOrderStatus(poNumber, status),
    rejectNextSubmit: (message, rejectOptions) => server.rejectNextSubmit(message, rejectOptions),
    rejectNextOrders: (rejectOptions) => server.rejectNextOrders(rejectOptions),
    cancelOnDistributorSide: (poNumber, cancelOptions) => server.cancelOnDistributorSide(poNumber, cancelOptions),
    setPrice: (sku, unitCost, priceOptions) => server.setPrice(sku, unitCost, priceOptions),
    injectFault: (fault) => server.injectFault(fault),
    firedFaults: () => server.firedFaults(),
    callCount: (operation, poNumber) => calls.get(operation, poNumber),

    reset(resetOptions = {}) {
      server.reset(resetOptions);
      calls.clear();
    },
  };
  return client;
}
