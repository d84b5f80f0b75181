export { allocateShipmentUnits, type ShipmentUnitsInput } from './allocate-shipment-units.js';
export { type CreatePurchaseOrderInput, createPurchaseOrder } from './create-purchase-order.js';
export { awaitsPackageGroup, isTrackingSettled } from './package-groups.js';
export {
  type ParsedPurchaseOrderEvent,
  type PurchaseOrderEvent,
  type PurchaseOrderEventType,
  purchaseOrderEventSchema,
} from './purchase-order-event.js';
export { purchaseOrderStateGroups } from './purchase-order-state-groups.js';
export {
  allowedPurchaseOrderEvents,
  isPurchaseOrderEventAllowed,
  type PurchaseOrderTransitionRule,
  purchaseOrderTransitions,
} from './purchase-order-transitions.js';
export { type TransitionOptions, transition } from './transition.js';
