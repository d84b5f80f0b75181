import { type DropshipStore, parseWith } from '@dropship/core';
import { z } from 'zod';

/** An email address, as a mail client writes it. */
const emailSchema = z.email('must be an email address').max(254);

/** A mailbox: an address with an optional display name. Unknown keys are refused. */
const mailboxSchema = z
  .object({
    /** The display name, for example `Acme Parts Orders`. */
    name: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[^\r\n]*$/, 'must be one line')
      .optional(),
    /** The address. */
    address: emailSchema,
  })
  .strict();

/** A mailbox as given in the options: an address, or `{ name, address }`. */
export type EmailPurchaseOrderMailbox = string | { name?: string; address: string };

const mailboxInputSchema = z.union([emailSchema.transform((address) => ({ address })), mailboxSchema]);

/** SMTP settings (nodemailer's): host, port, TLS and credentials. Unknown keys are refused. */
export const emailPurchaseOrderSmtpSchema = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65_535),
    /** True for implicit TLS (port 465); false upgrades with STARTTLS when the server offers it. Default false. */
    secure: z.boolean().default(false),
    /** Refuse to send unless the server upgrades to TLS (STARTTLS). Default false. */
    requireTLS: z.boolean().default(false),
    /** Never upgrade to TLS (a loopback test server only). Default false. */
    ignoreTLS: z.boolean().default(false),
    /** The SMTP login. Never written to an error, a log or an event. */
    auth: z
      .object({ user: z.string().min(1).max(320), pass: z.string().min(1).max(1_024) })
      .strict()
      .optional(),
    /** Opening the connection and the greeting. Default 15,000 ms. */
    connectionTimeoutMs: z.number().int().min(100).max(300_000).default(15_000),
    /** Inactivity on an open connection. Default 60,000 ms. */
    socketTimeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  })
  .strict();

/** SMTP settings as given to `createEmailPurchaseOrders`. */
export type EmailPurchaseOrderSmtpOptions = z.input<typeof emailPurchaseOrderSmtpSchema>;

/** Who the supplier is and where its purchase orders go. Unknown keys are refused. */
export const emailSupplierSchema = z
  .object({
    /** The supplier's name, printed on the PDF (`To:`). */
    name: z.string().trim().min(1).max(120),
    /** Where purchase orders are sent. */
    orderEmail: mailboxInputSchema,
    /** Copies of every purchase order (an account manager). Default none. */
    copyTo: z.array(emailSchema).max(10).default([]),
    /**
     * Where a cancellation request is sent. Without it `cancelOrder` is unsupported (the
     * capabilities say so). It may equal `orderEmail`.
     */
    cancelEmail: mailboxInputSchema.optional(),
  })
  .strict();

/** The supplier as given to `createEmailPurchaseOrders`. */
export type EmailSupplierOptions = z.input<typeof emailSupplierSchema>;

/** Who sends the purchase orders (printed as the buyer on the PDF). Unknown keys are refused. */
export const emailBuyerSchema = z
  .object({
    /** The dealer's company name. */
    company: z.string().trim().min(1).max(120),
    /** The `From` of every email. */
    from: mailboxInputSchema,
    /** Where the supplier replies (accepts, rejects, sends tracking). Default the `from` address. */
    replyTo: emailSchema.optional(),
    /** The dealer's account number at the supplier, printed on the PDF. */
    accountNumber: z.string().trim().min(1).max(60).optional(),
    /** The dealer's phone, printed on the PDF. */
    phone: z.string().trim().min(1).max(50).optional(),
  })
  .strict();

/** The buyer (the dealer) as given to `createEmailPurchaseOrders`. */
export type EmailBuyerOptions = z.input<typeof emailBuyerSchema>;

/** What the client reports as it works: for logs and alerts. Never holds a credential. */
export type EmailPurchaseOrderEvent =
  /** The PO email was accepted by the SMTP server. */
  | { type: 'purchase-order-emailed'; poNumber: string; messageId: string; attempt: number; purpose: EmailPurpose }
  /** Sending certainly failed (refused, no connection): a later call sends again. */
  | {
      type: 'purchase-order-email-failed';
      poNumber: string;
      attempt: number;
      purpose: EmailPurpose;
      code: string;
      message: string;
    }
  /**
   * Whether the supplier got the email is not known (the connection broke mid-message, or a
   * process died between recording and sending): nothing is sent again until a person checks
   * with the supplier and calls `resolveUncertainEmail`, or the supplier answers.
   */
  | {
      type: 'purchase-order-email-uncertain';
      poNumber: string;
      attempt: number;
      purpose: EmailPurpose;
      reason: string;
    }
  /** A supplier answer was recorded against a PO. */
  | { type: 'supplier-answer-recorded'; poNumber: string; answerId: string; kind: string };

/** Which email of a PO: the purchase order itself, or the request to cancel it. */
export type EmailPurpose = 'purchase-order' | 'cancel';

