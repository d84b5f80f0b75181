export { createDropshipper, type DropshipperInstance } from './create-dropshipper.js';
export type {
  ActualProfit,
  ApprovalPolicy,
  DropshipCallOptions,
  Dropshipper,
  DropshipperOptions,
  DropshipResult,
  PurchaseOrderOutcome,
  RecoverResult,
  SyncTrackingResult,
} from './dropshipper-types.js';
export { type ConcurrencyLimiter, limitConcurrency } from './limit-concurrency.js';
export { mapShipmentToSalesLines } from './map-shipment-lines.js';
