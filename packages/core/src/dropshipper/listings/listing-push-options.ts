import { z } from 'zod';
import { type ListingDefaults, listingDefaultsSchema } from '../../listings/listing.js';

/** Most updates in flight per marketplace (batches sent at once). */
export const maxInFlightPerMarketplace = 64;

/**
 * The `listingPush` option of `createDropshipper` (strict keys): how listings' quantities and
 * prices are pushed to the marketplaces.
 */
export const listingPushOptionsSchema = z.strictObject(
  {
    /** Listing defaults: safety buffer, cap, fee per line (see `listingDefaultsSchema`). */
    defaults: listingDefaultsSchema.optional(),
    /** Send prices as well as quantities. Default true. */
    pushPrices: z.boolean({ error: 'must be true or false' }).optional(),
    /** Batches (of `batchSize` updates each) in flight at once per marketplace. Default 1. */
    maxInFlightPerMarketplace: z
      .number({ error: 'must be a whole number, at least 1' })
      .int('must be a whole number, at least 1')
      .min(1, 'must be a whole number, at least 1')
      .max(maxInFlightPerMarketplace, `must be at most ${maxInFlightPerMarketplace}`)
      .optional(),
    /** How long after a pending update was sent a pass asks the marketplace about it, ms. Default 0 (every pass). */
    confirmAfterMs: z
      .number({ error: 'must be a whole number of ms, at least 0' })
      .int('must be a whole number of ms, at least 0')
      .min(0, 'must be a whole number of ms, at least 0')
      .max(86_400_000, 'must be at most 86400000 (a day)')
      .optional(),
    /**
     * Asynchronous marketplaces (Amazon, Walmart feeds): how long after an update whose outcome was
     * never recorded a read-back that does not show it still waits (the marketplace may not have
     * processed it yet) before the update is sent again, ms. Default 900,000 (15 minutes).
     */
    asynchronousSettleMs: z
      .number({ error: 'must be a whole number of ms, at least 0' })
      .int('must be a whole number of ms, at least 0')
      .min(0, 'must be a whole number of ms, at least 0')
      .max(86_400_000, 'must be at most 86400000 (a day)')
      .optional(),
    /**
     * How long an update recorded `sending` by another worker (or a process that stopped) is left
     * to it before it is read back and, if not applied, sent again, ms. Default 120,000 (2 minutes;
     * longer than a push call can take).
     */
    sendingLeaseMs: z
      .number({ error: 'must be a whole number of ms, at least 0' })
      .int('must be a whole number of ms, at least 0')
      .min(0, 'must be a whole number of ms, at least 0')
      .max(86_400_000, 'must be at most 86400000 (a day)')
      .optional(),
    /** Push the listings an imported order's reservations concern, after each import. Default true. */
    afterImport: z.boolean({ error: 'must be true or false' }).optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object' : undefined) },
);

/** The `listingPush` option of `createDropshipper`, as a user writes it. */
export type ListingPushOptions = z.input<typeof listingPushOptionsSchema>;

/** The `listingPush` option, validated, defaults applied. */
export interface ListingPushSettings {
  readonly defaults: ListingDefaults;
  readonly pushPrices: boolean;
  readonly maxInFlightPerMarketplace: number;
  readonly confirmAfterMs: number;
  readonly asynchronousSettleMs: number;
  readonly sendingLeaseMs: number;
  readonly afterImport: boolean;
}

/**
 * The settings of the push step from the (already validated) `listingPush` option.
 *
 * @param options - the option as given (validated with the other options of `createDropshipper`).
 */
export function listingPushSettings(options: ListingPushOptions | undefined): ListingPushSettings {
  const parsed = listingPushOptionsSchema.parse(options ?? {});
  return {
    defaults: parsed.defaults ?? listingDefaultsSchema.parse({}),
    pushPrices: parsed.pushPrices ?? true,
    maxInFlightPerMarketplace: parsed.maxInFlightPerMarketplace ?? 1,
    confirmAfterMs: parsed.confirmAfterMs ?? 0,
    asynchronousSettleMs: parsed.asynchronousSettleMs ?? 900_000,
    sendingLeaseMs: parsed.sendingLeaseMs ?? 120_000,
    afterImport: parsed.afterImport ?? true,
  };
}
