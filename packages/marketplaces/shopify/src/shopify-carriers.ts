import { type CarrierCode, trackingUrl } from '@dropship/core';

/**
 * Tracking company names Shopify recognises (exact, case-sensitive) and builds tracking links for:
 * the "Supported tracking companies" list in the description of `FulfillmentTrackingInfo.company`
 * of the Admin GraphQL API, https://shopify.dev/docs/api/admin-graphql/2025-01/objects/FulfillmentTrackingInfo
 * (read in the 2025-01 introspection schema, Shopify/dev-mcp@714c83cc76f779038647a983cd4c99d0b9b9c38d:data/admin_schema_2025-01.json.gz).
 * The list is the one shown to shops in any country. Shopify accepts any other name but builds no tracking link for it, so a URL
 * must be sent too. Note Shopify's spelling `Lasership`.
 */
export const shopifyTrackingCompanies = [
  '4PX',
  'AGS',
  'Amazon',
  'Amazon Logistics UK',
  'An Post',
  'Anjun Logistics',
  'APC',
  'Asendia USA',
  'Australia Post',
  'Bonshaw',
  'BPost',
  'BPost International',
  'Canada Post',
  'Canpar',
  'CDL Last Mile',
  'China Post',
  'Chronopost',
  'Chukou1',
  'Colissimo',
  'Comingle',
  'Coordinadora',
  'Correios',
  'Correos',
  'CTT',
  'CTT Express',
  'Cyprus Post',
  'Delnext',
  'Deutsche Post',
  'DHL eCommerce',
  'DHL eCommerce Asia',
  'DHL Express',
  'DPD',
  'DPD Local',
  'DPD UK',
  'DTD Express',
  'DX',
  'Eagle',
  'Estes',
  'Evri',
  'FedEx',
  'First Global Logistics',
  'First Line',
  'FSC',
  'Fulfilla',
  'GLS',
  'Guangdong Weisuyi Information Technology (WSE)',
  'Heppner Internationale Spedition GmbH & Co.',
  'Iceland Post',
  'IDEX',
  'Israel Post',
  'Japan Post (EN)',
  'Japan Post (JA)',
  'La Poste',
  'Lasership',
  'Latvia Post',
  'Lietuvos Paštas',
  'Logisters',
  'Lone Star Overnight',
  'M3 Logistics',
  'Meteor Space',
  'Mondial Relay',
  'New Zealand Post',
  'NinjaVan',
  'North Russia Supply Chain (Shenzhen) Co.',
  'OnTrac',
  'Packeta',
  'Pago Logistics',
  'Ping An Da Tengfei Express',
  'Pitney Bowes',
  'Portal PostNord',
  'Poste Italiane',
  'PostNL',
  'PostNord DK',
  'PostNord NO',
  'PostNord SE',
  'Purolator',
  'Qxpress',
  'Qyun Express',
  'Royal Mail',
  'Royal Shipments',
  'Sagawa (EN)',
  'Sagawa (JA)',
  'Sendle',
  'SF Express',
  'SFC Fulfillment',
  'SHREE NANDAN COURIER',
  'Singapore Post',
  'Southwest Air Cargo',
  'StarTrack',
  'Step Forward Freight',
  'Swiss Post',
  'TForce Final Mile',
  'Tinghao',
  'TNT',
  'Toll IPEC',
  'United Delivery Service',
  'UPS',
  'USPS',
  'Venipak',
  'We Post',
  'Whistl',
  'Wizmo',
  'WMYC',
  'Xpedigo',
  'XPO Logistics',
  'Yamato (EN)',
  'Yamato (JA)',
  'YiFan Express',
  'YunExpress',
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
  lasership: 'Lasership',
  'canada-post': 'Canada Post',
  purolator: 'Purolator',
  amazon: 'Amazon',
};

/**
 * Carrier names distributors report that are not Shopify's spelling of a listed company: Shopify
 * lists neither `UPS Canada` nor `GLS US`, only `UPS` and `GLS`.
 */
const companyAliases: ReadonlyArray<readonly [string, ShopifyTrackingCompany]> = [
  ['UPS CANADA', 'UPS'],
  ['GLS US', 'GLS'],
  ['GLS USA', 'GLS'],
];

const companyByUpperCase = new Map<string, ShopifyTrackingCompany>([
  ...shopifyTrackingCompanies.map((name): [string, ShopifyTrackingCompany] => [name.toUpperCase(), name]),
  ...companyAliases,
]);

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
