// The purchase-order email against a real SMTP server on loopback (smtp-server, with AUTH): what
// the supplier receives (the PDF read back with PDF.js, the CSV with csv-parse), once per PO.
import { inspect } from 'node:util';
import { AuthenticationError, mayHaveActed, ServerError, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import {
  orderRequest,
  readCsvRows,
  readPdfText,
  shipTo,
  smtpPassword,
  useEmailPoHarness,
  wrongPassword,
} from './__fixtures__/email-po-harness.js';

const harness = useEmailPoHarness();

describe('acme-email: the purchase-order email', () => {
  it('sends one email to the supplier with the PO as a PDF and a CSV, and the PDF says the PO number, ship-to, lines and costs', async () => {
    const client = harness.createClient({
      describeSku: (sku) => (sku === 'PART-100' ? 'Brake pads, front' : undefined),
    });
    const request = orderRequest({ note: 'Leave at the side door' });
    const result = await client.submitOrder(request);
    expect(result).toMatchObject({ poNumber: request.poNumber, status: 'submitted', alreadyExisted: false });

    const received = harness
      .inbox()
      .received()
      .filter((email) => email.headers['x-dropship-po-number'] === request.poNumber);
    expect(received).toHaveLength(1);
    const [email] = received;
    expect(email?.envelopeTo).toEqual(['orders@acme.test']);
    expect(email?.replyTo).toEqual(['po-replies@dealer.test']);
    expect(email?.user).toBe('po-sender@dealer.test');
    expect(email?.subject).toBe(`Purchase order ${request.poNumber} from Moto Dealer Inc`);
    expect(email?.messageId).toBe(result.distributorOrderRefs[0]);
    expect(email?.text).toContain('PART-100 (Brake pads, front) x 2 @ 12.50 USD');

    const pdf = email?.attachments.find((attachment) => attachment.contentType === 'application/pdf');
    expect(pdf?.filename).toBe(`purchase-order-${request.poNumber}.pdf`);
    const [page, ...rest] = await readPdfText(pdf?.content as Buffer);
    expect(rest).toEqual([]);
    for (const expected of [
      `Purchase order ${request.poNumber}`,
      'Moto Dealer Inc',
      'Account: D-10293',
      'Acme Powersports Supply',
      'Jordan Rider',
      'Rider Racing, LLC',
      '1200 W Main St',
      'Unit 4',
      'Boise, ID 83702',
      'Phone: 2085550100',
      'Ship method: UPS Ground',
      'Note: Leave at the side door',
      '1 PART-100 Brake pads, front 2 12.50 USD 25.00 USD',
      '2 PART-200 1 49.99 USD 49.99 USD',
      'Total: 74.99 USD',
    ])
      expect(page).toContain(expected);

    const rows = readCsvRows(email?.attachments.find((attachment) => attachment.filename?.endsWith('.csv')));
    expect(rows).toEqual([
      expect.objectContaining({
        po_number: request.poNumber,
        line_number: '1',
        sku: 'PART-100',
        description: 'Brake pads, front',
        quantity: '2',
        unit_cost: '12.50',
        line_total: '25.00',
        currency: 'USD',
        ship_to_name: 'Jordan Rider',
        ship_to_company: 'Rider Racing, LLC',
        ship_to_address2: 'Unit 4',
        ship_to_postal_code: '83702',
        ship_method: 'UPS Ground',
        allow_backorder: 'no',
      }),
      expect.objectContaining({
        po_number: request.poNumber,
        line_number: '2',
        sku: 'PART-200',
        quantity: '1',
        unit_cost: '49.99',
        line_total: '49.99',
      }),
    ]);
    expect(harness.events().filter((event) => event.type === 'purchase-order-emailed')).toHaveLength(1);
  });

  it('sends a PO once: a retry, a new process on the same store and three workers at once send no second email', async () => {
    const request = orderRequest();
    const first = await harness.createClient().submitOrder(request);
    expect((await harness.createClient().submitOrder(request)).alreadyExisted).toBe(true);
    const other = orderRequest();
    const outcomes = await Promise.allSettled(
      [harness.createClient(), harness.createClient(), harness.createClient()].map((worker) =>
        worker.submitOrder(other),
      ),
    );
    const placed = outcomes.filter((outcome) => outcome.status === 'fulfilled' && !outcome.value.alreadyExisted);
    expect(placed).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(mayHaveActed(outcome.reason), String(outcome.reason)).toBe(true);
    expect((await harness.createClient().submitOrder(other)).alreadyExisted).toBe(true);
    const count = (poNumber: string) =>
      harness
        .inbox()
        .received()
        .filter((email) => email.headers['x-dropship-po-number'] === poNumber).length;
    expect(count(request.poNumber)).toBe(1);
    expect(count(other.poNumber)).toBe(1);
    expect(first.distributorOrderRefs).toHaveLength(1);
  });

  it('a PO retried with other content still sends what was recorded first (the PO number is the key)', async () => {
    const request = orderRequest();
    await harness.createClient().submitOrder(request);
    const retry = await harness.createClient().submitOrder({ ...request, lines: [{ sku: 'PART-999', quantity: 9 }] });
    expect(retry.alreadyExisted).toBe(true);
    const found = await harness.createClient().describeOrder(request.poNumber);
    expect(found?.order.status).toBe('pending');
    expect(
      harness
        .inbox()
        .received()
        .filter((email) => email.headers['x-dropship-po-number'] === request.poNumber),
    ).toHaveLength(1);
  });

  it('a refused send (SMTP 451) sends nothing and lets the retry send, once', async () => {
    const client = harness.createClient();
    const request = orderRequest();
    harness.inbox().refuseNext({ code: 451, message: 'Try again later' });
    const error = await client.submitOrder(request).catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error), String(error)).toBe(true);
    expect(await client.findOrder(request.poNumber)).toBeNull();
    expect((await client.submitOrder(request)).alreadyExisted).toBe(false);
    expect((await client.submitOrder(request)).alreadyExisted).toBe(true);
    expect(
      harness
        .inbox()
        .received()
        .filter((email) => email.headers['x-dropship-po-number'] === request.poNumber),
    ).toHaveLength(1);
    expect(harness.events().map((event) => event.type)).toEqual([
      'purchase-order-email-failed',
      'purchase-order-emailed',
    ]);
  });

  it('bad SMTP credentials: AuthenticationError, nothing sent, the password in no error, event or inspect output', async () => {
    const client = harness.createClient({ password: wrongPassword });
    const request = orderRequest();
    const error = await client.submitOrder(request).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(false);
    expect(
      harness
        .inbox()
        .received()
        .filter((email) => email.headers['x-dropship-po-number'] === request.poNumber),
    ).toHaveLength(0);
    const surfaces = [
      String(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      JSON.stringify(harness.events()),
      inspect(client, { depth: 10 }),
      JSON.stringify(client),
    ];
    for (const surface of surfaces) {
      expect(surface).not.toContain(wrongPassword);
      expect(surface).not.toContain(smtpPassword);
      expect(surface).not.toContain(Buffer.from(wrongPassword).toString('base64'));
    }
  });

  it('refuses a bad request before recording or sending anything', async () => {
    const client = harness.createClient({ maxPoNumberLength: 12 });
    const tooLong = orderRequest({ poNumber: 'PO-1234567890-LONG' });
    const bad = [
      tooLong,
      orderRequest({ lines: [{ sku: 'PART-100', quantity: 1.5 }] }),
      orderRequest({ lines: [{ sku: 'PART-100', quantity: 1, unitCost: 12.5 }] }),
      { ...orderRequest(), extra: true },
      { ...orderRequest(), shipTo: { ...shipTo, country: 'USA' } },
    ];
    for (const request of bad) {
      const error = await client.submitOrder(request).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
    }
    expect(await client.findOrder(tooLong.poNumber)).toBeNull();
    expect(
      harness
        .inbox()
        .received()
        .filter((email) => email.headers['x-dropship-po-number'] === tooLong.poNumber),
    ).toHaveLength(0);
    const validated = await client.submitOrder(orderRequest({ poNumber: 'PO-VALID-1', validateOnly: true }));
    expect(validated.status).toBe('validated');
    expect(await client.findOrder('PO-VALID-1')).toBeNull();
    expect(harness.events()).toEqual([]);
  });

  it('a PO without unit costs says "not stated" rather than a made-up total', async () => {
    const request = orderRequest({ lines: [{ sku: 'PART-100', quantity: 3 }] });
    await harness.createClient().submitOrder(request);
    const email = harness
      .inbox()
      .received()
      .find((candidate) => candidate.headers['x-dropship-po-number'] === request.poNumber);
    const [page] = await readPdfText(email?.attachments[0]?.content as Buffer);
    expect(page).toContain('Total: not stated');
    expect(readCsvRows(email?.attachments[1])[0]).toMatchObject({ quantity: '3', unit_cost: '', line_total: '' });
  });
});
