// The intake cases can fail: each broken variant of the reference adapter (an adapter bug seen in
// real integrations) fails the cases that guard against it, while the unbroken adapter passes them
// all (reference-marketplace-conformance.test.ts).
import {
  type ListedOrderEntry,
  type MarketplaceAdapter,
  type MarketplaceOrders,
  ResponseParseError,
  ValidationError,
} from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../create-test-server.js';
import { referenceHarnessTokens, referenceMarketplaceHarness } from '../reference/reference-marketplace-harness.js';
import { createReferenceMarketplaceSimulator } from '../reference/reference-marketplace-simulator.js';
import {
  entryOrderId,
  type IntakeSimulator,
  intakeDeclarationProblem,
  type MarketplaceIntakeHarness,
  marketplaceIntakeCases,
} from './describe-marketplace-intake.js';

type BreakOrders = (orders: MarketplaceOrders) => MarketplaceOrders;

const server = createTestServer();
beforeAll(() => server.listen());
afterAll(() => server.close());

/** Runs the intake case whose name starts with `prefix` against the reference adapter broken by `breakOrders`. */
async function runCase(
  prefix: string,
  breakOrders: BreakOrders,
  harness: MarketplaceIntakeHarness = referenceMarketplaceHarness,
) {
  const intakeCase = marketplaceIntakeCases.find((candidate) => candidate.name.startsWith(prefix));
  if (!intakeCase) throw new Error(`no intake case "${prefix}"`);
  const simulator = createReferenceMarketplaceSimulator({ accessToken: referenceHarnessTokens.valid });
  server.resetHandlers(...simulator.handlers);
  const broken: MarketplaceIntakeHarness = {
    ...harness,
    createAdapter: (target, options) => {
      const adapter = harness.createAdapter(target, options);
      return adapter.orders ? { ...adapter, orders: breakOrders(adapter.orders) } : adapter;
    },
  };
  return intakeCase.run({
    harness: broken,
    simulator: simulator as IntakeSimulator,
    secrets: () => [referenceHarnessTokens.valid, referenceHarnessTokens.invalid],
  });
}

/** Runs a case that must fail, and checks it fails for the reason `pattern` names. */
async function expectRed(
  prefix: string,
  breakOrders: BreakOrders,
  pattern: RegExp,
  harness?: MarketplaceIntakeHarness,
): Promise<void> {
  const error = await runCase(prefix, breakOrders, harness).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, `"${prefix}" passed with a broken adapter`).toBeDefined();
  expect(String(error)).toMatch(pattern);
}

/** An adapter's orders with `list` replaced. */
const withList =
  (
    list: (
      orders: MarketplaceOrders,
      ...args: Parameters<MarketplaceOrders['list']>
    ) => ReturnType<MarketplaceOrders['list']>,
  ): BreakOrders =>
  (orders) => ({ ...orders, list: (...args) => list(orders, ...args) });

const unbroken: BreakOrders = (orders) => orders;

const dropsTheLastPage = withList(async (orders, request, options) => {
  const page = await orders.list(request, options);
  return request.cursor !== undefined && page.nextCursor === undefined ? { orders: [] } : page;
});

