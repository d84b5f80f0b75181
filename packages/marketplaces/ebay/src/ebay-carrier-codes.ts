import type { CarrierCode } from '@dropship/core';

/**
 * eBay `shippingCarrierCode` for each canonical carrier: values of the Trading API's
 * `ShippingCarrierCodeType` (https://developer.ebay.com/devzone/xml/docs/reference/ebay/types/ShippingCarrierCodeType.html;
 * the same enumeration is in hendt/ebay-api@af51f9fdd8c77ea45d40c68014d23749800566ed:src/types/traditional/gete-bay-details-response.ts),
 * mixed-case tokens such as `FedEx`, `ONTRACK`. The Sell Fulfillment API takes these values
 * (its `shippingCarrierCode` refers to `GeteBayDetails` `ShippingCarrierDetails`). Carriers that
 * enumeration does not list are sent as `Other`.
 *
 * Per-site membership of these codes is not documented: override entries with the `carrierCodes`
 * option of {@link createEbay} when eBay's live list (`GeteBayDetails`, `ShippingCarrierDetails`)
 * says otherwise.
 */
export const ebayCarrierCodes: Readonly<Record<CarrierCode, string>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL',
  // DHL eCommerce was DHL Global Mail: `DHLGlobalMail` in the enumeration.
  'dhl-ecommerce': 'DHLGlobalMail',
  ontrac: 'ONTRACK',
  // "LaserShip (formerly Prestige Expedite)": eBay's code is `Prestige`.
  lasership: 'Prestige',
  // Not in the enumeration (no Canada Post, Purolator or Amazon Logistics code): sent as Other.
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
