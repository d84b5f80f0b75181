import { z } from 'zod';

/** The `ConfirmShipmentRequest` body (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). */
export interface AmazonConfirmShipmentRequest {
  /** Marketplace id, for example `ATVPDKIKX0DER` (US). */
  marketplaceId: string;
  packageDetail: {
    /** Positive numeric string; the same id edits the package (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). */
    packageReferenceId: string;
    carrierCode: string;
    /** Required when `carrierCode` is `Other`. */
    carrierName?: string;
    trackingNumber: string;
    /** ISO 8601 date-time. */
    shipDate: string;
    orderItems: { orderItemId: string; quantity: number }[];
  };
}

/** One entry of the SP-API error body `{ errors: [{ code, message, details? }] }` (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). */
export const amazonErrorSchema = z.object({
  code: z.string(),
  message: z.string().optional(),
  details: z.string().optional(),
});

/** One SP-API error. */
export type AmazonError = z.infer<typeof amazonErrorSchema>;

/** The SP-API error body (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). */
export const amazonErrorBodySchema = z.object({ errors: z.array(amazonErrorSchema).min(1) });

/**
 * Longest access token accepted, in characters. LWA access tokens are a few hundred characters
 * (`Atza|...`); the limit is modelled, generous, and keeps an unbounded value out of the cache.
 */
export const LWA_ACCESS_TOKEN_MAX_LENGTH = 4_096;

/**
 * The characters an access token may hold: visible ASCII (no space, no control character, nothing
 * outside ASCII), so it can travel in the `x-amz-access-token` header unchanged.
 */
export const accessTokenPattern = /^[\x21-\x7E]+$/;

/**
 * The LWA token response: `access_token` and `expires_in` seconds are what the adapter needs.
 * The token is validated before it is cached (its characters and length): a token with one bad
 * byte would fail every call until it expired.
 */
export const lwaTokenResponseSchema = z.object({
  access_token: z
    .string()
    .min(1)
    .max(LWA_ACCESS_TOKEN_MAX_LENGTH, `must be at most ${LWA_ACCESS_TOKEN_MAX_LENGTH} characters`)
    .regex(accessTokenPattern, 'must hold visible ASCII characters only (no space or control character)'),
  token_type: z.string().optional(),
  // At most a year: a longer lifetime is not a real token's.
  expires_in: z.number().positive().max(31_536_000),
});

/** The LWA token response. */
export type LwaTokenResponse = z.infer<typeof lwaTokenResponseSchema>;

/** SP-API production hosts per region (https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api). */
export const amazonRegionHosts = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
} as const;

/** An SP-API region. */
export type AmazonRegion = keyof typeof amazonRegionHosts;
