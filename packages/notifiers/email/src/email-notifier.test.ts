import { inspect } from 'node:util';
import {
  type ApiError,
  AuthenticationError,
  ConcurrencyConflictError,
  createMemoryStore,
  InvalidRequestError,
  NetworkError,
  ServerError,
  ValidationError,
} from '@dropship/core';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMimeMessage } from './__fixtures__/read-mime-message.js';
import { salesOrder, shipmentNotice } from './__fixtures__/shipment-email-fixtures.js';
import { type SmtpTestServer, startSmtpTestServer } from './__fixtures__/smtp-test-server.js';
import { createEmailNotifier, type EmailNotifier } from './email-notifier.js';
import type { EmailEvent, EmailNotifierOptions } from './email-options.js';
import { escapeHtml } from './escape-html.js';

let server: SmtpTestServer;
const notifiers: EmailNotifier[] = [];

beforeEach(async () => {
  server = await startSmtpTestServer();
});

afterEach(async () => {
  for (const notifier of notifiers.splice(0)) notifier.close();
  await server.close();
});

function notifierFor(options: Partial<EmailNotifierOptions> = {}, target: SmtpTestServer = server): EmailNotifier {
  const notifier = createEmailNotifier({
    smtp: { host: target.host, port: target.port, ignoreTLS: true, connectionTimeoutMs: 2_000, socketTimeoutMs: 5_000 },
    from: 'Moto Parts Direct <orders@motoparts.example>',
    ...options,
  });
  notifiers.push(notifier);
  return notifier;
}

