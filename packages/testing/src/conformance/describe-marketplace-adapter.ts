import { inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  type MarketplaceAdapter,
  NetworkError,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
  shipmentId,
} from '@dropship/core';
import { http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardOperations } from '../create-fault-injector.js';
import { createTestServer } from '../create-test-server.js';
import type { ScriptedAnswer } from '../simulator-answers.js';
import { createTrackingNumberGenerator } from '../simulator-utilities.js';
import type { MarketplaceSimulator, SimulatedFulfillment } from '../testing-types.js';
import type { ConformanceCase } from './conformance-case.js';
import {
  cancellationsDeclarationProblem,
  type MarketplaceCancellationHarness,
  marketplaceCancellationCases,
} from './describe-marketplace-cancellations.js';
import {
  intakeDeclarationProblem,
  type MarketplaceIntakeHarness,
  marketplaceIntakeCases,
} from './describe-marketplace-intake.js';
import {
  listingsDeclarationProblem,
  type MarketplaceListingsHarness,
  marketplaceListingsCases,
} from './describe-marketplace-listings.js';
import { expectNoSecrets } from './expect-no-secrets.js';
import { failureOf } from './failure-of.js';

/**
 * The sample order with at least two units in all, so that it can ship in two parts: when it
 * has a single line of quantity 1, that line's quantity becomes 2.
 */
function withTwoUnits(order: SalesOrder): SalesOrder {
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  if (units >= 2) return order;
  return { ...order, lines: order.lines.map((line, index) => (index === 0 ? { ...line, quantity: 2 } : line)) };
}

/** Two packages that together hold the whole order: by line when it has several, else by quantity. */
function splitInTwo(order: SalesOrder): [ShipmentNotice['lines'], ShipmentNotice['lines']] {
  if (order.lines.length >= 2) {
    const [first, ...rest] = order.lines;
    return [
      [{ lineId: first?.lineId ?? '', quantity: first?.quantity ?? 0 }],
      rest.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
    ];
  }
  const line = order.lines[0];
  const half = Math.floor((line?.quantity ?? 2) / 2);
  return [
    [{ lineId: line?.lineId ?? '', quantity: half }],
    [{ lineId: line?.lineId ?? '', quantity: (line?.quantity ?? 2) - half }],
  ];
}

/** Quantities by line id, for comparing what was pushed with what the marketplace recorded. */
function byLine(lines: readonly { lineId: string; quantity: number }[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const line of lines) totals[line.lineId] = (totals[line.lineId] ?? 0) + line.quantity;
  return totals;
}

function withoutSpaces(text: string): string {
  return text.replace(/\s+/g, '');
}

/** A push answer that is not the marketplace's documented success, with what it is in test titles. */
export interface UnconfirmedPushAnswer extends ScriptedAnswer {
  /** What the answer is, for example `a 201 without Location`. */
  description: string;
}

/**
 * What {@link describeMarketplaceAdapter} needs: the harness of `@dropship/testing`, plus the
 * marketplace's own answers that look like success but are not its documented success.
 */
export interface MarketplaceConformanceOptions
  extends MarketplaceIntakeHarness,
    MarketplaceListingsHarness,
    MarketplaceCancellationHarness {
  /**
   * Answers to a push that are 2xx but not the documented success (eBay: a 201 without
   * `Location`; Amazon: a 200 instead of 204; Shopify: `userErrors` at HTTP 200). The suite
   * serves each through the simulator's `answerNextPush` (with and without the simulator
   * recording the fulfilment first) and checks that the adapter reports `pushed` only when the
   * marketplace holds the package. Generic garbage (an HTML page, an empty 200, JSON of another
   * shape) is always tried.
   */
  unconfirmedPushAnswers?: (context: {
    order: SalesOrder;
    shipment: ShipmentNotice;
  }) => readonly UnconfirmedPushAnswer[];
}

/** A simulator that can answer its next push with a scripted answer (every simulator of the SDK can). */
interface PushAnswerScripting {
  answerNextPush(answer: ScriptedAnswer): void;
}

