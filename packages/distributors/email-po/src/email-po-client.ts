import {
  ApiError,
  type CancelResult,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorOrder,
  NetworkError,
  type PurchaseOrderRequest,
  parseWith,
  purchaseOrderRequestSchema,
  type StockLevel,
  type SubmitOrderResult,
  ValidationError,
} from '@dropship/core';
import { createSmtpRedactor, mapSmtpError } from '@dropship/email';
import { z } from 'zod';
import {
  composeRecordedEmail,
  fileNameOf,
  type Mailbox,
  purchaseOrderEmailText,
} from './compose-purchase-order-email.js';
import { createEmailPurchaseOrderLedger, type RecordedEmail } from './email-po-ledger.js';
import {
  type EmailPurchaseOrderEvent,
  type EmailPurchaseOrderOptions,
  type EmailPurpose,
  parseEmailPurchaseOrderOptions,
} from './email-po-options.js';
import { renderPurchaseOrderCsv } from './render-purchase-order-csv.js';
import { renderPurchaseOrderPdf } from './render-purchase-order-pdf.js';
import { createSmtpTransport } from './smtp-delivery.js';
import { type EmailOrderSummary, summarizeEmailOrder } from './summarize-email-order.js';
import { type SupplierAnswerInput, supplierAnswerSchema } from './supplier-answer.js';

/** The email supplier's client: a `DistributorClient`, plus what only an email supplier needs. */
export interface EmailPurchaseOrderClient extends DistributorClient {
  /**
   * Records what the supplier answered about a PO (acceptance, rejected or backordered lines, a
   * shipment with its tracking number, a cancellation), once per `answer.answerId`. `findOrder`
   * and `listShipments` report it from then on, so the dropshipper's sync runs unchanged.
   *
   * @returns whether it was new, and the order as it now stands.
   * @throws ValidationError for a malformed answer, a PO never emailed, a SKU not on the PO, or
   * more units shipped than ordered (nothing recorded).
   */
  recordSupplierAnswer(
    poNumber: string,
    answer: SupplierAnswerInput,
  ): Promise<{ recorded: boolean; order: DistributorOrder }>;
  /** Everything recorded about a PO (lines, rejections), or null when it was never emailed. */
  describeOrder(poNumber: string): Promise<EmailOrderSummary | null>;
  /**
   * A person's finding for an email whose delivery is uncertain (see the README): `received:
   * true` when the supplier has it (nothing is sent again), `false` when it does not (the next
   * `submitOrder` or `cancelOrder` sends it again).
   *
   * @throws ValidationError when no email of that PO is uncertain.
   */
  resolveUncertainEmail(poNumber: string, finding: { received: boolean; purpose?: EmailPurpose }): Promise<void>;
  /** Closes the SMTP transport it created (not one you passed in). */
  close(): void;
}

/** Longest PO list per `listShipments` call: every PO is read from the store. */
const MAX_TRACKING_BATCH = 100;

const poNumberArgument = z.string().min(1, 'must not be empty').max(200);
const findingSchema = z
  .object({ received: z.boolean(), purpose: z.enum(['purchase-order', 'cancel']).default('purchase-order') })
  .strict();

/**
 * Creates the client of a supplier reached only by email: `submitOrder` emails a purchase order
 * (a PDF and a CSV attached) once per PO over SMTP; the supplier's replies are recorded with
 * `recordSupplierAnswer`; `findOrder` and `listShipments` report them as the spec's orders and
 * shipments. No real-time stock (`checkStock` throws, so the dropshipper uses the catalog's
 * stock); cancel only when `supplier.cancelEmail` is set (it emails a cancellation request).
 *
 * At most once: the email (content and `Message-ID`) is recorded in the store, then the attempt,
 * before the SMTP session opens. A certain failure (refused, no connection) lets a later call
 * send again; a failure mid-message, or an attempt whose sender died, makes the delivery
 * uncertain: nothing is resent until the supplier answers or a person calls `resolveUncertainEmail`.
 *
 * @param options - see {@link EmailPurchaseOrderOptions}.
 * @throws ValidationError for a bad or unknown option (never quoting the SMTP password).
 */
