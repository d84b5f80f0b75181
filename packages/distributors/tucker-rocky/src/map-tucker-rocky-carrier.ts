import { type CarrierCode, normalizeCarrier } from '@dropship/core';

/**
 * Maps a TRWS carrier code to a canonical carrier: first through `carrierCodes` (exact,
 * upper-cased keys; default `{ UG: 'ups' }`, the only code seen, no public documentation), then through
 * `normalizeCarrier` from `@dropship/core`.
 *
 * @param text - the carrier code as the API gave it.
 * @param carrierCodes - the configured codes.
 */
export function mapTuckerRockyCarrier(
  text: string | undefined,
  carrierCodes: Readonly<Record<string, CarrierCode>>,
): CarrierCode {
  if (text === undefined) return 'other';
  return carrierCodes[text.trim().toUpperCase()] ?? normalizeCarrier(text);
}
