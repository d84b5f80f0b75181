import { type CarrierCode, normalizeCarrier } from '@dropship/core';

/**
 * WPS `ship_via` codes that the generic carrier matcher cannot read. `AH2D` is "FedEx 2-Day
 * (AK/HI only)" (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts [DOC carts]). `BEST` and `CPU` name no carrier.
 */
const wpsOnlyCodes: Readonly<Record<string, CarrierCode>> = {
  AH2D: 'fedex',
};

/**
 * Maps a response `ship_via` to a canonical carrier. The response list is open-ended
 * (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders: AH2D, BEST, CO5 = OnTrac Ground, CPU = …, rest unknown): known WPS codes first, then the
 * SDK's generic matcher (`UP2D` → ups, `FE1D` → fedex, `US1C` → usps, `CO5` → ontrac, names
 * such as "UPS Ground"), `other` otherwise.
 *
 * @param shipVia - the `ship_via` of a warehouse order, as is.
 */
export function mapWpsCarrier(shipVia: string | undefined): CarrierCode {
  const code = shipVia?.trim().toUpperCase() ?? '';
  return wpsOnlyCodes[code] ?? normalizeCarrier(code);
}
