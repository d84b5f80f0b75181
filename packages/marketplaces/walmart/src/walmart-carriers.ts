import { type CarrierCode, carrierDisplayNames, trackingUrl } from '@dropship/core';

/**
 * Every value Walmart accepts in `trackingInfo.carrierName.carrier`, exactly as spelled in the
 * Orders API spec (Ship order lines, https://developer.walmart.com/us-marketplace/reference/shippingupdates;
 * read in api-evangelist/walmart@6d1ee81dc6b93b30ce0c94f6a4630bb9b18d97d4:openapi/walmart-marketplace-orders-openapi-original.yml). "Incorrect or unsupported values will
 * cause your shipment update to fail": anything else must go as `otherCarrier` with a
 * `trackingURL`.
 */
export const walmartCarriers = [
  'UPS',
  'USPS',
  'FedEx',
  'Airborne',
  'OnTrac',
  'DHL Ecommerce - US',
  'DHL',
  'LS',
  'UDS',
  'UPSMI',
  'FDX',
  'PILOT',
  'ESTES',
  'SAIA',
  'FDS Express',
  'Seko Worldwide',
  'HIT Delivery',
  'FEDEXSP',
  'RL Carriers',
  'Metropolitan Warehouse & Delivery',
  'China Post',
  'YunExpress',
  'Yellow Freight Sys',
  'AIT Worldwide Logistics',
  'Chukou1',
  'Sendle',
  'Landmark Global',
  'Sunyou',
  'Yanwen',
  '4PX',
  'GLS',
  'OSM Worldwide',
  'FIRST MILE',
  'AM Trucking',
  'CEVA',
  'India Post',
  'SF Express',
  'CNE',
  'TForce Freight',
  'AxleHire',
  'LSO',
  'Royal Mail',
  'ABF Freight System',
  'WanB',
  'Roadrunner Freight',
  'Meyer Distribution',
  'AAA Cooper',
  'Canada Post',
  'Southeastern Freight Lines',
  'Japan Post',
  'Correos de Mexico',
  'XPO Logistics',
  'JD Logistics',
  'YDH',
  'JCEX',
  'Flyt',
  'Deutsche Post',
  'Better Trucks',
  'Asendia',
  'SFC',
  'UBI',
  'ePost Global',
  'YF Logistics',
  'RXO',
  'Estes Express',
  'Shypmax',
  'WIN.IT America',
  'PITT OHIO',
  'PostNord Sweden',
  'Equick',
  'Whistl',
  'Tusou',
  'Shiprocket',
  'DTDC',
  'PTS',
] as const;

/** A carrier value Walmart accepts in `carrierName.carrier`. */
export type WalmartCarrier = (typeof walmartCarriers)[number];

/**
 * Canonical carrier → Walmart `carrier` value. Canonical carriers missing here (Purolator,
 * Amazon, `other`, and any code core adds later) are sent as `otherCarrier` with a tracking URL.
 * `LS` is LaserShip according to the spec's description of the enum ("LS (LaserShip)").
 */
export const walmartCarrierByCode: Readonly<Partial<Record<CarrierCode, WalmartCarrier>>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL',
  'dhl-ecommerce': 'DHL Ecommerce - US',
  ontrac: 'OnTrac',
  lasership: 'LS',
  'canada-post': 'Canada Post',
};

/**
 * Carrier names distributors report that spell a listed carrier another way (Walmart lists
 * `GLS`, not `GLS US`; LaserShip is `LS`).
 */
const carrierAliases: ReadonlyArray<readonly [string, WalmartCarrier]> = [
  ['GLS US', 'GLS'],
  ['GLS USA', 'GLS'],
  ['LASERSHIP', 'LS'],
];

const carrierByUpperCase = new Map<string, WalmartCarrier>([
  ...walmartCarriers.map((name): [string, WalmartCarrier] => [name.toUpperCase(), name]),
  ...carrierAliases,
]);

/** Walmart's `carrierName`: one of its enum values, or a free-text carrier name. */
export type WalmartCarrierName = { carrier: WalmartCarrier } | { otherCarrier: string };

/** What a shipment's carrier becomes in Walmart's `trackingInfo`. */
export interface WalmartCarrierChoice {
  carrierName: WalmartCarrierName;
  /** Tracking page; always set with `otherCarrier` (Walmart requires it), undefined when none is known. */
  trackingURL: string | undefined;
}

/**
 * Picks Walmart's carrier value for a shipment: the mapped enum value for a canonical carrier;
 * for `other`, the enum value whose spelling matches the distributor's carrier name (ignoring
 * case, for example `Estes Express`); otherwise `otherCarrier` with the carrier's name. The
 * tracking URL is the shipment's own, else the carrier's public page. Pure.
 *
 * @param shipment - the canonical carrier, the reported name, the tracking number and URL.
 */
export function toWalmartCarrier(shipment: {
  carrier: CarrierCode;
  carrierName?: string | undefined;
  trackingNumber: string;
  trackingUrl?: string | undefined;
}): WalmartCarrierChoice {
  const url = shipment.trackingUrl ?? trackingUrl(shipment.carrier, shipment.trackingNumber);
  const mapped = walmartCarrierByCode[shipment.carrier];
  if (mapped) return { carrierName: { carrier: mapped }, trackingURL: url };
  const named = shipment.carrier === 'other' ? shipment.carrierName?.trim() : undefined;
  const enumMatch = named ? carrierByUpperCase.get(named.toUpperCase()) : undefined;
  if (enumMatch) return { carrierName: { carrier: enumMatch }, trackingURL: url };
  const otherCarrier = named || shipment.carrierName?.trim() || carrierDisplayNames[shipment.carrier];
  return { carrierName: { otherCarrier }, trackingURL: url };
}

/**
 * True when `value` is exactly one of Walmart's carrier enum values (case-sensitive, as the API
 * checks it).
 *
 * @param value - a `carrierName.carrier` value.
 */
export function isWalmartCarrier(value: string): value is WalmartCarrier {
  return (walmartCarriers as readonly string[]).includes(value);
}
