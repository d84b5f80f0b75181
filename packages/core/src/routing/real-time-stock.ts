// Real-time stock lives with eligibility (it decides which warehouses can ship); routing
// re-exports it where the planner's callers have always imported it from.
export { createRealTimeStock, RealTimeStock, type RealTimeStockEntry } from '../eligibility/real-time-stock.js';
