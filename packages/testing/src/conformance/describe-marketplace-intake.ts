import {
  AuthenticationError,
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type ListedOrderEntry,
  type MarketplaceAdapter,
  type MarketplaceOrderStatus,
  type MarketplaceOrders,
  type OrderListPage,
  ResponseParseError,
  type SalesOrder,
  ValidationError,
} from '@dropship/core';
import { createMockDistributorClient } from '@dropship/core/test';
import { expect } from 'vitest';
import { standardOperations } from '../create-fault-injector.js';
import type { HostileAnswer } from '../simulator-utilities.js';
import type { MarketplaceConformanceHarness, MarketplaceSimulator, SimulatedOrderIntake } from '../testing-types.js';
import type { ConformanceCase, MarketplaceCaseContext } from './conformance-case.js';
import { expectNoSecrets } from './expect-no-secrets.js';
import { failureOf } from './failure-of.js';

/** What the intake cases need of a harness beyond {@link MarketplaceConformanceHarness}. */
export interface MarketplaceIntakeHarness extends MarketplaceConformanceHarness {
  /**
   * The listing calls the marketplace needs: `perPage` per page and `perOrder` per order listed
   * (Amazon: `getOrders` per page plus `getOrderItems` per order, so `{ perPage: 1, perOrder: 1 }`).
   * `simulator.intake.listCallCount()` must equal exactly that. Default `{ perPage: 1, perOrder: 0 }`.
   */
  intakeCalls?: { perPage?: number; perOrder?: number };
  /**
   * The `index`-th distinct order for the intake cases (ids in the marketplace's format). Default
   * `sampleOrder()` with the trailing number of its `marketplaceOrderId` increased by `index`
   * (`113-1234567-1234567` → `113-1234567-1234570` for index 3), or `-<index>` appended when it
   * ends in no digit.
   */
  intakeOrder?: (index: number) => SalesOrder;
}

/** An adapter whose order intake is declared and implemented. */
export type IntakeAdapter = MarketplaceAdapter & { orders: MarketplaceOrders };

/** A simulator with its intake surface. */
export type IntakeSimulator = MarketplaceSimulator & { intake: SimulatedOrderIntake };

/** What one intake case runs against: a fresh simulator (its handlers served) and the harness. */
export type IntakeCaseContext = MarketplaceCaseContext<MarketplaceIntakeHarness, IntakeSimulator>;

/** One intake case: a name (the test title) and a check that throws when the adapter fails it. */
export type MarketplaceIntakeCase = ConformanceCase<IntakeCaseContext>;

/** The page size the cases configure, so that a handful of orders spans several pages. */
export const intakeCasePageSize = 3;
/** Orders the paging cases list: not a multiple of the page size, so the last page is short. */
const pagedOrderCount = 2 * intakeCasePageSize + 1;

const minuteMs = 60_000;

/**
 * The scan window of the intake cases: the day before now, ending an hour ago (marketplaces refuse a
 * window that ends in the last minutes, and some list only recent months), and the instant of
 * the `index`-th order in it.
 */
export function caseWindow(): { since: string; until: string; at: (index: number) => string } {
  const until = Math.floor(Date.now() / minuteMs) * minuteMs - 60 * minuteMs;
  const since = until - 24 * 60 * minuteMs;
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    at: (index) => new Date(since + (index + 1) * minuteMs).toISOString(),
  };
}

/** The sample order with its id's trailing number increased by `index` (same width), or `-<index>` appended. */
function nthSampleOrder(sample: SalesOrder, index: number): SalesOrder {
  const match = /^(.*?)(\d+)$/.exec(sample.marketplaceOrderId);
  if (!match) return { ...structuredClone(sample), marketplaceOrderId: `${sample.marketplaceOrderId}-${index}` };
  const [, prefix = '', digits = ''] = match;
  const number = (BigInt(digits) + BigInt(index)) % 10n ** BigInt(digits.length);
  return { ...structuredClone(sample), marketplaceOrderId: `${prefix}${String(number).padStart(digits.length, '0')}` };
}