function scriptsPushAnswers(simulator: MarketplaceSimulator): simulator is MarketplaceSimulator & PushAnswerScripting {
  return typeof (simulator as Partial<PushAnswerScripting>).answerNextPush === 'function';
}

/** Answers no marketplace documents as the success of a push: real vendors and proxies send these. */
const garbagePushAnswers: readonly UnconfirmedPushAnswer[] = [
  {
    description: 'an HTML maintenance page with HTTP 200',
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We will be back soon</h1></body></html>',
  },
  { description: 'an empty HTTP 200', status: 200, headers: { 'content-type': 'application/json' }, body: '' },
  {
    description: 'JSON of another shape with HTTP 200',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok","result":{"id":12345}}',
  },
];

/**
 * The conformance suite of the `MarketplaceAdapter` v1 spec. Call it at the top level of a test
 * file of its own (it starts an MSW server for the file); every marketplace package runs it
 * against its simulator, and an integrator can run it against their own adapter.
 *
 * It checks: the declared spec; one push gives one fulfillment with the right lines; the same
 * push again gives no second fulfillment (`already-pushed`); two partial shipments of one order
 * give two fulfillments with the right quantities; a push whose response was lost, pushed again,
 * still gives one fulfillment; an unknown carrier (`other` with a name and a tracking URL) is
 * accepted; bad credentials are an `AuthenticationError` (nothing recorded); a 429 is retried
 * to success; a malformed body is a `ResponseParseError`; no credential appears in any error; and
 * `util.inspect`, `JSON.stringify` and `String()` of the adapter print no credential; a push
 * redirected (307) to another origin sends that origin nothing and is not reported pushed.
 *
 * "Pushed" needs evidence: for each answer that is not the marketplace's documented success (an
 * HTML page with 200, an empty 200, JSON of another shape, plus the harness's
 * `unconfirmedPushAnswers`), served with the simulator doing nothing and, when the simulator
 * offers `answerNextPush`, with the simulator recording the package first, the adapter reports
 * `pushed` only if the simulator holds the package, fails with a typed error otherwise, sends one
 * push per call, and the next push leaves exactly one fulfilment.
 *
 * Order intake: the adapter's declaration is checked (`orders` if and only if
 * `capabilities.orders`, `acknowledge` if and only if `list-and-acknowledge`), and when it declares
 * intake the cases of `marketplaceIntakeCases` run against `simulator.intake` with pages of three
 * orders: paging to the end with one call per page (`intakeCalls` in the harness for
 * marketplaces that need more), resuming from a stored cursor in a new adapter, an order the API
 * repeats returned as it comes and imported once by `importMarketplaceOrders`, an unmappable order
 * held with its field and reason, statuses, a 429 retried, garbage answers as
 * `ResponseParseError`, bad credentials, a window that is not one, acknowledgement.
 *
 * Listings push: the declaration is checked (`listings` if and only if `capabilities.listings`,
 * `confirm` if and only if asynchronous), and when the adapter declares it the cases of
 * `marketplaceListingsCases` run against `simulator.listings`, counting push, confirm and read
 * calls (batching to the limit, nothing sent for nothing, per-item refusals, 429, failed and lost
 * calls, read-back, asynchronous confirm, garbage, credentials, invalid updates, compare-and-swap).
 * Cancellations: the declaration is checked (`orders.answerCancellation` if and only if
 * `capabilities.cancellations: 'answer'`), and for an intake adapter the cases of
 * `marketplaceCancellationCases` run where the simulator has the controls they need (others are
 * skipped with the reason).
 *
 * @param name - the adapter's name in test titles.
 * @param harness - builds the simulator, the adapter and a sample order.
 * @example
 * ```ts
 * // ebay-conformance.test.ts
 * describeMarketplaceAdapter('ebay', {
 *   createSimulator: () => createEbaySimulator(),
 *   createAdapter: (simulator, options) => createEbay({
 *     accessToken: options?.credentials === 'invalid' ? 'wrong' : simulator.validToken,
 *     baseURL: simulator.baseURL,
 *   }),
 *   sampleOrder: () => sampleEbayOrder(),
 * });
 * ```
 */
