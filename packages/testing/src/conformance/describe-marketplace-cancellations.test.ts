// The cancellation cases can fail: each broken variant of the reference adapter fails the case that
// guards against it, while the unbroken adapter passes them all (the reference conformance test
// runs them in the suite).
import {
  type ListedOrderEntry,
  type MarketplaceAdapter,
  type MarketplaceOrders,
  NetworkError,
  ServerError,
  ValidationError,
} from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../create-test-server.js';
import { referenceHarnessTokens, referenceMarketplaceHarness } from '../reference/reference-marketplace-harness.js';
import {
  createReferenceMarketplaceSimulator,
  type ReferenceMarketplaceSimulator,
} from '../reference/reference-marketplace-simulator.js';
import type { MarketplaceSimulator } from '../testing-types.js';
import {
  cancellationsDeclarationProblem,
  type MarketplaceCancellationHarness,
  marketplaceCancellationCases,
} from './describe-marketplace-cancellations.js';
import type { IntakeSimulator } from './describe-marketplace-intake.js';

type BreakOrders = (orders: MarketplaceOrders, simulator: ReferenceMarketplaceSimulator) => MarketplaceOrders;

const server = createTestServer();
beforeAll(() => server.listen());
afterAll(() => server.close());

/** Runs the case whose name starts with `prefix` against the reference adapter broken by `breakOrders`. */
async function runCase(prefix: string, breakOrders: BreakOrders) {
  const cancellationCase = marketplaceCancellationCases.find((candidate) => candidate.name.startsWith(prefix));
  if (!cancellationCase) throw new Error(`no cancellation case "${prefix}"`);
  const simulator = createReferenceMarketplaceSimulator({ accessToken: referenceHarnessTokens.valid });
  server.resetHandlers(...simulator.handlers);
  const harness: MarketplaceCancellationHarness = {
    ...referenceMarketplaceHarness,
    createAdapter: (target: MarketplaceSimulator, options) => {
      const adapter = referenceMarketplaceHarness.createAdapter(target, options);
      return adapter.orders
        ? { ...adapter, orders: breakOrders(adapter.orders, target as ReferenceMarketplaceSimulator) }
        : adapter;
    },
  };
  return cancellationCase.run({
    harness,
    simulator: simulator as IntakeSimulator,
    secrets: () => [referenceHarnessTokens.valid, referenceHarnessTokens.invalid],
  });
}

/** Runs a case that must fail, and checks it fails for the reason `pattern` names. */
async function expectRed(prefix: string, breakOrders: BreakOrders, pattern: RegExp): Promise<void> {
  const error = await runCase(prefix, breakOrders).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, `"${prefix}" passed with a broken adapter`).toBeDefined();
  expect(String(error)).toMatch(pattern);
}

const unbroken: BreakOrders = (orders) => orders;

/** Orders whose listed entries go through `change`. */
const mapEntries =
  (change: (entry: ListedOrderEntry) => ListedOrderEntry): BreakOrders =>
  (orders) => ({
    ...orders,
    list: async (request, options) => {
      const page = await orders.list(request, options);
      return { ...page, orders: page.orders.map(change) };
    },
  });

/** Orders with `answerCancellation` replaced. */
const withAnswer =
  (
    answer: (
      orders: MarketplaceOrders,
      simulator: ReferenceMarketplaceSimulator,
      ...args: Parameters<NonNullable<MarketplaceOrders['answerCancellation']>>
    ) => ReturnType<NonNullable<MarketplaceOrders['answerCancellation']>>,
  ): BreakOrders =>
  (orders, simulator) => ({
    ...orders,
    answerCancellation: (...args) => answer(orders, simulator, ...args),
  });

/** An adapter that writes its answer without reading the order first (and trusts any 2xx). */
const writesBlind = withAnswer(async (_orders, simulator, answer) => {
  const response = await fetch(
    `${simulator.baseURL}/v1/orders/${encodeURIComponent(answer.marketplaceOrderId)}/cancellation/answer`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${simulator.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ request_id: answer.requestId, decision: answer.decision }),
    },
  ).catch((error: unknown) => {
    throw new NetworkError(`the connection dropped: ${String(error)}`, { service: 'broken' });
  });
  if (!response.ok) throw new ServerError(`HTTP ${response.status}`, { service: 'broken', status: response.status });
  return { status: 'answered' };
});

