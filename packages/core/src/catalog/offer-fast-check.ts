import { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';
import { type Offer, type OfferInput, offerSchema } from '../model/offer.js';
import { toValidationIssues } from '../model/parse.js';

const currencyPattern = /^[A-Z]{3}$/;
const upcPattern = /^\d{8,14}$/;
const dateTimeSchema = z.iso.datetime({ offset: true });

const checkedInstants = new Set<string>();

/** Feeds repeat the same few timestamps: validate each distinct one with the schema once. */
function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (checkedInstants.has(value)) return true;
  if (!dateTimeSchema.safeParse(value).success) return false;
  if (checkedInstants.size >= 10_000) checkedInstants.clear();
  checkedInstants.add(value);
  return true;
}

function isMinorUnits(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isOptional(value: unknown, test: (value: unknown) => boolean, required: boolean): boolean {
  return value === undefined ? !required : test(value);
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

function isWholeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * True when `value` is an offer the schema accepts unchanged. With `complete`, every field that
 * has a default must be present too (the value is then a full {@link Offer}); without it,
 * defaulted fields may be missing (an {@link OfferInput}). A strict subset of `offerSchema`.
 *
 * @internal
 */
export function isWellFormedOffer(value: unknown, complete: boolean): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const offer = value as Record<string, unknown>;
  if (
    !isNonEmptyString(offer.distributor) ||
    !isNonEmptyString(offer.sku) ||
    !(typeof offer.currency === 'string' && currencyPattern.test(offer.currency)) ||
    !isMinorUnits(offer.cost) ||
    !isOptional(offer.brand, isNonEmptyString, false) ||
    !isOptional(offer.mpn, isNonEmptyString, false) ||
    !isOptional(offer.upc, (upc) => typeof upc === 'string' && upcPattern.test(upc), false) ||
    !isOptional(offer.title, (title) => typeof title === 'string', false) ||
    !isOptional(offer.dropShipFee, isMinorUnits, complete) ||
    !isOptional(offer.estimatedShipping, isMinorUnits, complete) ||
    !isOptional(offer.mapPrice, isMinorUnits, false) ||
    !isOptional(offer.dropShipEligible, isBoolean, complete) ||
    !isOptional(offer.discontinued, isBoolean, complete) ||
    !isOptional(offer.hazardous, isBoolean, complete) ||
    !isOptional(offer.truckOnly, isBoolean, complete) ||
    !isOptional(offer.expiresAt, isInstant, false) ||
    !isOptional(offer.updatedAt, isInstant, false)
  ) {
    return false;
  }
  const stock = offer.stock;
  if (stock === undefined) return !complete;
  if (!Array.isArray(stock)) return false;
  for (let index = 0; index < stock.length; index++) {
    const row: unknown = stock[index];
    if (typeof row !== 'object' || row === null) return false;
    const entry = row as Record<string, unknown>;
    if (
      !isNonEmptyString(entry.warehouse) ||
      !isWholeNumber(entry.quantity) ||
      !isOptional(entry.leadTimeDays, isWholeNumber, complete) ||
      !isOptional(entry.isFloor, isBoolean, complete)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Validates an offer, fast when it is already well formed, through the schema otherwise. Issue
 * paths are prefixed with `path` (for example `offers.12`).
 *
 * @internal
 */
export function toValidOffer(value: unknown, path: string, subject = 'offers'): Offer {
  if (isWellFormedOffer(value, true)) return value as Offer;
  const result = offerSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    subject,
    toValidationIssues(result.error).map((issue) => ({
      path: issue.path === '' ? path : `${path}.${issue.path}`,
      message: issue.message,
    })),
  );
}

/**
 * Validates an offer as a writer gives it (defaults may be missing): returns it unchanged when
 * well formed, the schema's normalised copy otherwise; throws with prefixed paths.
 *
 * @internal
 */
export function toOfferInput(value: unknown, path: string, subject = 'offers'): OfferInput {
  if (isWellFormedOffer(value, false)) return value as OfferInput;
  return toValidOffer(value, path, subject);
}
