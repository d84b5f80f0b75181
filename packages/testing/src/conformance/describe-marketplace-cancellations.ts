import {
  ApiError,
  type CancellationAnswer,
  type ListedOrder,
  type MarketplaceAdapter,
  type MarketplaceOrders,
  NetworkError,
  type SalesOrder,
  ValidationError,
} from '@dropship/core';
import { expect } from 'vitest';
import { standardOperations } from '../create-fault-injector.js';
import type { SimulatedOrderIntake } from '../testing-types.js';
import type { ConformanceCase, MarketplaceCaseContext } from './conformance-case.js';
import {
  caseWindow,
  entryOrderId,
  type IntakeSimulator,
  intakeOrders,
  listToTheEnd,
  type MarketplaceIntakeHarness,
} from './describe-marketplace-intake.js';
import { expectNoSecrets } from './expect-no-secrets.js';
import { failureOf } from './failure-of.js';

/** What the cancellation cases need of a harness beyond {@link MarketplaceIntakeHarness}. */
export interface MarketplaceCancellationHarness extends MarketplaceIntakeHarness {
  /**
   * The `until` of the listing that must show a cancellation made just now (the simulator stamps
   * it with its clock). Default a minute from now. A marketplace that refuses a window ending in
   * the last minutes (Amazon: two) gives a simulator whose clock runs behind, and the latest
   * `until` it accepts.
   */
  cancellationListingUntil?: () => string;
  /**
   * The marketplace cancels whole orders only (eBay: a cancellation is of the whole order): the
   * cases leave out the partial cancellation and the partial request. Default false.
   */
  wholeOrderCancellationsOnly?: boolean;
}

/** A simulator whose intake can request, cancel and record answers (every optional control present). */
export type CancellationSimulator = IntakeSimulator & {
  intake: Required<Pick<SimulatedOrderIntake, 'requestCancellation' | 'cancelOrder' | 'cancellationAnswers'>>;
};

/** What one cancellation case runs against (the intake cases' context, with the cancellation harness). */
export type CancellationCaseContext = MarketplaceCaseContext<MarketplaceCancellationHarness, IntakeSimulator>;

/** One cancellation case: a name (the test title), when it applies, and a check that throws when the adapter fails it. */
export interface MarketplaceCancellationCase extends ConformanceCase<CancellationCaseContext> {
  /**
   * Why the case does not apply to this adapter and simulator (the test is skipped with it), or
   * undefined when it applies.
   *
   * @param adapter - the adapter under test.
   * @param intake - the simulator's intake surface.
   */
  skipReason(adapter: MarketplaceAdapter, intake: SimulatedOrderIntake): string | undefined;
}

type AnsweringOrders = MarketplaceOrders & { answerCancellation: NonNullable<MarketplaceOrders['answerCancellation']> };

function ordersOf(context: CancellationCaseContext): AnsweringOrders {
  const adapter = context.harness.createAdapter(context.simulator, { credentials: 'valid' });
  if (adapter.orders === undefined) throw new Error('the adapter declares order intake but has no `orders`');
  return adapter.orders as AnsweringOrders;
}

function answeringOrdersOf(context: CancellationCaseContext): AnsweringOrders {
  const orders = ordersOf(context);
  if (typeof orders.answerCancellation !== 'function')
    throw new Error(
      "the adapter declares `capabilities.cancellations: 'answer'` but has no `orders.answerCancellation`",
    );
  return orders;
}

function cancellationSimulator(context: CancellationCaseContext): CancellationSimulator {
  const { intake } = context.simulator;
  if (!intake.requestCancellation || !intake.cancelOrder || !intake.cancellationAnswers)
    throw new Error(
      'the simulator has not every cancellation control (requestCancellation, cancelOrder, cancellationAnswers)',
    );
  return context.simulator as CancellationSimulator;
}

/** `count` orders listed an hour ago (ready), put at the simulator. */
function putOrders(context: CancellationCaseContext, count: number): { since: string; orders: SalesOrder[] } {
  const window = caseWindow();
  const orders = intakeOrders(context.harness, count, window.at);
  for (const [index, order] of orders.entries())
    context.simulator.intake.putOrder(order, { updatedAt: window.at(index) });
  return { since: window.since, orders };
}

