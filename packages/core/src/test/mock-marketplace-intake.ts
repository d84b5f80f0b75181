import { z } from 'zod';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { OrderMappingError } from '../errors/order-mapping-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { toListedOrder } from '../model/listed-order.js';
import { parseWith } from '../model/parse.js';
import { parseSalesOrder, type SalesOrder } from '../model/sales-order.js';
import { instantSchema } from '../model/shipment.js';
import type {
  AcknowledgeOrdersResult,
  MarketplaceOrderStatus,
  MarketplaceOrders,
  OrderListPage,
  OrderListRequest,
} from '../spec/v1/order-intake.js';
import type { MockApi } from './mock-api.js';
import { sendToMock, throwIfAborted } from './mock-api.js';

/** How the mock marketplace lists an order it holds for intake (as `SimulatedListingOptions` of `@dropship/testing`). */
export interface MockListingOptions {
  /** The marketplace's modification time of the order (ISO 8601). Default: the mock's clock now. */
  updatedAt?: string;
  /** Where the order stands. Default `ready`. */
  status?: MarketplaceOrderStatus;
}

/**
 * The order-listing side of the mock marketplace, with the semantics of `SimulatedOrderIntake`
 * (`@dropship/testing`): orders changed in a window, oldest change first, paged by an opaque
 * cursor over the window's orders as they stand at each call (an order changed during a scan
 * moves, as at a real marketplace), never deduplicated. Faults apply to the operations
 * `list-orders` and `acknowledge-orders`.
 */
export interface MockOrderIntake {
  /** Lists `order` (new), or changes an order it lists (same id: replaced, with a later `updatedAt`). */
  putOrder(order: SalesOrder, options?: MockListingOptions): void;
  /** Lists an order the adapter cannot map (its ship-to name is missing). */
  putUnmappableOrder(order: SalesOrder, options?: MockListingOptions): void;
  /** The next `times` pages also repeat the last order of the page before. Default 1. */
  repeatOnNextPages(times?: number): void;
  /** Makes every page cursor issued so far expire: using one is refused (HTTP 400). */
  expireCursors(): void;
  /** Orders acknowledged, in call order, one entry per order per call. */
  acknowledged(): string[];
  /** Listing calls served (pages), failed ones included. */
  listCallCount(): number;
  /** Forgets orders, repeats, cursors and acknowledgements. */
  clear(): void;
}

/** One order as the mock marketplace holds it. */
interface HeldOrder {
  readonly order: SalesOrder;
  readonly unmappable: boolean;
  readonly updatedAt: string;
  readonly status: MarketplaceOrderStatus;
}

const statusSchema = z.enum(['ready', 'not-ready', 'cancel-requested', 'cancelled', 'shipped']);
const listingOptionsSchema = z.strictObject({ updatedAt: instantSchema.optional(), status: statusSchema.optional() });
const requestSchema = z
  .strictObject({
    since: instantSchema,
    until: instantSchema,
    cursor: z.string().min(1).optional(),
    limit: z.number().int().min(1).optional(),
  })
  .refine((request) => Date.parse(request.since) < Date.parse(request.until), {
    path: ['until'],
    message: 'must be after since (the window is [since, until))',
  });

/** What a page cursor carries (encoded, opaque to the caller). */
interface CursorState {
  since: string;
  until: string;
  offset: number;
  generation: number;
}

function encodeCursor(state: CursorState): string {
  return `c1.${Buffer.from(JSON.stringify(state)).toString('base64url')}`;
}

