import { createHash } from 'node:crypto';
import {
  type BuyerNotifier,
  ConcurrencyConflictError,
  ConfigurationError,
  carrierCodeSchema,
  type NotifyShipmentResult,
  parseWith,
  type SalesOrder,
  type ShipmentNotice,
  ValidationError,
} from '@dropship/core';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import {
  claimShipmentEmail,
  createMemoryIdempotencyStore,
  type EmailIdempotencyStore,
  shipmentEmailKeys,
} from './email-idempotency.js';
import {
  type EmailAddress,
  type EmailEvent,
  type EmailNotifierOptions,
  type EmailTransport,
  type OutgoingEmail,
  parseAddressText,
  parseEmailNotifierOptions,
  type SmtpSettings,
} from './email-options.js';
import { buildShipmentEmailContext, defaultEmailTemplates, type EmailTemplates } from './email-templates.js';
import { mapSmtpError } from './map-smtp-error.js';
import { createSmtpRedactor } from './redact-smtp-secrets.js';

/** A `BuyerNotifier` that emails the buyer over SMTP. */
export interface EmailNotifier extends BuyerNotifier {
  /**
   * Emails the buyer of `order` that `shipment` shipped, at most once per `shipment.id`.
   *
   * @returns `sent` (with the Message-ID), `already-sent`, or `skipped` when the order has no
   * buyer email.
   * @throws ValidationError when the buyer's address or the shipment is invalid (nothing sent).
   * @throws AuthenticationError, ServerError (SMTP 4xx), InvalidRequestError (SMTP 5xx) or
   * NetworkError when sending fails; a later call may send again unless the delivery was
   * uncertain (see `onUncertainDelivery`).
   * @throws ConcurrencyConflictError when another process is sending this shipment's email
   * right now (try again later).
   */
  notifyShipment(input: { order: SalesOrder; shipment: ShipmentNotice }): Promise<NotifyShipmentResult>;
  /** Closes the SMTP transport the notifier created (not a transport you passed in). */
  close(): void;
}

const buyerEmailSchema = z.email('must be an email address');

const shipmentInputSchema = z.object({
  id: z.string().trim().min(1, 'must not be empty'),
  carrier: carrierCodeSchema,
  carrierName: z.string().optional(),
  trackingNumber: z.string().trim().min(1, 'must not be empty'),
  trackingUrl: z.string().optional(),
  shippedAt: z.string(),
  lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int().positive() })),
});

const orderInputSchema = z.object({
  marketplace: z.string().min(1),
  marketplaceOrderId: z.string().min(1),
  buyer: z.object({ name: z.string().min(1), email: z.string().optional() }),
  lines: z.array(z.object({ lineId: z.string(), sku: z.string(), title: z.string().optional() })),
});

function createSmtpTransport(settings: SmtpSettings): EmailTransport {
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    auth: settings.auth ? { user: settings.auth.user, pass: settings.auth.pass } : undefined,
    requireTLS: settings.requireTLS,
    ignoreTLS: settings.ignoreTLS,
    tls: settings.tls,
    connectionTimeout: settings.connectionTimeoutMs ?? 15_000,
    greetingTimeout: settings.connectionTimeoutMs ?? 15_000,
    socketTimeout: settings.socketTimeoutMs ?? 60_000,
    logger: false,
    debug: false,
  });
  return {
    sendMail: async (message) => {
      const info = await transporter.sendMail(message);
      return { messageId: typeof info.messageId === 'string' ? info.messageId : undefined };
    },
    close: () => transporter.close(),
  };
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1) : 'dropship.local';
}

function singleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** Runs calls with the same key one after the other (in this process). */
function createKeyedQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

