// The DistributorClient v1 conformance suite of @dropship/testing (describeDistributorClient),
// run transport-neutral: a real SFTP server on loopback and the simulated partner behind it, no
// HTTP. The client declares no real-time stock (the suite checks checkStock is a typed refusal
// that did nothing) and the partner's faults are SFTP connections breaking (before a request is
// served, or after our 850 was renamed into the inbox). Below it, the EDI-specific checks.
import { formatWithOptions, inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  type DistributorClient,
  distributorShipmentSchema,
  mayHaveActed,
  ValidationError,
} from '@dropship/core';
import { describeDistributorClient } from '@dropship/testing/conformance';
import { describe, expect, it, vi } from 'vitest';
import { createEdiConformanceSimulator } from './__fixtures__/edi-conformance-simulator.js';
import { nextPoNumber, orderRequest, sftpPassword, useEdiHarness, wrongPassword } from './__fixtures__/edi-harness.js';

const harness = useEdiHarness();

describeDistributorClient('acme-edi (EDI over SFTP)', {
  createSimulator: () => createEdiConformanceSimulator(harness),
  createClient: (simulator, options) => simulator.createClient(options),
  skus: ['PART-100', 'PART-200'],
  stock: 'none',
  faults: ['lost-response', 'drop-connection'],
  secrets: [sftpPassword, wrongPassword],
});

// The same suite for a partner that takes a cancel 850 (capabilities.cancel: supported).
describeDistributorClient('acme-edi (EDI over SFTP, cancel 850 accepted)', {
  createSimulator: () => createEdiConformanceSimulator(harness, { acceptsCancel: true }),
  createClient: (simulator, options) => simulator.createClient(options),
  skus: ['PART-100', 'PART-200'],
  stock: 'none',
  faults: ['lost-response', 'drop-connection'],
  secrets: [sftpPassword, wrongPassword],
});

