import { z } from 'zod';
import { requiredTextSchema, TEXT_LIMITS } from './text.js';

/**
 * What identifies a product across distributors, for SKU swapping: brand + manufacturer part
 * number, and/or UPC. Two offers with the same brand + MPN, or the same UPC, are the same
 * product.
 */
export const productIdentitySchema = z
  .object({
    brand: requiredTextSchema(TEXT_LIMITS.name).optional(),
    /** Manufacturer (vendor) part number. */
    mpn: requiredTextSchema(TEXT_LIMITS.code).optional(),
    /** UPC or EAN (digits only once normalised). */
    upc: z
      .string()
      .trim()
      .regex(/^\d{8,14}$/, 'must be 8 to 14 digits')
      .optional(),
  })
  .refine((value) => value.upc !== undefined || (value.brand !== undefined && value.mpn !== undefined), {
    message: 'needs brand + mpn, or upc',
  });

/** What identifies a product across distributors. */
export type ProductIdentity = z.infer<typeof productIdentitySchema>;

function normalisePart(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * The normalised lookup keys of a product: `bm:<BRAND>:<MPN>` (letters and digits only,
 * upper case) and `upc:<digits without leading zeros>`. Offers sharing any key are the same
 * product.
 *
 * @param identity - brand + MPN and/or UPC.
 */
export function productKeys(identity: {
  brand?: string | undefined;
  mpn?: string | undefined;
  upc?: string | undefined;
}): string[] {
  const keys: string[] = [];
  if (identity.brand && identity.mpn) {
    keys.push(`bm:${normalisePart(identity.brand)}:${normalisePart(identity.mpn)}`);
  }
  if (identity.upc) {
    const digits = identity.upc.replace(/\D/g, '').replace(/^0+/, '');
    if (digits.length > 0) keys.push(`upc:${digits}`);
  }
  return keys;
}
