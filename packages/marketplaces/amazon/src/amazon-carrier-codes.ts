import { type CarrierCode, carrierDisplayNames } from '@dropship/core';

/**
 * Amazon `carrierCode` for each canonical carrier, or `Other`
 * (https://developer-docs.amazon.com/sp-api/changelog/carriercode-value-required-in-shipment-confirmations-for-br-mx-ca-sg-au-in-jp-marketplaces). The values come from a third-party copy of Amazon's carrier list (the official list is
 * in the feed XSD, not verified); override entries with the `carrierCodes` option of
 * {@link createAmazon} when Amazon's list says otherwise.
 */
export const amazonCarrierCodes: Readonly<Record<CarrierCode, string>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL',
  'dhl-ecommerce': 'DHL Global Mail',
  ontrac: 'OnTrac',
  lasership: 'Lasership',
  'canada-post': 'Canada Post',
  // Not in that list: sent as Other with the carrier's name.
  purolator: 'Other',
  amazon: 'Other',
  other: 'Other',
};

/** The carrier as Amazon's `packageDetail` takes it. */
export interface AmazonCarrier {
  carrierCode: string;
  /** Required by Amazon when `carrierCode` is `Other` (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). */
  carrierName?: string;
}

/**
 * The Amazon carrier of a package: its code from the table (overrides first) and, when that is
 * `Other`, the carrier's name: the distributor's `carrierName`, else the canonical display name
 * (`other` has none). Returns `carrierName: undefined` for `Other` when no name is known; the
 * caller must refuse that, as Amazon does.
 *
 * @param carrier - canonical carrier.
 * @param carrierName - the carrier's name as the distributor reported it.
 * @param overrides - per-carrier codes that replace the defaults.
 */
export function toAmazonCarrier(
  carrier: CarrierCode,
  carrierName: string | undefined,
  overrides?: Partial<Record<CarrierCode, string>>,
): AmazonCarrier {
  const carrierCode = overrides?.[carrier] ?? amazonCarrierCodes[carrier];
  if (carrierCode !== 'Other') return { carrierCode };
  const name = carrierName?.trim() || (carrier === 'other' ? undefined : carrierDisplayNames[carrier]);
  return name === undefined ? { carrierCode } : { carrierCode, carrierName: name };
}
