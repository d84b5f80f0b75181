import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { AuthenticationError, ValidationError } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { createShopify } from './shopify-client.js';
import { createShopifySimulator } from './shopify-simulator.js';
import { parseShopifyOrderWebhook, verifyShopifyWebhook } from './shopify-webhook.js';

// https://shopify.dev/docs/apps/build/webhooks/verify-deliveries: X-Shopify-Hmac-SHA256 is the
// base64 HMAC-SHA256 of the raw body under the app's client secret.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const secret = 'shpss_SENTINEL_WEBHOOK_SECRET_0123456789';
const rawBody = '{"id":5001,"note":"caf\u00e9 \u2013 \u00fcber"}';
const sign = (body: string | Uint8Array, key = secret) => createHmac('sha256', key).update(body).digest('base64');

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('verifyShopifyWebhook', () => {
  it('accepts the HMAC of the raw body as a string, a Buffer or a Uint8Array', () => {
    const hmacHeader = sign(rawBody);
    expect(verifyShopifyWebhook({ rawBody, hmacHeader, secret })).toBe(true);
    expect(verifyShopifyWebhook({ rawBody: Buffer.from(rawBody, 'utf8'), hmacHeader, secret })).toBe(true);
    expect(verifyShopifyWebhook({ rawBody: new TextEncoder().encode(rawBody), hmacHeader, secret })).toBe(true);
  });

  it('refuses a changed body, a re-encoded body, another secret, a missing or malformed header', () => {
    const hmacHeader = sign(rawBody);
    expect(verifyShopifyWebhook({ rawBody: rawBody.replace('5001', '5002'), hmacHeader, secret })).toBe(false);
    // The parsed and re-serialised body is not the raw body (the escapes differ).
    expect(
      verifyShopifyWebhook({
        rawBody: JSON.stringify(JSON.parse(rawBody)).replace('é', '\\u00e9'),
        hmacHeader,
        secret,
      }),
    ).toBe(false);
    expect(verifyShopifyWebhook({ rawBody, hmacHeader, secret: `${secret}x` })).toBe(false);
    expect(verifyShopifyWebhook({ rawBody, hmacHeader: undefined, secret })).toBe(false);
    expect(verifyShopifyWebhook({ rawBody, hmacHeader: '', secret })).toBe(false);
    expect(verifyShopifyWebhook({ rawBody, hmacHeader: hmacHeader.slice(0, -4), secret })).toBe(false);
    expect(
      verifyShopifyWebhook({ rawBody, hmacHeader: createHmac('sha256', secret).update(rawBody).digest('hex'), secret }),
    ).toBe(false);
  });

  it('accepts the old or the new secret while it is rotated', () => {
    const hmacHeader = sign(rawBody, 'shpss_OLD_SECRET_abcdef');
    expect(verifyShopifyWebhook({ rawBody, hmacHeader, secret: [secret, 'shpss_OLD_SECRET_abcdef'] })).toBe(true);
    expect(verifyShopifyWebhook({ rawBody, hmacHeader, secret: [secret] })).toBe(false);
  });

  it('refuses a missing secret or a body that is not bytes or text, with a ValidationError', () => {
    expect(failure(() => verifyShopifyWebhook({ rawBody, hmacHeader: sign(rawBody), secret: '' }))).toBeInstanceOf(
      ValidationError,
    );
    expect(failure(() => verifyShopifyWebhook({ rawBody, hmacHeader: sign(rawBody), secret: [] }))).toBeInstanceOf(
      ValidationError,
    );
    expect(
      failure(() => verifyShopifyWebhook({ rawBody: JSON.parse(rawBody) as never, hmacHeader: sign(rawBody), secret })),
    ).toBeInstanceOf(ValidationError);
  });
});