function renderTemplate(name: keyof EmailTemplates, render: () => unknown): string {
  let value: unknown;
  try {
    value = render();
  } catch (error) {
    throw new ConfigurationError(
      `email template "${name}" threw: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (typeof value !== 'string' || (name === 'subject' && value.trim() === '')) {
    throw new ConfigurationError(`email template "${name}" must return a non-empty string`);
  }
  return value;
}

/**
 * Creates a `BuyerNotifier` that emails the buyer when a package ships: subject, text
 * and HTML from the default templates or yours, the carrier's name and a tracking link, at
 * most one email per `shipment.id`.
 *
 * "At most once" works by claiming the shipment in the idempotency store before sending:
 * two concurrent calls send one email. A send that certainly failed (SMTP refusal, no
 * connection) releases the claim, so a later call sends. If the process dies after claiming
 * (before or after sending), the shipment is never emailed again automatically: once the
 * claim lease passes, calls return `already-sent` and emit `email-claim-abandoned`. That is
 * the safe side of "never email twice"; check for that event to follow up by hand.
 *
 * @param options - transport or SMTP settings, sender, templates, idempotency store.
 * @throws ValidationError when the options are invalid (never showing a credential).
 * @example
 * ```ts
 * const notifier = createEmailNotifier({
 *   smtp: { host: 'smtp.example.com', port: 587, auth: { user: 'orders', pass: process.env.SMTP_PASSWORD! } },
 *   from: 'Moto Parts <orders@motoparts.example>',
 *   idempotency: { store },
 * });
 * await notifier.notifyShipment({ order, shipment });
 * ```
 */
export function createEmailNotifier(options: EmailNotifierOptions): EmailNotifier {
  const settings = parseEmailNotifierOptions(options);
  const from: EmailAddress =
    typeof settings.from === 'string' ? (parseAddressText(settings.from) as EmailAddress) : settings.from;
  const redact = createSmtpRedactor(settings.smtp?.auth, settings.redact ?? []);
  const server = settings.smtp ? `smtp://${settings.smtp.host}:${settings.smtp.port}` : undefined;
  const ownsTransport = settings.transport === undefined;
  const transport = settings.transport ?? createSmtpTransport(settings.smtp as SmtpSettings);
  const templates: EmailTemplates = { ...defaultEmailTemplates, ...(settings.templates ?? {}) };
  const store: EmailIdempotencyStore = settings.idempotency?.store ?? createMemoryIdempotencyStore();
  const keyPrefix = settings.idempotency?.keyPrefix ?? 'buyer-email:';
  const leaseMs = settings.idempotency?.claimLeaseMs ?? 600_000;
  const assumeSentWhenUncertain = (settings.onUncertainDelivery ?? 'assume-sent') === 'assume-sent';
  const now = settings.now ?? (() => new Date());
  const queue = createKeyedQueue();

  const emit = (event: EmailEvent): void => {
    try {
      settings.onEvent?.(event);
    } catch {
      // a failing log hook must not change what the notifier does
    }
  };

  function compose(order: SalesOrder, shipment: ShipmentNotice, to: string): OutgoingEmail {
    const context = buildShipmentEmailContext(order, shipment, from.name);
    const digest = createHash('sha256').update(shipment.id).digest('hex').slice(0, 32);
    const message: OutgoingEmail = {
      from: from.name ? { name: from.name, address: from.address } : { address: from.address },
      to,
      subject: singleLine(renderTemplate('subject', () => templates.subject(context))),
      text: renderTemplate('text', () => templates.text(context)),
      html: renderTemplate('html', () => templates.html(context)),
      messageId: `<shipment-${digest}@${domainOf(from.address)}>`,
      headers: { 'X-Dropship-Shipment-Id': singleLine(shipment.id) },
    };
    if (settings.replyTo) message.replyTo = settings.replyTo;
    return message;
  }

  async function send(order: SalesOrder, shipment: ShipmentNotice, to: string): Promise<NotifyShipmentResult> {
    const message = compose(order, shipment, to);
    const keys = shipmentEmailKeys(keyPrefix, shipment.id);
    const claim = await claimShipmentEmail(store, keys, now, leaseMs);
    if (claim.kind === 'sent') {
      emit({ type: 'email-already-sent', shipmentId: shipment.id });
      const messageId = claim.record.result?.startsWith('<') ? claim.record.result : undefined;
      return messageId ? { status: 'already-sent', messageId } : { status: 'already-sent' };
    }
    if (claim.kind === 'abandoned') {
      emit({ type: 'email-claim-abandoned', shipmentId: shipment.id, claimedAt: claim.claimedAt });
      return { status: 'already-sent' };
    }
    if (claim.kind === 'in-flight') {
      throw new ConcurrencyConflictError('buyer email', shipment.id);
    }

    let messageId: string | undefined;
    try {
      const info = await transport.sendMail(message);
      messageId = info.messageId ?? message.messageId;
    } catch (error) {
      const mapped = mapSmtpError(error, redact, server);
      const releases = mapped.delivery === 'not-sent' || !assumeSentWhenUncertain;
      emit({
        type: 'email-failed',
        shipmentId: shipment.id,
        attempt: claim.attempt,
        code: mapped.error.code,
        message: mapped.error.message,
        delivery: mapped.delivery,
      });
      try {
        await store.putIdempotencyRecord(
          releases
            ? { key: keys.failed(claim.attempt), at: now().toISOString(), result: mapped.error.code }
            : { key: keys.sent, at: now().toISOString(), result: `uncertain:${mapped.error.code}` },
        );
      } catch {
        // The claim stays without outcome: after the lease it counts as sent (never twice).
      }
      throw mapped.error;
    }
    await store.putIdempotencyRecord({ key: keys.sent, at: now().toISOString(), result: messageId });
    emit({ type: 'email-sent', shipmentId: shipment.id, messageId, attempt: claim.attempt });
    return { status: 'sent', messageId };
  }

  return {
    specificationVersion: 'v1',
    async notifyShipment(input) {
      if (typeof input !== 'object' || input === null) {
        throw new ValidationError('shipment notification', [{ path: '', message: 'expected { order, shipment }' }]);
      }
      parseWith(orderInputSchema, input.order, 'sales order');
      parseWith(shipmentInputSchema, input.shipment, 'shipment notice');
      const { order, shipment } = input;
      const email = order.buyer.email?.trim();
      if (email === undefined || email === '') {
        emit({ type: 'email-skipped', shipmentId: shipment.id, reason: 'no-buyer-email' });
        return { status: 'skipped' };
      }
      if (!buyerEmailSchema.safeParse(email).success) {
        throw new ValidationError('sales order', [{ path: 'buyer.email', message: 'must be an email address' }]);
      }
      return queue(shipment.id, () => send(order, shipment, email));
    },
    close() {
      if (ownsTransport) transport.close?.();
    },
  };
}