describe('the cancellation cases catch a broken adapter', () => {
  it('the unbroken reference adapter passes every case (the control)', async () => {
    for (const cancellationCase of marketplaceCancellationCases) await runCase(cancellationCase.name, unbroken);
  });

  it('one that drops the cancellation of listed orders fails both listing cases', async () => {
    const drops = mapEntries((entry) => {
      if (entry.kind !== 'order') return entry;
      const { cancellation: _cancellation, ...rest } = entry;
      return rest;
    });
    await expectRed('lists a cancelled order', drops, /cancellation of the cancelled order/);
    await expectRed("lists a buyer's cancel request", drops, /the cancellation/);
  });

  it('one that reads a partial cancellation as the whole order fails both listing cases', async () => {
    const wholeOnly = mapEntries((entry) => {
      if (entry.kind !== 'order' || entry.cancellation === undefined) return entry;
      const { lines: _lines, ...cancellation } = entry.cancellation;
      return { ...entry, cancellation };
    });
    await expectRed('lists a cancelled order', wholeOnly, /lines and units cancelled/);
    await expectRed("lists a buyer's cancel request", wholeOnly, /lines and units of the partial request/);
  });

  it('one that writes without reading first fails the answer-once and lost-response cases', async () => {
    await expectRed('answers a cancel request once', writesBlind, /the same answer again/);
    await expectRed('an answer whose response was lost', writesBlind, /answers recorded/);
  });

  it('one that reports an answer it never sent fails the answer-once case', async () => {
    const pretends = withAnswer(async () => ({ status: 'answered' }));
    await expectRed('answers a cancel request once', pretends, /answers the marketplace recorded/);
  });

  it('one that sends every answer as accept fails the refuse case', async () => {
    const alwaysAccepts = withAnswer((orders, _simulator, answer, options) =>
      (orders.answerCancellation as NonNullable<MarketplaceOrders['answerCancellation']>)(
        { ...answer, decision: 'accept' },
        options,
      ),
    );
    await expectRed('answers refuse once', alwaysAccepts, /answers recorded/);
  });

  it('one that drops a refusal without a warning fails the refuse case', async () => {
    const dropsRefusals = withAnswer(async (orders, _simulator, answer, options) =>
      answer.decision === 'refuse'
        ? { status: 'answered' }
        : (orders.answerCancellation as NonNullable<MarketplaceOrders['answerCancellation']>)(answer, options),
    );
    await expectRed('answers refuse once', dropsRefusals, /a refusal sent nowhere, without a warning/);
  });

  it('one that reports a failed answer as answered fails the 5xx case', async () => {
    const swallows = withAnswer(async (orders, _simulator, answer, options) => {
      try {
        return await (orders.answerCancellation as NonNullable<MarketplaceOrders['answerCancellation']>)(
          answer,
          options,
        );
      } catch {
        return { status: 'answered' };
      }
    });
    await expectRed('throws a typed error when the answer fails', swallows, /expected the call to fail/);
  });

  it('one that drops keys it does not know instead of refusing them fails the validation case', async () => {
    const lenient = withAnswer((orders, _simulator, answer, options) => {
      const { marketplaceOrderId, requestId, lines, decision, shipment } = answer;
      return (orders.answerCancellation as NonNullable<MarketplaceOrders['answerCancellation']>)(
        {
          marketplaceOrderId,
          decision,
          ...(requestId ? { requestId } : {}),
          ...(lines ? { lines } : {}),
          ...(shipment ? { shipment } : {}),
        },
        options,
      ).catch((error: unknown) => {
        // Refused by the marketplace instead of before the call.
        if (ValidationError.isInstance(error)) throw error;
        return { status: 'answered' as const };
      });
    });
    await expectRed('refuses an answer that is not valid', lenient, /an unknown key/);
  });
});

describe('the cancellations declaration check', () => {
  const simulator = createReferenceMarketplaceSimulator();
  const adapter = referenceMarketplaceHarness.createAdapter(simulator);
  const orders = adapter.orders as MarketplaceOrders;
  const { answerCancellation, ...listOnly } = orders;

  it.each<[string, MarketplaceAdapter, RegExp | undefined]>([
    ['a consistent adapter', adapter, undefined],
    [
      'an adapter that only observes cancellations',
      { ...adapter, capabilities: { orders: 'list-and-acknowledge' }, orders: listOnly },
      undefined,
    ],
    [
      'answerCancellation without the capability',
      { ...adapter, capabilities: { orders: 'list-and-acknowledge' } },
      /does not declare `capabilities.cancellations/,
    ],
    ['the capability without answerCancellation', { ...adapter, orders: listOnly }, /is not a function/],
    [
      'the capability without order intake',
      { ...adapter, capabilities: { cancellations: 'answer' }, orders: undefined } as MarketplaceAdapter,
      /no order intake/,
    ],
  ])('%s', (_name, candidate, problem) => {
    const found = cancellationsDeclarationProblem(candidate);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it('keeps answerCancellation a function of the reference adapter', () => {
    expect(typeof answerCancellation).toBe('function');
  });
});
