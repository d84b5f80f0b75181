// The DistributorClient v1 conformance suite of @dropship/testing (describeDistributorClient),
// run transport-neutral: a real SMTP server on loopback and the supplier behind it, whose answers
// are recorded through the client's supplier-answers API, no HTTP. The client declares no
// real-time stock and look-ups answered from what it recorded (the suite checks checkStock is a
// typed refusal that did nothing and that a look-up reaches no server); the one fault is the SMTP
// connection dropped after the server took the message. Below it, the email-specific checks.
import { inspect } from 'node:util';
import { ApiError, mayHaveActed, ValidationError } from '@dropship/core';
import { expectNoSecrets, expectRefusedOption } from '@dropship/testing';
import { describeDistributorClient } from '@dropship/testing/conformance';
import { describe, expect, it } from 'vitest';
import { createEmailPoConformanceSimulator } from './__fixtures__/email-po-conformance-simulator.js';
import {
  orderRequest,
  smtpPassword,
  smtpUser,
  useEmailPoHarness,
  wrongPassword,
} from './__fixtures__/email-po-harness.js';
import { createEmailPurchaseOrders } from './email-po-client.js';

const harness = useEmailPoHarness();

describeDistributorClient('acme-email (email over SMTP)', {
  createSimulator: () => createEmailPoConformanceSimulator(harness),
  createClient: (simulator, options) => simulator.createClient(options),
  skus: ['PART-100', 'PART-200'],
  stock: 'none',
  lookUps: 'recorded',
  faults: ['lost-response'],
  secrets: [smtpPassword, wrongPassword],
});

// The same suite for a supplier with a cancellation address (capabilities.cancel: supported).
describeDistributorClient('acme-email (email over SMTP, cancellation address)', {
  createSimulator: () => createEmailPoConformanceSimulator(harness, { cancelEmail: 'cancel@acme.test' }),
  createClient: (simulator, options) => simulator.createClient(options),
  skus: ['PART-100', 'PART-200'],
  stock: 'none',
  lookUps: 'recorded',
  faults: ['lost-response'],
  secrets: [smtpPassword, wrongPassword],
});

/** Options every test below varies from. */
const validOptions = () => ({
  distributor: 'acme-email',
  supplier: { name: 'Acme', orderEmail: 'orders@acme.test' },
  buyer: { company: 'Moto Dealer Inc', from: 'purchasing@dealer.test' },
  smtp: { host: '127.0.0.1', port: 2525, auth: { user: smtpUser, pass: smtpPassword } },
  store: harness.store(),
});