export function createEmailPurchaseOrders(options: EmailPurchaseOrderOptions): EmailPurchaseOrderClient {
  const settings = parseEmailPurchaseOrderOptions(options);
  const { distributor, supplier, buyer } = settings;
  const now = (settings.now as (() => Date) | undefined) ?? (() => new Date());
  const describeSku = settings.describeSku as ((sku: string) => string | undefined) | undefined;
  const onEvent = settings.onEvent as ((event: EmailPurchaseOrderEvent) => void) | undefined;
  const redact = createSmtpRedactor(settings.smtp?.auth, settings.redact);
  const server = settings.smtp ? `smtp://${settings.smtp.host}:${settings.smtp.port}` : 'smtp://transport';
  const ownsTransport = settings.transport === undefined;
  const transport = settings.transport ?? createSmtpTransport(settings.smtp as NonNullable<typeof settings.smtp>);
  const ledger = createEmailPurchaseOrderLedger(settings.store, distributor, now, settings.sendLeaseMs);
  const from = supplierMailbox(buyer.from);
  const capabilities: DistributorCapabilities = Object.freeze({
    cancel: supplier.cancelEmail ? 'supported' : 'unsupported',
    batchTracking: 'po-list',
    maxTrackingBatch: MAX_TRACKING_BATCH,
    maxStockBatch: 1,
    stockIsFloor: false,
    maxPoNumberLength: settings.maxPoNumberLength,
    validateOnly: true,
  });
  const requestSchema = purchaseOrderRequestSchema
    .extend({ poNumber: purchaseOrderRequestSchema.shape.poNumber.max(settings.maxPoNumberLength) })
    .strict();

  const emit = (event: EmailPurchaseOrderEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // a failing hook must not change what the client does
    }
  };

  const inconclusive = (poNumber: string, purpose: EmailPurpose, reason: string) =>
    new NetworkError(
      `${distributor}: whether the ${purpose === 'cancel' ? 'cancellation' : 'purchase order'} email of PO ${poNumber} reached the supplier is not known (${redact(reason)}); it is not sent again until the supplier answers or a person checks with the supplier and calls resolveUncertainEmail`,
      { service: distributor, isRetryable: true },
    );

  const recordEmail = (request: PurchaseOrderRequest, purpose: EmailPurpose, issuedAt?: string) =>
    ledger.recordEmail(request.poNumber, purpose, () =>
      composeRecordedEmail({
        distributor,
        purpose,
        fromAddress: from.address,
        parts: {
          request,
          buyer: {
            company: buyer.company,
            email: buyer.replyTo ?? from.address,
            ...(buyer.accountNumber !== undefined ? { accountNumber: buyer.accountNumber } : {}),
            ...(buyer.phone !== undefined ? { phone: buyer.phone } : {}),
          },
          supplierName: supplier.name,
          issuedAt: issuedAt ?? now().toISOString(),
          describeSku,
        },
      }),
    );

  /** Sends a recorded email unless it went before. True when this call sent it. */
  async function deliver(email: RecordedEmail): Promise<boolean> {
    const { poNumber } = email.document;
    const to = email.purpose === 'cancel' ? supplier.cancelEmail : supplier.orderEmail;
    // A retry of a sent PO costs one read: nothing is rendered.
    if ((await ledger.sendState(poNumber, email.purpose, false)).kind === 'sent') return false;
    // Rendered before the attempt is recorded: a rendering failure leaves nothing uncertain.
    const safeName = fileNameOf(poNumber);
    const attachments =
      email.purpose === 'cancel'
        ? [
            {
              filename: `cancel-${safeName}.csv`,
              content: renderPurchaseOrderCsv(email.document),
              contentType: 'text/csv; charset=utf-8',
            },
          ]
        : [
            {
              filename: `purchase-order-${safeName}.pdf`,
              content: await renderPurchaseOrderPdf(email.document),
              contentType: 'application/pdf',
            },
            {
              filename: `purchase-order-${safeName}.csv`,
              content: renderPurchaseOrderCsv(email.document),
              contentType: 'text/csv; charset=utf-8',
            },
          ];
    const state = await ledger.sendState(poNumber, email.purpose, true);
    if (state.kind === 'sent') return false;
    if (state.kind === 'in-flight') throw inconclusive(poNumber, email.purpose, 'another worker is sending it now');
    if (state.kind === 'uncertain' || state.kind === 'not-sent') {
      if (email.purpose === 'purchase-order' && (await ledger.answers(poNumber)).length > 0) return false;
      const reason = state.kind === 'uncertain' ? state.reason : 'not recorded';
      emit({
        type: 'purchase-order-email-uncertain',
        poNumber,
        attempt: state.kind === 'uncertain' ? state.attempt : 0,
        purpose: email.purpose,
        reason,
      });
      throw inconclusive(poNumber, email.purpose, reason);
    }
    const message = {
      from: from.name ? { name: from.name, address: from.address } : from.address,
      to: to ? supplierMailbox(to) : undefined,
      ...(supplier.copyTo.length > 0 ? { cc: supplier.copyTo } : {}),
      replyTo: buyer.replyTo ?? from.address,
      subject: email.subject,
      text: purchaseOrderEmailText(email),
      messageId: email.messageId,
      date: new Date(email.document.issuedAt),
      headers: { 'X-Dropship-PO-Number': poNumber },
      attachments,
    };
    try {
      await transport.sendMail(message);
    } catch (error) {
      const failure = mapSmtpError(error, redact, server);
      const certain = failure.delivery === 'not-sent';
      await ledger.recordOutcome(poNumber, email.purpose, state.attempt, {
        kind: certain ? 'not-sent' : 'uncertain',
        code: failure.error.code,
      });
      if (certain)
        emit({
          type: 'purchase-order-email-failed',
          poNumber,
          attempt: state.attempt,
          purpose: email.purpose,
          code: failure.error.code,
          message: failure.error.message,
        });
      else
        emit({
          type: 'purchase-order-email-uncertain',
          poNumber,
          attempt: state.attempt,
          purpose: email.purpose,
          reason: failure.error.message,
        });
      throw failure.error;
    }
    await ledger.recordOutcome(poNumber, email.purpose, state.attempt, { kind: 'sent', messageId: email.messageId });
    emit({
      type: 'purchase-order-emailed',
      poNumber,
      messageId: email.messageId,
      attempt: state.attempt,
      purpose: email.purpose,
    });
    return true;
  }

  /**
   * The PO as recorded. `null` when no email reached the supplier for certain (never sent, or
   * every attempt refused); `uncertain` when delivery is not known and the supplier never answered.
   */
  async function summary(poNumber: string): Promise<EmailOrderSummary | null | 'uncertain'> {
    const email = await ledger.email(poNumber, 'purchase-order');
    if (email === null) return null;
    const answers = await ledger.answers(poNumber);
    if (answers.length === 0) {
      const state = await ledger.sendState(poNumber, 'purchase-order', false);
      if (state.kind === 'not-sent') return null;
      if (state.kind !== 'sent') return 'uncertain';
    }
    return summarizeEmailOrder(distributor, email.document, email.messageId, answers);
  }

  const client: EmailPurchaseOrderClient = {
    specificationVersion: 'v1',
    distributor,
    capabilities,

    async checkStock(skus: readonly string[]): Promise<StockLevel[]> {
      throw new ApiError(
        'stock-unsupported',
        `${distributor}: an email supplier has no real-time stock (${skus.length} SKU asked); its stock comes from its feed in the catalog`,
        { service: distributor, isRetryable: false },
      );
    },

    async submitOrder(input: PurchaseOrderRequest): Promise<SubmitOrderResult> {
      const request = parseWith(requestSchema, input, 'purchase order request') as PurchaseOrderRequest;
      if (request.validateOnly)
        return {
          poNumber: request.poNumber,
          distributorOrderRefs: [],
          status: 'validated',
          alreadyExisted: false,
          warnings: [],
        };
      const email = await recordEmail(request, 'purchase-order');
      const sentNow = await deliver(email);
      return {
        poNumber: request.poNumber,
        distributorOrderRefs: [email.messageId],
        status: 'submitted',
        alreadyExisted: !sentNow,
        warnings: [],
      };
    },

    async findOrder(poNumber: string): Promise<DistributorOrder | null> {
      parseWith(poNumberArgument, poNumber, 'PO number');
      const found = await summary(poNumber);
      if (found === 'uncertain') throw inconclusive(poNumber, 'purchase-order', 'no outcome recorded');
      return found?.order ?? null;
    },

    async listShipments(query): Promise<DistributorOrder[]> {
      const { poNumbers } = parseWith(
        z.object({ poNumbers: z.array(poNumberArgument).max(MAX_TRACKING_BATCH) }).strict(),
        query,
        'shipment query (an email supplier is asked by PO numbers, at most 100)',
      );
      const orders: DistributorOrder[] = [];
      for (const poNumber of poNumbers) {
        const found = await summary(poNumber);
        // An uncertain PO is left out (not known to have reached the supplier); findOrder says why.
        if (found !== null && found !== 'uncertain') orders.push(found.order);
      }
      return orders;
    },

    async cancelOrder(poNumber: string): Promise<CancelResult> {
      parseWith(poNumberArgument, poNumber, 'PO number');
      if (!supplier.cancelEmail)
        return {
          status: 'unsupported',
          warning: {
            type: 'unsupported',
            feature: 'cancel-order',
            message: `${distributor}: no cancel email is configured (supplier.cancelEmail); ask the supplier to cancel PO ${poNumber}`,
          },
        };
      const original = await ledger.email(poNumber, 'purchase-order');
      if (original === null)
        throw new ValidationError('PO number', [
          { path: '', message: `no purchase order was emailed for PO ${poNumber}` },
        ]);
      const document = original.document;
      const request: PurchaseOrderRequest = {
        poNumber,
        shipTo: document.shipTo,
        currency: document.currency,
        lines: document.lines.map((line) => ({
          sku: line.sku,
          quantity: line.quantity,
          ...(line.unitCost !== undefined ? { unitCost: line.unitCost } : {}),
        })),
      };
      await deliver(await recordEmail(request, 'cancel', document.issuedAt));
      return { status: 'requested' };
    },

    async recordSupplierAnswer(poNumber, input) {
      parseWith(poNumberArgument, poNumber, 'PO number');
      const answer = parseWith(supplierAnswerSchema, input, 'supplier answer');
      const email = await ledger.email(poNumber, 'purchase-order');
      if (email === null)
        throw new ValidationError('supplier answer', [
          { path: '', message: `no purchase order was emailed for PO ${poNumber}` },
        ]);
      checkAnswerAgainstOrder(answer, email, await ledger.answers(poNumber));
      const recorded = await ledger.appendAnswer(poNumber, answer);
      if (recorded) emit({ type: 'supplier-answer-recorded', poNumber, answerId: answer.answerId, kind: answer.kind });
      const order = summarizeEmailOrder(
        distributor,
        email.document,
        email.messageId,
        await ledger.answers(poNumber),
      ).order;
      return { recorded, order };
    },

    async describeOrder(poNumber) {
      parseWith(poNumberArgument, poNumber, 'PO number');
      const email = await ledger.email(poNumber, 'purchase-order');
      if (email === null) return null;
      return summarizeEmailOrder(distributor, email.document, email.messageId, await ledger.answers(poNumber));
    },

    async resolveUncertainEmail(poNumber, finding) {
      parseWith(poNumberArgument, poNumber, 'PO number');
      const { received, purpose } = parseWith(findingSchema, finding, 'finding');
      const state = await ledger.sendState(poNumber, purpose, false);
      if (state.kind !== 'uncertain')
        throw new ValidationError('finding', [
          { path: '', message: `the ${purpose} email of PO ${poNumber} is not uncertain (it is ${state.kind})` },
        ]);
      await ledger.resolve(poNumber, purpose, state.attempt, received);
    },

    close() {
      if (ownsTransport) transport.close?.();
    },
  };
  Object.defineProperty(client, 'toJSON', {
    value: () => ({ distributor, specificationVersion: 'v1' }),
    enumerable: false,
  });
  return client;
}

