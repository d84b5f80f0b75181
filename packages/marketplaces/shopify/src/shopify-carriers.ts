import { type CarrierCode, trackingUrl } from '@dropship/core';

/**
 * Tracking company names Shopify recognises (case-sensitive), from the "Supported tracking
 * companies" list of `FulfillmentTrackingInfo` (research/marketplace-apis.md §4.4). The first
 * group is the docs excerpt; the second is seen in public third-party client code. Shopify
 * accepts any other name but builds no tracking link for it, so a URL must be sent too.
 */
export const shopifyTrackingCompanies = [
  // docs excerpt (§4.4)
  '4PX',
  'AGS',
  'Amazon',
  'Amazon Logistics UK',
  'An Post',
  'Anjun Logistics',
  'APC',
  'Asendia USA',
  'Australia Post',
  'Canada Post',
  'Canpar',
  'China Post',
  'DHL eCommerce',
  'DHL eCommerce Asia',
  'DHL Express',
  'DPD',
  'DPD Local',
  'DPD UK',
  'Evri',
  // third-party client code (§4.4)
  'UPS',
  'UPS Canada',
  'USPS',
  'FedEx',
  'OnTrac',
  'LaserShip',
  'Royal Mail',
  'Purolator',
  'YunExpress',
  'GLS US',
] as const;

/** A tracking company name Shopify recognises. */
export type ShopifyTrackingCompany = (typeof shopifyTrackingCompanies)[number];

/**
 * Canonical carrier → Shopify tracking company. Canonical carriers missing here (`other`, and any
 * code core adds later) are sent with the distributor's carrier name and a tracking URL.
 */
export const shopifyCompanyByCode: Readonly<Partial<Record<CarrierCode, ShopifyTrackingCompany>>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL Express',
  'dhl-ecommerce': 'DHL eCommerce',
  ontrac: 'OnTrac',
  lasership: 'LaserShip',
  'canada-post': 'Canada Post',
  purolator: 'Purolator',
  amazon: 'Amazon',
};

const companyByUpperCase = new Map<string, ShopifyTrackingCompany>(
  shopifyTrackingCompanies.map((name) => [name.toUpperCase(), name]),
);

/** Shopify's `FulfillmentTrackingInput` for one package. */
export interface ShopifyTrackingInput {
  /** Exact Shopify company name, or the carrier's own name when Shopify does not know it. */
  company: string;
  number: string;
  /** Sent when Shopify does not know the company (it builds no link then). */
  url?: string;
}

/** Shopify's tracking input for a shipment, and whether Shopify knows the company. */
export interface ShopifyTrackingChoice {
  trackingInfo: ShopifyTrackingInput;
  /** True when `company` is one of {@link shopifyTrackingCompanies}. */
  knownCompany: boolean;
}

/**
 * Picks the tracking company for a shipment: the exact Shopify name for a canonical carrier; for
 * `other`, a Shopify name matching the distributor's carrier name (ignoring case); otherwise the
 * carrier's name with a tracking URL (the shipment's, else the carrier's public page). Known
 * companies get no URL: Shopify builds it. Pure.
 *
 * @param shipment - the canonical carrier, the reported name, the tracking number and URL.
 */
export function toShopifyTrackingInfo(shipment: {
  carrier: CarrierCode;
  carrierName?: string | undefined;
  trackingNumber: string;
  trackingUrl?: string | undefined;
}): ShopifyTrackingChoice {
  const number = shipment.trackingNumber.replace(/\s+/g, '');
  const named = shipment.carrierName?.trim();
  const known =
    shopifyCompanyByCode[shipment.carrier] ??
    (shipment.carrier === 'other' && named ? companyByUpperCase.get(named.toUpperCase()) : undefined);
  if (known) return { trackingInfo: { company: known, number }, knownCompany: true };
  const url = shipment.trackingUrl ?? trackingUrl(shipment.carrier, number);
  const company = named && named.length > 0 ? named : 'Other';
  return { trackingInfo: { company, number, ...(url ? { url } : {}) }, knownCompany: false };
}