/** Every string an error exposes: message, stack, JSON, its fields and its causes. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', JSON.stringify(current), JSON.stringify({ ...current }));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

describe('createEmailNotifier: what the buyer receives', () => {
  it('sends subject, from, to, reply-to, text and HTML with the carrier and its tracking link', async () => {
    const notifier = notifierFor({ replyTo: 'help@motoparts.example' });
    const result = await notifier.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });

    expect(result.status).toBe('sent');
    expect(server.messages).toHaveLength(1);
    const received = server.messages[0]!;
    expect(received.mailFrom).toBe('orders@motoparts.example');
    expect(received.rcptTo).toEqual(['dana.rider@example.com']);

    const message = readMimeMessage(received.raw);
    expect(message.headers.subject).toBe('Your order 12-34567-89012 has shipped');
    expect(message.headers.from).toBe('Moto Parts Direct <orders@motoparts.example>');
    expect(message.headers.to).toBe('dana.rider@example.com');
    expect(message.headers['reply-to']).toBe('help@motoparts.example');
    expect(message.headers['message-id']).toBe(result.messageId);
    expect(message.headers['message-id']).toMatch(/^<shipment-[0-9a-f]{32}@motoparts\.example>$/);

    const link = 'https://www.ups.com/track?tracknum=1Z999AA10123456784';
    expect(message.text).toContain('Hi Dana Rider,');
    expect(message.text).toContain('Carrier: UPS');
    expect(message.text).toContain('Tracking number: 1Z999AA10123456784');
    expect(message.text).toContain(`Track your package: ${link}`);
    expect(message.text).toContain('2 x Brake pads (front)');
    expect(message.text).not.toContain('Oil filter');
    expect(message.html).toContain(`<a href="${escapeHtml(link)}">1Z999AA10123456784</a>`);
    expect(message.html).toContain('<strong>UPS</strong>');
    expect(message.html).toContain('<li>2 &times; Brake pads (front)</li>');
    expect(message.html).toContain('Moto Parts Direct');
  });

  it('uses the distributor-reported carrier name and URL for `other` carriers', async () => {
    const notifier = notifierFor();
    await notifier.notifyShipment({
      order: salesOrder(),
      shipment: shipmentNotice({
        id: 'PO-9:ABC123',
        carrier: 'other',
        carrierName: 'Speedee Delivery',
        trackingNumber: 'ABC123',
        trackingUrl: 'https://speedeedelivery.com/track-a-shipment/?num=ABC123',
      }),
    });
    const message = readMimeMessage(server.messages[0]!.raw);
    expect(message.text).toContain('Carrier: Speedee Delivery');
    expect(message.text).toContain('Track your package: https://speedeedelivery.com/track-a-shipment/?num=ABC123');
  });

  it('HTML-escapes every value that comes from the order or the shipment, and drops non-http links', async () => {
    const notifier = notifierFor();
    await notifier.notifyShipment({
      order: salesOrder({
        marketplaceOrderId: 'A&B<1>',
        buyer: { name: '<script>alert("x")</script>', email: 'dana.rider@example.com' },
        lines: [{ lineId: 'L1', sku: 'S1', title: 'Bars & "grips" <b>', quantity: 1, unitPrice: 100 }],
      }),
      shipment: shipmentNotice({
        id: 'PO-1:XYZ',
        carrier: 'other',
        carrierName: '<img src=x onerror=alert(1)>',
        trackingNumber: 'XYZ',
        trackingUrl: 'javascript:alert(1)',
        lines: [{ lineId: 'L1', quantity: 1 }],
      }),
    });
    const html = readMimeMessage(server.messages[0]!.raw).html ?? '';
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('A&amp;B&lt;1&gt;');
    expect(html).toContain('Bars &amp; &quot;grips&quot; &lt;b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('renders custom templates, keeping the defaults for the parts not overridden', async () => {
    const notifier = notifierFor({
      templates: {
        subject: (context) =>
          `Shipped: ${context.orderReference} via ${context.packages[0]?.carrierName}\r\nBcc: x@evil.example`,
        html: (context) =>
          `<h1>On its way, ${escapeHtml(context.buyerName)}!</h1><a href="${escapeHtml(context.packages[0]?.trackingLink ?? '')}">track</a>`,
      },
    });
    await notifier.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });
    const received = server.messages[0]!;
    const message = readMimeMessage(received.raw);
    expect(message.headers.subject).toBe('Shipped: 12-34567-89012 via UPS Bcc: x@evil.example');
    expect(message.headers.bcc).toBeUndefined();
    expect(received.rcptTo).toEqual(['dana.rider@example.com']);
    expect(message.html).toContain('<h1>On its way, Dana Rider!</h1>');
    expect(message.html).toContain('href="https://www.ups.com/track?tracknum=1Z999AA10123456784"');
    expect(message.text).toContain('Tracking number: 1Z999AA10123456784');
  });

  it('skips an order without a buyer email and sends nothing', async () => {
    const events: EmailEvent[] = [];
    const notifier = notifierFor({ onEvent: (event) => events.push(event) });
    const result = await notifier.notifyShipment({
      order: salesOrder({ buyer: { name: 'Dana Rider' } }),
      shipment: shipmentNotice(),
    });
    expect(result).toEqual({ status: 'skipped' });
    expect(server.messages).toHaveLength(0);
    expect(events).toEqual([{ type: 'email-skipped', shipmentId: shipmentNotice().id, reason: 'no-buyer-email' }]);
  });

  it('refuses a bad buyer address with a ValidationError, sends nothing and claims nothing', async () => {
    const store = createMemoryStore();
    const notifier = notifierFor({ idempotency: { store } });
    const error = await notifier
      .notifyShipment({
        order: salesOrder({ buyer: { name: 'Dana', email: 'dana@example.com\r\nBcc: everyone@example.com' } }),
        shipment: shipmentNotice(),
      })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues).toEqual([{ path: 'buyer.email', message: 'must be an email address' }]);
    expect(server.messages).toHaveLength(0);
    expect(await store.getIdempotencyRecord(`buyer-email:${shipmentNotice().id}#claim:1`)).toBeNull();
    expect(await store.getIdempotencyRecord(`buyer-email:${shipmentNotice().id}`)).toBeNull();
  });

  it('refuses a shipment without tracking number with a ValidationError naming the field', async () => {
    const notifier = notifierFor();
    const error = await notifier
      .notifyShipment({ order: salesOrder(), shipment: shipmentNotice({ trackingNumber: ' ' }) })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['trackingNumber']);
    expect(server.messages).toHaveLength(0);
  });
});

describe('createEmailNotifier: at most one email per shipment', () => {
  it('sends once when called twice in a row', async () => {
    const notifier = notifierFor();
    const first = await notifier.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });
    const second = await notifier.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });
    expect(first.status).toBe('sent');
    expect(second).toEqual({ status: 'already-sent', messageId: first.messageId });
    expect(server.messages).toHaveLength(1);
  });

  it('sends once when called concurrently', async () => {
    server.delayData(50);
    const notifier = notifierFor();
    const input = { order: salesOrder(), shipment: shipmentNotice() };
    const results = await Promise.all([
      notifier.notifyShipment(input),
      notifier.notifyShipment(input),
      notifier.notifyShipment(input),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['already-sent', 'already-sent', 'sent']);
    expect(server.messages).toHaveLength(1);
  });

  it('sends each shipment of an order once', async () => {
    const notifier = notifierFor();
    await notifier.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });
    await notifier.notifyShipment({
      order: salesOrder(),
      shipment: shipmentNotice({
        id: 'DS-EBAY-1234-PU:9400100000000000000000',
        carrier: 'usps',
        trackingNumber: '9400100000000000000000',
        lines: [{ lineId: 'L2', quantity: 1 }],
      }),
    });
    expect(server.messages).toHaveLength(2);
    expect(readMimeMessage(server.messages[1]!.raw).text).toContain('1 x Oil filter');
  });

  it('remembers sent shipments across notifiers (a restart) through a durable store', async () => {
    const store = createMemoryStore();
    const before = notifierFor({ idempotency: { store } });
    const sent = await before.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });
    before.close();

    const afterRestart = notifierFor({ idempotency: { store } });
    const again = await afterRestart.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });
    expect(again).toEqual({ status: 'already-sent', messageId: sent.messageId });
    expect(server.messages).toHaveLength(1);
    expect((await store.getIdempotencyRecord(`buyer-email:${shipmentNotice().id}`))?.result).toBe(sent.messageId);
  });

  it('lets one of two processes send while the other gets a ConcurrencyConflictError, then already-sent', async () => {
    server.delayData(150);
    const store = createMemoryStore();
    const workerA = notifierFor({ idempotency: { store } });
    const workerB = notifierFor({ idempotency: { store } });
    const input = { order: salesOrder(), shipment: shipmentNotice() };
    const [first, second] = await Promise.allSettled([workerA.notifyShipment(input), workerB.notifyShipment(input)]);
    expect(first).toEqual({ status: 'fulfilled', value: expect.objectContaining({ status: 'sent' }) });
    expect(second.status).toBe('rejected');
    expect(ConcurrencyConflictError.isInstance((second as PromiseRejectedResult).reason)).toBe(true);

    await expect(workerB.notifyShipment(input)).resolves.toMatchObject({ status: 'already-sent' });
    expect(server.messages).toHaveLength(1);
  });

  it('never sends again after a crash between claim and send: an abandoned claim counts as sent', async () => {
    const store = createMemoryStore();
    const shipment = shipmentNotice();
    let clock = new Date('2026-11-22T10:00:00Z');
    // What a process that died right after claiming leaves behind.
    await store.putIdempotencyRecord({
      key: `buyer-email:${shipment.id}#claim:1`,
      at: clock.toISOString(),
      result: 'claimed',
    });
    const events: EmailEvent[] = [];
    const notifier = notifierFor({
      idempotency: { store, claimLeaseMs: 60_000 },
      now: () => clock,
      onEvent: (event) => events.push(event),
    });

    // within the lease the other sender may still be at work
    clock = new Date('2026-11-22T10:00:30Z');
    const inFlight = await notifier
      .notifyShipment({ order: salesOrder(), shipment })
      .catch((caught: unknown) => caught);
    expect(ConcurrencyConflictError.isInstance(inFlight)).toBe(true);

    // after the lease: presumed sent, never emailed twice, and reported
    clock = new Date('2026-11-22T10:05:00Z');
    await expect(notifier.notifyShipment({ order: salesOrder(), shipment })).resolves.toEqual({
      status: 'already-sent',
    });
    expect(server.messages).toHaveLength(0);
    expect(events).toContainEqual({
      type: 'email-claim-abandoned',
      shipmentId: shipment.id,
      claimedAt: '2026-11-22T10:00:00.000Z',
    });
  });
});

describe('createEmailNotifier: SMTP failures', () => {
  it('maps a 5xx RCPT refusal to InvalidRequestError, and a later retry sends exactly once', async () => {
    const store = createMemoryStore();
    const notifier = notifierFor({ idempotency: { store } });
    server.refuseRecipient({ code: 550, message: 'Mailbox unavailable' });
    const input = { order: salesOrder(), shipment: shipmentNotice() };

    const error = await notifier.notifyShipment(input).catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ service: 'smtp', status: 550, method: 'RCPT TO', isRetryable: false });
    expect((error as ApiError).url).toBe(`smtp://127.0.0.1:${server.port}`);
    expect(server.messages).toHaveLength(0);

    await expect(notifier.notifyShipment(input)).resolves.toMatchObject({ status: 'sent' });
    await expect(notifier.notifyShipment(input)).resolves.toMatchObject({ status: 'already-sent' });
    expect(server.messages).toHaveLength(1);
  });

  it('maps a 5xx reply to DATA to InvalidRequestError, and a later retry sends exactly once', async () => {
    const notifier = notifierFor();
    server.refuseData({ code: 554, message: 'Transaction failed: spam suspected' });
    const input = { order: salesOrder(), shipment: shipmentNotice() };

    const error = await notifier.notifyShipment(input).catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 554, method: 'DATA' });
    expect((error as Error).message).toContain('spam suspected');
    expect(server.messages).toHaveLength(0);

    await expect(notifier.notifyShipment(input)).resolves.toMatchObject({ status: 'sent' });
    await expect(notifier.notifyShipment(input)).resolves.toMatchObject({ status: 'already-sent' });
    expect(server.messages).toHaveLength(1);
  });

  it('maps a 4xx reply to a retryable ServerError', async () => {
    const notifier = notifierFor();
    server.refuseData({ code: 451, message: 'Try again later' });
    const input = { order: salesOrder(), shipment: shipmentNotice() };
    const error = await notifier.notifyShipment(input).catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 451, isRetryable: true });
    await expect(notifier.notifyShipment(input)).resolves.toMatchObject({ status: 'sent' });
    expect(server.messages).toHaveLength(1);
  });

  it('maps a refused connection to NetworkError, and a later call sends once the server is up', async () => {
    const store = createMemoryStore();
    const down = await startSmtpTestServer();
    const port = down.port;
    await down.close();
    const unreachable = notifierFor({ idempotency: { store } }, { ...server, port });
    const error = await unreachable
      .notifyShipment({ order: salesOrder(), shipment: shipmentNotice() })
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).isRetryable).toBe(true);

    const reachable = notifierFor({ idempotency: { store } });
    await expect(reachable.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() })).resolves.toMatchObject({
      status: 'sent',
    });
    expect(server.messages).toHaveLength(1);
  });

  it('counts a connection lost after the message was transmitted as sent (never twice), unless told otherwise', async () => {
    const input = { order: salesOrder(), shipment: shipmentNotice() };
    server.dropDuringData();
    const careful = notifierFor();
    const error = await careful.notifyShipment(input).catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('may have been delivered');
    await expect(careful.notifyShipment(input)).resolves.toEqual({ status: 'already-sent' });
    expect(server.messages).toHaveLength(1);

    server.dropDuringData();
    const retrying = notifierFor({ onUncertainDelivery: 'allow-retry' });
    await expect(retrying.notifyShipment(input)).rejects.toSatisfy(NetworkError.isInstance);
    await expect(retrying.notifyShipment(input)).resolves.toMatchObject({ status: 'sent' });
    // the buyer got the message twice: the trade-off `allow-retry` accepts
    expect(server.messages).toHaveLength(3);
  });
});

describe('createEmailNotifier: credentials', () => {
  const user = 'smtp-user-SENTINEL-7f3a';
  const pass = 'smtp-pass-SENTINEL-9c1e';

  it('authenticates, and never shows the credentials in errors or events when the server refuses them', async () => {
    const authServer = await startSmtpTestServer({ user, pass });
    try {
      const events: EmailEvent[] = [];
      const wrong = notifierFor(
        {
          smtp: {
            host: authServer.host,
            port: authServer.port,
            ignoreTLS: true,
            auth: { user, pass: `${pass}-wrong` },
          },
          onEvent: (event) => events.push(event),
        },
        authServer,
      );
      const error = await wrong
        .notifyShipment({ order: salesOrder(), shipment: shipmentNotice() })
        .catch((caught: unknown) => caught);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      const exposed = `${everythingIn(error)}\n${JSON.stringify(events)}`;
      expect(exposed).not.toContain(pass);
      expect(exposed).not.toContain(user);
      expect(exposed).not.toContain(Buffer.from(pass).toString('base64'));
      expect(exposed).not.toContain(Buffer.from(`\u0000${user}\u0000${pass}-wrong`).toString('base64'));
      expect(authServer.messages).toHaveLength(0);

      const right = notifierFor(
        { smtp: { host: authServer.host, port: authServer.port, ignoreTLS: true, auth: { user, pass } } },
        authServer,
      );
      await expect(right.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() })).resolves.toMatchObject({
        status: 'sent',
      });
      expect(authServer.messages.map((message) => message.user)).toEqual([user]);
    } finally {
      await authServer.close();
    }
  });

  it('validates options without echoing a credential', () => {
    let caught: unknown;
    try {
      createEmailNotifier({
        smtp: { host: '', port: 70_000, auth: { user, pass } },
        from: 'not an address',
      } as EmailNotifierOptions);
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'from',
      'smtp.host',
      'smtp.port',
    ]);
    expect(everythingIn(caught)).not.toContain(pass);
  });

  it('prints no credential: util.inspect, JSON.stringify and String() of the notifier, after a send', async () => {
    const authServer = await startSmtpTestServer({ user, pass });
    try {
      const notifier = notifierFor(
        { smtp: { host: authServer.host, port: authServer.port, ignoreTLS: true, auth: { user, pass } } },
        authServer,
      );
      expect((await notifier.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() })).status).toBe('sent');
      const printed = [
        inspect(notifier, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
        JSON.stringify(notifier) ?? '',
        String(notifier),
        `${notifier.notifyShipment}`,
      ].join('\n');
      expect(printed).not.toContain(pass);
      expect(printed).not.toContain(user);
      expect(printed).not.toContain(Buffer.from(pass).toString('base64'));
    } finally {
      await authServer.close();
    }
  });

  it.each([
    ['a misspelt option', { onUncertainDelivry: 'allow-retry' }, 'onUncertainDelivry'],
    ['a misspelt SMTP setting', { smtp: { host: 'smtp.example', port: 587, socketTimeout: 5 } }, 'smtp.socketTimeout'],
    [
      'socketTimeoutMs: 1e12',
      { smtp: { host: 'smtp.example', port: 587, socketTimeoutMs: 1e12 } },
      'smtp.socketTimeoutMs',
    ],
    [
      'claimLeaseMs: 1e15',
      { idempotency: { store: createMemoryStore(), claimLeaseMs: 1e15 } },
      'idempotency.claimLeaseMs',
    ],
  ])('refuses %s with a ValidationError naming it', (_, bad, path) => {
    let caught: unknown;
    try {
      createEmailNotifier({
        smtp: { host: 'smtp.example', port: 587 },
        from: 'orders@motoparts.example',
        ...bad,
      } as never);
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught), String(caught)).toBe(true);
    // An unknown key is reported on its object, its name in the message.
    const issues = (caught as ValidationError).issues;
    expect(
      issues.some((issue) => issue.path === path || issue.message.includes(`"${path}"`)),
      JSON.stringify(issues),
    ).toBe(true);
  });

  it('requires smtp settings or a transport', () => {
    expect(() => createEmailNotifier({ from: 'orders@motoparts.example' })).toThrow(ValidationError);
  });
});

describe('createEmailNotifier: with your own transport', () => {
  it('sends through a nodemailer transporter you configured', async () => {
    const transporter = nodemailer.createTransport({ host: server.host, port: server.port, ignoreTLS: true });
    const notifier = createEmailNotifier({
      transport: transporter,
      from: { name: 'Moto Parts', address: 'orders@motoparts.example' },
    });
    const result = await notifier.notifyShipment({ order: salesOrder(), shipment: shipmentNotice() });
    transporter.close();
    expect(result.status).toBe('sent');
    expect(readMimeMessage(server.messages[0]!.raw).headers.from).toBe('Moto Parts <orders@motoparts.example>');
  });
});
