import { z } from 'zod';
import type { RejectionReason } from '../../errors/order-rejected-error.js';
import { rejectionReasons } from '../../model/purchase-order-rejection.js';

/** The reasons re-routed by default: the part or the address problem is the distributor's, not the order's. */
export const defaultRerouteReasons: readonly RejectionReason[] = Object.freeze([
  'out-of-stock',
  'discontinued',
  'not-drop-shippable',
  'address-refused',
]);

/** How long refused (and buyer-cancelled) POs are looked at again by tracking sync by default, ms (14 days). */
export const defaultLateShipmentWatchMs = 14 * 86_400_000;

/** Longest late-shipment watch, ms (90 days). */
export const maxLateShipmentWatchMs = 90 * 86_400_000;

/**
 * The `reroute` option of `createDropshipper`: when a distributor refuses a PO or some of its
 * lines (at submission, or later on its side), the lines are planned again without it and placed
 * on a new PO number, within these limits; otherwise they are held with the reason.
 */
export interface RerouteOptions {
  /** Most re-routes of one line (a re-routed PO refused again counts one more). Default 2; 0 holds every refusal. */
  maxReroutes?: number;
  /** Most extra unit cost of the new plan over the refused PO's, in percent (default: no limit). */
  maxExtraCostPercent?: number;
  /** Least estimated profit of the re-routed lines, minor units (default: no limit). */
  minimumProfit?: number;
  /** Reasons re-routed (default `out-of-stock`, `discontinued`, `not-drop-shippable`, `address-refused`). */
  reasons?: readonly RejectionReason[];
  /**
   * How long a PO its distributor rejected or cancelled on its side is still asked about, ms, so
   * that a package it ships anyway is recorded, pushed and flagged `shipped-after-rejection`.
   * Default 14 days.
   */
  lateShipmentWatchMs?: number;
}

/**
 * The `priceGuard` option of `createDropshipper`: a planned PO whose distributor answers a
 * real-time unit price (`StockLevel.unitCost`) above the planned cost by more than
 * `tolerancePercent` is not placed blind: `hold` keeps it for a person (the order's result says
 * why), `reroute` plans its lines again without that distributor (reason `price-changed`).
 */
export interface PriceGuardOptions {
  /** Allowed rise over the planned unit cost, in percent (0 to 1000). */
  tolerancePercent: number;
  /** What to do with a PO over the tolerance. */
  action: 'hold' | 'reroute';
  /**
   * Also ask distributors whose API checks an order without placing it
   * (`capabilities.validateOnly`) for their prices while planning: one validate-only submit per
   * planned PO (`SubmitOrderResult.lines[].unitCost`). Default false.
   */
  validateOnly?: boolean;
}

/** The re-route policy with its defaults applied. */
export interface ReroutePolicy {
  /** See {@link RerouteOptions.maxReroutes}. */
  readonly maxReroutes: number;
  /** See {@link RerouteOptions.maxExtraCostPercent}. */
  readonly maxExtraCostPercent: number | undefined;
  /** See {@link RerouteOptions.minimumProfit}. */
  readonly minimumProfit: number | undefined;
  /** See {@link RerouteOptions.reasons}. */
  readonly reasons: ReadonlySet<RejectionReason>;
  /** See {@link RerouteOptions.lateShipmentWatchMs}. */
  readonly lateShipmentWatchMs: number;
}

const minorUnits = z
  .number({ error: 'must be a whole number of minor units' })
  .int('must be a whole number of minor units')
  .min(Number.MIN_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER);
const objectError = {
  error: (issue: { code: string }) => (issue.code === 'invalid_type' ? 'must be an object' : undefined),
};

/** Schema of {@link RerouteOptions} (unknown keys refused). */
export const rerouteOptionsSchema = z.strictObject(
  {
    maxReroutes: z.number().int('must be a whole number from 0 to 10').min(0).max(10).optional(),
    maxExtraCostPercent: z.number().min(0, 'must be a percentage, at least 0').max(10_000).optional(),
    minimumProfit: minorUnits.optional(),
    reasons: z.array(z.enum(rejectionReasons)).max(rejectionReasons.length).optional(),
    lateShipmentWatchMs: z.number().int().min(0).max(maxLateShipmentWatchMs).optional(),
  },
  objectError,
);

/** Schema of {@link PriceGuardOptions} (unknown keys refused). */
export const priceGuardOptionsSchema = z.strictObject(
  {
    tolerancePercent: z.number().min(0, 'must be a percentage from 0 to 1000').max(1_000),
    action: z.enum(['hold', 'reroute'], { error: "must be 'hold' or 'reroute'" }),
    validateOnly: z.boolean().optional(),
  },
  objectError,
);

/**
 * The re-route policy of checked options (undefined when the `reroute` option is absent: refused
 * lines then wait for the next `dropship` of the order).
 *
 * @param options - the `reroute` option, already checked by the options schema.
 */
export function reroutePolicyOf(options: RerouteOptions | undefined): ReroutePolicy | undefined {
  if (options === undefined) return undefined;
  return {
    maxReroutes: options.maxReroutes ?? 2,
    maxExtraCostPercent: options.maxExtraCostPercent,
    minimumProfit: options.minimumProfit,
    reasons: new Set(options.reasons ?? defaultRerouteReasons),
    lateShipmentWatchMs: options.lateShipmentWatchMs ?? defaultLateShipmentWatchMs,
  };
}
