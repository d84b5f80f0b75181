import { z } from 'zod';
import { parseWith } from '../model/parse.js';

/** Options of {@link purchaseOrderNumber}. */
export interface PurchaseOrderNumberOptions {
  /** Readable prefix, 1 to 5 characters of A-Z and 0-9. Default `DS`. */
  prefix?: string;
  /**
   * Attempt number, for placing a new PO for the same order and distributor after the first one
   * was rejected or cancelled (distributors may refuse a reused PO number). Default 0: the
   * first attempt; every attempt gives a different number.
   */
  attempt?: number;
}

/** Longest PO number {@link purchaseOrderNumber} returns (Parts Unlimited accepts 20, Automatic 22). */
export const MAX_PURCHASE_ORDER_NUMBER_LENGTH = 20;

const prefixPattern = /^[A-Z0-9]{1,5}$/;

/**
 * Two independent 32-bit lanes (MurmurHash3-style mixing over UTF-16 code units), 64 bits in
 * all. Not cryptographic: it spreads sales-order ids evenly so that two orders practically never
 * share a number (the chance of any collision among a million POs is about 3 in 100 million; a
 * store rejects a duplicate PO number, so a collision is caught, never shipped).
 */
function hash64(text: string, high: Uint32Array): number {
  let lane1 = 0x9e3779b9 ^ text.length;
  let lane2 = 0x85ebca6b ^ Math.imul(text.length, 0xc2b2ae35);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    lane1 = Math.imul(lane1 ^ code, 0xcc9e2d51);
    lane1 = (lane1 << 15) | (lane1 >>> 17);
    lane1 = Math.imul(lane1, 0x1b873593);
    lane2 = Math.imul(lane2 ^ code, 0x27d4eb2f);
    lane2 = (lane2 << 13) | (lane2 >>> 19);
    lane2 = Math.imul(lane2, 0x165667b1) ^ lane1;
  }
  // Final avalanche of each lane, cross-mixed.
  lane1 ^= lane2 >>> 16;
  lane1 = Math.imul(lane1 ^ (lane1 >>> 16), 0x85ebca6b);
  lane1 = Math.imul(lane1 ^ (lane1 >>> 13), 0xc2b2ae35);
  lane1 ^= lane1 >>> 16;
  lane2 ^= lane1;
  lane2 = Math.imul(lane2 ^ (lane2 >>> 15), 0x2c1b3c6d);
  lane2 = Math.imul(lane2 ^ (lane2 >>> 12), 0x297a2d39);
  lane2 ^= lane2 >>> 15;
  high[0] = lane2;
  return lane1 >>> 0;
}

const highScratch = new Uint32Array(1);
const base36Codes = Uint8Array.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', (character) => character.charCodeAt(0));

/** Seven upper-case base-36 digits of a 32-bit value (36^7 > 2^32), zero-padded. */
function base36Padded(value: number): string {
  let rest = value >>> 0;
  const d0 = rest % 36;
  rest = (rest - d0) / 36;
  const d1 = rest % 36;
  rest = (rest - d1) / 36;
  const d2 = rest % 36;
  rest = (rest - d2) / 36;
  const d3 = rest % 36;
  rest = (rest - d3) / 36;
  const d4 = rest % 36;
  rest = (rest - d4) / 36;
  const d5 = rest % 36;
  const d6 = (rest - d5) / 36;
  const codes = base36Codes;
  return String.fromCharCode(
    codes[d6] as number,
    codes[d5] as number,
    codes[d4] as number,
    codes[d3] as number,
    codes[d2] as number,
    codes[d1] as number,
    codes[d0] as number,
  );
}

/** The prefix rule of PO numbers: 1 to 5 characters of A-Z and 0-9. */
export const purchaseOrderPrefixSchema = z.string().regex(prefixPattern, 'must be 1 to 5 characters of A-Z and 0-9');

/** Options of {@link createPurchaseOrderNumbering}. */
export interface PurchaseOrderNumberingOptions {
  /** Readable prefix, 1 to 5 characters of A-Z and 0-9. Default `DS`. */
  prefix?: string;
}

const numberingOptionsSchema = z.strictObject({ prefix: purchaseOrderPrefixSchema.optional() });

