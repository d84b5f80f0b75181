import { formatWithOptions, inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  type DistributorClient,
  DropshipError,
  distributorShipmentSchema,
  mayHaveActed,
  NetworkError,
  OrderRejectedError,
  type PurchaseOrderRequest,
  RateLimitError,
  ResponseParseError,
  ServerError,
  type StockLevel,
  type SubmitOrderResult,
  stockLevelSchema,
} from '@dropship/core';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { observeFaultInjectors, standardOperations } from '../create-fault-injector.js';
import type { HostileAnswer } from '../simulator-utilities.js';
import type { DistributorSimulator, DistributorSimulatorControls, Fault } from '../testing-types.js';
import {
  createSimulatorServer,
  type DistributorConformanceOptions,
  readDistributorHarness,
  settle,
} from './distributor-harness.js';
import { distributorRejectionCases } from './distributor-rejection-cases.js';
import { expectNoSecrets } from './expect-no-secrets.js';
import { failureOf } from './failure-of.js';

/** The hostile answers a look-up by PO number may get (see `HostileAnswer`). */
const lookUpHostileAnswers: readonly HostileAnswer[] = [
  'html-maintenance',
  'empty-200',
  'unexpected-json',
  'invalid-utf8',
  'redirect-elsewhere',
  'large-body',
];

/** SKUs seeded when the harness names none. */
const defaultSkus = ['CONF-1001', 'CONF-1002'] as const;
/** A SKU no simulator sells. */
const unknownSku = 'CONF-UNKNOWN-9999';

/** Quantity seeded for SKU number `skuIndex` at warehouse number `warehouseIndex`: 1 to 8, never 0, under every known cap. */
function seededQuantity(skuIndex: number, warehouseIndex: number): number {
  return ((skuIndex + warehouseIndex) % 8) + 1;
}

let poCounter = 0;
/** A PO number unique in this process, upper-case letters and digits, at most `maxLength` long. */
function nextPoNumber(maxLength: number): string {
  poCounter += 1;
  const stamp = Date.now().toString(36).toUpperCase().slice(-4);
  const value = `CT${stamp}${poCounter.toString(36).toUpperCase()}`;
  return value.length > maxLength ? value.slice(value.length - maxLength) : value;
}

/** A US ship-to every distributor accepts (short fields, under every documented limit). */
const shipTo: PurchaseOrderRequest['shipTo'] = {
  name: 'Jordan Rider',
  address1: '1200 W Main St',
  city: 'Boise',
  region: 'ID',
  postalCode: '83702',
  country: 'US',
  phone: '2085550100',
};

