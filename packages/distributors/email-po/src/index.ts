/**
 * `@dropship/email-po`: a `DistributorClient` for a supplier reached only by email.
 * `createEmailPurchaseOrders({ distributor, supplier, buyer, smtp, store })` emails a purchase
 * order per PO (a PDF and a CSV attached) at most once over SMTP, and `recordSupplierAnswer`
 * records what the supplier replies (accepted, rejected or backordered lines, shipments with
 * tracking, a cancellation) so that `findOrder`, `listShipments` and the dropshipper's sync run
 * unchanged.
 *
 * @packageDocumentation
 */
export {
  composeRecordedEmail,
  fileNameOf,
  type Mailbox,
  purchaseOrderEmailText,
} from './compose-purchase-order-email.js';
export { createEmailPurchaseOrders, type EmailPurchaseOrderClient } from './email-po-client.js';
export {
  createEmailPurchaseOrderLedger,
  type EmailPurchaseOrderLedger,
  type RecordedAnswer,
  type RecordedEmail,
  type SendOutcome,
  type SendState,
} from './email-po-ledger.js';
export {
  type EmailBuyerOptions,
  type EmailPurchaseOrderEvent,
  type EmailPurchaseOrderMailbox,
  type EmailPurchaseOrderOptions,
  type EmailPurchaseOrderSettings,
  type EmailPurchaseOrderSmtpOptions,
  type EmailPurchaseOrderTransport,
  type EmailPurpose,
  type EmailSupplierOptions,
  emailBuyerSchema,
  emailPurchaseOrderOptionsSchema,
  emailPurchaseOrderSmtpSchema,
  emailSupplierSchema,
  parseEmailPurchaseOrderOptions,
} from './email-po-options.js';
export {
  buildPurchaseOrderDocument,
  type EmailPurchaseOrderDocument,
  type EmailPurchaseOrderLine,
  shipToLines,
} from './purchase-order-document.js';
export { purchaseOrderCsvColumns, renderPurchaseOrderCsv } from './render-purchase-order-csv.js';
export { pdfSafeText, renderPurchaseOrderPdf } from './render-purchase-order-pdf.js';
export { createSmtpTransport } from './smtp-delivery.js';
export { type EmailOrderSummary, summarizeEmailOrder } from './summarize-email-order.js';
export {
  type SupplierAnswer,
  type SupplierAnswerInput,
  type SupplierLineAnswer,
  supplierAcknowledgmentSchema,
  supplierAnswerSchema,
  supplierCancellationSchema,
  supplierLineAnswerSchema,
  supplierRejectionSchema,
  supplierShipmentSchema,
} from './supplier-answer.js';