describe('acme-email: DistributorClient v1 conformance (email over SMTP)', () => {
  it('declares specification v1, its distributor id and truthful capabilities: PO-list tracking, cancel unsupported without a cancel email', () => {
    const client = harness.createClient();
    expect(client.specificationVersion).toBe('v1');
    expect(client.distributor).toBe('acme-email');
    expect(client.capabilities).toEqual({
      cancel: 'unsupported',
      batchTracking: 'po-list',
      maxTrackingBatch: 100,
      maxStockBatch: 1,
      stockIsFloor: false,
      maxPoNumberLength: 40,
      validateOnly: true,
    });
    const withCancel = harness.createClient({
      supplier: { name: 'Acme', orderEmail: 'orders@acme.test', cancelEmail: 'cancel@acme.test' },
    });
    expect(withCancel.capabilities.cancel).toBe('supported');
  });

  it('checkStock: no real-time stock, a typed refusal that says nothing was done (the dropshipper then uses catalog stock)', async () => {
    const error = await harness
      .createClient()
      .checkStock(['PART-100'])
      .catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error), String(error)).toBe(true);
    expect((error as ApiError).isRetryable).toBe(false);
    expect(mayHaveActed(error)).toBe(false);
  });

  it('findOrder: null for a PO never sent; listShipments: unknown POs left out, date ranges and over 100 POs refused', async () => {
    const client = harness.createClient();
    expect(await client.findOrder('NEVER-SENT')).toBeNull();
    expect(await client.listShipments({ poNumbers: ['NEVER-SENT'] })).toEqual([]);
    for (const query of [
      { from: '2026-12-01', to: '2026-12-07' },
      { poNumbers: Array.from({ length: 101 }, (_, index) => `PO-${index}`) },
    ]) {
      const error = await client.listShipments(query as never).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
    }
  });

  it('cancelOrder: unsupported with a warning (never a throw) without a cancel email, and nothing is sent', async () => {
    const client = harness.createClient();
    const request = orderRequest();
    await client.submitOrder(request);
    const before = harness.inbox().received().length;
    expect(await client.cancelOrder(request.poNumber)).toMatchObject({
      status: 'unsupported',
      warning: { type: 'unsupported', feature: 'cancel-order' },
    });
    expect(harness.inbox().received().length).toBe(before);
  });

  it('cancelOrder with a cancel email: one cancellation request per PO, to that address, repeated calls send nothing more', async () => {
    const client = harness.createClient({
      supplier: { name: 'Acme', orderEmail: 'orders@acme.test', cancelEmail: 'cancel@acme.test' },
    });
    const request = orderRequest();
    await client.submitOrder(request);
    expect(await client.cancelOrder(request.poNumber)).toEqual({ status: 'requested' });
    expect(
      await harness
        .createClient({ supplier: { name: 'Acme', orderEmail: 'orders@acme.test', cancelEmail: 'cancel@acme.test' } })
        .cancelOrder(request.poNumber),
    ).toEqual({ status: 'requested' });
    const cancels = harness
      .inbox()
      .received()
      .filter(
        (email) =>
          email.headers['x-dropship-po-number'] === request.poNumber && email.envelopeTo.includes('cancel@acme.test'),
      );
    expect(cancels).toHaveLength(1);
    expect(cancels[0]?.subject).toBe(`Cancel purchase order ${request.poNumber} from Moto Dealer Inc`);
    expect(cancels[0]?.text).toContain('PART-100 x 2 @ 12.50 USD');
    const error = await client.cancelOrder('NEVER-SENT').catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    // The supplier confirms: the PO reads as cancelled.
    await client.recordSupplierAnswer(request.poNumber, { kind: 'cancellation', answerId: 'c1' });
    expect(await client.findOrder(request.poNumber)).toMatchObject({ status: 'cancelled' });
  });

  it('refuses unknown or bad options with a ValidationError naming them, never quoting the password', () => {
    expectRefusedOption(() => createEmailPurchaseOrders({ ...validOptions(), retries: 3 } as never), 'retries');
    expectRefusedOption(
      () => createEmailPurchaseOrders({ ...validOptions(), smtp: { ...validOptions().smtp, pasword: 'x' } } as never),
      'smtp.pasword',
    );
    expectRefusedOption(
      () => createEmailPurchaseOrders({ ...validOptions(), supplier: { name: 'Acme', orderEmail: 'not-an-email' } }),
      'supplier.orderEmail',
    );
    expectRefusedOption(
      () => createEmailPurchaseOrders({ ...validOptions(), distributor: 'Acme Email' }),
      'distributor',
    );
    const both = expectRefusedOption(
      () => createEmailPurchaseOrders({ ...validOptions(), transport: { sendMail: async () => ({}) } }),
      'smtp',
    );
    const badPort = expectRefusedOption(
      () => createEmailPurchaseOrders({ ...validOptions(), smtp: { ...validOptions().smtp, port: 0 } }),
      'smtp.port',
    );
    expectNoSecrets([both, badPort], [smtpPassword]);
  });

  it('no credential in any error, event, inspect or JSON output of a client', async () => {
    const bad = harness.createClient({ password: wrongPassword });
    const errors = [
      await bad.submitOrder(orderRequest()).catch((caught: unknown) => caught),
      await bad.cancelOrder('NEVER-SENT').catch((caught: unknown) => caught),
    ];
    harness.inbox().dropAfterData();
    const good = harness.createClient();
    errors.push(await good.submitOrder(orderRequest()).catch((caught: unknown) => caught));
    expectNoSecrets(
      [
        ...errors,
        harness.events(),
        inspect(bad, { depth: 10 }),
        JSON.stringify(good),
        inspect(good, { showHidden: true }),
      ],
      [smtpPassword, wrongPassword],
    );
  });
});