/** A ready SMTP transport (nodemailer's `sendMail` shape), instead of `smtp` settings. */
export interface EmailPurchaseOrderTransport {
  /** Sends one message; resolves once the server accepted it (250 after DATA). */
  sendMail(message: Record<string, unknown>): Promise<{ messageId?: unknown }>;
  /** Closes pooled connections. */
  close?(): void;
}

/** Options of `createEmailPurchaseOrders`. */
export interface EmailPurchaseOrderOptions {
  /** The distributor id the dropshipper routes to, for example `acme-email`. */
  distributor: string;
  /** The supplier. */
  supplier: EmailSupplierOptions;
  /** The dealer sending the POs. */
  buyer: EmailBuyerOptions;
  /** The SMTP server (or `transport`). */
  smtp?: EmailPurchaseOrderSmtpOptions;
  /** A ready transport instead of `smtp` (tests, a pooled transport of your own). */
  transport?: EmailPurchaseOrderTransport;
  /**
   * Where sends and answers are recorded: the dropshipper's durable store (`@dropship/postgres`),
   * so a restart or a second worker never sends a PO twice. Only its idempotency records are used.
   */
  store: DropshipStore;
  /** Longest PO number accepted. Default 40. */
  maxPoNumberLength?: number;
  /**
   * How long a send recorded without an outcome counts as in progress (another worker sending);
   * after it, the send is treated as uncertain (the sender died). Default 600,000 ms.
   */
  sendLeaseMs?: number;
  /** A product description per SKU for the PDF and CSV, when known. */
  describeSku?: (sku: string) => string | undefined;
  /** Extra secrets to hide from errors and events (besides the SMTP credentials). */
  redact?: readonly string[];
  /** Receives events; a hook that throws changes nothing. */
  onEvent?: (event: EmailPurchaseOrderEvent) => void;
  /** The clock (tests). Default `() => new Date()`. */
  now?: () => Date;
}

const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

/** The schema of {@link EmailPurchaseOrderOptions}: strict, so a misspelt option is refused. */
export const emailPurchaseOrderOptionsSchema = z
  .object({
    distributor: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes'),
    supplier: emailSupplierSchema,
    buyer: emailBuyerSchema,
    smtp: emailPurchaseOrderSmtpSchema.optional(),
    transport: z
      .custom<EmailPurchaseOrderTransport>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { sendMail?: unknown }).sendMail === 'function',
        'must have sendMail(message)',
      )
      .optional(),
    store: z.custom<DropshipStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { putIdempotencyRecord?: unknown }).putIdempotencyRecord === 'function' &&
        typeof (value as { getIdempotencyRecord?: unknown }).getIdempotencyRecord === 'function',
      'must be a DropshipStore (getIdempotencyRecord, putIdempotencyRecord)',
    ),
    /** See {@link EmailPurchaseOrderOptions.maxPoNumberLength}. */
    maxPoNumberLength: z.number().int().min(1).max(200).default(40),
    /** See {@link EmailPurchaseOrderOptions.sendLeaseMs}. */
    sendLeaseMs: z.number().int().min(1_000).max(86_400_000).default(600_000),
    /** See {@link EmailPurchaseOrderOptions.describeSku}. */
    describeSku: functionSchema.optional(),
    /** See {@link EmailPurchaseOrderOptions.redact}. */
    redact: z.array(z.string()).max(50).default([]),
    /** See {@link EmailPurchaseOrderOptions.onEvent}. */
    onEvent: functionSchema.optional(),
    /** See {@link EmailPurchaseOrderOptions.now}. */
    now: functionSchema.optional(),
  })
  .strict()
  .refine((value) => (value.smtp === undefined) !== (value.transport === undefined), {
    message: 'give exactly one of smtp and transport',
    path: ['smtp'],
  });

/** The options after validation and defaults. */
export type EmailPurchaseOrderSettings = z.output<typeof emailPurchaseOrderOptionsSchema>;

/** Mask applied to the password before validation, so that no issue message can quote it. */
function withoutPassword(options: unknown): unknown {
  if (typeof options !== 'object' || options === null) return options;
  const smtp = (options as { smtp?: unknown }).smtp;
  if (typeof smtp !== 'object' || smtp === null) return options;
  const auth = (smtp as { auth?: unknown }).auth;
  if (typeof auth !== 'object' || auth === null) return options;
  const pass = (auth as { pass?: unknown }).pass;
  if (typeof pass !== 'string' || pass.length === 0) return options;
  return { ...options, smtp: { ...smtp, auth: { ...auth, pass: '********' } } };
}

/**
 * Validates the options of `createEmailPurchaseOrders`.
 *
 * @param options - as the caller gave them.
 * @throws `ValidationError` listing every problem (a misspelt or unknown key included); no
 * message quotes the SMTP password.
 */
export function parseEmailPurchaseOrderOptions(options: unknown): EmailPurchaseOrderSettings {
  const masked = parseWith(emailPurchaseOrderOptionsSchema, withoutPassword(options), 'email purchase order options');
  const smtp = (options as { smtp?: { auth?: { pass?: string } } }).smtp;
  if (masked.smtp?.auth && smtp?.auth?.pass !== undefined) masked.smtp.auth.pass = smtp.auth.pass;
  return masked;
}
