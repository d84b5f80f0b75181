import type { Offer } from '../model/offer.js';
import type { OrderLine } from '../model/sales-order.js';
import type { CompiledInventoryRules } from './compile-inventory-rules.js';

/** The stable codes of the built-in eligibility checks. Custom checks use their own codes. */
export type EligibilityReasonCode =
  | 'distributor-excluded'
  | 'shelf-stock-disabled'
  | 'currency-mismatch'
  | 'not-drop-ship-eligible'
  | 'discontinued'
  | 'truck-only'
  | 'hazardous'
  | 'expired'
  | 'cutoff-price'
  | 'lead-time'
  | 'unknown-lead-time'
  | 'warehouse-excluded'
  | 'insufficient-stock';

/** Why an offer cannot be used for a line. */
export interface EligibilityReason {
  /** Stable machine-readable code (an {@link EligibilityReasonCode} for built-in checks). */
  readonly code: EligibilityReasonCode | (string & {});
  /** What is wrong, for people (no credentials, no internal ids). */
  readonly message: string;
  /** The warehouses concerned, for warehouse-level reasons. */
  readonly warehouses?: readonly string[];
}

/** Where the stock numbers of a warehouse came from. */
export type StockSource = 'catalog' | 'real-time';

/** A warehouse that can ship the line: within the lead time, not excluded, with units left. */
export interface UsableWarehouse {
  /** Distributor id of the offer. */
  readonly distributor: string;
  /** The distributor's SKU. */
  readonly sku: string;
  /** Warehouse code. */
  readonly warehouse: string;
  /** Units usable now: what the stock source reported minus what the ledger and the plan already took. */
  readonly available: number;
  /** Units the stock source reported. */
  readonly seen: number;
  /** Lead time in days after rules (a per-warehouse rule overrides the offer's; shelf stock is 0). */
  readonly leadTimeDays: number;
  /** True when the reported count is a floor ("that many or more"). */
  readonly isFloor: boolean;
  /** `real-time` when a real-time stock answer replaced the catalog's numbers. */
  readonly stockSource: StockSource;
}

/** A warehouse holding units that the rules do not allow to use. */
export interface BlockedWarehouse {
  /** Warehouse code. */
  readonly warehouse: string;
  /** Units it holds (after reservations). */
  readonly available: number;
  /** Lead time in days after rules; absent when unknown (`unknown-lead-time`). */
  readonly leadTimeDays?: number;
  /**
   * Why it is blocked: over the maximum lead time, excluded by a rule, or a warehouse the
   * catalog does not describe (its lead time is unknown: see `rules.unknownWarehouseLeadTimeDays`).
   */
  readonly reason: 'lead-time' | 'warehouse-excluded' | 'unknown-lead-time';
}

/** The stock picture of one offer for one line, after rules, real-time stock and reservations. */
export interface StockEvaluation {
  /** Warehouses that can ship now, best lead time first. */
  readonly usable: readonly UsableWarehouse[];
  /** Sum of `available` over `usable`. */
  readonly usableQuantity: number;
  /** Warehouses with units that the rules exclude (only filled when asked for explanations). */
  readonly blocked: readonly BlockedWarehouse[];
  /** Where the numbers came from. */
  readonly stockSource: StockSource;
  /** True when a real-time answer said the distributor does not know the SKU. */
  readonly notFound: boolean;
}

/** What every check sees. */
export interface OfferCheckContext {
  /** The order line being routed. */
  readonly line: OrderLine;
  /** Units needed (the line's quantity, or what is left of it). */
  readonly quantity: number;
  /** Compiled inventory rules. */
  readonly rules: CompiledInventoryRules;
  /** The instant to judge expiry against, in epoch milliseconds. */
  readonly nowMs: number;
  /** The sales order's currency, when known; offers in another currency are not eligible. */
  readonly currency: string | undefined;
}

/** What a stock check sees: the offer context plus the offer's stock evaluation. */
export interface StockCheckContext extends OfferCheckContext {
  /** The offer's stock after rules, real-time stock and reservations. */
  readonly stock: StockEvaluation;
}

/**
 * A named eligibility check: a small pure function returning a reason when the offer fails,
 * `undefined` when it passes. `offer` checks look at the offer and the line; `stock` checks
 * also see the stock evaluation.
 */
export type EligibilityCheck =
  | {
      /** Stable name (usually the reason code). */
      readonly name: string;
      /** Looks at the offer and the line only. */
      readonly kind: 'offer';
      /** Returns the failure reason, or undefined when the offer passes. */
      readonly check: (offer: Offer, context: OfferCheckContext) => EligibilityReason | undefined;
    }
  | {
      /** Stable name (usually the reason code). */
      readonly name: string;
      /** Looks at the stock evaluation too. */
      readonly kind: 'stock';
      /** Returns the failure reason, or undefined when the offer passes. */
      readonly check: (offer: Offer, context: StockCheckContext) => EligibilityReason | undefined;
    };

/** The verdict on one offer for one line. */
export interface EligibilityResult {
  /** True when no check failed. */
  readonly eligible: boolean;
  /** Every failing reason, in check order (empty when eligible). */
  readonly reasons: readonly EligibilityReason[];
  /** The warehouses that can ship the line now. */
  readonly warehouses: readonly UsableWarehouse[];
}
