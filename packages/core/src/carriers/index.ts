export {
  type CarrierHint,
  chooseCarrier,
  compactTrackingNumber,
  detectCarrier,
  type TrackingNumberFormat,
} from './detect-carrier.js';
export { carrierDisplayNames, normalizeCarrier, trackingUrl } from './normalize-carrier.js';
export {
  parseTrackingPush,
  type ShippedQuantities,
  shipmentLineIssues,
  shipmentNoticeSchema,
} from './shipment-notice.js';
