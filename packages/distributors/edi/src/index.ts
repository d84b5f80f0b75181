/**
 * `@dropship/edi`: a `DistributorClient` for a supplier without an API, reached by EDI X12 over
 * SFTP. `createEdi({ distributor, partner, store, transport: createSftpTransport(...) })` writes a
 * drop-ship 850 per PO (control numbers from the store, never reused) and reads the partner's
 * 997, 855, 856 and 810 back into PO states, typed rejections, shipments and invoices.
 *
 * @packageDocumentation
 */
export { createEdi, type EdiClient } from './edi-client.js';
export {
  createEdiLedger,
  type EdiLedger,
  type EdiLedgerEntry,
  type EdiSentLine,
  type EdiSentPurchaseOrder,
} from './edi-ledger.js';
export {
  defaultScacCarriers,
  type EdiOptions,
  type EdiPartner,
  type EdiPartnerOptions,
  ediInboundSchema,
  ediOptionsSchema,
  ediPartnerSchema,
} from './edi-options.js';
export type { EdiRemoteFile, EdiTransport, EdiUploadHooks } from './edi-transport.js';
export { type EdiLineAcknowledgment, type EdiOrderSummary, summarizeEdiOrder } from './map-edi-order.js';
export {
  parseX12,
  type X12Delimiters,
  type X12FunctionalGroup,
  type X12Interchange,
  type X12Segment,
  type X12TransactionSet,
} from './parse-x12.js';
export { type EdiPollContext, type EdiPollReport, pollEdiInbound } from './poll-edi-inbound.js';
export {
  type EdiAcknowledgedLine,
  type EdiFunctionalAcknowledgment,
  type EdiInboundDocument,
  type EdiInvoice,
  type EdiInvoiceLine,
  type EdiLineStatus,
  type EdiPartNumbers,
  type EdiPurchaseOrderAcknowledgment,
  type EdiShipNotice,
  type EdiShippedLine,
  type EdiShippedOrder,
  type EdiShippedPackage,
  readEdiDocument,
} from './read-edi-documents.js';
export { type EdiPurchaseOrderDocument, readEdiPurchaseOrder } from './read-edi-purchase-order.js';
export { createSftpTransport, type SftpTransportOptions, sftpTransportOptionsSchema } from './sftp-transport.js';
export {
  buildEdiPurchaseOrderSegments,
  type EdiPurchaseOrderInput,
  type EdiPurchaseOrderLineExtras,
  parseEdiPurchaseOrderRequest,
  writeEdiPurchaseOrder,
} from './write-edi-purchase-order.js';
export {
  MAX_INTERCHANGE_CONTROL_NUMBER,
  writeX12Interchange,
  type X12InterchangeInput,
  type X12OutgoingDocument,
  type X12Party,
  type X12Timestamps,
  x12Text,
  x12Timestamps,
} from './write-x12.js';
export { formatX12Decimal, parseX12Decimal, parseX12ImpliedDecimal } from './x12-money.js';