/**
 * `count` distinct orders, each created and last changed at its own minute of the window.
 *
 * @param harness - gives the orders (`intakeOrder`, else the sample order with new ids).
 * @param count - how many.
 * @param at - the instant of the `index`-th order.
 */
export function intakeOrders(
  harness: MarketplaceIntakeHarness,
  count: number,
  at: (index: number) => string,
): SalesOrder[] {
  const sample = harness.sampleOrder();
  return Array.from({ length: count }, (_, index) => ({
    ...(harness.intakeOrder ? harness.intakeOrder(index) : nthSampleOrder(sample, index)),
    orderedAt: at(index),
  }));
}

/**
 * A fresh window and `count` distinct orders listed in it (the `index`-th changed at minute
 * `index + 1` of the window, with `statuses[index]` when given, else ready).
 */
function listOrdersInWindow(
  context: IntakeCaseContext,
  count: number,
  statuses: readonly MarketplaceOrderStatus[] = [],
): { window: ReturnType<typeof caseWindow>; orders: SalesOrder[] } {
  const window = caseWindow();
  const orders = intakeOrders(context.harness, count, window.at);
  for (const [index, order] of orders.entries()) {
    const status = statuses[index];
    context.simulator.intake.putOrder(order, { updatedAt: window.at(index), ...(status ? { status } : {}) });
  }
  return { window, orders };
}

function adapterOf(context: IntakeCaseContext, credentials: 'valid' | 'invalid' = 'valid'): IntakeAdapter {
  const adapter = context.harness.createAdapter(context.simulator, {
    credentials,
    orderPageSize: intakeCasePageSize,
  });
  if (adapter.orders === undefined) throw new Error('the adapter declares order intake but has no `orders`');
  return adapter as IntakeAdapter;
}

/** The marketplace order id of a listing entry. */
export function entryOrderId(entry: ListedOrderEntry): string {
  return entry.kind === 'order' ? entry.order.marketplaceOrderId : entry.marketplaceOrderId;
}

/**
 * Lists every page of a window from `cursor` (or the start), as a caller resuming a scan does.
 * Throws when a page's `nextCursor` is the cursor it was asked with, or after 100 pages.
 *
 * @param orders - the adapter's order intake.
 * @param window - the window's `since` and `until`.
 * @param cursor - a page cursor to resume from.
 */
export async function listToTheEnd(
  orders: MarketplaceOrders,
  window: { since: string; until: string },
  cursor?: string,
): Promise<OrderListPage[]> {
  const pages: OrderListPage[] = [];
  let next = cursor;
  for (let page = 0; page < 100; page++) {
    const listed = await orders.list({ since: window.since, until: window.until, ...(next ? { cursor: next } : {}) });
    pages.push(listed);
    if (listed.nextCursor === undefined) return pages;
    if (listed.nextCursor === next) {
      throw new Error(`the listing does not advance: page ${page + 1}'s nextCursor is the cursor it was asked with`);
    }
    next = listed.nextCursor;
  }
  throw new Error('more than 100 pages for a handful of orders: the listing never ends');
}

/** Listing calls the harness says `pages` pages holding `orders` orders cost. */
function expectedCalls(harness: MarketplaceIntakeHarness, pages: number, orders: number): number {
  return pages * (harness.intakeCalls?.perPage ?? 1) + orders * (harness.intakeCalls?.perOrder ?? 0);
}

/** Counts the simulator's listing calls from now on, both ways it can count them. */
function countListingCalls(simulator: IntakeSimulator): () => { listCalls: number; listRequests: number } {
  const calls = simulator.intake.listCallCount();
  const requests = simulator.requestTimes(standardOperations.listOrders).length;
  return () => ({
    listCalls: simulator.intake.listCallCount() - calls,
    listRequests: simulator.requestTimes(standardOperations.listOrders).length - requests,
  });
}

/**
 * Checks the calls a listing made: `listCallCount()` exactly as the harness declares, and the
 * `list-orders` requests either the pages alone or pages and per-order details (a simulator may
 * name its detail calls `list-orders` too).
 */
