export {
  createPlanner,
  findOrderOffers,
  type Planner,
  type PlannerCatalog,
  type PlannerOptions,
  type PlanOptions,
  planOrder,
} from './create-planner.js';
export type {
  CandidateExplanation,
  OrderPlan,
  PlanExclusion,
  PlanHold,
  PlannedPurchaseOrder,
  PlannedPurchaseOrderLine,
  ProfitEstimate,
  ShelfAllocation,
  UnplacedLine,
  UnplacedReasonCode,
} from './plan-types.js';
export {
  createPurchaseOrderNumbering,
  MAX_PURCHASE_ORDER_NUMBER_LENGTH,
  type PurchaseOrderNumbering,
  type PurchaseOrderNumberingOptions,
  type PurchaseOrderNumberOptions,
  purchaseOrderNumber,
} from './purchase-order-number.js';
export { createRealTimeStock, RealTimeStock, type RealTimeStockEntry } from './real-time-stock.js';
export {
  brandPreferenceStrategy,
  compareCandidatesForTieBreak,
  defaultRoutingStrategies,
  distributorTieBreakStrategy,
  fastestLeadTimeStrategy,
  inStockStrategy,
  landedCost,
  lowestLandedCostStrategy,
  type RoutingCandidate,
  type RoutingContext,
  type RoutingStrategy,
  shelfStockStrategy,
} from './routing-strategies.js';
export { createStockLedger, type ReservablePlan, StockLedger, type StockReservation } from './stock-ledger.js';