describe('acme-edi: DistributorClient v1 conformance (EDI over SFTP)', () => {
  it('declares specification v1, its distributor id and coherent capabilities: no stock batch, PO-list tracking, cancel unsupported by default', () => {
    const client = harness.createClient();
    expect(client.specificationVersion).toBe('v1');
    expect(client.distributor).toBe('acme-edi');
    expect(client.capabilities).toMatchObject({
      cancel: 'unsupported',
      batchTracking: 'po-list',
      maxPoNumberLength: 22,
    });
    expect(client.capabilities.maxTrackingBatch).toBeGreaterThanOrEqual(1);
    expect(
      harness.createClient({ partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS', acceptsCancel: true } })
        .capabilities.cancel,
    ).toBe('supported');
  });

  it('checkStock: no real-time stock, a typed refusal that says nothing was done (the dropshipper then uses catalog stock)', async () => {
    const client = harness.createClient();
    const requestsBefore = harness.server().requestCount();
    const error = await client.checkStock(['PART-100']).catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error), String(error)).toBe(true);
    expect((error as ApiError).isRetryable).toBe(false);
    expect(mayHaveActed(error)).toBe(false);
    expect(harness.server().requestCount()).toBe(requestsBefore);
  });

  describe('submitOrder', () => {
    it('places the order: one 850 at the partner, with a reference, the lines as sent', async () => {
      const client = harness.createClient();
      const request = orderRequest();
      const result = await client.submitOrder(request);
      expect(result).toMatchObject({ poNumber: request.poNumber, alreadyExisted: false, status: 'submitted' });
      expect(result.distributorOrderRefs).toHaveLength(1);
      await harness.partner().processInbox();
      expect(harness.partner().orderCount(request.poNumber)).toBe(1);
      const [held] = harness.partner().received();
      expect(held?.document.lines.map((line) => [line.partNumbers.VP, line.quantity, line.unitCost])).toEqual([
        ['PART-100', 2, 1250],
        ['PART-200', 1, 4999],
      ]);
    });

    it('does not place a second order for the same PO number (alreadyExisted: true), from this client or a new one', async () => {
      const request = orderRequest();
      await harness.createClient().submitOrder(request);
      expect((await harness.createClient().submitOrder(request)).alreadyExisted).toBe(true);
      // Even once the partner has taken the file out of its folder.
      await harness.partner().processInbox();
      expect((await harness.createClient().submitOrder(request)).alreadyExisted).toBe(true);
      await harness.partner().processInbox();
      expect(harness.partner().orderCount(request.poNumber)).toBe(1);
    });

    it('gives every PO its own interchange control number, also from two workers at once', async () => {
      const requests = Array.from({ length: 8 }, () => orderRequest());
      const workers = [harness.createClient(), harness.createClient()];
      await Promise.all(requests.map((request, index) => workers[index % 2]?.submitOrder(request)));
      const received = await harness.partner().processInbox();
      expect(received).toHaveLength(8);
      expect(new Set(received.map((order) => order.interchangeControlNumber)).size).toBe(8);
      for (const request of requests) expect(harness.partner().orderCount(request.poNumber)).toBe(1);
    });

    it('two workers sending one PO at once place it once: the other gets alreadyExisted or a retryable "not known yet", never a second 850', async () => {
      const request = orderRequest();
      const workers = [harness.createClient(), harness.createClient(), harness.createClient()];
      const outcomes = await Promise.allSettled(workers.map((worker) => worker.submitOrder(request)));
      const placed = outcomes.filter((outcome) => outcome.status === 'fulfilled' && !outcome.value.alreadyExisted);
      expect(placed.length).toBeLessThanOrEqual(1);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected') expect(mayHaveActed(outcome.reason), String(outcome.reason)).toBe(true);
      expect((await harness.createClient().submitOrder(request)).alreadyExisted).toBe(true);
      await harness.partner().processInbox();
      expect(harness.partner().orderCount(request.poNumber)).toBe(1);
      expect(harness.partner().received()).toHaveLength(1);
    });

    it('validates without placing (validateOnly) and refuses a bad request before sending anything', async () => {
      const client = harness.createClient();
      const request = orderRequest({ validateOnly: true });
      expect((await client.submitOrder(request)).status).toBe('validated');
      const bad = await client
        .submitOrder({ ...orderRequest(), poNumber: 'PO*WITH*STARS' })
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(bad)).toBe(true);
      expect(await harness.partner().processInbox()).toHaveLength(0);
      expect(await client.findOrder(request.poNumber)).toBeNull();
    });

    it('places no order with bad credentials and throws AuthenticationError', async () => {
      const request = orderRequest();
      const error = await harness
        .createClient({ password: wrongPassword })
        .submitOrder(request)
        .catch((caught: unknown) => caught);
      expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
      expect(await harness.partner().processInbox()).toHaveLength(0);
      expect(String(error)).not.toContain(wrongPassword);
    });
  });

  describe('findOrder and listShipments', () => {
    it('finds an order by PO number (pending until the partner answers, open once its 855 accepts), and null for an unknown PO', async () => {
      const client = harness.createClient();
      const request = orderRequest();
      await client.submitOrder(request);
      expect(await client.findOrder(request.poNumber)).toMatchObject({
        poNumber: request.poNumber,
        status: 'pending',
        shipments: [],
      });
      await harness.partner().processInbox();
      const found = await client.findOrder(request.poNumber);
      expect(found).toMatchObject({ status: 'open', statusText: '855 AC', shipments: [] });
      expect(found?.distributorOrderRefs.length).toBeGreaterThanOrEqual(2);
      expect(await client.findOrder(nextPoNumber())).toBeNull();
    });

    it('reports the tracking number of a shipped order through findOrder and listShipments', async () => {
      const client = harness.createClient();
      const request = orderRequest();
      await client.submitOrder(request);
      await harness.partner().processInbox();
      harness.partner().shipOrder(request.poNumber, { packages: [{ trackingNumber: '1Z999AA10123456784' }] });
      const found = await client.findOrder(request.poNumber);
      expect(found?.status).toBe('shipped');
      expect(found?.shipments.map((shipment) => shipment.trackingNumber)).toEqual(['1Z999AA10123456784']);
      for (const shipment of found?.shipments ?? []) {
        const parsed = distributorShipmentSchema.safeParse(shipment);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
      expect(found?.shipments[0]).toMatchObject({
        carrier: 'ups',
        lines: [
          { sku: 'PART-100', quantity: 2 },
          { sku: 'PART-200', quantity: 1 },
        ],
      });
      const unknown = nextPoNumber();
      const listed = await client.listShipments({ poNumbers: [request.poNumber, unknown] });
      expect(listed.map((order) => order.poNumber)).toEqual([request.poNumber]);
      expect(listed[0]?.shipments.map((shipment) => shipment.trackingNumber)).toEqual(['1Z999AA10123456784']);
    });

    it('asks by PO numbers only: a date range is a ValidationError', async () => {
      const error = await harness
        .createClient()
        .listShipments({ from: '2026-12-01', to: '2026-12-07' })
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
    });
  });

  describe('cancelOrder', () => {
    it('reports "unsupported" as a warning, sends nothing, when the partner takes no cancel', async () => {
      const client = harness.createClient();
      const request = orderRequest();
      await client.submitOrder(request);
      await harness.partner().processInbox();
      const result = await client.cancelOrder(request.poNumber);
      expect(result.status).toBe('unsupported');
      expect(result.warning?.type).toBe('unsupported');
      expect(await harness.partner().processInbox()).toHaveLength(0);
    });

    it('sends one cancel 850 (BEG01 01) with the same lines when the partner accepts cancels, once however often asked', async () => {
      const client = harness.createClient({
        partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS', acceptsCancel: true },
      });
      const request = orderRequest();
      await client.submitOrder(request);
      expect((await client.cancelOrder(request.poNumber)).status).toBe('requested');
      expect((await client.cancelOrder(request.poNumber)).status).toBe('requested');
      const received = await harness.partner().processInbox();
      expect(received.map((order) => order.document.purpose)).toEqual(['original', 'cancel']);
      expect(received[1]?.document.shipTo).toEqual(received[0]?.document.shipTo);
      expect(received[1]?.document.lines).toEqual(received[0]?.document.lines);
      expect(harness.partner().orderCount(request.poNumber)).toBe(1);
    });
  });

  describe('failures', () => {
    it('throws AuthenticationError for bad credentials on a read', async () => {
      const error = await harness
        .createClient({ password: wrongPassword })
        .findOrder(nextPoNumber())
        .catch((caught: unknown) => caught);
      expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
      expect((error as AuthenticationError).isRetryable).toBe(false);
    });

    it('shows no credential when the client is logged, inspected, serialised or made a string, nor in its errors', async () => {
      const client: DistributorClient = harness.createClient();
      const logged: string[] = [];
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
      const failed = harness.createClient({ password: wrongPassword });
      const errors = await Promise.all([
        failed.findOrder('X1').catch((caught: unknown) => caught),
        failed.submitOrder(orderRequest()).catch((caught: unknown) => caught),
      ]);
      const views = [
        ...logged,
        inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
        JSON.stringify(client),
        String(client),
        ...errors.flatMap((error) => [
          String(error),
          inspect(error, { depth: 10, showHidden: true }),
          JSON.stringify(error),
        ]),
      ];
      for (const view of views) {
        expect(view).not.toContain(sftpPassword);
        expect(view).not.toContain(wrongPassword);
      }
    });
  });
});