describe('parseShopifyOrderWebhook', () => {
  function world() {
    const simulator = createShopifySimulator();
    server.resetHandlers(...simulator.handlers);
    const adapter = createShopify({ accessToken: simulator.accessToken, baseURL: simulator.baseURL });
    simulator.intake.putOrder(shopifySampleOrder('5001'), { updatedAt: '2026-11-18T14:05:00.000Z' });
    return { simulator, adapter };
  }

  it('gives the entry the listing gives for the same order: same ids (line ids included), fields and status', async () => {
    const { simulator, adapter } = world();
    const delivery = simulator.orderWebhook('5001', { secret, webhookId: 'w-1', eventId: 'e-1' });
    const webhook = parseShopifyOrderWebhook({
      rawBody: Buffer.from(delivery.rawBody),
      headers: delivery.headers,
      secret,
    });
    expect(webhook).toMatchObject({ webhookId: 'w-1', eventId: 'e-1', topic: 'orders/create' });
    expect(webhook.shopDomain).toBe('dropship-simulated.myshopify.com');
    const [listed] = (await adapter.orders.list({ since: '2026-11-18T00:00:00Z', until: '2026-11-19T00:00:00Z' }))
      .orders;
    expect(webhook.entry).toEqual(listed);
    if (webhook.entry.kind !== 'order') throw new Error('expected an order');
    expect(webhook.entry.order.lines.map((line) => line.lineId)).toEqual(['9001', '9002', '9003']);
  });

  it('reads headers as a Headers object or Node headers in any case, and each of the four order topics', () => {
    const { simulator } = world();
    for (const topic of ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled']) {
      const delivery = simulator.orderWebhook('5001', { secret, topic });
      const upper = Object.fromEntries(
        Object.entries(delivery.headers).map(([key, value]) => [key.toUpperCase(), value]),
      );
      expect(parseShopifyOrderWebhook({ rawBody: delivery.rawBody, headers: upper, secret }).topic).toBe(topic);
      expect(
        parseShopifyOrderWebhook({ rawBody: delivery.rawBody, headers: new Headers(delivery.headers), secret }).topic,
      ).toBe(topic);
    }
  });

  it('maps a cancelled order of orders/cancelled to status cancelled', () => {
    const { simulator } = world();
    simulator.intake.putOrder(shopifySampleOrder('5001'), {
      updatedAt: '2026-11-18T15:00:00.000Z',
      status: 'cancelled',
    });
    const delivery = simulator.orderWebhook('5001', { secret, topic: 'orders/cancelled' });
    expect(
      parseShopifyOrderWebhook({ rawBody: delivery.rawBody, headers: delivery.headers, secret }).entry.status,
    ).toBe('cancelled');
  });

  it('refuses a bad or missing HMAC with an AuthenticationError that shows neither the secret nor the header, before parsing', () => {
    const { simulator } = world();
    const delivery = simulator.orderWebhook('5001', { secret });
    const header = delivery.headers['x-shopify-hmac-sha256'] as string;
    const tampered = delivery.rawBody.replace('"5001"', '"5002"').replace(':5001', ':5002');
    const cases = [
      { rawBody: tampered, headers: delivery.headers },
      { rawBody: delivery.rawBody, headers: { ...delivery.headers, 'x-shopify-hmac-sha256': undefined } },
      // Not JSON, and unsigned: refused for the signature, not the body.
      { rawBody: 'not json', headers: delivery.headers },
    ];
    for (const input of cases) {
      const error = failure(() => parseShopifyOrderWebhook({ ...input, secret }));
      expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
      const shown = `${String(error)} ${inspect(error, { depth: 5, showHidden: true })} ${JSON.stringify(error)}`;
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(header);
    }
  });

  it('refuses another topic or a signed body that is not an order with a ValidationError', () => {
    const { simulator } = world();
    const delivery = simulator.orderWebhook('5001', { secret, topic: 'products/update' });
    const topicError = failure(() =>
      parseShopifyOrderWebhook({ rawBody: delivery.rawBody, headers: delivery.headers, secret }),
    );
    expect(ValidationError.isInstance(topicError)).toBe(true);
    expect(String(topicError)).toMatch(/products\/update.*not an order topic/);
    const noTopic = { ...delivery.headers, 'x-shopify-topic': undefined };
    expect(
      failure(() => parseShopifyOrderWebhook({ rawBody: delivery.rawBody, headers: noTopic, secret })),
    ).toBeInstanceOf(ValidationError);
    const headers = { ...delivery.headers, 'x-shopify-topic': 'orders/create' };
    for (const body of ['not json', '{"id":5001}']) {
      const signed = { ...headers, 'x-shopify-hmac-sha256': sign(body) };
      expect(
        failure(() => parseShopifyOrderWebhook({ rawBody: body, headers: signed, secret })),
        body,
      ).toBeInstanceOf(ValidationError);
    }
  });

  it('takes the ready financial statuses of the adapter option, checked the same way', () => {
    const { simulator } = world();
    simulator.intake.putOrder(shopifySampleOrder('5001'), { status: 'not-ready' });
    const delivery = simulator.orderWebhook('5001', { secret });
    const input = { rawBody: delivery.rawBody, headers: delivery.headers, secret };
    expect(parseShopifyOrderWebhook(input).entry.status).toBe('not-ready');
    expect(parseShopifyOrderWebhook({ ...input, readyFinancialStatuses: ['PENDING'] }).entry.status).toBe('ready');
    expect(failure(() => parseShopifyOrderWebhook({ ...input, readyFinancialStatuses: ['pending'] }))).toBeInstanceOf(
      ValidationError,
    );
  });

  it('holds a webhook order whose name Shopify withholds, naming the REST field', () => {
    const { simulator } = world();
    simulator.intake.putUnmappableOrder(shopifySampleOrder('5001'));
    const delivery = simulator.orderWebhook('5001', { secret });
    expect(
      parseShopifyOrderWebhook({ rawBody: delivery.rawBody, headers: delivery.headers, secret }).entry,
    ).toMatchObject({
      kind: 'unmappable',
      marketplaceOrderId: '5001',
      field: 'shipping_address.name',
    });
  });
});
