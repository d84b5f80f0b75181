export { carrierDisplayNames, normalizeCarrier, trackingUrl } from './normalize-carrier.js';