/** Lists from `since` to the harness's `until` and returns the listed orders by id (the last entry of each). */
async function listNow(context: CancellationCaseContext, since: string): Promise<Map<string, ListedOrder>> {
  const until = context.harness.cancellationListingUntil?.() ?? new Date(Date.now() + 60_000).toISOString();
  const pages = await listToTheEnd(ordersOf(context), { since, until });
  const byId = new Map<string, ListedOrder>();
  for (const entry of pages.flatMap((page) => page.orders)) {
    if (entry.kind === 'order') byId.set(entryOrderId(entry), entry);
  }
  return byId;
}

/**
 * What the partial cases cancel of `order`: its first line whole when it has several (a marketplace
 * that cancels whole lines, as Walmart, can list that), else one unit of its only line.
 */
function partialLines(order: SalesOrder): { lineId: string; quantity: number }[] {
  const [line] = order.lines;
  if (!line) throw new Error('the sample order has no line');
  if (order.lines.length >= 2) return [{ lineId: line.lineId, quantity: line.quantity }];
  if (line.quantity < 2)
    throw new Error('the partial cases need an order of two lines, or of one line of two units or more (intakeOrder)');
  return [{ lineId: line.lineId, quantity: 1 }];
}

/**
 * One order listed an hour ago, its cancellation requested by the buyer and listed, and the
 * answer to that request (`decision`, with the request id where the marketplace gives one).
 */
async function requestedOrder(
  context: CancellationCaseContext,
  decision: CancellationAnswer['decision'] = 'accept',
): Promise<{ simulator: CancellationSimulator; order: SalesOrder; answer: CancellationAnswer }> {
  const simulator = cancellationSimulator(context);
  const { since, orders } = putOrders(context, 1);
  const [order] = orders;
  if (!order) throw new Error('one order');
  simulator.intake.requestCancellation(order.marketplaceOrderId);
  const listed = (await listNow(context, since)).get(order.marketplaceOrderId);
  if (listed?.cancellation?.state !== 'requested')
    throw new Error(
      `the cancel request of ${order.marketplaceOrderId} is not listed: ${JSON.stringify(listed?.cancellation)}`,
    );
  const { requestId } = listed.cancellation;
  return {
    simulator,
    order,
    answer: { marketplaceOrderId: order.marketplaceOrderId, ...(requestId ? { requestId } : {}), decision },
  };
}

const answering = (adapter: MarketplaceAdapter, intake: SimulatedOrderIntake): string | undefined => {
  if (adapter.capabilities?.cancellations !== 'answer')
    return "the adapter does not declare capabilities.cancellations 'answer'";
  if (!intake.requestCancellation || !intake.cancellationAnswers)
    return 'the simulator has no intake.requestCancellation or intake.cancellationAnswers';
  return undefined;
};

const cancelling = (_adapter: MarketplaceAdapter, intake: SimulatedOrderIntake): string | undefined =>
  intake.cancelOrder ? undefined : 'the simulator has no intake.cancelOrder';

/**
 * The cancellation cases of the marketplace conformance suite (issue 20), run by
 * `describeMarketplaceAdapter` for an adapter that declares order intake: the ones about answering
 * a request where the adapter declares `capabilities.cancellations: 'answer'` and the simulator can
 * request one; the ones about a cancellation done where the simulator has `intake.cancelOrder`.
 * Each is exported so that a test can show that a broken adapter fails it.
 */
