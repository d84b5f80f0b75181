import { z } from 'zod';

/**
 * The canonical carriers the SDK knows. Each marketplace adapter maps these to its own codes;
 * anything else is `other` with the carrier's name and a tracking URL.
 */
export const carrierCodes = [
  'ups',
  'usps',
  'fedex',
  'dhl',
  'dhl-ecommerce',
  'ontrac',
  'lasership',
  'canada-post',
  'purolator',
  'amazon',
  'other',
] as const;

/** A canonical carrier code. */
export type CarrierCode = (typeof carrierCodes)[number];

/** Schema of a canonical carrier code. */
export const carrierCodeSchema = z.enum(carrierCodes);