function isoDate(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function numeric(values: readonly number[]): number[] {
  return [...values].sort((left, right) => left - right);
}

function withoutSpaces(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * The conformance suite of the `DistributorClient` v1 spec. Call it at the top level of a test
 * file of its own (it starts an MSW server for the file when the simulator has handlers); every
 * distributor package runs it against its simulator, and an integrator can run it against their
 * own adapter.
 *
 * It checks: the declared spec and capabilities; stock lookup (order kept, unknown SKUs
 * `found: false`, per-warehouse quantities, batching); submit; a duplicate submit (one order at
 * the distributor, `alreadyExisted: true`); a lost response then a retry (exactly one order);
 * find by PO (null when unknown); shipments through `findOrder` and `listShipments`; cancel as
 * `capabilities.cancel` says (a warning, never a throw, when unsupported); bad credentials
 * (`AuthenticationError`, no order placed); 429 on a read (retried, or `RateLimitError`); a
 * malformed body (`ResponseParseError`); 5xx and dropped connections on a read (typed errors);
 * and that no credential appears in any error the client threw.
 *
 * Rejections, cancels and prices (issue 20), where the simulator has the optional controls: a
 * refusal for each reason (`rejectNextOrders`) is an `OrderRejectedError` with that `reason`,
 * nothing placed and nothing sent again; a line refusal names its SKU; a cancel on the
 * distributor's side (`cancelOnDistributorSide`) shows in `findOrder` as `cancelled` with its
 * `statusReason`, or as `cancelledLines` for some units; `checkStock` reports `unitCost` after
 * `setPrice`. The harness narrows them (`rejectionReasons`, `cancelReasons`, `stockPrices`).
 *
 * Transport-neutral: a client whose partner is reached over SFTP or SMTP runs it with a simulator
 * that has the controls but no MSW handlers, and declares in the harness what it does not have
 * (`stock: 'none'`, `lookUps: 'recorded'`, the `faults` its simulator can serve). The cases that
 * need what is not declared are skipped, and the suite checks that it is really refused: a
 * `checkStock` that throws a typed error having done nothing, look-ups that make no call, a
 * cancel reported `unsupported` with nothing sent.
 *
 * @param name - the adapter's name in test titles.
 * @param harness - builds the simulator and the client under test.
 * @example
 * ```ts
 * // wps-conformance.test.ts
 * describeDistributorClient('wps', {
 *   createSimulator: () => createWpsSimulator(),
 *   createClient: (simulator, options) => createWps({
 *     apiToken: options?.credentials === 'invalid' ? 'wrong' : simulator.validToken,
 *     baseURL: simulator.baseURL,
 *   }),
 *   warehouses: ['ca', 'ga', 'id', 'in', 'pa', 'pa2', 'tx'],
 * });
 * // edi-conformance.test.ts: SFTP, no stock call, no HTTP
 * describeDistributorClient('acme-edi', {
 *   createSimulator: () => createEdiConformanceSimulator(sftp),
 *   createClient: (simulator, options) => simulator.createClient(options),
 *   stock: 'none',
 *   faults: ['lost-response', 'drop-connection'],
 *   secrets: [sftpPassword, wrongPassword],
 * });
 * ```
 */
export function describeDistributorClient<Simulator extends DistributorSimulatorControls = DistributorSimulator>(
  name: string,
  harness: DistributorConformanceOptions<Simulator>,
): void {
  const declared = readDistributorHarness(harness);
  describe(`${name}: DistributorClient v1 conformance`, () => {
    const simulatorServer = createSimulatorServer();
    const { server } = simulatorServer;
    const skus = [...(harness.skus ?? defaultSkus)];
    const warehouses = [...(harness.warehouses ?? ['main'])];
    /** Every error a client threw in this suite; the last test checks none holds a credential. */
    const thrown: unknown[] = [];
    let simulator: Simulator;
    let client: DistributorClient;

    const expectedStock = (skuIndex: number) =>
      warehouses.map((_, warehouseIndex) => seededQuantity(skuIndex, warehouseIndex));
    const seed = (target: DistributorSimulatorControls, sku: string, skuIndex: number) =>
      target.addProduct({
        sku,
        stock: Object.fromEntries(
          warehouses.map((warehouse, warehouseIndex) => [warehouse, seededQuantity(skuIndex, warehouseIndex)]),
        ),
        cost: 1_000 + skuIndex * 100,
      });
    const orderRequest = (overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest => ({
      poNumber: nextPoNumber(client.capabilities.maxPoNumberLength),
      shipTo,
      lines: [{ sku: skus[0] as string, quantity: 2, unitCost: 1_000 }],
      currency: 'USD',
      ...overrides,
    });
    const record = async <T>(promise: Promise<T>): Promise<unknown> => {
      const error = await failureOf(promise);
      thrown.push(error);
      return error;
    };

    /**
     * The read the failure cases break (see `DistributorHarnessDeclarations.remoteRead`): a stock
     * check of a seeded SKU, or a look-up of a PO number the distributor does not hold.
     */
    const remoteRead = (target: DistributorClient): Promise<unknown> =>
      declared.remoteRead === 'check-stock'
        ? target.checkStock([skus[0] as string])
        : target.findOrder(nextPoNumber(target.capabilities.maxPoNumberLength));

    afterAll(() => simulatorServer.close());
    beforeEach(() => {
      simulator = harness.createSimulator();
      simulatorServer.attach(simulator);
      skus.forEach((sku, index) => {
        seed(simulator, sku, index);
      });
      client = harness.createClient(simulator, { credentials: 'valid' });
    });

    it('declares specification v1, its distributor id and coherent capabilities', () => {
      expect(client.specificationVersion).toBe('v1');
      expect(client.distributor).toBe(simulator.distributor);
      const capabilities = client.capabilities;
      expect(['supported', 'before-submission', 'unsupported']).toContain(capabilities.cancel);
      expect(['po-list', 'date-range', 'none']).toContain(capabilities.batchTracking);
      expect(capabilities.maxStockBatch).toBeGreaterThanOrEqual(1);
      expect(capabilities.maxPoNumberLength).toBeGreaterThanOrEqual(8);
      if (capabilities.batchTracking === 'po-list') expect(capabilities.maxTrackingBatch).toBeGreaterThanOrEqual(1);
    });

    describe('checkStock', () => {
      it.skipIf(declared.realTimeStock)(
        'has no real-time stock (stock: none): a typed, non-retryable refusal that did nothing, no call made',
        async () => {
          const calls = simulator.callCount();
          const error = await record(client.checkStock([skus[0] as string]));
          expect(ApiError.isInstance(error), String(error)).toBe(true);
          expect((error as ApiError).isRetryable).toBe(false);
          expect(mayHaveActed(error), 'a refused stock check must say nothing was done').toBe(false);
          expect(simulator.callCount(), 'calls made to the distributor').toBe(calls);
        },
      );

      it.skipIf(!declared.realTimeStock)(
        'reports per-warehouse quantities for known SKUs and found: false for unknown ones, in the order asked',
        async () => {
          const asked = [skus[0] as string, unknownSku, ...skus.slice(1)];
          const levels = await client.checkStock(asked);
          expect(levels.map((level) => level.sku)).toEqual(asked);
          for (const level of levels) expect(stockLevelSchema.safeParse(level).success).toBe(true);

          const unknown = levels[1];
          expect(unknown?.found).toBe(false);
          expect(unknown?.warehouses.reduce((sum, warehouse) => sum + warehouse.quantity, 0)).toBe(0);

          skus.forEach((sku, skuIndex) => {
            const level = levels.find((candidate) => candidate.sku === sku);
            expect(level?.found, sku).toBe(true);
            const reported = (level?.warehouses ?? [])
              .map((warehouse) => warehouse.quantity)
              .filter((quantity) => quantity > 0);
            expect(numeric(reported), `${sku} quantities per warehouse`).toEqual(numeric(expectedStock(skuIndex)));
          });
        },
      );

      it.skipIf(!declared.realTimeStock)('reflects a stock change at the distributor', async () => {
        simulator.setStock(skus[0] as string, warehouses[0] as string, 0);
        const [level] = await client.checkStock([skus[0] as string]);
        const reported = (level?.warehouses ?? [])
          .map((warehouse) => warehouse.quantity)
          .filter((quantity) => quantity > 0);
        expect(numeric(reported)).toEqual(numeric(expectedStock(0).slice(1)));
      });

      it.skipIf(!declared.realTimeStock)(
        'answers for many SKUs at once, splitting past maxStockBatch itself',
        async () => {
          const batch = client.capabilities.maxStockBatch;
          const count = Math.min(batch, 50) + 1;
          const many = Array.from({ length: count }, (_, index) => `CONF-B${String(index).padStart(4, '0')}`);
          many.forEach((sku, index) => {
            seed(simulator, sku, index);
          });
          const levels = await client.checkStock(many);
          expect(levels.map((level) => level.sku)).toEqual(many);
          expect(levels.every((level) => level.found)).toBe(true);
        },
      );
    });

    describe('submitOrder', () => {
      it('places the order: one order at the distributor, with a reference', async () => {
        const request = orderRequest();
        const result = await client.submitOrder(request);
        expect(result.poNumber).toBe(request.poNumber);
        expect(result.alreadyExisted).toBe(false);
        expect(['submitted', 'acknowledged', 'backordered']).toContain(result.status);
        expect(result.distributorOrderRefs.length).toBeGreaterThanOrEqual(1);
        await settle(simulator);
        expect(simulator.orderCount(request.poNumber)).toBe(1);
        const held = simulator.orders().find((order) => order.poNumber === request.poNumber);
        expect(held?.lines).toEqual([{ sku: skus[0], quantity: 2 }]);
      });

      it('does not place a second order for the same PO number (alreadyExisted: true)', async () => {
        const request = orderRequest();
        await client.submitOrder(request);
        const second = await client.submitOrder(request);
        expect(second.alreadyExisted).toBe(true);
        expect(second.poNumber).toBe(request.poNumber);
        await settle(simulator);
        expect(simulator.orderCount(request.poNumber)).toBe(1);
      });

      it.skipIf(!declared.canInject('lost-response'))(
        'recovers from a response lost after the order was stored: exactly one order',
        async () => {
          const request = orderRequest();
          simulator.injectFault({ kind: 'lost-response', operations: [standardOperations.submit] });
          let firstError: unknown;
          try {
            await client.submitOrder(request);
          } catch (error) {
            firstError = error;
            thrown.push(error);
          }
          if (firstError !== undefined) {
            // No response arrived: a typed, retryable network error, never a raw TypeError.
            expect(NetworkError.isInstance(firstError), String(firstError)).toBe(true);
          }
          await settle(simulator);
          expect(
            simulator.orderCount(request.poNumber),
            'the distributor stored the order before the response was lost',
          ).toBe(1);
          const retry = await client.submitOrder(request);
          expect(retry.alreadyExisted).toBe(true);
          await settle(simulator);
          expect(simulator.orderCount(request.poNumber)).toBe(1);
        },
      );

      it('places no order with bad credentials and throws AuthenticationError', async () => {
        const rejected = harness.createClient(simulator, { credentials: 'invalid' });
        const request = orderRequest();
        const error = await record(rejected.submitOrder(request));
        expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
        await settle(simulator);
        expect(simulator.orderCount(request.poNumber)).toBe(0);
      });
    });

    describe.skipIf(!declared.canInject('hostile-answer'))(
      'look-up answers that are no evidence (HTML with 200, empty 200, JSON of another shape, not UTF-8, a redirect elsewhere, a large body)',
      () => {
        /** Serves `hostile` to the client's next look-ups by PO number (more than any retry policy uses). */
        const answerLookUpsWith = (hostile: HostileAnswer): Fault => {
          const fault: Fault = {
            kind: 'hostile-answer',
            hostile,
            operations: [standardOperations.findOrder],
            times: 20,
          };
          simulator.injectFault(fault);
          return fault;
        };
        /** A typed error that keeps the PO recoverable: never "placed", never "not placed". */
        const expectInconclusive = (error: unknown) => {
          expect(DropshipError.isInstance(error), String(error)).toBe(true);
          expect(mayHaveActed(error), `${String(error)}: the PO must stay recoverable`).toBe(true);
        };

        it.each(lookUpHostileAnswers)(
          'a placed order whose look-up answers %s gets no second order from a new client',
          async (hostile) => {
            const request = orderRequest();
            await client.submitOrder(request);
            expect(simulator.orderCount(request.poNumber)).toBe(1);
            answerLookUpsWith(hostile);
            // A new process (no memory of the first call) sends the PO again, as a dropshipper recovering it would.
            const again = harness.createClient(simulator, { credentials: 'valid' });
            let result: SubmitOrderResult | undefined;
            try {
              result = await again.submitOrder(request);
            } catch (error) {
              thrown.push(error);
              expectInconclusive(error);
            }
            // A client whose create call itself refuses a duplicate may answer "already placed".
            if (result !== undefined) expect(result.alreadyExisted, 'a second order was reported placed').toBe(true);
            expect(simulator.orderCount(request.poNumber), 'orders held for the PO number').toBe(1);
          },
        );

        it.each(lookUpHostileAnswers)(
          'a first submit whose look-up answers %s sends no order after that answer, and a later call places exactly one',
          async (hostile) => {
            const request = orderRequest();
            const fault = answerLookUpsWith(hostile);
            // What the simulator served, in order (simulators built on the shared fault injector):
            // a create call after a hostile look-up answer means "not placed" was read into it.
            const served: string[] = [];
            const stopObserving = observeFaultInjectors((call) => {
              if (call.fault === fault) served.push('hostile look-up');
              else if (call.operation === standardOperations.submit) served.push('submit');
            });
            let placed = false;
            try {
              const result = await client.submitOrder(request);
              placed = true;
              expect(result.alreadyExisted).toBe(false);
            } catch (error) {
              thrown.push(error);
              expectInconclusive(error);
            } finally {
              stopObserving();
            }
            const firstHostile = served.indexOf('hostile look-up');
            expect(
              firstHostile >= 0 && served.slice(firstHostile).includes('submit'),
              `sent the order after a look-up answered ${hostile}: ${served.join(', ')}`,
            ).toBe(false);
            expect(simulator.orderCount(request.poNumber)).toBe(placed ? 1 : 0);
            simulator.reset();
            if (placed) return;
            skus.forEach((sku, index) => {
              seed(simulator, sku, index);
            });
            const later = await harness.createClient(simulator, { credentials: 'valid' }).submitOrder(request);
            expect(later.alreadyExisted).toBe(false);
            expect(simulator.orderCount(request.poNumber)).toBe(1);
          },
        );

        it.each(lookUpHostileAnswers)('findOrder throws a typed error for %s, never null', async (hostile) => {
          answerLookUpsWith(hostile);
          const error = await record(client.findOrder(nextPoNumber(client.capabilities.maxPoNumberLength)));
          expectInconclusive(error);
        });
      },
    );

    describe('findOrder and listShipments', () => {
      it('finds an order by PO number, and returns null for an unknown PO number', async () => {
        const request = orderRequest();
        await client.submitOrder(request);
        const found = await client.findOrder(request.poNumber);
        expect(found?.poNumber).toBe(request.poNumber);
        expect(found?.distributorOrderRefs.length).toBeGreaterThanOrEqual(1);
        expect(['cancelled', 'rejected', 'unknown']).not.toContain(found?.status);
        expect(found?.shipments).toEqual([]);
        expect(await client.findOrder(nextPoNumber(client.capabilities.maxPoNumberLength))).toBeNull();
      });

      it('reports the tracking number of a shipped order through findOrder and listShipments', async () => {
        const request = orderRequest();
        await client.submitOrder(request);
        await settle(simulator);
        const trackingNumber = simulator.shipOrder(request.poNumber);
        await settle(simulator);

        const found = await client.findOrder(request.poNumber);
        expect(found?.shipments.map((shipment) => withoutSpaces(shipment.trackingNumber))).toContain(
          withoutSpaces(trackingNumber),
        );
        for (const shipment of found?.shipments ?? []) {
          const parsed = distributorShipmentSchema.safeParse(shipment);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        }
        expect(['shipped', 'partially_shipped']).toContain(found?.status);

        const unknownPo = nextPoNumber(client.capabilities.maxPoNumberLength);
        const listed = await client.listShipments(
          client.capabilities.batchTracking === 'date-range'
            ? { from: isoDate(-1), to: isoDate(1) }
            : { poNumbers: [request.poNumber, unknownPo] },
        );
        const entry = listed.find((order) => order.poNumber === request.poNumber);
        expect(entry?.shipments.map((shipment) => withoutSpaces(shipment.trackingNumber))).toContain(
          withoutSpaces(trackingNumber),
        );
        expect(listed.some((order) => order.poNumber === unknownPo)).toBe(false);
      });
    });

    describe('cancelOrder', () => {
      it('cancels as capabilities.cancel says, and reports "unsupported" as a warning instead of throwing', async () => {
        const request = orderRequest();
        await client.submitOrder(request);
        await settle(simulator);
        const calls = simulator.callCount();
        const cancelCalls = simulator.callCount(standardOperations.cancel);
        const result = await client.cancelOrder(request.poNumber);
        await settle(simulator);
        const held = simulator.orders().find((order) => order.poNumber === request.poNumber);
        switch (client.capabilities.cancel) {
          case 'supported':
            expect(['cancelled', 'requested']).toContain(result.status);
            if (result.status === 'cancelled') expect(held?.status).toBe('cancelled');
            // "Requested" is a claim that the distributor was asked: a call reached it.
            if (result.status === 'requested')
              expect(simulator.callCount(standardOperations.cancel), 'cancel calls').toBeGreaterThan(cancelCalls);
            break;
          case 'before-submission':
          case 'unsupported':
            if (client.capabilities.cancel === 'unsupported') expect(result.status).toBe('unsupported');
            if (result.status === 'unsupported') {
              expect(result.warning?.type).toBe('unsupported');
              expect(held?.status).not.toBe('cancelled');
              if (client.capabilities.cancel === 'unsupported')
                expect(simulator.callCount(), 'a cancel declared unsupported sent something').toBe(calls);
            }
            break;
        }
      });
    });

    describe('rejections, distributor-side cancels and prices', () => {
      for (const rejectionCase of distributorRejectionCases) {
        it(rejectionCase.name, async (context) => {
          const skipReason = rejectionCase.skipReason(simulator, declared);
          if (skipReason !== undefined) {
            context.skip(skipReason);
            return;
          }
          await rejectionCase.run({
            simulator,
            client,
            skus,
            declared,
            orderRequest: (lines) => orderRequest(lines ? { lines } : {}),
            keep: (error) => thrown.push(error),
          });
        });
      }
    });

    describe('failures', () => {
      const readsRemotely = declared.remoteRead !== undefined;

      it.skipIf(!readsRemotely)('throws AuthenticationError for bad credentials', async () => {
        const rejected = harness.createClient(simulator, { credentials: 'invalid' });
        const error = await record(remoteRead(rejected));
        expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
        expect((error as AuthenticationError).isRetryable).toBe(false);
      });

      it.skipIf(declared.remoteLookUps)(
        'answers look-ups from what it recorded (lookUps: recorded): no call to the distributor, whatever the credentials',
        async () => {
          const request = orderRequest();
          await client.submitOrder(request);
          await settle(simulator);
          const calls = simulator.callCount();
          const rejected = harness.createClient(simulator, { credentials: 'invalid' });
          const found = await rejected.findOrder(request.poNumber);
          expect(found?.poNumber).toBe(request.poNumber);
          expect(found).toEqual(await client.findOrder(request.poNumber));
          expect(await rejected.listShipments({ poNumbers: [request.poNumber] })).toEqual(
            await client.listShipments({ poNumbers: [request.poNumber] }),
          );
          expect(simulator.callCount(), 'calls made to the distributor by look-ups').toBe(calls);
        },
      );

      it.skipIf(!readsRemotely || !declared.canInject('rate-limit'))(
        'retries a 429 on a read, or throws RateLimitError',
        async () => {
          simulator.injectFault({ kind: 'rate-limit', times: 1, retryAfterSeconds: 0 });
          try {
            const answer = await remoteRead(client);
            if (declared.remoteRead === 'check-stock') expect((answer as StockLevel[])[0]?.found).toBe(true);
            else expect(answer).toBeNull();
          } catch (error) {
            thrown.push(error);
            expect(RateLimitError.isInstance(error), String(error)).toBe(true);
          }
        },
      );

      it.skipIf(!readsRemotely || !declared.canInject('malformed-body'))(
        'throws ResponseParseError naming the service for a malformed body',
        async () => {
          simulator.injectFault({ kind: 'malformed-body', times: 1 });
          const error = await record(remoteRead(client));
          expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
          expect((error as ResponseParseError).service.length).toBeGreaterThan(0);
        },
      );

      it.skipIf(!readsRemotely || !declared.canInject('server-error'))(
        'throws a typed, retryable error when a read keeps failing with 5xx',
        async () => {
          simulator.injectFault({ kind: 'server-error', times: 20 });
          const serverError = await record(remoteRead(client));
          expect(ServerError.isInstance(serverError), String(serverError)).toBe(true);
          expect((serverError as ServerError).isRetryable).toBe(true);
        },
      );

      it.skipIf(!readsRemotely || !declared.canInject('drop-connection'))(
        'throws a typed, retryable error when a read keeps failing with a dropped connection',
        async () => {
          simulator.injectFault({ kind: 'drop-connection', times: 20 });
          const networkError = await record(remoteRead(client));
          expect(NetworkError.isInstance(networkError), String(networkError)).toBe(true);
          expect((networkError as NetworkError).isRetryable).toBe(true);
        },
      );

      it('shows no credential when the client itself is logged, inspected, serialised or made a string', () => {
        const secrets = [...(harness.secrets ?? [])];
        expect(secrets.length, 'pass harness.secrets: the credential values the client holds').toBeGreaterThan(0);
        const logged: unknown[] = [];
        const log = vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
          logged.push(formatWithOptions({ colors: false }, ...values));
        });
        try {
          // biome-ignore lint/suspicious/noConsole: what console.log prints of a client is what this test checks
          console.log(client);
          // biome-ignore lint/suspicious/noConsole: the same, formatted with %o (hidden properties shown)
          console.log('%o', client);
        } finally {
          log.mockRestore();
        }
        let serialised: string;
        try {
          serialised = JSON.stringify(client) ?? '';
        } catch (error) {
          serialised = String(error);
        }
        const views = [
          ...logged,
          inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
          serialised,
          String(client),
          `${client as unknown as string}`,
        ];
        expectNoSecrets(views, secrets);
      });

      it('never puts a credential in an error', async () => {
        // Errors of this test, plus every error the earlier tests of the suite collected.
        const rejected = harness.createClient(simulator, { credentials: 'invalid' });
        await record(readsRemotely ? remoteRead(rejected) : rejected.submitOrder(orderRequest()));
        if (readsRemotely && declared.canInject('malformed-body')) {
          simulator.injectFault({ kind: 'malformed-body', times: 1 });
          await record(remoteRead(client));
        }
        if (declared.remoteLookUps && declared.canInject('server-error')) {
          simulator.injectFault({ kind: 'server-error', times: 20 });
          await record(client.findOrder(nextPoNumber(client.capabilities.maxPoNumberLength)));
        }

        const secrets = [...(harness.secrets ?? server.observedSecrets())];
        expect(secrets.length, 'no credential was seen on the wire; pass harness.secrets').toBeGreaterThan(0);
        // Typed: an API error, or a distributor's refusal of an order (the rejection cases).
        expect(
          thrown.every((error) => ApiError.isInstance(error) || OrderRejectedError.isInstance(error)),
          thrown.map(String).join('\n'),
        ).toBe(true);
        expectNoSecrets(thrown, secrets);
      });
    });
  });
}