function decodeCursor(cursor: string): CursorState | undefined {
  if (!cursor.startsWith('c1.')) return undefined;
  try {
    const state = JSON.parse(Buffer.from(cursor.slice(3), 'base64url').toString('utf8')) as CursorState;
    return typeof state.offset === 'number' && typeof state.generation === 'number' ? state : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the order-listing state of a mock marketplace and its `MarketplaceOrders` over `api`.
 *
 * @param marketplace - the marketplace id.
 * @param api - the mock API (counts calls, checks the token, applies faults).
 * @param now - the mock's clock.
 * @internal
 */
export function createMockOrderIntake(
  marketplace: string,
  api: MockApi,
  now: () => Date,
): { intake: MockOrderIntake; ordersFor(token: string, pageSize: number): MarketplaceOrders } {
  const held = new Map<string, HeldOrder>();
  const acknowledgedLog: string[] = [];
  let repeats = 0;
  let generation = 0;
  let listCalls = 0;

  function put(order: SalesOrder, options: MockListingOptions, unmappable: boolean): void {
    const parsed = parseSalesOrder(order);
    const { updatedAt, status } = parseWith(listingOptionsSchema, options, 'mock listing options');
    if (parsed.marketplace !== marketplace) {
      throw new ValidationError('mock listing', [{ path: 'order.marketplace', message: `must be ${marketplace}` }]);
    }
    held.set(parsed.marketplaceOrderId, {
      order: structuredClone(parsed),
      unmappable,
      updatedAt: updatedAt ?? now().toISOString(),
      status: status ?? 'ready',
    });
  }

  function listPage(request: OrderListRequest, pageSize: number): OrderListPage {
    const { since, until, cursor, limit } = parseWith(requestSchema, request, 'order listing request');
    let offset = 0;
    if (cursor !== undefined) {
      const state = decodeCursor(cursor);
      const refused =
        state === undefined
          ? 'the cursor is not one this marketplace issued'
          : state.generation < generation
            ? 'the cursor has expired'
            : state.since !== since || state.until !== until
              ? 'the cursor belongs to another window'
              : undefined;
      if (refused !== undefined)
        throw new InvalidRequestError(`${marketplace} list-orders: HTTP 400 (${refused})`, {
          service: marketplace,
          status: 400,
        });
      offset = (state as CursorState).offset;
    }
    const size = Math.min(limit ?? pageSize, pageSize);
    const sinceMs = Date.parse(since);
    const untilMs = Date.parse(until);
    const window = [...held.values()]
      .filter((entry) => {
        const at = Date.parse(entry.updatedAt);
        return at >= sinceMs && at < untilMs;
      })
      .sort(
        (left, right) =>
          Date.parse(left.updatedAt) - Date.parse(right.updatedAt) ||
          (left.order.marketplaceOrderId < right.order.marketplaceOrderId ? -1 : 1),
      );
    const page = window.slice(offset, offset + size);
    const previous = window[offset - 1];
    if (repeats > 0 && offset > 0 && previous !== undefined) {
      repeats--;
      page.unshift(previous);
    }
    const orders = page.map((entry) =>
      toListedOrder({
        marketplaceOrderId: entry.order.marketplaceOrderId,
        updatedAt: entry.updatedAt,
        status: entry.status,
        map: () => {
          if (entry.unmappable)
            throw new OrderMappingError(
              marketplace,
              entry.order.marketplaceOrderId,
              'shipTo.name',
              'the ship-to name is missing',
            );
          return structuredClone(entry.order);
        },
      }),
    );
    const next = offset + size;
    return {
      orders,
      ...(next < window.length ? { nextCursor: encodeCursor({ since, until, offset: next, generation }) } : {}),
    };
  }

  const intake: MockOrderIntake = {
    putOrder: (order, options = {}) => put(order, options, false),
    putUnmappableOrder: (order, options = {}) => put(order, options, true),
    repeatOnNextPages(times = 1) {
      repeats += parseWith(z.number().int().min(1), times, 'repeat times');
    },
    expireCursors() {
      generation++;
    },
    acknowledged: () => [...acknowledgedLog],
    listCallCount: () => listCalls,
    clear() {
      held.clear();
      acknowledgedLog.length = 0;
      repeats = 0;
      listCalls = 0;
    },
  };

  return {
    intake,
    ordersFor(token, pageSize) {
      return {
        pageSize,
        async list(request, options) {
          throwIfAborted(options);
          // A window that is not one is refused before any call, as a real adapter does.
          parseWith(requestSchema, request, 'order listing request');
          return sendToMock(() => {
            listCalls++;
            return api.serve('list-orders', token, () => listPage(request, pageSize));
          }, options);
        },
        async acknowledge(marketplaceOrderIds, options): Promise<AcknowledgeOrdersResult> {
          throwIfAborted(options);
          const ids = parseWith(z.array(z.string().min(1)).min(1), marketplaceOrderIds, 'acknowledged order ids');
          return sendToMock(
            () =>
              api.serve('acknowledge-orders', token, () => {
                const result: AcknowledgeOrdersResult = { acknowledged: [], failed: [] };
                for (const id of ids) {
                  if (held.has(id)) {
                    acknowledgedLog.push(id);
                    result.acknowledged.push(id);
                  } else result.failed.push({ marketplaceOrderId: id, error: 'no such order' });
                }
                return result;
              }),
            options,
          );
        },
      };
    },
  };
}