export const marketplaceCancellationCases: readonly MarketplaceCancellationCase[] = [
  {
    name: 'lists a cancelled order as cancelled with cancellation done, and a partly cancelled one with the lines and units cancelled',
    skipReason: cancelling,
    async run(context) {
      const simulator = cancellationSimulator(context);
      const { since, orders } = putOrders(context, 3);
      const [whole, partial, untouched] = orders;
      if (!whole || !partial || !untouched) throw new Error('three orders');
      simulator.intake.cancelOrder(whole.marketplaceOrderId);
      const partialToo = context.harness.wholeOrderCancellationsOnly !== true;
      if (partialToo) simulator.intake.cancelOrder(partial.marketplaceOrderId, { lines: partialLines(partial) });
      const listed = await listNow(context, since);
      const cancelled = listed.get(whole.marketplaceOrderId);
      expect(cancelled?.status, 'status of the cancelled order').toBe('cancelled');
      expect(cancelled?.cancellation?.state, 'cancellation of the cancelled order').toBe('done');
      expect(cancelled?.cancellation?.lines, 'lines of a whole-order cancellation (absent: all)').toBeUndefined();
      const partly = listed.get(partial.marketplaceOrderId);
      if (partialToo) {
        expect(partly?.status, 'status of the partly cancelled order').not.toBe('cancelled');
        expect(partly?.cancellation?.state, 'cancellation of the partly cancelled order').toBe('done');
        expect(partly?.cancellation?.lines, 'lines and units cancelled').toEqual(partialLines(partial));
      } else expect(partly?.cancellation, 'an order nobody cancelled').toBeUndefined();
      const other = listed.get(untouched.marketplaceOrderId);
      expect(other?.cancellation, 'an order nobody cancelled').toBeUndefined();
    },
  },
  {
    name: "lists a buyer's cancel request as cancel-requested with cancellation requested, and a partial request with its lines",
    skipReason: answering,
    async run(context) {
      const simulator = cancellationSimulator(context);
      const { since, orders } = putOrders(context, 2);
      const [whole, partial] = orders;
      if (!whole || !partial) throw new Error('two orders');
      simulator.intake.requestCancellation(whole.marketplaceOrderId);
      const partialToo = context.harness.wholeOrderCancellationsOnly !== true;
      if (partialToo)
        simulator.intake.requestCancellation(partial.marketplaceOrderId, { lines: partialLines(partial) });
      const listed = await listNow(context, since);
      const requested = listed.get(whole.marketplaceOrderId);
      expect(requested?.status, 'status of the order with a cancel request').toBe('cancel-requested');
      expect(requested?.cancellation?.state, 'the cancellation').toBe('requested');
      expect(requested?.cancellation?.lines, 'lines of a whole-order request (absent: all)').toBeUndefined();
      const partly = listed.get(partial.marketplaceOrderId);
      if (partialToo) {
        expect(partly?.cancellation?.state, 'the partial request').toBe('requested');
        expect(partly?.cancellation?.lines, 'lines and units of the partial request').toEqual(partialLines(partial));
      } else expect(partly?.cancellation, 'an order nobody asked to cancel').toBeUndefined();
      expect(simulator.intake.cancellationAnswers(), 'answers sent by listing').toEqual([]);
    },
  },
  {
    name: 'answers a cancel request once: accept is recorded once, and answering again is already-answered with no second answer',
    skipReason: answering,
    async run(context) {
      const { simulator, order, answer } = await requestedOrder(context);
      const answerer = answeringOrdersOf(context);
      const first = await answerer.answerCancellation(answer);
      expect(first.status, 'the first answer').toBe('answered');
      expect(
        simulator.intake
          .cancellationAnswers()
          .map(({ marketplaceOrderId, decision }) => ({ marketplaceOrderId, decision })),
        'answers the marketplace recorded',
      ).toEqual([{ marketplaceOrderId: order.marketplaceOrderId, decision: 'accept' }]);
      const again = await answeringOrdersOf(context).answerCancellation(answer);
      expect(again.status, 'the same answer again (a new adapter)').toBe('already-answered');
      expect(simulator.intake.cancellationAnswers(), 'answers recorded after answering twice').toHaveLength(1);
    },
  },
  {
    name: 'answers refuse once, as refuse (where the marketplace has no refusal call: nothing sent, and a warning)',
    skipReason: answering,
    async run(context) {
      const { simulator, answer } = await requestedOrder(context, 'refuse');
      const result = await answeringOrdersOf(context).answerCancellation({
        ...answer,
        shipment: { trackingNumber: '1Z999AA10123456784', shippedAt: new Date(Date.now() - 60_000).toISOString() },
      });
      expect(result.status).toBe('answered');
      const decisions = simulator.intake.cancellationAnswers().map((recorded) => recorded.decision);
      // A marketplace without a refusal call (Walmart: shipping refuses) records nothing, and says so.
      if (decisions.length === 0)
        expect(result.warnings?.length ?? 0, 'a refusal sent nowhere, without a warning saying so').toBeGreaterThan(0);
      else expect(decisions, 'answers recorded').toEqual(['refuse']);
    },
  },
  {
    name: 'throws a typed error when the answer fails (5xx), recording nothing, and the next answer is recorded once',
    skipReason: answering,
    async run(context) {
      const { simulator, answer } = await requestedOrder(context);
      simulator.injectFault({ kind: 'server-error', times: 20, operations: [standardOperations.answerCancellation] });
      const error = await failureOf(answeringOrdersOf(context).answerCancellation(answer));
      expect(ApiError.isInstance(error), String(error)).toBe(true);
      expectNoSecrets([error], context.secrets());
      expect(simulator.intake.cancellationAnswers(), 'answers recorded after the failure').toEqual([]);
      simulator.reset();
      const retried = await answeringOrdersOf(context).answerCancellation(answer);
      expect(retried.status, 'the answer sent again').toBe('answered');
      expect(simulator.intake.cancellationAnswers(), 'answers recorded after the retry').toHaveLength(1);
    },
  },
  {
    name: 'an answer whose response was lost: a typed error or answered, and the answer sent again leaves one answer',
    skipReason: answering,
    async run(context) {
      const { simulator, answer } = await requestedOrder(context);
      simulator.injectFault({ kind: 'lost-response', operations: [standardOperations.answerCancellation] });
      try {
        const first = await answeringOrdersOf(context).answerCancellation(answer);
        expect(first.status, 'an answer whose response was lost').toBe('answered');
      } catch (error) {
        expect(NetworkError.isInstance(error), String(error)).toBe(true);
      }
      const again = await answeringOrdersOf(context).answerCancellation(answer);
      expect(['answered', 'already-answered']).toContain(again.status);
      expect(simulator.intake.cancellationAnswers(), 'answers recorded').toHaveLength(1);
    },
  },
  {
    name: 'refuses an answer that is not valid (ValidationError) before any call: no decision, an unknown key, a line of 0 units',
    skipReason: answering,
    async run(context) {
      const simulator = cancellationSimulator(context);
      const { orders } = putOrders(context, 1);
      const [order] = orders;
      if (!order) throw new Error('one order');
      const before = simulator.requestTimes().length;
      const answerer = answeringOrdersOf(context);
      const invalid: [string, unknown][] = [
        ['no decision', { marketplaceOrderId: order.marketplaceOrderId }],
        ['an unknown key', { marketplaceOrderId: order.marketplaceOrderId, decision: 'accept', decisoin: 'refuse' }],
        [
          'a line of 0 units',
          { marketplaceOrderId: order.marketplaceOrderId, decision: 'accept', lines: [{ lineId: 'L1', quantity: 0 }] },
        ],
      ];
      for (const [description, answer] of invalid) {
        const error = await failureOf(answerer.answerCancellation(answer as never)).catch((failure: unknown) => {
          throw new Error(`${description}: ${String(failure)}`);
        });
        expect(ValidationError.isInstance(error), `${description}: ${String(error)}`).toBe(true);
      }
      expect(simulator.requestTimes().length - before, 'requests sent for invalid answers').toBe(0);
      expect(simulator.intake.cancellationAnswers()).toEqual([]);
    },
  },
];

/**
 * Why an adapter's cancellation declaration is inconsistent, or undefined when it is consistent:
 * `orders.answerCancellation` if and only if `capabilities.cancellations: 'answer'`, which needs
 * order intake.
 *
 * @param adapter - the adapter to check.
 */
export function cancellationsDeclarationProblem(adapter: MarketplaceAdapter): string | undefined {
  const declared = adapter.capabilities?.cancellations;
  const answers = adapter.orders?.answerCancellation;
  if (declared === undefined && answers !== undefined)
    return "the adapter has `orders.answerCancellation` but does not declare `capabilities.cancellations: 'answer'`: declare it, or the SDK never answers a cancel request";
  if (declared === undefined) return undefined;
  if (declared !== 'answer') return `\`capabilities.cancellations\` is '${String(declared)}', not 'answer'`;
  if (adapter.orders === undefined)
    return "the adapter declares `capabilities.cancellations: 'answer'` but has no order intake (`orders`)";
  if (typeof answers !== 'function')
    return "the adapter declares `capabilities.cancellations: 'answer'` but `orders.answerCancellation` is not a function";
  return undefined;
}
