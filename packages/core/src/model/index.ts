export { type Address, addressSchema, parseAddress } from './address.js';
export { type CarrierCode, carrierCodeSchema, carrierCodes } from './carrier.js';
export {
  type DistributorInvoice,
  type DistributorInvoiceCharge,
  type DistributorInvoiceInput,
  type DistributorInvoiceLine,
  distributorInvoiceChargeSchema,
  distributorInvoiceLineSchema,
  distributorInvoiceSchema,
  type InvoiceChargeKind,
  type InvoiceDifference,
  invoiceChargeKinds,
  invoiceComputedTotal,
  invoiceDifferenceKinds,
  invoiceDifferenceSchema,
  MAX_INVOICE_LINES,
  parseDistributorInvoice,
  type ReconciliationRecord,
  type ReconciliationStatus,
  reconciliationRecordSchema,
  reconciliationStatuses,
} from './distributor-invoice.js';
export {
  importedOrderQuerySchema,
  importedOrderRecordSchema,
  importedOrderStatuses,
  intakeCursorSchema,
  orderReservationSchema,
  reservationQuerySchema,
  reservationStatuses,
} from './intake-records.js';
export {
  type InventoryRules,
  type InventoryRulesInput,
  inventoryRulesSchema,
  leadTimeDaysSchema,
  MAX_LEAD_TIME_DAYS,
  parseInventoryRules,
  type WarehouseRule,
  warehouseRuleSchema,
} from './inventory-rules.js';
export { type ListedOrderSource, toListedOrder } from './listed-order.js';
export { listingUpdatesSchema, parseListingUpdates } from './listing-update.js';
export {
  currencyMinorDigits,
  currencySchema,
  decimalToMinorUnits,
  formatMinorUnits,
  formatMoney,
  MAX_AMOUNT_MINOR_UNITS,
  type Money,
  minorUnitsSchema,
  moneySchema,
  nonNegativeMinorUnitsSchema,
} from './money.js';
export {
  type Offer,
  type OfferInput,
  offerSchema,
  parseOffer,
  parseOfferList,
  SHELF_DISTRIBUTOR,
  type WarehouseStock,
  warehouseStockSchema,
} from './offer.js';
export { parseWith, safeParseWith, toValidationIssues } from './parse.js';
export { type ProductIdentity, productIdentitySchema, productKeys } from './product-key.js';
export {
  type AuditEntry,
  auditEntrySchema,
  type PurchaseOrder,
  type PurchaseOrderFlag,
  type PurchaseOrderLine,
  type PurchaseOrderReroute,
  type PurchaseOrderState,
  parsePurchaseOrder,
  purchaseOrderFlags,
  purchaseOrderLineSchema,
  purchaseOrderRerouteSchema,
  purchaseOrderSchema,
  purchaseOrderStates,
  terminalPurchaseOrderStates,
} from './purchase-order.js';
export {
  type PurchaseOrderRejection,
  purchaseOrderRejectionSchema,
  rejectionReasons,
} from './purchase-order-rejection.js';
export { purchaseOrderRequestLineSchema, purchaseOrderRequestSchema } from './purchase-order-request.js';
export { MAX_QUANTITY, positiveQuantitySchema, stockQuantitySchema } from './quantity.js';
export {
  type Buyer,
  buyerSchema,
  type OrderLine,
  orderLineSchema,
  type ParsedSalesOrder,
  parseSalesOrder,
  type SalesOrder,
  salesOrderId,
  salesOrderSchema,
} from './sales-order.js';
export {
  type DistributorShipment,
  distributorShipmentSchema,
  type PackageOf,
  packageOfSchema,
  type Shipment,
  type ShipmentLine,
  shipmentId,
  shipmentLineSchema,
  shipmentSchema,
  trackingPushSkippedSchema,
} from './shipment.js';
export {
  type StockLevel,
  stockLevelSchema,
  type WarehouseQuantity,
  warehouseQuantitySchema,
} from './stock-level.js';
export {
  isStorableText,
  recordedTextSchema,
  requiredTextSchema,
  TEXT_LIMITS,
  textSchema,
  toStorableText,
  trimmedTextSchema,
  UNSTORABLE_TEXT_MESSAGE,
} from './text.js';
export { nearestKnownKey, unknownKeyMessage } from './unknown-keys.js';