/** A configured mailbox (an address or `{ name, address }`) as nodemailer takes it. */
function supplierMailbox(mailbox: { name?: string | undefined; address: string }): Mailbox {
  return mailbox.name ? { name: mailbox.name, address: mailbox.address } : { address: mailbox.address };
}

/**
 * Refuses an answer that does not fit the PO: a SKU not on it, or (with the shipments already
 * recorded) more units of a SKU shipped than ordered.
 */
function checkAnswerAgainstOrder(
  answer: ReturnType<typeof supplierAnswerSchema.parse>,
  email: RecordedEmail,
  earlier: readonly { answer: ReturnType<typeof supplierAnswerSchema.parse> }[],
): void {
  const ordered = new Map<string, number>();
  for (const line of email.document.lines) ordered.set(line.sku, (ordered.get(line.sku) ?? 0) + line.quantity);
  const skus =
    answer.kind === 'acknowledgment'
      ? (answer.lines ?? []).map((line) => line.sku)
      : answer.kind === 'shipment'
        ? (answer.lines ?? []).map((line) => line.sku)
        : [];
  const issues = skus
    .map((sku, index) => ({ sku, index }))
    .filter(({ sku }) => !ordered.has(sku))
    .map(({ sku, index }) => ({
      path: `lines.${index}.sku`,
      message: `${sku} is not on PO ${email.document.poNumber}`,
    }));
  if (answer.kind === 'shipment' && answer.lines !== undefined && issues.length === 0) {
    const shipped = new Map<string, number>();
    const seen = new Set([answer.trackingNumber]);
    for (const { answer: before } of earlier)
      if (before.kind === 'shipment' && before.answerId !== answer.answerId && !seen.has(before.trackingNumber)) {
        seen.add(before.trackingNumber);
        for (const line of before.lines ?? []) shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
      }
    answer.lines.forEach((line, index) => {
      const total = (shipped.get(line.sku) ?? 0) + line.quantity;
      shipped.set(line.sku, total);
      if (total > (ordered.get(line.sku) ?? 0))
        issues.push({
          path: `lines.${index}.quantity`,
          message: `${total} units of ${line.sku} shipped in all, ${ordered.get(line.sku)} ordered`,
        });
    });
  }
  if (issues.length > 0) throw new ValidationError('supplier answer', issues);
}