export function describeMarketplaceAdapter(name: string, harness: MarketplaceConformanceOptions): void {
  // Whether the adapter declares order intake decides which cases exist: asked of an adapter
  // built at collection time (no request is made).
  const probeSimulator = harness.createSimulator();
  const probe = harness.createAdapter(probeSimulator, { credentials: 'valid' });
  const declaresIntake = probe.capabilities?.orders !== undefined;
  const declaresListings = probe.capabilities?.listings !== undefined || probe.listings !== undefined;
  describe(`${name}: MarketplaceAdapter v1 conformance`, () => {
    const server = createTestServer();
    const nextTrackingNumber = createTrackingNumberGenerator('ups', Math.floor(Math.random() * 1_000));
    const thrown: unknown[] = [];
    let simulator: MarketplaceSimulator;
    let adapter: MarketplaceAdapter;
    let order: SalesOrder;

    const notice = (lines: ShipmentNotice['lines'], overrides: Partial<ShipmentNotice> = {}): ShipmentNotice => {
      const trackingNumber = overrides.trackingNumber ?? nextTrackingNumber();
      return {
        id: shipmentId(`PO-${order.marketplaceOrderId}`, trackingNumber),
        carrier: 'ups',
        carrierName: 'UPS',
        trackingNumber,
        shippedAt: new Date().toISOString(),
        lines,
        ...overrides,
      };
    };
    const wholeOrder = () => order.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity }));
    const recorded = (): SimulatedFulfillment[] => simulator.fulfillments(order.marketplaceOrderId);
    const record = async (promise: Promise<unknown>): Promise<unknown> => {
      const error = await failureOf(promise);
      thrown.push(error);
      return error;
    };

    beforeAll(() => server.listen());
    afterAll(() => server.close());
    beforeEach(() => {
      simulator = harness.createSimulator();
      server.resetHandlers(...simulator.handlers);
      order = withTwoUnits(harness.sampleOrder());
      simulator.addOrder(order);
      adapter = harness.createAdapter(simulator, { credentials: 'valid' });
    });

    it('declares specification v1, its marketplace id and whether it notifies the buyer', () => {
      expect(adapter.specificationVersion).toBe('v1');
      expect(adapter.marketplace).toBe(simulator.marketplace);
      expect(typeof adapter.notifiesBuyer).toBe('boolean');
    });

    it('pushes a shipment once: one fulfillment with the tracking number and the lines', async () => {
      const shipment = notice(wholeOrder());
      const result = await adapter.pushTracking({ order, shipment });
      expect(result.status).toBe('pushed');
      const fulfillments = recorded();
      expect(fulfillments).toHaveLength(1);
      expect(withoutSpaces(fulfillments[0]?.trackingNumber ?? '')).toBe(withoutSpaces(shipment.trackingNumber));
      expect(byLine(fulfillments[0]?.lines ?? [])).toEqual(byLine(shipment.lines));
    });

    it('does not push the same shipment twice (already-pushed)', async () => {
      const shipment = notice(wholeOrder());
      await adapter.pushTracking({ order, shipment });
      const again = await adapter.pushTracking({ order, shipment });
      expect(again.status).toBe('already-pushed');
      expect(recorded()).toHaveLength(1);
    });

    it('records two partial shipments of one order as two fulfillments with the right quantities', async () => {
      const [firstLines, secondLines] = splitInTwo(order);
      const first = notice(firstLines);
      const second = notice(secondLines);
      expect((await adapter.pushTracking({ order, shipment: first })).status).toBe('pushed');
      expect((await adapter.pushTracking({ order, shipment: second })).status).toBe('pushed');
      const fulfillments = recorded();
      expect(fulfillments).toHaveLength(2);
      for (const shipment of [first, second]) {
        const match = fulfillments.find(
          (fulfillment) => withoutSpaces(fulfillment.trackingNumber) === withoutSpaces(shipment.trackingNumber),
        );
        expect(match, shipment.trackingNumber).toBeDefined();
        expect(byLine(match?.lines ?? [])).toEqual(byLine(shipment.lines));
      }
      expect((await adapter.pushTracking({ order, shipment: first })).status).toBe('already-pushed');
      expect(recorded()).toHaveLength(2);
    });

    it('pushes once in all when the response to a push was lost and the push is sent again', async () => {
      const shipment = notice(wholeOrder());
      simulator.injectFault({ kind: 'lost-response', operations: [standardOperations.pushTracking] });
      try {
        await adapter.pushTracking({ order, shipment });
      } catch (error) {
        thrown.push(error);
        expect(NetworkError.isInstance(error), String(error)).toBe(true);
      }
      const again = await adapter.pushTracking({ order, shipment });
      expect(['pushed', 'already-pushed']).toContain(again.status);
      expect(recorded()).toHaveLength(1);
    });

    it('accepts a carrier it does not know as "other" with its name and tracking URL', async () => {
      const trackingNumber = 'SPF100200300';
      const shipment = notice(wholeOrder(), {
        carrier: 'other',
        carrierName: 'Speedy Freight Co',
        trackingNumber,
        trackingUrl: `https://track.speedyfreight.example/?number=${trackingNumber}`,
      });
      const result = await adapter.pushTracking({ order, shipment });
      expect(result.status).toBe('pushed');
      expect(recorded().map((fulfillment) => withoutSpaces(fulfillment.trackingNumber))).toEqual([trackingNumber]);
    });

    it('throws AuthenticationError for bad credentials and records nothing', async () => {
      const rejected = harness.createAdapter(simulator, { credentials: 'invalid' });
      const error = await record(rejected.pushTracking({ order, shipment: notice(wholeOrder()) }));
      expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
      expect(recorded()).toHaveLength(0);
    });

    it('retries a 429 and then succeeds', async () => {
      simulator.injectFault({ kind: 'rate-limit', times: 1, retryAfterSeconds: 0 });
      const result = await adapter.pushTracking({ order, shipment: notice(wholeOrder()) });
      expect(result.status).toBe('pushed');
      expect(recorded()).toHaveLength(1);
    });

    it('throws ResponseParseError for a malformed body', async () => {
      simulator.injectFault({ kind: 'malformed-body', times: 1 });
      const error = await record(adapter.pushTracking({ order, shipment: notice(wholeOrder()) }));
      expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
      expect((error as ResponseParseError).service.length).toBeGreaterThan(0);
    });

    const pushOperation = standardOperations.pushTracking;
    const pushCalls = (): number => simulator.requestTimes(pushOperation).length;
    const holds = (trackingNumber: string): number =>
      recorded().filter((fulfillment) => withoutSpaces(fulfillment.trackingNumber) === withoutSpaces(trackingNumber))
        .length;

    /**
     * Serves `answer` to one push, then checks the evidence rule and that the next push (the next
     * sync) leaves exactly one fulfilment.
     */
    async function checkUnconfirmedAnswer(serve: (shipment: ShipmentNotice) => void): Promise<void> {
      const shipment = notice(wholeOrder());
      serve(shipment);
      const before = pushCalls();
      let result: Awaited<ReturnType<MarketplaceAdapter['pushTracking']>> | undefined;
      try {
        result = await adapter.pushTracking({ order, shipment });
      } catch (error) {
        thrown.push(error);
        expect(ApiError.isInstance(error), `an untyped error: ${String(error)}`).toBe(true);
      }
      const held = holds(shipment.trackingNumber);
      expect(pushCalls() - before, 'push requests sent by one pushTracking call').toBe(1);
      if (result !== undefined) {
        expect(held, `reported "${result.status}" but the marketplace holds no fulfilment`).toBe(1);
      }
      const pushesAfterFirst = pushCalls();
      const again = await adapter.pushTracking({ order, shipment });
      expect(['pushed', 'already-pushed']).toContain(again.status);
      expect(holds(shipment.trackingNumber), 'fulfilments for the tracking number after the next push').toBe(1);
      if (held === 1 && result !== undefined) {
        expect(pushCalls(), 'a push sent again after the marketplace confirmed it').toBe(pushesAfterFirst);
      }
    }

    for (const answer of garbagePushAnswers) {
      it(`does not report "pushed" for ${answer.description} (nothing recorded), and pushes once in all`, async () => {
        await checkUnconfirmedAnswer(() => {
          if (scriptsPushAnswers(simulator)) simulator.answerNextPush({ ...answer, act: false });
          else simulator.injectFault({ kind: 'malformed-body', operations: [pushOperation], body: answer.body ?? '' });
        });
      });
      it(`reports "pushed" for ${answer.description} only once the marketplace shows it holds the package`, async (context) => {
        if (!scriptsPushAnswers(simulator)) {
          context.skip('the simulator cannot record a push and then answer garbage (no answerNextPush)');
          return;
        }
        const scripting = simulator;
        await checkUnconfirmedAnswer(() => scripting.answerNextPush({ ...answer, act: true }));
      });
    }

    it('does not report "pushed" for answers that look like success but are not the documented one', async (context) => {
      if (!harness.unconfirmedPushAnswers || !scriptsPushAnswers(simulator)) {
        context.skip('no unconfirmedPushAnswers in the harness, or the simulator has no answerNextPush');
        return;
      }
      const scripting = simulator;
      const answers = harness.unconfirmedPushAnswers;
      for (const act of [false, true]) {
        for (const answer of answers({ order, shipment: notice(wholeOrder()) })) {
          simulator.reset();
          await checkUnconfirmedAnswer((shipment) => {
            const [served] = answers({ order, shipment }).filter((each) => each.description === answer.description);
            scripting.answerNextPush({ ...(served ?? answer), act });
          });
        }
      }
    });

    it('sends no credential to another origin when a push is redirected there (307), and does not report it pushed', async (context) => {
      if (!scriptsPushAnswers(simulator)) {
        context.skip('the simulator has no answerNextPush');
        return;
      }
      const elsewhere = 'https://collector.elsewhere.test';
      const received: string[] = [];
      server.use(
        http.all(`${elsewhere}/*`, async ({ request }) => {
          const headers: string[] = [];
          request.headers.forEach((value, headerName) => {
            headers.push(`${headerName}: ${value}`);
          });
          received.push(`${request.method} ${request.url}\n${headers.join('\n')}\n${await request.text()}`);
          return new Response(null, { status: 204 });
        }),
      );
      const shipment = notice(wholeOrder());
      simulator.answerNextPush({ status: 307, headers: { location: `${elsewhere}/collect?from=push` } });
      let result: Awaited<ReturnType<MarketplaceAdapter['pushTracking']>> | undefined;
      try {
        result = await adapter.pushTracking({ order, shipment });
      } catch (error) {
        thrown.push(error);
        expect(ApiError.isInstance(error), `an untyped error: ${String(error)}`).toBe(true);
      }
      if (result !== undefined) expect(holds(shipment.trackingNumber), `reported "${result.status}"`).toBe(1);
      const secrets = [...(harness.secrets ?? server.observedSecrets())];
      expect(secrets.length, 'no credential was seen on the wire; pass harness.secrets').toBeGreaterThan(0);
      expectNoSecrets(received, secrets);
      expect(received, 'requests that reached the other origin').toEqual([]);
    });

    it('prints no credential: util.inspect, JSON.stringify and String() of the adapter, after a push', async () => {
      expect((await adapter.pushTracking({ order, shipment: notice(wholeOrder()) })).status).toBe('pushed');
      const secrets = [...(harness.secrets ?? server.observedSecrets())];
      expect(secrets.length, 'no credential was seen on the wire; pass harness.secrets').toBeGreaterThan(0);
      const printed = [
        inspect(adapter, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
        JSON.stringify(adapter) ?? '',
        String(adapter),
        `${adapter.pushTracking}`,
      ];
      expectNoSecrets(printed, secrets);
    });

    it('never puts a credential in an error', async () => {
      // Errors of this test, plus every error the earlier tests of the suite collected.
      await record(
        harness
          .createAdapter(simulator, { credentials: 'invalid' })
          .pushTracking({ order, shipment: notice(wholeOrder()) }),
      );
      simulator.injectFault({ kind: 'malformed-body', times: 1 });
      await record(adapter.pushTracking({ order, shipment: notice(wholeOrder()) }));
      const secrets = [...(harness.secrets ?? server.observedSecrets())];
      expect(secrets.length, 'no credential was seen on the wire; pass harness.secrets').toBeGreaterThan(0);
      expect(
        thrown.every((error) => ApiError.isInstance(error)),
        thrown.map(String).join('\n'),
      ).toBe(true);
      expectNoSecrets(thrown, secrets);
    });

    it('declares order intake consistently: orders if and only if capabilities.orders, acknowledge if and only if list-and-acknowledge', () => {
      expect(intakeDeclarationProblem(adapter) ?? 'consistent').toBe('consistent');
      const small = harness.createAdapter(simulator, { credentials: 'valid', orderPageSize: 3 });
      expect(intakeDeclarationProblem(small) ?? 'consistent').toBe('consistent');
      if (small.orders !== undefined) {
        expect(small.orders.pageSize, 'pageSize of an adapter created with orderPageSize 3').toBe(3);
        expect(
          simulator.intake,
          'the adapter declares order intake, but its simulator has no `intake`: give the simulator the SimulatedOrderIntake surface so the intake cases can run',
        ).toBeDefined();
      }
    });

    it("declares listings push consistently: listings if and only if capabilities.listings 'push', confirm if and only if asynchronous", () => {
      expect(listingsDeclarationProblem(adapter) ?? 'consistent').toBe('consistent');
      if (adapter.listings !== undefined) {
        expect(
          simulator.listings,
          'the adapter declares listings push, but its simulator has no `listings`: give the simulator the SimulatedListings surface so the listings cases can run',
        ).toBeDefined();
      }
    });

    it("declares cancellations consistently: answerCancellation if and only if capabilities.cancellations 'answer'", () => {
      expect(cancellationsDeclarationProblem(adapter) ?? 'consistent').toBe('consistent');
    });

    const secrets = () => [...(harness.secrets ?? server.observedSecrets())];
    /**
     * Runs each case as a test against the test's simulator: `prepare` gives the case's context,
     * or a reason to skip it.
     */
    const describeCases = <Case extends ConformanceCase<Context>, Context>(
      title: string,
      cases: readonly Case[],
      prepare: (each: Case) => Context | { skip: string },
    ) =>
      describe(title, () => {
        for (const each of cases) {
          it(each.name, async (context) => {
            const prepared = prepare(each);
            if (typeof prepared === 'object' && prepared !== null && 'skip' in prepared) {
              context.skip(prepared.skip);
              return;
            }
            await each.run(prepared);
          });
        }
      });
    /** The simulator with `surface`, or an error saying the declared capability's cases cannot run. */
    const requireSurface = <Surface extends 'intake' | 'listings'>(
      surface: Surface,
      capability: string,
      type: string,
    ) => {
      if (simulator[surface] === undefined) {
        throw new Error(
          `${name} declares ${capability}, but its simulator has no \`${surface}\` (${type}): the ${capability} cases cannot run`,
        );
      }
      return simulator as MarketplaceSimulator & Required<Pick<MarketplaceSimulator, Surface>>;
    };

    if (declaresListings) {
      describeCases('listings push', marketplaceListingsCases, () => ({
        harness,
        simulator: requireSurface('listings', 'listings push', 'SimulatedListings'),
        secrets,
      }));
    }

    if (declaresIntake) {
      describeCases('order intake', marketplaceIntakeCases, () => ({
        harness,
        simulator: requireSurface('intake', 'order intake', 'SimulatedOrderIntake'),
        secrets,
      }));
      describeCases('cancellations', marketplaceCancellationCases, (each) => {
        const intakeSimulator = requireSurface('intake', 'order intake', 'SimulatedOrderIntake');
        const skip = each.skipReason(adapter, intakeSimulator.intake);
        return skip === undefined ? { harness, simulator: intakeSimulator, secrets } : { skip };
      });
    }
  });
}
