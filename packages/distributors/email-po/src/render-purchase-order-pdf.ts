import { formatMinorUnits } from '@dropship/core';
import PDFDocument from 'pdfkit';
import { type EmailPurchaseOrderDocument, shipToLines } from './purchase-order-document.js';

/**
 * Text as the PDF's built-in Helvetica can show it. The 14 standard PDF fonts cover WinAnsi
 * (Latin-1) only (https://pdfkit.org/docs/text.html#fonts): any other character is replaced by
 * `?` rather than printed garbled. The CSV attachment (UTF-8) keeps the exact text.
 *
 * @param text - any text.
 */
export function pdfSafeText(text: string): string {
  return text.replace(/[^\n\x20-\x7e\xa0-\xff]/g, '?');
}

/**
 * Renders the purchase order as a one-document PDF with pdfkit (https://pdfkit.org): header with
 * the PO number and date, buyer and supplier, the drop-ship address, a line table (line, SKU,
 * description, quantity, unit cost, line total) and the total. The same document gives the same
 * bytes (the creation date is the PO's issue date).
 *
 * @param document - the purchase order.
 * @returns the PDF bytes.
 */
export async function renderPurchaseOrderPdf(document: EmailPurchaseOrderDocument): Promise<Buffer> {
  const issued = new Date(document.issuedAt);
  const pdf = new PDFDocument({
    size: 'LETTER',
    margin: 48,
    info: {
      Title: `Purchase order ${document.poNumber}`,
      Author: pdfSafeText(document.buyer.company),
      Subject: `Drop-ship purchase order ${document.poNumber}`,
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  const text = (value: string) => pdfSafeText(value);
  const money = (minorUnits: number | undefined) =>
    minorUnits === undefined ? 'not stated' : `${formatMinorUnits(minorUnits, document.currency)} ${document.currency}`;

  pdf
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`Purchase order ${text(document.poNumber)}`);
  pdf.font('Helvetica').fontSize(10).moveDown(0.3);
  pdf.text(`Date: ${document.issuedAt.slice(0, 10)}`);
  pdf.text(`Drop ship: send directly to the customer below, with no prices on the packing slip.`);
  pdf.moveDown();

  pdf.font('Helvetica-Bold').text('From');
  pdf.font('Helvetica').text(text(document.buyer.company));
  pdf.text(text(document.buyer.email));
  if (document.buyer.phone !== undefined) pdf.text(`Phone: ${text(document.buyer.phone)}`);
  if (document.buyer.accountNumber !== undefined) pdf.text(`Account: ${text(document.buyer.accountNumber)}`);
  pdf.moveDown(0.5);
  pdf.font('Helvetica-Bold').text('To');
  pdf.font('Helvetica').text(text(document.supplierName));
  pdf.moveDown(0.5);
  pdf.font('Helvetica-Bold').text('Ship to');
  pdf.font('Helvetica');
  for (const line of shipToLines(document.shipTo)) pdf.text(text(line));
  pdf.moveDown(0.5);
  pdf.text(`Ship method: ${text(document.shipMethod ?? 'supplier default')}`);
  pdf.text(`Backorders: ${document.allowBackorder ? 'allowed' : 'not allowed: ship what is in stock or tell us'}`);
  if (document.note !== undefined) pdf.text(`Note: ${text(document.note)}`);
  pdf.moveDown();

  pdf.table({
    columnStyles: [36, 110, '*', 40, 80, 80],
    data: [
      ['Line', 'SKU', 'Description', 'Qty', 'Unit cost', 'Line total'],
      ...document.lines.map((line) => [
        String(line.lineNumber),
        text(line.sku),
        text(line.description ?? ''),
        String(line.quantity),
        money(line.unitCost),
        money(line.lineTotal),
      ]),
    ],
  });
  pdf.moveDown();
  pdf.font('Helvetica-Bold').text(`Total: ${money(document.total)}`, { align: 'right' });
  pdf.font('Helvetica').moveDown();
  pdf.text(
    `Please reply to this email to accept or reject PO ${text(document.poNumber)}, and with the carrier and tracking number of each package once shipped.`,
  );
  pdf.end();
  await finished;
  return Buffer.concat(chunks);
}
