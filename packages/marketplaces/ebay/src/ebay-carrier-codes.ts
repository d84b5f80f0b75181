import type { CarrierCode } from '@dropship/core';

/**
 * eBay `shippingCarrierCode` for each canonical carrier (research/marketplace-apis.md §1.3:
 * Trading API `ShippingCarrierCodeType`, mixed-case tokens such as `FedEx`, `ONTRACK`).
 * Carriers without a code in that list are sent as `Other`.
 *
 * Per-site membership of these codes is UNCONFIRMED (§1.3): override entries with the
 * `carrierCodes` option of {@link createEbay} when eBay's live list (`GeteBayDetails`,
 * `ShippingCarrierDetails`) says otherwise.
 */
export const ebayCarrierCodes: Readonly<Record<CarrierCode, string>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL',
  // DHL eCommerce was DHL Global Mail; `DHLGlobalMail` is the code in the §1.3 list.
  'dhl-ecommerce': 'DHLGlobalMail',
  ontrac: 'ONTRACK',
  // Not in the §1.3 list (the Java SDK copy has no CanadaPost value): sent as Other.
  lasership: 'Other',
  'canada-post': 'Other',
  purolator: 'Other',
  amazon: 'Other',
  other: 'Other',
};

/**
 * The eBay carrier code of a canonical carrier, with the caller's overrides first.
 *
 * @param carrier - canonical carrier.
 * @param overrides - per-carrier codes that replace the defaults.
 */
export function toEbayCarrierCode(carrier: CarrierCode, overrides?: Partial<Record<CarrierCode, string>>): string {
  return overrides?.[carrier] ?? ebayCarrierCodes[carrier];
}
