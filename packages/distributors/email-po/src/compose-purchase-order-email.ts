import { createHash } from 'node:crypto';
import { formatMinorUnits } from '@dropship/core';
import type { RecordedEmail } from './email-po-ledger.js';
import type { EmailPurpose } from './email-po-options.js';
import { buildPurchaseOrderDocument, type EmailPurchaseOrderDocument, shipToLines } from './purchase-order-document.js';

/** A mailbox as nodemailer takes it. */
export interface Mailbox {
  readonly name?: string | undefined;
  readonly address: string;
}

/** The PO number as a file name part: letters, digits, dot, dash and underscore only. */
export function fileNameOf(poNumber: string): string {
  return poNumber.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The email a PO is recorded as before its first send (pure): the purchase order, a `Message-ID`
 * derived from the distributor and the PO number (the same for every attempt, so a supplier's
 * mail system sees a repeat as the same message), and the subject.
 *
 * @param input - the purchase order's parts, the purpose, the sender's address and the distributor id.
 */
export function composeRecordedEmail(input: {
  distributor: string;
  purpose: EmailPurpose;
  fromAddress: string;
  parts: Parameters<typeof buildPurchaseOrderDocument>[0];
}): RecordedEmail {
  const document = buildPurchaseOrderDocument(input.parts);
  const digest = createHash('sha256')
    .update(`${input.distributor}\u0000${input.purpose}\u0000${document.poNumber}`)
    .digest('hex')
    .slice(0, 32);
  const domain = input.fromAddress.slice(input.fromAddress.lastIndexOf('@') + 1);
  const subject =
    input.purpose === 'cancel'
      ? `Cancel purchase order ${document.poNumber} from ${document.buyer.company}`
      : `Purchase order ${document.poNumber} from ${document.buyer.company}`;
  return {
    purpose: input.purpose,
    document,
    messageId: `<${input.purpose}-${digest}@${domain}>`,
    subject: subject.replace(/[\r\n]+/g, ' '),
  };
}

/**
 * The plain-text body of an email (pure): what the attachments hold, in words, so a supplier can
 * act on it without opening them.
 *
 * @param email - the recorded email.
 */
export function purchaseOrderEmailText(email: RecordedEmail): string {
  const document: EmailPurchaseOrderDocument = email.document;
  const money = (value: number | undefined) =>
    value === undefined ? 'not stated' : `${formatMinorUnits(value, document.currency)} ${document.currency}`;
  const lines = document.lines.map(
    (line) =>
      `  ${line.lineNumber}. ${line.sku}${line.description ? ` (${line.description})` : ''} x ${line.quantity} @ ${money(line.unitCost)}`,
  );
  if (email.purpose === 'cancel')
    return [
      `Hello ${document.supplierName},`,
      '',
      `Please cancel our purchase order ${document.poNumber} of ${document.issuedAt.slice(0, 10)}, if it has not shipped:`,
      ...lines,
      '',
      'Please reply to confirm the cancellation, or with the tracking number if it already shipped.',
      '',
      document.buyer.company,
    ].join('\n');
  return [
    `Hello ${document.supplierName},`,
    '',
    `Please ship purchase order ${document.poNumber} directly to our customer (drop ship). The PDF and CSV attached hold the same order.`,
    '',
    'Ship to:',
    ...shipToLines(document.shipTo).map((line) => `  ${line}`),
    '',
    'Lines:',
    ...lines,
    `Total: ${money(document.total)}`,
    `Ship method: ${document.shipMethod ?? 'your default'}`,
    `Backorders: ${document.allowBackorder ? 'allowed' : 'not allowed'}`,
    ...(document.note !== undefined ? [`Note: ${document.note}`] : []),
    '',
    'Please reply to accept or reject it, and with the carrier and tracking number of each package once shipped.',
    '',
    document.buyer.company,
    ...(document.buyer.accountNumber !== undefined ? [`Account ${document.buyer.accountNumber}`] : []),
  ].join('\n');
}
