// The distributor cases of issue 20 can fail: each broken variant of the reference client fails the
// case that guards against it, while the unbroken client passes them all (the reference conformance
// test runs them in the suite).
import { type DistributorClient, type DistributorOrder, OrderRejectedError } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../create-test-server.js';
import { createReferenceDistributorClient } from '../reference/reference-distributor-client.js';
import { createReferenceDistributorSimulator } from '../reference/reference-distributor-simulator.js';
import { readDistributorHarness } from './distributor-harness.js';
import { distributorRejectionCases } from './distributor-rejection-cases.js';

type BreakClient = (client: DistributorClient) => DistributorClient;

const server = createTestServer();
beforeAll(() => server.listen());
afterAll(() => server.close());

const skus = ['CONF-R-1', 'CONF-R-2'];
let poNumber = 0;

/** Runs the case whose name starts with `prefix` against the reference client broken by `breakClient`. */
async function runCase(prefix: string, breakClient: BreakClient): Promise<void> {
  const rejectionCase = distributorRejectionCases.find((candidate) => candidate.name.startsWith(prefix));
  if (!rejectionCase) throw new Error(`no distributor case "${prefix}"`);
  const simulator = createReferenceDistributorSimulator();
  server.resetHandlers(...simulator.handlers);
  for (const [index, sku] of skus.entries()) simulator.addProduct({ sku, stock: { boise: 5 }, cost: 1_000 + index });
  const harness = {
    createSimulator: () => simulator,
    createClient: () =>
      createReferenceDistributorClient({
        apiKey: simulator.apiKey,
        baseURL: simulator.baseURL,
        retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
        rateLimit: false,
      }),
  };
  const declared = readDistributorHarness(harness);
  expect(rejectionCase.skipReason(simulator, declared), 'the reference simulator has every control').toBeUndefined();
  await rejectionCase.run({
    simulator,
    client: breakClient(harness.createClient()),
    skus,
    declared,
    orderRequest: (lines) => {
      poNumber += 1;
      return {
        poNumber: `RJ-${Date.now().toString(36).slice(-5)}-${poNumber}`.toUpperCase(),
        shipTo: {
          name: 'A Rider',
          address1: '1 Main St',
          city: 'Boise',
          region: 'ID',
          postalCode: '83702',
          country: 'US',
        },
        lines: lines ?? [{ sku: skus[0] as string, quantity: 2, unitCost: 1_000 }],
        currency: 'USD',
      };
    },
    keep: () => {},
  });
}

/** Runs a case that must fail, and checks it fails for the reason `pattern` names. */
async function expectRed(prefix: string, breakClient: BreakClient, pattern: RegExp): Promise<void> {
  const error = await runCase(prefix, breakClient).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, `"${prefix}" passed with a broken client`).toBeDefined();
  expect(String(error)).toMatch(pattern);
}

const unbroken: BreakClient = (client) => client;

/** A client whose refusals go through `change`. */
const mapRejection =
  (change: (error: OrderRejectedError) => unknown): BreakClient =>
  (client) => ({
    ...client,
    submitOrder: (request, options) =>
      client.submitOrder(request, options).catch((error: unknown) => {
        throw OrderRejectedError.isInstance(error) ? change(error) : error;
      }),
  });

/** A client whose found orders go through `change`. */
const mapFound =
  (change: (order: DistributorOrder) => DistributorOrder): BreakClient =>
  (client) => ({
    ...client,
    findOrder: async (po, options) => {
      const order = await client.findOrder(po, options);
      return order ? change(order) : order;
    },
  });

describe('the distributor cases of issue 20 catch a broken client', () => {
  it('the unbroken reference client passes every case (the control)', async () => {
    for (const rejectionCase of distributorRejectionCases) await runCase(rejectionCase.name, unbroken);
  });

  it('one that does not classify refusals (always other) fails the reason cases', async () => {
    const unclassified = mapRejection(
      (error) => new OrderRejectedError(error.service, error.poNumber, error.message, error.lineErrors),
    );
    await expectRed('a refusal for out-of-stock', unclassified, /OrderRejectedError.reason/);
    await expectRed('a refusal for address-refused', unclassified, /OrderRejectedError.reason/);
  });

  it('one that sends a refused order again fails the reason case', async () => {
    const resends: BreakClient = (client) => ({
      ...client,
      submitOrder: (request, options) =>
        client.submitOrder(request, options).catch((error: unknown) => {
          if (OrderRejectedError.isInstance(error)) return client.submitOrder(request, options);
          throw error;
        }),
    });
    await expectRed('a refusal for discontinued', resends, /expected OrderRejectedError, but the order was placed/);
  });

  it('one that loses the refused lines fails the line case', async () => {
    const noLines = mapRejection(
      (error) => new OrderRejectedError(error.service, error.poNumber, error.message, [], error.reason),
    );
    await expectRed('a refusal of one line names that SKU', noLines, /line errors naming CONF-R-2/);
  });

  it('one that names every line of a line refusal fails the line case', async () => {
    const everyLine = mapRejection(
      (error) =>
        new OrderRejectedError(
          error.service,
          error.poNumber,
          error.message,
          skus.map((sku) => ({ sku, message: 'refused', reason: error.reason })),
          error.reason,
        ),
    );
    await expectRed('a refusal of one line names that SKU', everyLine, /which was not refused/);
  });

  it('one that drops statusReason fails the side-cancel case', async () => {
    const noReason = mapFound(({ statusReason: _reason, ...order }) => order);
    await expectRed('a cancel on the distributor side shows', noReason, /statusReason/);
  });

  it('one that reads a partial cancel as the whole order cancelled fails the partial case', async () => {
    const wholeOrder = mapFound((order) =>
      order.cancelledLines ? { ...order, status: 'cancelled', statusReason: 'out-of-stock' } : order,
    );
    await expectRed(
      'a cancel of some units on the distributor side',
      wholeOrder,
      /status of an order partly cancelled/,
    );
  });

  it('one that adds cancelled units up at each read fails the partial case', async () => {
    const seen = new Map<string, number>();
    const accumulates = mapFound((order) => ({
      ...order,
      ...(order.cancelledLines
        ? {
            cancelledLines: order.cancelledLines.map((line) => {
              const total = (seen.get(line.sku) ?? 0) + line.quantity;
              seen.set(line.sku, total);
              return { ...line, quantity: total };
            }),
          }
        : {}),
    }));
    await expectRed('a cancel of some units on the distributor side', accumulates, /cancelledLines read again/);
  });

  it('one that drops unitCost, or keeps the first price it saw, fails the price case', async () => {
    const noPrice: BreakClient = (client) => ({
      ...client,
      checkStock: async (asked, options) =>
        (await client.checkStock(asked, options)).map(({ unitCost: _cost, ...level }) => level),
    });
    await expectRed('checkStock reports', noPrice, /unitCost after setPrice\(12345\)/);
    const firstPrices = new Map<string, number | undefined>();
    const cachesPrices: BreakClient = (client) => ({
      ...client,
      checkStock: async (asked, options) =>
        (await client.checkStock(asked, options)).map((level) => {
          if (!firstPrices.has(level.sku)) firstPrices.set(level.sku, level.unitCost);
          const unitCost = firstPrices.get(level.sku);
          return unitCost === undefined ? level : { ...level, unitCost };
        }),
    });
    await expectRed('checkStock reports', cachesPrices, /unitCost after setPrice\(9999\)/);
  });
});
