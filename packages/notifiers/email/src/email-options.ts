import { parseWith } from '@dropship/core';
import { z } from 'zod';
import type { EmailIdempotencyStore } from './email-idempotency.js';
import type { EmailTemplates } from './email-templates.js';

/** An email address with an optional display name. */
export interface EmailAddress {
  /** Display name, for example `Moto Parts Direct`. */
  name?: string;
  /** The address, for example `orders@motoparts.example`. */
  address: string;
}

/** How to reach an SMTP server (nodemailer's SMTP transport underneath). */
export interface SmtpSettings {
  host: string;
  /** 465 for implicit TLS (`secure: true`), 587 or 25 for STARTTLS. */
  port: number;
  /** Connect over TLS from the start (port 465). Default false: STARTTLS when offered. */
  secure?: boolean;
  /** SMTP credentials. Never put in errors, logs or events. */
  auth?: { user: string; pass: string };
  /** Refuse to send unless STARTTLS succeeds. */
  requireTLS?: boolean;
  /** Never upgrade with STARTTLS (local test servers only). */
  ignoreTLS?: boolean;
  /** TLS options: `rejectUnauthorized` (default true), `servername`. */
  tls?: { rejectUnauthorized?: boolean; servername?: string };
  /** How long to wait for the connection, ms. Default 15,000. */
  connectionTimeoutMs?: number;
  /** How long the connection may stay idle, ms. Default 60,000. */
  socketTimeoutMs?: number;
}

/** A message as the notifier hands it to the transport (a subset of nodemailer's mail options). */
export interface OutgoingEmail {
  from: EmailAddress;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** A Message-ID derived from the shipment id, so a receiving server can recognise the same message. */
  messageId: string;
  headers: Record<string, string>;
}

/** What a transport answers once the server accepted the message. */
export interface SentEmailInfo {
  messageId?: string;
}

/**
 * Anything that sends a message: a nodemailer transporter (`nodemailer.createTransport(...)`)
 * fits, so does a test double.
 */
export interface EmailTransport {
  /** Sends one message; resolves once the server accepted it, rejects otherwise. */
  sendMail(message: OutgoingEmail): Promise<SentEmailInfo>;
  /** Closes pooled connections, if the transport has any. */
  close?(): void;
}

/** What the log hook receives. Contains no address, no credential, no message body. */
export type EmailEvent =
  | { type: 'email-sent'; shipmentId: string; messageId: string | undefined; attempt: number }
  | { type: 'email-skipped'; shipmentId: string; reason: 'no-buyer-email' }
  | { type: 'email-already-sent'; shipmentId: string }
  | {
      type: 'email-failed';
      shipmentId: string;
      attempt: number;
      code: string;
      message: string;
      /** `not-sent`: a later call may retry; `unknown`: counted as sent (see `onUncertainDelivery`). */
      delivery: 'not-sent' | 'unknown';
    }
  | {
      type: 'email-claim-abandoned';
      shipmentId: string;
      claimedAt: string;
    };

/** Options of {@link createEmailNotifier}. Give `transport` or `smtp`, not both. */
export interface EmailNotifierOptions {
  /** A ready transport, for example a nodemailer transporter you configured yourself. */
  transport?: EmailTransport;
  /** SMTP server settings; the notifier creates a nodemailer transport. */
  smtp?: SmtpSettings;
  /** The sender: `"Moto Parts <orders@motoparts.example>"`, `orders@motoparts.example` or `{ name, address }`. */
  from: string | EmailAddress;
  /** Where buyer replies go, when not `from`. */
  replyTo?: string;
  /** Overrides of the default subject, text and HTML templates. */
  templates?: Partial<EmailTemplates>;
  /**
   * Durable "already emailed" records. Default: in memory (forgotten on restart). Give the
   * store's idempotency methods (`{ store }`) to keep "at most one email per shipment" across
   * restarts and processes.
   */
  idempotency?: {
    store: EmailIdempotencyStore;
    /** Prefix of the record keys. Default `buyer-email:`. */
    keyPrefix?: string;
    /**
     * How long a claim without a recorded outcome counts as "another sender is on it" (a
     * `ConcurrencyConflictError` for the caller), in ms. After it, the claim is treated as
     * sent (its sender died between claiming and recording). Default 600,000 (10 minutes).
     */
    claimLeaseMs?: number;
  };
  /**
   * When the connection fails mid-session, the server may have accepted the message.
   * `assume-sent` (default) records the shipment as emailed, so the buyer never gets two
   * emails (and may get none); `allow-retry` lets a later call send again.
   */
  onUncertainDelivery?: 'assume-sent' | 'allow-retry';
  /** More secrets to hide from errors and events. */
  redact?: readonly string[];
  /** Log hook; receives no address, no credential and no body. */
  onEvent?: (event: EmailEvent) => void;
  /** The clock (tests). */
  now?: () => Date;
}

