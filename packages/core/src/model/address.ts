import { z } from 'zod';
import { parseWith } from './parse.js';

const text = z.string().trim().min(1, 'must not be empty');

/** A postal address that a distributor ships to (the buyer's ship-to). */
export const addressSchema = z.object({
  /** Recipient name. */
  name: text,
  company: z.string().trim().optional(),
  address1: text,
  address2: z.string().trim().optional(),
  address3: z.string().trim().optional(),
  city: text,
  /** State or region code, for example `CA`. */
  region: text,
  postalCode: text,
  /** ISO 3166-1 alpha-2 country code, for example `US`. */
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as US'),
  phone: z.string().trim().optional(),
  email: z.email('must be an email address').optional(),
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