const numberArgumentsSchema = z.strictObject({
  salesOrderId: z.string().min(1, 'must be a non-empty string'),
  distributor: z.string().min(1, 'must be a non-empty string'),
  attempt: z
    .number()
    .int('must be a whole number, at least 0')
    .min(0, 'must be a whole number, at least 0')
    .max(Number.MAX_SAFE_INTEGER),
});

/**
 * The one home of PO numbers: the planner numbers a first PO with it, placement numbers every
 * retry with it, so both use the same prefix. Build it once with
 * {@link createPurchaseOrderNumbering}.
 */
export interface PurchaseOrderNumbering {
  /** The prefix every number starts with (before the `-`). */
  readonly prefix: string;
  /**
   * The deterministic PO number of a sales order at a distributor: `<prefix>-` followed by 14
   * base-36 characters of a 64-bit hash of the sales order id, the distributor and the attempt.
   * ASCII `A-Z`, `0-9` and `-` only, at most 20 characters (`DS-` + 14 = 17 by default), so it
   * fits every distributor's limit. The same inputs always give the same number, which is what
   * makes submission idempotent; different sales orders get different numbers, so a PO never
   * mixes two orders.
   *
   * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
   * @param distributor - the distributor id.
   * @param attempt - 0 for the first PO; 1, 2, ... for a new PO for the same order and
   *   distributor after an earlier one was rejected or cancelled (distributors may refuse a
   *   reused PO number). Default 0.
   * @throws {@link ValidationError} when an argument is malformed.
   */
  numberFor(salesOrderId: string, distributor: string, attempt?: number): string;
}

/**
 * Creates the {@link PurchaseOrderNumbering} for a prefix. Numbers are byte-identical to
 * {@link purchaseOrderNumber}'s for the same inputs (they are stored, so they never change).
 *
 * @param options - `{ prefix }`; default prefix `DS`.
 * @throws {@link ValidationError} when the prefix is malformed or an option is unknown.
 *
 * @example
 * ```ts
 * const numbering = createPurchaseOrderNumbering({ prefix: 'ACME' });
 * numbering.numberFor('ebay:12-34567-89012', 'wps'); // 'ACME-' + 14 characters
 * numbering.numberFor('ebay:12-34567-89012', 'wps', 1); // the retry's number
 * ```
 */
export function createPurchaseOrderNumbering(options: PurchaseOrderNumberingOptions = {}): PurchaseOrderNumbering {
  const prefix = parseWith(numberingOptionsSchema, options, 'purchase order numbering options').prefix ?? 'DS';
  return Object.freeze({
    prefix,
    numberFor(salesOrderId: string, distributor: string, attempt = 0): string {
      const valid = parseWith(numberArgumentsSchema, { salesOrderId, distributor, attempt }, 'purchase order number');
      return formatPurchaseOrderNumber(valid.salesOrderId, valid.distributor, prefix, valid.attempt);
    },
  });
}

const defaultNumbering = createPurchaseOrderNumbering();

/**
 * The deterministic PO number of a sales order at a distributor (see
 * {@link PurchaseOrderNumbering.numberFor}); a shorthand for
 * `createPurchaseOrderNumbering({ prefix }).numberFor(salesOrderId, distributor, attempt)`.
 *
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 * @param distributor - the distributor id.
 * @param options - prefix and attempt.
 * @throws {@link ValidationError} when an argument is malformed.
 */
export function purchaseOrderNumber(
  salesOrderId: string,
  distributor: string,
  options?: PurchaseOrderNumberOptions,
): string {
  const numbering =
    options?.prefix === undefined ? defaultNumbering : createPurchaseOrderNumbering({ prefix: options.prefix });
  return numbering.numberFor(salesOrderId, distributor, options?.attempt ?? 0);
}

/**
 * {@link purchaseOrderNumber} on arguments already known to be valid (routing's hot path).
 *
 * @internal
 */
export function formatPurchaseOrderNumber(
  salesOrderId: string,
  distributor: string,
  prefix: string,
  attempt: number,
): string {
  const key =
    attempt === 0 ? `${salesOrderId}\u0000${distributor}` : `${salesOrderId}\u0000${distributor}\u0000${attempt}`;
  const low = hash64(key, highScratch);
  return `${prefix}-${base36Padded(highScratch[0] as number)}${base36Padded(low)}`;
}