const addressText = z.email('must be an email address');

/** Parses `"Name <address>"` or a bare address. */
export function parseAddressText(text: string): EmailAddress | undefined {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>]+)>\s*$/.exec(text);
  const name = match?.[1]?.trim();
  const address = (match ? match[2] : text)?.trim() ?? '';
  if (!addressText.safeParse(address).success || /[\r\n]/.test(text)) return undefined;
  return name ? { name, address } : { address };
}

const functionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'must be a function',
});

const optionsSchema = z
  .strictObject({
    transport: z
      .custom<EmailTransport>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { sendMail?: unknown }).sendMail === 'function',
        { message: 'must have a sendMail(message) method (for example a nodemailer transporter)' },
      )
      .optional(),
    smtp: z
      .strictObject({
        host: z.string().trim().min(1, 'must not be empty'),
        port: z.number().int().min(1).max(65_535),
        secure: z.boolean().optional(),
        auth: z
          .strictObject({
            user: z.string().min(1, 'must not be empty'),
            pass: z.string().min(1, 'must not be empty'),
          })
          .optional(),
        requireTLS: z.boolean().optional(),
        ignoreTLS: z.boolean().optional(),
        tls: z
          .strictObject({ rejectUnauthorized: z.boolean().optional(), servername: z.string().optional() })
          .optional(),
        // At most ten minutes: a longer wait is a mistake (a value in seconds, an extra zero).
        connectionTimeoutMs: z.number().int().positive().max(600_000).optional(),
        socketTimeoutMs: z.number().int().positive().max(600_000).optional(),
      })
      .optional(),
    from: z.union([
      z
        .string()
        .refine((value) => parseAddressText(value) !== undefined, 'must be an email address or "Name <address>"'),
      z.object({ name: z.string().trim().optional(), address: addressText }),
    ]),
    replyTo: addressText.optional(),
    templates: z
      .strictObject({
        subject: functionSchema.optional(),
        text: functionSchema.optional(),
        html: functionSchema.optional(),
      })
      .optional(),
    idempotency: z
      .strictObject({
        store: z.custom<EmailIdempotencyStore>(
          (value) =>
            typeof value === 'object' &&
            value !== null &&
            typeof (value as EmailIdempotencyStore).getIdempotencyRecord === 'function' &&
            typeof (value as EmailIdempotencyStore).putIdempotencyRecord === 'function',
          { message: 'must have getIdempotencyRecord and putIdempotencyRecord (a DropshipStore)' },
        ),
        keyPrefix: z.string().optional(),
        // At most a week, like the dropshipper's submit lease.
        claimLeaseMs: z.number().int().nonnegative().max(604_800_000).optional(),
      })
      .optional(),
    onUncertainDelivery: z.enum(['assume-sent', 'allow-retry']).optional(),
    redact: z.array(z.string()).optional(),
    onEvent: functionSchema.optional(),
    now: functionSchema.optional(),
  })
  .superRefine((options, context) => {
    if (options.transport === undefined && options.smtp === undefined) {
      context.addIssue({ code: 'custom', path: ['smtp'], message: 'give either smtp settings or a transport' });
    }
    if (options.transport !== undefined && options.smtp !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['transport'],
        message: 'give either smtp settings or a transport, not both',
      });
    }
  });

/**
 * Validates the notifier options.
 *
 * @throws ValidationError listing every problem with its path (never a credential value).
 * @internal
 */
export function parseEmailNotifierOptions(input: unknown): EmailNotifierOptions {
  return parseWith(optionsSchema, input, 'email notifier options') as EmailNotifierOptions;
}
