import {
  type DistributorClient,
  OrderRejectedError,
  type PurchaseOrderRequest,
  type RejectionReason,
} from '@dropship/core';
import { expect } from 'vitest';
import { standardOperations } from '../create-fault-injector.js';
import type { DistributorSimulatorControls } from '../testing-types.js';
import type { ConformanceCase } from './conformance-case.js';
import { type DistributorHarnessDeclarations, settle } from './distributor-harness.js';

/** What one distributor case (issue 20) runs against: the suite's fresh simulator and client, and its helpers. */
export interface DistributorCaseContext {
  /** A fresh simulator, its SKUs seeded with stock and a cost. */
  simulator: DistributorSimulatorControls;
  /** The client under test, pointed at the simulator. */
  client: DistributorClient;
  /** The SKUs seeded (at least two for the line cases). */
  skus: readonly string[];
  /** What the harness declares. */
  declared: DistributorHarnessDeclarations;
  /** A valid order of `lines` (default two units of the first SKU) with a new PO number. */
  orderRequest(lines?: PurchaseOrderRequest['lines']): PurchaseOrderRequest;
  /** Keeps an error the client threw (the suite checks at the end that none holds a credential). */
  keep(error: unknown): void;
}

/** One distributor case: a name, when it applies, and a check that throws when the client fails it. */
export interface DistributorRejectionCase extends ConformanceCase<DistributorCaseContext> {
  /**
   * Why the case does not apply (the test is skipped with it), or undefined.
   *
   * @param simulator - the simulator (the cases need its optional controls).
   * @param declared - what the harness declares.
   */
  skipReason(simulator: DistributorSimulatorControls, declared: DistributorHarnessDeclarations): string | undefined;
}

type Controls = Required<
  Pick<DistributorSimulatorControls, 'rejectNextOrders' | 'cancelOnDistributorSide' | 'setPrice'>
>;

function controls(simulator: DistributorSimulatorControls): Controls {
  return simulator as DistributorSimulatorControls & Controls;
}

async function rejectionOf(promise: Promise<unknown>): Promise<OrderRejectedError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error('expected OrderRejectedError, but the order was placed');
  expect(OrderRejectedError.isInstance(caught), `an OrderRejectedError, got ${String(caught)}`).toBe(true);
  return caught as OrderRejectedError;
}

/** Submit calls the simulator counts for one placed order (the baseline a refused one must not exceed). */
async function placeOne(context: DistributorCaseContext): Promise<number> {
  const before = context.simulator.callCount(standardOperations.submit);
  const request = context.orderRequest();
  await context.client.submitOrder(request);
  await settle(context.simulator);
  expect(context.simulator.orderCount(request.poNumber), 'orders held for a PO placed normally').toBe(1);
  return context.simulator.callCount(standardOperations.submit) - before;
}

const needs =
  (control: keyof Controls, extra?: (declared: DistributorHarnessDeclarations) => string | undefined) =>
  (simulator: DistributorSimulatorControls, declared: DistributorHarnessDeclarations): string | undefined => {
    if (typeof simulator[control] !== 'function') return `the simulator has no ${control}`;
    return extra?.(declared);
  };

const remoteLookUps = (declared: DistributorHarnessDeclarations) =>
  declared.remoteLookUps ? undefined : 'look-ups answer from what the client recorded (lookUps: recorded)';

/** The rejection case for one reason. */
function rejectionCase(reason: RejectionReason): DistributorRejectionCase {
  return {
    name: `a refusal for ${reason} is OrderRejectedError with reason ${reason}, nothing placed, not sent again; the next order places`,
    skipReason: needs('rejectNextOrders', (declared) =>
      declared.rejectionReasons.includes(reason) ? undefined : `the harness's rejectionReasons leave out ${reason}`,
    ),
    async run(context) {
      const { simulator, client } = context;
      const baseline = await placeOne(context);
      controls(simulator).rejectNextOrders({ reason });
      const request = context.orderRequest();
      const before = simulator.callCount(standardOperations.submit);
      const error = await rejectionOf(client.submitOrder(request));
      context.keep(error);
      expect(error.reason, 'OrderRejectedError.reason').toBe(reason);
      expect(error.poNumber, 'OrderRejectedError.poNumber').toBe(request.poNumber);
      await settle(simulator);
      expect(simulator.orderCount(request.poNumber), 'orders held for the refused PO').toBe(0);
      expect(
        simulator.callCount(standardOperations.submit) - before,
        'submit calls for the refused order (a placed one took the baseline)',
      ).toBeLessThanOrEqual(baseline);
      const next = context.orderRequest();
      const placed = await client.submitOrder(next);
      expect(placed.alreadyExisted).toBe(false);
      await settle(simulator);
      expect(simulator.orderCount(next.poNumber), 'orders held for the next PO').toBe(1);
    },
  };
}

/**
 * The distributor cases of issue 20, run by `describeDistributorClient` when the simulator has the
 * optional controls: a refusal per reason (`rejectNextOrders`), a line refusal naming its SKU, a
 * cancel on the distributor's side (all of the order, or some units of a line) as `findOrder`
 * reports it, and the dealer cost `checkStock` reports (`setPrice`). Exported so that a test can
 * show that a broken client fails them.
 */
