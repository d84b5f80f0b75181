import type { EligibilityReason, StockSource } from '../eligibility/eligibility-types.js';

/** One line of a planned purchase order. */
export interface PlannedPurchaseOrderLine {
  /** The marketplace line this fulfils (`OrderLine.lineId`). */
  readonly salesLineId: string;
  /** The distributor's SKU (after the SKU swap). */
  readonly sku: string;
  /** Units to order. */
  readonly quantity: number;
  /** Expected cost of one unit, integer minor units. */
  readonly unitCost: number;
  /** Warehouse the plan expects to ship from. */
  readonly warehouse: string;
  /** Lead time of that warehouse in days, after rules. */
  readonly leadTimeDays: number;
  /** Whether the stock behind this line came from the catalog or a real-time check. */
  readonly stockSource: StockSource;
  /**
   * Why the line rests on catalog stock when a real-time check was expected: set by the
   * dropshipper when the distributor's stock check failed (`<distributor>: real-time stock check
   * failed (...); using catalog stock`). Absent otherwise.
   */
  readonly stockSourceReason?: string;
}

/** A purchase order the plan would place with one distributor for one sales order. */
export interface PlannedPurchaseOrder {
  /** Distributor id. */
  readonly distributor: string;
  /** Deterministic PO number (see `purchaseOrderNumber`). */
  readonly poNumber: string;
  /** `<marketplace>:<marketplaceOrderId>`: one sales order per PO, always. */
  readonly salesOrderId: string;
  /** The lines, in sales-order line order. */
  readonly lines: readonly PlannedPurchaseOrderLine[];
  /** Σ unit cost × quantity, integer minor units. */
  readonly subtotal: number;
  /** Drop-ship fee for this PO (the highest fee among its offers), integer minor units. */
  readonly dropShipFee: number;
  /** Σ estimated shipping × quantity, integer minor units. */
  readonly estimatedShipping: number;
  /** Longest lead time among its lines, in days. */
  readonly leadTimeDays: number;
}

/** Units taken from the dealer's own shelf stock (no PO). */
export interface ShelfAllocation {
  /** The marketplace line this fulfils. */
  readonly salesLineId: string;
  /** The shelf SKU. */
  readonly sku: string;
  /** Units taken. */
  readonly quantity: number;
  /** Dealer cost of one unit, integer minor units. */
  readonly unitCost: number;
  /** Shelf location (warehouse code). */
  readonly warehouse: string;
  /** Estimated cost for the dealer to ship these units, integer minor units. */
  readonly estimatedShipping: number;
  /** Whether the stock came from the catalog or a real-time check. */
  readonly stockSource: StockSource;
}

/** Why one offer was not usable for an unplaced line. */
export interface CandidateExplanation {
  /** Distributor id. */
  readonly distributor: string;
  /** The distributor's SKU. */
  readonly sku: string;
  /** True when the offer passed every check (it lost to the single-shipment rule or a strategy). */
  readonly eligible: boolean;
  /** Every failing reason. */
  readonly reasons: readonly EligibilityReason[];
  /** Units its usable warehouses held when the line was routed. */
  readonly usableQuantity: number;
}

/** Stable codes of why a line was not placed. */
export type UnplacedReasonCode =
  | 'no-offers'
  | 'no-eligible-distributor'
  | 'single-shipment-unavailable'
  | 'no-candidate-selected';

/** A line the plan cannot place, with the reason and every candidate's reasons. Never silent. */
export interface UnplacedLine {
  /** The marketplace line. */
  readonly salesLineId: string;
  /** The line's SKU as ordered. */
  readonly sku: string;
  /** Units not placed (the whole line: lines are placed whole or not at all). */
  readonly quantity: number;
  /** Stable code. */
  readonly code: UnplacedReasonCode;
  /** What happened, for people. */
  readonly message: string;
  /** Every offer considered, with its reasons. */
  readonly candidates: readonly CandidateExplanation[];
}

/** Estimated profit of a plan, integer minor units. */
export interface ProfitEstimate {
  /** ISO currency of every amount. */
  readonly currency: string;
  /** Σ unit price × placed quantity + shipping the buyer paid. */
  readonly revenue: number;
  /** Σ unit cost × quantity over POs and shelf allocations. */
  readonly cost: number;
  /** Σ drop-ship fees of the POs. */
  readonly dropShipFees: number;
  /** Σ estimated shipping over POs and shelf allocations. */
  readonly estimatedShipping: number;
  /** The order's known `fees`, or revenue × `rules.marketplaceFeeBasisPoints[marketplace]` / 10000 rounded. */
  readonly marketplaceFee: number;
  /** revenue − cost − drop-ship fees − estimated shipping − marketplace fee. */
  readonly profit: number;
}

/** A reason to hold the order for a person instead of placing it automatically. */
export interface PlanHold {
  /**
   * Stable code: `below-minimum-profit` (the planner), `marketplace-adapter-missing` (the
   * dropshipper has no adapter for the order's marketplace: its tracking could never be pushed),
   * `price-changed` (the dropshipper's price guard: a distributor's real-time price exceeds the
   * planned cost by more than the tolerance; only the planned PO it names is held).
   */
  readonly code: 'below-minimum-profit' | 'marketplace-adapter-missing' | 'price-changed';
  /** What happened, for people. */
  readonly message: string;
  /** The planned PO number the hold is about, when it holds one PO only (`price-changed`). */
  readonly poNumber?: string;
}

/**
 * Offers a plan must not use (re-routing after a distributor refused lines): a distributor, or
 * one warehouse of it, for some lines or for every line.
 */
export interface PlanExclusion {
  /** Distributor id. */
  readonly distributor: string;
  /** Only this warehouse of the distributor (absent: every warehouse). */
  readonly warehouse?: string;
  /** Only for these order line ids (absent: every line). */
  readonly lineIds?: readonly string[];
}

/**
 * What routing would do with a sales order: the POs it would place (one per distributor), the
 * shelf stock it would use, the lines it cannot place and why, and the estimated profit. A dry
 * run: nothing is placed.
 */
export interface OrderPlan {
  /** `<marketplace>:<marketplaceOrderId>`. */
  readonly salesOrderId: string;
  /** Marketplace id. */
  readonly marketplace: string;
  /** The order's currency. */
  readonly currency: string;
  /** POs grouped by distributor, in the order their first line appears. */
  readonly purchaseOrders: readonly PlannedPurchaseOrder[];
  /** Units taken from shelf stock. */
  readonly shelfAllocations: readonly ShelfAllocation[];
  /** Lines not placed, with reasons. */
  readonly unplaced: readonly UnplacedLine[];
  /** True when every line is placed. */
  readonly complete: boolean;
  /** Estimated profit over what is placed. */
  readonly profit: ProfitEstimate;
  /** Reasons to hold the order for review (empty when none). */
  readonly holds: readonly PlanHold[];
}