function expectCalls(
  harness: MarketplaceIntakeHarness,
  counted: { listCalls: number; listRequests: number },
  pages: number,
  orders: number,
  extra = 0,
): void {
  const expected = expectedCalls(harness, pages, orders) + extra;
  expect(counted.listCalls, `listing calls for ${pages} pages of ${orders} orders`).toBe(expected);
  expect(
    [pages * (harness.intakeCalls?.perPage ?? 1) + extra, expected],
    `"list-orders" requests (${counted.listRequests}) for ${pages} pages of ${orders} orders`,
  ).toContain(counted.listRequests);
}

/** Answers that are not a listing page: none may become an empty page. */
const garbageListingAnswers: readonly { description: string; hostile?: HostileAnswer }[] = [
  { description: 'a malformed (truncated) JSON body' },
  { description: 'an HTML maintenance page with HTTP 200', hostile: 'html-maintenance' },
  { description: 'JSON of another shape with HTTP 200', hostile: 'unexpected-json' },
  { description: 'an empty HTTP 200', hostile: 'empty-200' },
];

/**
 * The order-intake cases of the marketplace conformance suite, run by `describeMarketplaceAdapter`
 * for an adapter that declares `capabilities.orders`. Each is exported so that a test can show
 * that a broken adapter fails it.
 */
