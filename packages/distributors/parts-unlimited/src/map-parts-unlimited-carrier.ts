import { type CarrierCode, normalizeCarrier } from '@dropship/core';

/**
 * Maps the carrier text of a Parts Unlimited package to a canonical carrier: first through
 * `carrierCodes` (exact, upper-cased keys; the carrier code list is NOT FOUND, no public documentation),
 * then through `normalizeCarrier` from `@dropship/core`.
 *
 * @param text - the carrier text as the API gave it.
 * @param carrierCodes - overrides, for example `{ 'LM1': 'ups' }`.
 */
export function mapPartsUnlimitedCarrier(
  text: string | undefined,
  carrierCodes: Readonly<Record<string, CarrierCode>>,
): CarrierCode {
  if (text === undefined) return 'other';
  return carrierCodes[text.trim().toUpperCase()] ?? normalizeCarrier(text);
}
