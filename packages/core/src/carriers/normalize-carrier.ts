import type { CarrierCode } from '../model/carrier.js';

/**
 * Words and codes distributors use for carriers, upper-cased, mapped to the canonical code.
 * Order matters: more specific patterns first (`FEDEX SMARTPOST` before `FEDEX`).
 */
const patterns: ReadonlyArray<readonly [RegExp, CarrierCode]> = [
  [/\bDHL\s*(E-?COMMERCE|GLOBAL\s*MAIL)\b/, 'dhl-ecommerce'],
  [/\bDHL\b/, 'dhl'],
  [/\bON\s*TRAC\b|\bONTRACK?\b|^CO5$/, 'ontrac'],
  [/\bLASER\s*SHIP\b/, 'lasership'],
  // LSO is Lone Star Overnight, a different carrier (Walmart lists LS = LaserShip and LSO apart): it stays `other`.
  [/\bCANADA\s*POST\b/, 'canada-post'],
  [/\bPUROLATOR\b/, 'purolator'],
  [/\bAMAZON\b|\bAMZL\b/, 'amazon'],
  [/\bUPS\b|^UP[0-9A-Z]{1,3}$|^UG$|^UPS[A-Z0-9]*$/, 'ups'],
  [/\bFED\s*EX\b|\bFDX[A-Z]?\b|^FE[0-9A-Z]{1,3}$|^FX[A-Z0-9]*$/, 'fedex'],
  [/\bUSPS\b|\bU\.?S\.?\s*POSTAL\b|\bPRIORITY\s*MAIL\b|\bPARCEL\s*POST\b|^US[0-9][A-Z]$/, 'usps'],
];

/**
 * Maps a carrier or ship-via text as a distributor reports it (`"UPS Ground"`, `"FDXG"`,
 * `"CO5"`, `"USPS Priority"`) to a canonical {@link CarrierCode}; `other` when unknown.
 * Distributor-specific codes that are not self-describing belong in the adapter.
 *
 * @param text - the distributor's carrier text.
 */
export function normalizeCarrier(text: string | undefined | null): CarrierCode {
  if (!text) return 'other';
  const upper = text.trim().toUpperCase();
  for (const [pattern, code] of patterns) {
    if (pattern.test(upper)) return code;
  }
  return 'other';
}

const trackingPages: Partial<Record<CarrierCode, string>> = {
  ups: 'https://www.ups.com/track?tracknum=%s',
  usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=%s',
  fedex: 'https://www.fedex.com/fedextrack/?trknbr=%s',
  dhl: 'https://www.dhl.com/en/express/tracking.html?AWB=%s',
  'dhl-ecommerce': 'https://webtrack.dhlecs.com/?trackingnumber=%s',
  ontrac: 'https://www.ontrac.com/tracking/?number=%s',
  lasership: 'https://www.lasership.com/track/%s',
  'canada-post': 'https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=%s',
  purolator: 'https://www.purolator.com/en/shipping/tracker?pin=%s',
};

/**
 * The public tracking page of a package, or undefined for `other` / `amazon` carriers.
 *
 * @param carrier - canonical carrier.
 * @param trackingNumber - the tracking number.
 */
export function trackingUrl(carrier: CarrierCode, trackingNumber: string): string | undefined {
  const page = trackingPages[carrier];
  return page ? page.replace('%s', encodeURIComponent(trackingNumber.replace(/\s+/g, ''))) : undefined;
}

/** Human-readable carrier names, for emails and marketplaces that take a display name. */
export const carrierDisplayNames: Readonly<Record<CarrierCode, string>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL Express',
  'dhl-ecommerce': 'DHL eCommerce',
  ontrac: 'OnTrac',
  lasership: 'LaserShip',
  'canada-post': 'Canada Post',
  purolator: 'Purolator',
  amazon: 'Amazon Logistics',
  other: 'Other',
};