describe('the intake cases catch a broken adapter', () => {
  it('the unbroken reference adapter passes the cases these tests break (the control)', async () => {
    for (const intakeCase of marketplaceIntakeCases) await runCase(intakeCase.name, unbroken);
  });

  it('one that drops the last page fails "lists every order to the end" and "resumes from a stored cursor"', async () => {
    await expectRed('lists every order to the end', dropsTheLastPage, /orders listed over all pages/);
    await expectRed('resumes from a stored cursor', dropsTheLastPage, /orders listed by both adapters/);
  });

  it('one that never ends a listing (a nextCursor on the last page, then empty pages) fails paging to the end', async () => {
    const neverEnds = withList(async (orders, request, options) => {
      // Each empty page points to another one.
      if (request.cursor?.startsWith('past-the-end')) return { orders: [], nextCursor: `${request.cursor}+` };
      const page = await orders.list(request, options);
      return { ...page, nextCursor: page.nextCursor ?? 'past-the-end' };
    });
    await expectRed('lists every order to the end', neverEnds, /the listing never ends/);
  });

  it('one that ignores the cursor (page 1 again and again) fails paging to the end at once', async () => {
    const ignoresCursor = withList((orders, request, options) =>
      orders.list({ since: request.since, until: request.until }, options).then((page) => ({
        ...page,
        nextCursor: page.nextCursor === undefined ? undefined : (request.cursor ?? page.nextCursor),
      })),
    );
    await expectRed('lists every order to the end', ignoresCursor, /the listing does not advance/);
  });

  it('one that sends each page request twice fails the call count', async () => {
    const twice = withList(async (orders, request, options) => {
      await orders.list(request, options);
      return orders.list(request, options);
    });
    await expectRed('lists every order to the end', twice, /listing calls/);
  });

  it('one that deduplicates within a scan fails "returns an order the API repeats"', async () => {
    const deduplicates: BreakOrders = (orders) => {
      const seen = new Set<string>();
      return {
        ...orders,
        async list(request, options) {
          const page = await orders.list(request, options);
          const fresh = page.orders.filter((entry) => !seen.has(entryOrderId(entry)));
          for (const entry of fresh) seen.add(entryOrderId(entry));
          return { ...page, orders: fresh };
        },
      };
    };
    await expectRed('returns an order the API repeats', deduplicates, /one of them twice/);
  });

  it('one that keys orders on an id that is not stable fails the import-once case', async () => {
    // A per-run suffix, as an adapter that takes a display number or a listing position would.
    let run = 0;
    const unstable = withList(async (orders, request, options) => {
      if (request.cursor === undefined) run += 1;
      const page = await orders.list(request, options);
      return {
        ...page,
        orders: page.orders.map(
          (entry): ListedOrderEntry =>
            entry.kind === 'order'
              ? { ...entry, order: { ...entry.order, marketplaceOrderId: `${entry.order.marketplaceOrderId}-${run}` } }
              : entry,
        ),
      };
    });
    await expectRed(
      'is imported once by importMarketplaceOrders',
      unstable,
      /imported-order records|the second run imported/,
    );
  });

  it('one that drops orders it cannot map fails the unmappable case', async () => {
    const dropsUnmappable = withList(async (orders, request, options) => {
      const page = await orders.list(request, options);
      return { ...page, orders: page.orders.filter((entry) => entry.kind === 'order') };
    });
    await expectRed('lists an order it cannot map', dropsUnmappable, /orders listed/);
  });

  it('one that holds an unmappable order without a field or reason fails the unmappable case', async () => {
    const noReason = withList(async (orders, request, options) => {
      const page = await orders.list(request, options);
      return {
        ...page,
        orders: page.orders.map(
          (entry): ListedOrderEntry => (entry.kind === 'unmappable' ? { ...entry, field: '', reason: '' } : entry),
        ),
      };
    });
    await expectRed('lists an order it cannot map', noReason, /the field that could not be mapped/);
  });

  it('one that reads prices in major units fails the mapping case', async () => {
    const majorUnits = withList(async (orders, request, options) => {
      const page = await orders.list(request, options);
      return {
        ...page,
        orders: page.orders.map(
          (entry): ListedOrderEntry =>
            entry.kind === 'order'
              ? {
                  ...entry,
                  order: {
                    ...entry.order,
                    lines: entry.order.lines.map((line) => ({ ...line, unitPrice: Math.round(line.unitPrice / 100) })),
                  },
                }
              : entry,
        ),
      };
    });
    await expectRed(
      'maps each order as the marketplace holds it',
      majorUnits,
      /lines \(id, SKU, quantity, unit price\)/,
    );
  });

  it('one that reports every order ready fails the statuses case', async () => {
    const allReady = withList(async (orders, request, options) => {
      const page = await orders.list(request, options);
      return { ...page, orders: page.orders.map((entry) => ({ ...entry, status: 'ready' as const })) };
    });
    await expectRed('lists each order with its status', allReady, /status of each order/);
  });

  it('one that makes an empty page of an answer it cannot read fails every garbage-answer case', async () => {
    const emptyOnGarbage = withList(async (orders, request, options) => {
      try {
        return await orders.list(request, options);
      } catch (error) {
        if (ResponseParseError.isInstance(error)) return { orders: [] };
        throw error;
      }
    });
    const garbageCases = marketplaceIntakeCases.filter((candidate) =>
      candidate.name.startsWith('throws ResponseParseError'),
    );
    expect(garbageCases).toHaveLength(4);
    for (const garbageCase of garbageCases) {
      await expectRed(garbageCase.name, emptyOnGarbage, /expected the call to fail, but it succeeded/);
    }
  });

  it('one that answers an empty page for a window that is not one fails the window case', async () => {
    const lenient = withList(async (orders, request, options) => {
      try {
        return await orders.list(request, options);
      } catch (error) {
        if (ValidationError.isInstance(error)) return { orders: [] };
        throw error;
      }
    });
    await expectRed('throws ValidationError for a window', lenient, /expected the call to fail, but it succeeded/);
  });

  it('one that gives up on a 429 with an empty page fails the rate-limit case', async () => {
    const noRetries: MarketplaceIntakeHarness = {
      ...referenceMarketplaceHarness,
      createAdapter: (simulator, options) => {
        const adapter = referenceMarketplaceHarness.createAdapter(simulator, options);
        return {
          ...adapter,
          // An adapter that ends the listing at a 429 (more than one request for the page).
          orders: adapter.orders && {
            ...adapter.orders,
            list: async (request, callOptions) => {
              const before = simulator.requestTimes('list-orders').length;
              const page = await (adapter.orders as MarketplaceOrders).list(request, callOptions);
              return simulator.requestTimes('list-orders').length - before > 1 ? { orders: [] } : page;
            },
          },
        };
      },
    };
    await expectRed('retries a 429', unbroken, /orders listed after the 429/, noRetries);
  });

  it('one that reports acknowledgements without sending them fails the acknowledgement case', async () => {
    const pretends: BreakOrders = (orders) => ({
      ...orders,
      acknowledge: async (ids) => ({ acknowledged: [...ids], failed: [] }),
    });
    await expectRed('acknowledges orders', pretends, /orders the marketplace holds acknowledged/);
  });
});