export const distributorRejectionCases: readonly DistributorRejectionCase[] = [
  ...(['out-of-stock', 'discontinued', 'not-drop-shippable', 'address-refused', 'price-changed', 'other'] as const).map(
    rejectionCase,
  ),
  {
    name: 'a refusal of one line names that SKU (with its reason) and not the other line; nothing placed',
    skipReason: needs('rejectNextOrders', (declared) =>
      declared.rejectionReasons.includes('out-of-stock')
        ? undefined
        : "the harness's rejectionReasons leave out out-of-stock",
    ),
    async run(context) {
      const { simulator, client, skus } = context;
      const [kept, refused] = skus;
      if (kept === undefined || refused === undefined) throw new Error('the line case needs two SKUs (harness.skus)');
      controls(simulator).rejectNextOrders({ reason: 'out-of-stock', skus: [refused] });
      const request = context.orderRequest([
        { sku: kept, quantity: 1, unitCost: 1_000 },
        { sku: refused, quantity: 1, unitCost: 1_100 },
      ]);
      const error = await rejectionOf(client.submitOrder(request));
      context.keep(error);
      const named = error.lineErrors.filter((line) => line.sku === refused);
      expect(named.length, `line errors naming ${refused}: ${JSON.stringify(error.lineErrors)}`).toBeGreaterThan(0);
      for (const line of named)
        expect(line.reason ?? error.reason, `reason of the ${refused} line`).toBe('out-of-stock');
      expect(
        error.lineErrors.filter((line) => line.sku === kept),
        `line errors naming ${kept}, which was not refused`,
      ).toEqual([]);
      await settle(simulator);
      expect(simulator.orderCount(request.poNumber), 'orders held for the refused PO').toBe(0);
    },
  },
  {
    name: 'a cancel on the distributor side shows in findOrder as cancelled, with the reason',
    skipReason: needs('cancelOnDistributorSide', remoteLookUps),
    async run(context) {
      const { simulator, client, declared } = context;
      const request = context.orderRequest();
      await client.submitOrder(request);
      await settle(simulator);
      controls(simulator).cancelOnDistributorSide(request.poNumber, { reason: 'discontinued' });
      await settle(simulator);
      const found = await client.findOrder(request.poNumber);
      expect(found?.status, 'status of an order the distributor cancelled').toBe('cancelled');
      if (declared.reportsCancelReasons) expect(found?.statusReason, 'statusReason').toBe('discontinued');
      else expect([undefined, 'other'], 'statusReason without reasons reported').toContain(found?.statusReason);
      expect(simulator.orderCount(request.poNumber), 'orders held (a cancel places nothing)').toBe(1);
    },
  },
  {
    name: 'a cancel of some units on the distributor side shows as cancelledLines (totals, the same on every read); the order goes on',
    skipReason: needs('cancelOnDistributorSide', remoteLookUps),
    async run(context) {
      const { simulator, client, skus, declared } = context;
      const [first, second] = skus;
      if (first === undefined || second === undefined) throw new Error('the line case needs two SKUs (harness.skus)');
      const request = context.orderRequest([
        { sku: first, quantity: 2, unitCost: 1_000 },
        { sku: second, quantity: 1, unitCost: 1_100 },
      ]);
      await client.submitOrder(request);
      await settle(simulator);
      controls(simulator).cancelOnDistributorSide(request.poNumber, {
        reason: 'out-of-stock',
        lines: [{ sku: first, quantity: 1 }],
      });
      await settle(simulator);
      const cancelledLines = async () => {
        const found = await client.findOrder(request.poNumber);
        expect(found?.status, 'status of an order partly cancelled').not.toBe('cancelled');
        return (found?.cancelledLines ?? []).map(({ sku, quantity, reason }) => ({
          sku,
          quantity,
          reason: declared.reportsCancelReasons ? reason : 'out-of-stock',
        }));
      };
      const expected = [{ sku: first, quantity: 1, reason: 'out-of-stock' }];
      expect(await cancelledLines(), 'cancelledLines').toEqual(expected);
      expect(await cancelledLines(), 'cancelledLines read again').toEqual(expected);
    },
  },
  {
    name: "checkStock reports the distributor's dealer cost as unitCost (minor units), and a price change at once",
    skipReason: needs('setPrice', (declared) =>
      declared.realTimeStock ? undefined : 'no real-time stock (stock: none)',
    ),
    async run(context) {
      const { simulator, client, skus, declared } = context;
      const [sku] = skus;
      if (sku === undefined) throw new Error('no SKU');
      for (const unitCost of [12_345, 9_999]) {
        controls(simulator).setPrice(sku, unitCost);
        const [level] = await client.checkStock([sku]);
        if (declared.reportsStockPrices) expect(level?.unitCost, `unitCost after setPrice(${unitCost})`).toBe(unitCost);
        else expect(level?.unitCost, 'unitCost of a stock call without prices (stockPrices: none)').toBeUndefined();
      }
    },
  },
];
