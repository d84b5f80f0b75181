export { type CheckOfferEligibilityOptions, checkOfferEligibility } from './check-offer-eligibility.js';
export {
  type CompiledInventoryRules,
  compileInventoryRules,
  isCompiledInventoryRules,
  normaliseBrand,
} from './compile-inventory-rules.js';
export {
  currencyMismatchCheck,
  cutoffPriceCheck,
  defaultEligibilityChecks,
  discontinuedCheck,
  distributorExcludedCheck,
  dropShipEligibleCheck,
  expiredCheck,
  hazardousCheck,
  leadTimeCheck,
  shelfStockDisabledCheck,
  stockCheck,
  truckOnlyCheck,
  unknownLeadTimeCheck,
  warehouseExcludedCheck,
} from './eligibility-checks.js';
export type {
  BlockedWarehouse,
  EligibilityCheck,
  EligibilityReason,
  EligibilityReasonCode,
  EligibilityResult,
  OfferCheckContext,
  StockCheckContext,
  StockEvaluation,
  StockSource,
  UsableWarehouse,
} from './eligibility-types.js';
export { evaluateOfferStock, type ReservedStockView, type StockEnvironment } from './evaluate-offer-stock.js';
export { type InstantInput, resolveNow } from './resolve-now.js';
