export { createPurchaseOrder, type CreatePurchaseOrderInput } from './create-purchase-order.js';
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
export { transition, type TransitionOptions } from './transition.js';