describe('the intake declaration check', () => {
  const simulator = createReferenceMarketplaceSimulator();
  const adapter = referenceMarketplaceHarness.createAdapter(simulator, { orderPageSize: 3 });
  const orders = adapter.orders as MarketplaceOrders;
  const { capabilities: _capabilities, orders: _orders, ...pushOnly } = adapter;

  it.each<[string, MarketplaceAdapter, RegExp | undefined]>([
    ['a consistent adapter', adapter, undefined],
    ['a push-only adapter (no capability, no orders)', pushOnly, undefined],
    ['orders without the capability', { ...pushOnly, orders }, /does not declare `capabilities.orders`/],
    ['the capability without orders', { ...pushOnly, capabilities: { orders: 'list' } }, /has no `orders`/],
    [
      'list-and-acknowledge without acknowledge',
      { ...adapter, orders: { pageSize: orders.pageSize, list: orders.list } },
      /`orders.acknowledge` is not a function/,
    ],
    [
      'acknowledge declared as list',
      { ...adapter, capabilities: { orders: 'list' } },
      /declare 'list-and-acknowledge'/,
    ],
    ['a page size of 0', { ...adapter, orders: { ...orders, pageSize: 0 } }, /pageSize/],
  ])('%s', (_name, candidate, problem) => {
    const found = intakeDeclarationProblem(candidate);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});
