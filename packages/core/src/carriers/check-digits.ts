/**
 * Check-digit algorithms used by carrier tracking numbers. Pure functions over the characters
 * before the check digit (`serial`) and the check digit itself. Algorithms follow
 * `jkeen/tracking_number_data` CHECKSUM_ALGORITHMS.md (MIT).
 *
 * @internal
 */

/** Numeric value of a character: digits as is, letters as `(charCode - 3) % 10` (UPS rule: A=2, B=3, ...). */
function characterValue(character: string): number {
  const code = character.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  return (code - 3) % 10;
}

/**
 * Weighted mod-10: characters at even indexes (0-based) are multiplied by `evenMultiplier`, at
 * odd indexes by `oddMultiplier`; the check digit makes the sum a multiple of 10.
 *
 * @internal
 */
export function isValidMod10(
  serial: string,
  checkDigit: string,
  evenMultiplier: number,
  oddMultiplier: number,
): boolean {
  let total = 0;
  for (let index = 0; index < serial.length; index += 1) {
    const value = characterValue(serial.charAt(index));
    total += value * (index % 2 === 0 ? evenMultiplier : oddMultiplier);
  }
  const check = (10 - (total % 10)) % 10;
  return check === characterValue(checkDigit);
}

/**
 * Sum of digit × weight, then `% modulo1 % modulo2` (FedEx Express 12-digit: weights 3,1,7...,
 * mod 11, mod 10).
 *
 * @internal
 */
export function isValidWeightedModulo(
  serial: string,
  checkDigit: string,
  weights: readonly number[],
  modulo1: number,
  modulo2: number,
): boolean {
  let total = 0;
  for (let index = 0; index < serial.length; index += 1) {
    total += characterValue(serial.charAt(index)) * (weights[index % weights.length] ?? 0);
  }
  return (total % modulo1) % modulo2 === characterValue(checkDigit);
}

/**
 * Mod-7: the serial number modulo 7 equals the check digit (DHL Express waybills).
 *
 * @internal
 */
export function isValidMod7(serial: string, checkDigit: string): boolean {
  return Number(serial) % 7 === characterValue(checkDigit);
}

/**
 * UPU S10 check digit over the 8 serial digits: weights 8,6,4,2,3,5,9,7; `11 - sum % 11`, with
 * 10 → 0 and 11 → 5.
 *
 * @internal
 */
export function isValidS10(serial: string, checkDigit: string): boolean {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let total = 0;
  for (let index = 0; index < serial.length; index += 1) {
    total += characterValue(serial.charAt(index)) * (weights[index] ?? 0);
  }
  const remainder = total % 11;
  const check = remainder === 1 ? 0 : remainder === 0 ? 5 : 11 - remainder;
  return check === characterValue(checkDigit);
}