export const marketplaceIntakeCases: readonly MarketplaceIntakeCase[] = [
  {
    name: `lists every order to the end: ${pagedOrderCount} orders over pages of ${intakeCasePageSize}, no nextCursor on the last page, one call per page`,
    async run(context) {
      const { simulator, harness } = context;
      const { window, orders } = listOrdersInWindow(context, pagedOrderCount);
      const counted = countListingCalls(simulator);
      const pages = await listToTheEnd(adapterOf(context).orders, window);
      const expectedPages = Math.ceil(pagedOrderCount / intakeCasePageSize);
      expect(pages, 'pages').toHaveLength(expectedPages);
      for (const page of pages) expect(page.orders.length, 'orders on a page').toBeLessThanOrEqual(intakeCasePageSize);
      expect(pages.at(-1)?.nextCursor, 'nextCursor of the last page').toBeUndefined();
      const listed = pages.flatMap((page) => page.orders);
      expect(listed.map(entryOrderId).sort(), 'orders listed over all pages').toEqual(
        orders.map((order) => order.marketplaceOrderId).sort(),
      );
      expect(
        listed.every((entry) => entry.kind === 'order'),
        'every order maps',
      ).toBe(true);
      expectCalls(harness, counted(), expectedPages, pagedOrderCount);
    },
  },
  {
    name: 'maps each order as the marketplace holds it: ids, lines, quantities, unit prices, currency, ship-to, status and modification time',
    async run(context) {
      const { simulator, harness } = context;
      const window = caseWindow();
      const [order] = intakeOrders(harness, 1, window.at);
      if (!order) throw new Error('no order');
      simulator.intake.putOrder(order, { updatedAt: window.at(0) });
      const [entry, ...rest] = (await adapterOf(context).orders.list({ since: window.since, until: window.until }))
        .orders;
      expect(rest).toEqual([]);
      expect(entry?.kind, JSON.stringify(entry)).toBe('order');
      if (entry?.kind !== 'order') return;
      expect(entry.status).toBe('ready');
      expect(Date.parse(entry.updatedAt)).toBe(Date.parse(window.at(0)));
      const listed = entry.order;
      expect(listed.marketplace).toBe(simulator.marketplace);
      expect(listed.marketplaceOrderId).toBe(order.marketplaceOrderId);
      expect(listed.currency).toBe(order.currency);
      const lines = (each: SalesOrder) =>
        each.lines
          .map(({ lineId, sku, quantity, unitPrice }) => ({ lineId, sku, quantity, unitPrice }))
          .sort((left, right) => left.lineId.localeCompare(right.lineId));
      expect(lines(listed), 'lines (id, SKU, quantity, unit price)').toEqual(lines(order));
      expect({
        name: listed.shipTo.name,
        postalCode: listed.shipTo.postalCode,
        country: listed.shipTo.country,
      }).toEqual({ name: order.shipTo.name, postalCode: order.shipTo.postalCode, country: order.shipTo.country });
    },
  },
  {
    name: 'resumes from a stored cursor: a new adapter continues from page 1 and lists the rest, nothing repeated',
    async run(context) {
      const { simulator, harness } = context;
      const { window, orders } = listOrdersInWindow(context, pagedOrderCount);
      const counted = countListingCalls(simulator);
      const first = await adapterOf(context).orders.list({ since: window.since, until: window.until });
      expect(first.orders).toHaveLength(intakeCasePageSize);
      expect(first.nextCursor, 'nextCursor of page 1').toEqual(expect.any(String));
      // The cursor as a store keeps it (JSON), handed to an adapter of another process.
      const stored = JSON.parse(JSON.stringify({ cursor: first.nextCursor })) as { cursor: string };
      const rest = await listToTheEnd(adapterOf(context).orders, window, stored.cursor);
      const listed = [...first.orders, ...rest.flatMap((page) => page.orders)].map(entryOrderId);
      expect(listed.sort(), 'orders listed by both adapters').toEqual(
        orders.map((order) => order.marketplaceOrderId).sort(),
      );
      expectCalls(harness, counted(), 1 + rest.length, pagedOrderCount);
      expect(1 + rest.length).toBe(Math.ceil(pagedOrderCount / intakeCasePageSize));
    },
  },
  {
    name: 'returns an order the API repeats on the next page as the API does: not deduplicated',
    async run(context) {
      const { simulator, harness } = context;
      const { window } = listOrdersInWindow(context, pagedOrderCount);
      simulator.intake.repeatOnNextPages(1);
      const counted = countListingCalls(simulator);
      const pages = await listToTheEnd(adapterOf(context).orders, window);
      const listed = pages.flatMap((page) => page.orders).map(entryOrderId);
      expect(listed, 'entries listed: every order, one of them twice').toHaveLength(pagedOrderCount + 1);
      expect(new Set(listed).size, 'distinct orders listed').toBe(pagedOrderCount);
      expectCalls(harness, counted(), pages.length, pagedOrderCount + 1);
    },
  },
  {
    name: 'is imported once by importMarketplaceOrders when the API repeats it on the next page, and a second run over the same window imports nothing',
    async run(context) {
      const { simulator } = context;
      const { orders } = listOrdersInWindow(context, pagedOrderCount);
      const adapter = adapterOf(context);
      const dayMs = 24 * 60 * minuteMs;
      const dropshipper = createDropshipper({
        distributors: [createMockDistributorClient({ distributor: 'conformance-distributor' })],
        marketplaces: [adapter],
        store: createMemoryStore(),
        catalog: createMemoryCatalog([]),
        approval: { mode: 'manual' },
        // The first run reaches back over the case's window; the second, with this overlap, lists it again.
        intake: { firstImportLookbackMs: 3 * dayMs, overlapMs: 3 * dayMs },
      });
      simulator.intake.repeatOnNextPages(1);
      const first = await dropshipper.importMarketplaceOrders(adapter.marketplace);
      expect(first.listed, 'entries the first run listed: every order, one twice').toBe(pagedOrderCount + 1);
      expect(first.imported, 'orders the first run imported').toBe(pagedOrderCount);
      expect(first.duplicates, 'the repeat, set aside').toBe(1);
      const records = await dropshipper.importedOrders({ marketplace: adapter.marketplace });
      expect(records.map((record) => record.marketplaceOrderId).sort(), 'imported-order records').toEqual(
        orders.map((order) => order.marketplaceOrderId).sort(),
      );
      const second = await dropshipper.importMarketplaceOrders(adapter.marketplace);
      expect(second.listed, 'entries the second run listed').toBe(pagedOrderCount);
      expect(second.imported, 'orders the second run imported').toBe(0);
      expect(await dropshipper.importedOrders({ marketplace: adapter.marketplace })).toHaveLength(pagedOrderCount);
    },
  },
  {
    name: 'lists an order it cannot map as "unmappable" with the field and the reason, and the other orders of the page normally',
    async run(context) {
      const { simulator, harness } = context;
      const window = caseWindow();
      const orders = intakeOrders(harness, intakeCasePageSize, window.at);
      const [first, bad, last] = orders;
      if (!first || !bad || !last) throw new Error('three orders');
      simulator.intake.putOrder(first, { updatedAt: window.at(0) });
      simulator.intake.putUnmappableOrder(bad, { updatedAt: window.at(1) });
      simulator.intake.putOrder(last, { updatedAt: window.at(2) });
      const counted = countListingCalls(simulator);
      const pages = await listToTheEnd(adapterOf(context).orders, window);
      const listed = pages.flatMap((page) => page.orders);
      expect(listed.map(entryOrderId).sort(), 'orders listed').toEqual(
        orders.map((order) => order.marketplaceOrderId).sort(),
      );
      expectCalls(harness, counted(), pages.length, orders.length);
      const held = listed.find((entry) => entryOrderId(entry) === bad.marketplaceOrderId);
      expect(held?.kind, JSON.stringify(held)).toBe('unmappable');
      if (held?.kind !== 'unmappable') return;
      expect(held.field.trim().length, 'the field that could not be mapped').toBeGreaterThan(0);
      expect(held.reason.trim().length, 'why').toBeGreaterThan(0);
      expect(held.status).toBe('ready');
      expectNoSecrets([held], context.secrets());
      for (const good of [first, last]) {
        const entry = listed.find((candidate) => entryOrderId(candidate) === good.marketplaceOrderId);
        expect(entry?.kind, good.marketplaceOrderId).toBe('order');
      }
    },
  },
  {
    name: 'lists each order with its status: ready, not-ready, cancelled and shipped as put',
    async run(context) {
      const statuses: MarketplaceOrderStatus[] = ['ready', 'not-ready', 'cancelled', 'shipped'];
      const { window, orders } = listOrdersInWindow(context, statuses.length, statuses);
      const counted = countListingCalls(context.simulator);
      const pages = await listToTheEnd(adapterOf(context).orders, window);
      const listed = pages.flatMap((page) => page.orders);
      expectCalls(context.harness, counted(), pages.length, orders.length);
      const statusOf = Object.fromEntries(listed.map((entry) => [entryOrderId(entry), entry.status]));
      expect(statusOf, 'status of each order').toEqual(
        Object.fromEntries(orders.map((order, index) => [order.marketplaceOrderId, statuses[index]])),
      );
    },
  },
  {
    name: 'retries a 429 on the listing after Retry-After and lists the page',
    async run(context) {
      const { simulator, harness } = context;
      const { window, orders } = listOrdersInWindow(context, intakeCasePageSize - 1);
      simulator.injectFault({
        kind: 'rate-limit',
        times: 1,
        retryAfterSeconds: 0,
        operations: [standardOperations.listOrders],
      });
      const counted = countListingCalls(simulator);
      const pages = await listToTheEnd(adapterOf(context).orders, window);
      expect(pages).toHaveLength(1);
      expect(
        pages
          .flatMap((page) => page.orders)
          .map(entryOrderId)
          .sort(),
        'orders listed after the 429',
      ).toEqual(orders.map((order) => order.marketplaceOrderId).sort());
      expectCalls(harness, counted(), 1, orders.length, 1);
    },
  },
  ...garbageListingAnswers.map(
    ({ description, hostile }): MarketplaceIntakeCase => ({
      name: `throws ResponseParseError for ${description} to a listing call, never an empty page`,
      async run(context) {
        const { simulator } = context;
        const { window } = listOrdersInWindow(context, 2);
        simulator.injectFault({
          kind: hostile ? 'hostile-answer' : 'malformed-body',
          ...(hostile ? { hostile } : {}),
          times: 1,
          operations: [standardOperations.listOrders],
        });
        const error = await failureOf(adapterOf(context).orders.list({ since: window.since, until: window.until }));
        expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
        expectNoSecrets([error], context.secrets());
      },
    }),
  ),
  {
    name: 'throws AuthenticationError for bad credentials on a listing, with no credential in it',
    async run(context) {
      const window = caseWindow();
      const error = await failureOf(
        adapterOf(context, 'invalid').orders.list({ since: window.since, until: window.until }),
      );
      expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
      expectNoSecrets([error], context.secrets());
    },
  },
  {
    name: 'throws ValidationError for a window whose since is not before until, without calling the marketplace',
    async run(context) {
      const { simulator } = context;
      const window = caseWindow();
      const counted = countListingCalls(simulator);
      const orders = adapterOf(context).orders;
      for (const request of [
        { since: window.until, until: window.since },
        { since: window.since, until: window.since },
        { since: 'yesterday', until: window.until },
      ]) {
        const error = await failureOf(orders.list(request));
        expect(ValidationError.isInstance(error), `${JSON.stringify(request)}: ${String(error)}`).toBe(true);
      }
      expect(counted(), 'listing calls').toEqual({ listCalls: 0, listRequests: 0 });
    },
  },
  {
    name: 'acknowledges orders where it declares list-and-acknowledge: each confirmed once per call, again allowed',
    async run(context) {
      const { simulator } = context;
      const adapter = adapterOf(context);
      if (adapter.capabilities?.orders !== 'list-and-acknowledge') {
        expect(adapter.orders.acknowledge, 'acknowledge without list-and-acknowledge').toBeUndefined();
        expect(simulator.intake.acknowledged()).toEqual([]);
        return;
      }
      const acknowledge = adapter.orders.acknowledge?.bind(adapter.orders);
      if (!acknowledge) throw new Error('list-and-acknowledge declared without orders.acknowledge');
      const { orders } = listOrdersInWindow(context, 3);
      const ids = orders.slice(0, 2).map((order) => order.marketplaceOrderId);
      const first = await acknowledge(ids);
      expect(first).toEqual({ acknowledged: ids, failed: [] });
      expect(simulator.intake.acknowledged(), 'orders the marketplace holds acknowledged').toEqual(ids);
      const again = await acknowledge(ids);
      expect(again.acknowledged).toEqual(ids);
      expect(simulator.intake.acknowledged()).toEqual([...ids, ...ids]);
    },
  },
];

