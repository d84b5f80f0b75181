import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthenticationError, type ListedOrderEntry, parseWith, ValidationError } from '@dropship/core';
import { z } from 'zod';
import { mapShopifyRestOrder } from './map-shopify-order.js';
import { shopifyRestOrderSchema } from './shopify-order-schemas.js';
import { shopifyReadyFinancialStatusesSchema } from './shopify-settings.js';

/** The order topics {@link parseShopifyOrderWebhook} takes (https://shopify.dev/docs/api/webhooks). */
export const SHOPIFY_ORDER_WEBHOOK_TOPICS = Object.freeze([
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
] as const);

/** One of {@link SHOPIFY_ORDER_WEBHOOK_TOPICS}. */
export type ShopifyOrderWebhookTopic = (typeof SHOPIFY_ORDER_WEBHOOK_TOPICS)[number];

/** A webhook body exactly as received: the bytes, or the text they decode to. */
export type ShopifyWebhookBody = Buffer | Uint8Array | string;

/** What {@link verifyShopifyWebhook} checks. */
export interface VerifyShopifyWebhookInput {
  /** The request body exactly as received, before any JSON parsing or re-encoding. */
  rawBody: ShopifyWebhookBody;
  /** The `X-Shopify-Hmac-SHA256` header (base64). */
  hmacHeader: string | null | undefined;
  /**
   * The app's client secret, or several (after rotating it, Shopify may sign with the old one for
   * up to an hour, https://shopify.dev/docs/apps/build/webhooks/verify-deliveries).
   */
  secret: string | readonly string[];
}

const secretsSchema = z.union([
  z.string().min(1, 'must not be empty'),
  z.array(z.string().min(1, 'must not be empty')).min(1, 'must name at least one secret').max(10),
]);

function bytesOf(body: ShopifyWebhookBody): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/**
 * True when `hmacHeader` is the base64 HMAC-SHA256 of the raw body under the app's client secret
 * (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries), compared in constant time.
 * A missing or malformed header is false. Verify before parsing the body.
 *
 * @param input - the raw body, the header and the secret(s).
 * @throws `ValidationError` when `secret` is missing or empty, or `rawBody` is not bytes or text.
 */
export function verifyShopifyWebhook(input: VerifyShopifyWebhookInput): boolean {
  const secrets = parseWith(secretsSchema, input?.secret, 'Shopify webhook secret');
  const { rawBody, hmacHeader } = input;
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
    throw new ValidationError('Shopify webhook', [
      { path: 'rawBody', message: 'must be the body as received: a Buffer, a Uint8Array or a string' },
    ]);
  }
  if (typeof hmacHeader !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(hmacHeader.trim())) return false;
  const given = Buffer.from(hmacHeader.trim(), 'base64');
  const body = bytesOf(rawBody);
  return (typeof secrets === 'string' ? [secrets] : secrets).some((secret) => {
    const expected = createHmac('sha256', secret).update(body).digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Request headers as a `Headers`, or a plain object (Node's `IncomingHttpHeaders`, any case). */
export type ShopifyWebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

function header(headers: ShopifyWebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

/** An order webhook, verified and mapped. */
export interface ShopifyOrderWebhook {
  /** `X-Shopify-Webhook-Id`: the same for every retry of one delivery. */
  webhookId: string | undefined;
  /** `X-Shopify-Event-Id`: the same for every delivery of one event. */
  eventId: string | undefined;
  /** `X-Shopify-Topic`. */
  topic: ShopifyOrderWebhookTopic;
  /** `X-Shopify-Shop-Domain`, when sent. */
  shopDomain: string | undefined;
  /** The order, mapped as the `orders` listing maps it (same ids, same rules): pass to `importListedOrders`. */
  entry: ListedOrderEntry;
}

/** What {@link parseShopifyOrderWebhook} takes. */
export interface ParseShopifyOrderWebhookInput {
  /** The request body exactly as received. */
  rawBody: ShopifyWebhookBody;
  /** The request headers. */
  headers: ShopifyWebhookHeaders;
  /** The app's client secret (or several, while rotating). */
  secret: string | readonly string[];
  /** `displayFinancialStatus` values that make an unfulfilled order `ready` (as the adapter's `orders.readyFinancialStatuses`). */
  readyFinancialStatuses?: readonly string[];
}

/**
 * Verifies and reads an `orders/create`, `orders/updated`, `orders/paid` or `orders/cancelled`
 * webhook (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries): the HMAC of the raw
 * body first, then the topic, then the REST order, mapped to the same listing entry the `orders`
 * query gives for it (numeric order and line ids, so that tracking pushed later finds the lines).
 * Shopify delivers some webhooks more than once: import the entry with
 * `dropshipper.importListedOrders('shopify', [entry])`, which deduplicates.
 *
 * @param input - the raw body, the headers and the secret.
 * @returns the webhook and event ids, the topic and the entry.
 * @throws `AuthenticationError` when the `X-Shopify-Hmac-SHA256` header is missing or does not
 * match (the message carries neither the secret nor the header).
 * @throws `ValidationError` for a topic other than the four, a body that is not a JSON order, a
 * missing secret.
 */
export function parseShopifyOrderWebhook(input: ParseShopifyOrderWebhookInput): ShopifyOrderWebhook {
  const { rawBody, headers } = input;
  const readyFinancialStatuses =
    input.readyFinancialStatuses === undefined
      ? undefined
      : parseWith(
          shopifyReadyFinancialStatusesSchema,
          input.readyFinancialStatuses,
          'Shopify webhook readyFinancialStatuses',
        );
  if (!verifyShopifyWebhook({ rawBody, hmacHeader: header(headers, 'x-shopify-hmac-sha256'), secret: input.secret })) {
    throw new AuthenticationError(
      'shopify webhook: the X-Shopify-Hmac-SHA256 header is missing or does not match the body under the app secret; the delivery is not from Shopify (or the body was changed): refuse it',
      { service: 'shopify' },
    );
  }
  const topic = header(headers, 'x-shopify-topic')?.trim();
  if (!SHOPIFY_ORDER_WEBHOOK_TOPICS.includes(topic as ShopifyOrderWebhookTopic)) {
    throw new ValidationError('Shopify webhook', [
      {
        path: 'X-Shopify-Topic',
        message: `${topic ? `"${topic.slice(0, 100)}"` : 'missing'}: not an order topic this SDK reads (${SHOPIFY_ORDER_WEBHOOK_TOPICS.join(', ')})`,
      },
    ]);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytesOf(rawBody)).toString('utf8'));
  } catch {
    throw new ValidationError('Shopify order webhook', [{ path: '', message: 'the body is not JSON' }]);
  }
  const order = parseWith(shopifyRestOrderSchema, body, 'Shopify order webhook');
  return {
    webhookId: header(headers, 'x-shopify-webhook-id'),
    eventId: header(headers, 'x-shopify-event-id'),
    topic: topic as ShopifyOrderWebhookTopic,
    shopDomain: header(headers, 'x-shopify-shop-domain'),
    entry: mapShopifyRestOrder(order, readyFinancialStatuses),
  };
}
