import { z } from 'zod';
import { parseWith } from './parse.js';
import { requiredTextSchema, TEXT_LIMITS, trimmedTextSchema } from './text.js';

const line = requiredTextSchema(TEXT_LIMITS.addressLine);
const optionalLine = trimmedTextSchema(TEXT_LIMITS.addressLine);

/**
 * A postal address that a distributor ships to (the buyer's ship-to). Every field is bounded
 * (see `TEXT_LIMITS`: names 200, lines 200, phone 50, email 254) and holds storable text.
 */
export const addressSchema = z.object({
  /** Recipient name. */
  name: requiredTextSchema(TEXT_LIMITS.name),
  company: trimmedTextSchema(TEXT_LIMITS.name).optional(),
  address1: line,
  address2: optionalLine.optional(),
  address3: optionalLine.optional(),
  city: line,
  /** State or region code, for example `CA`. */
  region: line,
  postalCode: line,
  /** ISO 3166-1 alpha-2 country code, for example `US`. */
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as US'),
  phone: trimmedTextSchema(TEXT_LIMITS.phone).optional(),
  email: z.email('must be an email address').max(TEXT_LIMITS.email).optional(),
});

/** A postal address that a distributor ships to. */
export type Address = z.infer<typeof addressSchema>;

/**
 * Validates an address.
 *
 * @throws {@link ValidationError} listing every problem with its path.
 */
export function parseAddress(input: unknown): Address {
  return parseWith(addressSchema, input, 'address');
}