/**
 * Why an adapter's intake declaration is inconsistent, or undefined when it is consistent:
 * `orders` if and only if `capabilities.orders`; `acknowledge` if and only if
 * `list-and-acknowledge`; a positive whole `pageSize`.
 *
 * @param adapter - the adapter to check.
 */
export function intakeDeclarationProblem(adapter: MarketplaceAdapter): string | undefined {
  const declared = adapter.capabilities?.orders;
  const { orders } = adapter;
  if (declared === undefined && orders !== undefined)
    return 'the adapter has `orders` but does not declare `capabilities.orders`: declare it (list or list-and-acknowledge), or the SDK never imports its orders';
  if (declared !== undefined && orders === undefined)
    return `the adapter declares \`capabilities.orders: '${declared}'\` but has no \`orders\``;
  if (orders === undefined) return undefined;
  if (declared !== 'list' && declared !== 'list-and-acknowledge')
    return `\`capabilities.orders\` is '${String(declared)}', not 'list' or 'list-and-acknowledge'`;
  if (declared === 'list-and-acknowledge' && typeof orders.acknowledge !== 'function')
    return "the adapter declares 'list-and-acknowledge' but `orders.acknowledge` is not a function";
  if (declared === 'list' && orders.acknowledge !== undefined)
    return "the adapter has `orders.acknowledge` but declares 'list': declare 'list-and-acknowledge' so that intake acknowledges";
  if (!(Number.isInteger(orders.pageSize) && orders.pageSize > 0))
    return `\`orders.pageSize\` is ${String(orders.pageSize)}, not a positive whole number`;
  return undefined;
}
