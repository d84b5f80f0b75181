import type { CarrierCode } from '../model/carrier.js';
import { isValidMod7, isValidMod10, isValidS10, isValidWeightedModulo } from './check-digits.js';

/** Tracking-number formats {@link detectCarrier} recognises. */
export type TrackingNumberFormat =
  | 'ups-1z'
  | 'usps-impb'
  | 'usps-s10'
  | 'canada-post-s10'
  | 'fedex-express-12'
  | 'fedex-ground-15'
  | 'fedex-ground-96'
  | 'ontrac'
  | 'dhl-express'
  | 'dhl-ecommerce'
  | 'lasership'
  | 'amazon-logistics';

/** What {@link detectCarrier} recognised. A hint, never a fact: see {@link chooseCarrier}. */
export interface CarrierHint {
  /** The carrier the number's format points to. */
  carrier: CarrierCode;
  /** The format that matched (and whose check digit passed, where it has one). */
  format: TrackingNumberFormat;
  /** The tracking number as matched: upper-case, without spaces or hyphens. */
  trackingNumber: string;
}

/**
 * A tracking number without spaces or hyphens, upper-cased: `"1z 999-aa1"` → `"1Z999AA1"`.
 * Marketplaces such as eBay accept only this form, and it is the form to compare numbers in.
 *
 * @param trackingNumber - a tracking number as a distributor reported it.
 */
export function compactTrackingNumber(trackingNumber: string): string {
  return trackingNumber.replace(/[\s-]+/g, '').toUpperCase();
}

/** One format: a pattern over the compact number and a check of its check digit. */
interface FormatRule {
  format: TrackingNumberFormat;
  carrier: CarrierCode;
  pattern: RegExp;
  /** Returns true when the check digit (if the format has one) is right. */
  check: (number: string) => boolean;
}

const fedexExpressWeights = [3, 1, 7];

/** USPS IMpb numbers (22 or 26 digits, `9[1-5]` application identifier) with a mod-10 (3/1) check digit. */
function isValidImpb(digits: string): boolean {
  return isValidMod10(digits.slice(0, -1), digits.slice(-1), 3, 1);
}

/**
 * The rules in the order they are tried. Prefix-anchored formats first; bare digit strings last,
 * because their lengths overlap (a 20-digit IMpb without its `92` prefix was also a FedEx
 * SmartPost number; the data set this follows decodes it as USPS since its v2.0.0).
 */
const rules: readonly FormatRule[] = [
  {
    // 1Z + 6 shipper + 2 service + 7 package + check digit; mod 10 with odd positions doubled.
    format: 'ups-1z',
    carrier: 'ups',
    pattern: /^1Z[A-Z0-9]{16}$/,
    check: (number) => isValidMod10(number.slice(2, -1), number.slice(-1), 1, 2),
  },
  {
    format: 'amazon-logistics',
    carrier: 'amazon',
    pattern: /^TBA\d{12}$/,
    check: () => true,
  },
  {
    // C or D + 13 digits + check digit; the letter counts as 4 (C) or 5 (D) in the check.
    format: 'ontrac',
    carrier: 'ontrac',
    pattern: /^[CD]\d{14}$/,
    check: (number) => isValidMod10((number.startsWith('C') ? '4' : '5') + number.slice(1, -1), number.slice(-1), 1, 2),
  },
  {
    format: 'lasership',
    carrier: 'lasership',
    pattern: /^(?:LX1[3-8]\d{6}|1LS7[12]\d{10}(?:\d{2})?)$/,
    check: () => true,
  },
  {
    // DHL Express piece ids (JJD..., JVGL...).
    format: 'dhl-express',
    carrier: 'dhl',
    pattern: /^J[A-Z]{2,3}\d{9,10}$/,
    check: () => true,
  },
  {
    format: 'dhl-ecommerce',
    carrier: 'dhl-ecommerce',
    pattern: /^GM\d{10,39}$/,
    check: () => true,
  },
  {
    // UPU S10: 2 letters, 8 digits, check digit, country. US → USPS, CA → Canada Post.
    format: 'usps-s10',
    carrier: 'usps',
    pattern: /^[A-Z]{2}\d{9}US$/,
    check: (number) => isValidS10(number.slice(2, 10), number.charAt(10)),
  },
  {
    format: 'canada-post-s10',
    carrier: 'canada-post',
    pattern: /^[A-Z]{2}\d{9}CA$/,
    check: (number) => isValidS10(number.slice(2, 10), number.charAt(10)),
  },
  {
    // IMpb with its `420` + ZIP (5 or 9 digits) routing prefix.
    format: 'usps-impb',
    carrier: 'usps',
    pattern: /^420(?:\d{5}|\d{9})9[1-5]\d{20}$/,
    check: (number) => isValidImpb(number.slice(number.length === 30 ? 8 : 12)),
  },
  {
    format: 'fedex-ground-96',
    carrier: 'fedex',
    pattern: /^96\d{20}$/,
    // 96 + 2 SCNC + 3 service type, then 14 serial digits and the check digit over the serial only.
    check: (number) => isValidMod10(number.slice(7, -1), number.slice(-1), 1, 3),
  },
  {
    format: 'usps-impb',
    carrier: 'usps',
    pattern: /^9[1-5]\d{20}(?:\d{4})?$/,
    check: isValidImpb,
  },
  {
    // 20-digit USPS numbers: checked as is, or as an IMpb whose `91`/`92` prefix was left off.
    format: 'usps-impb',
    carrier: 'usps',
    pattern: /^\d{20}$/,
    check: (number) => isValidImpb(number) || isValidImpb(`91${number}`) || isValidImpb(`92${number}`),
  },
  {
    format: 'fedex-express-12',
    carrier: 'fedex',
    pattern: /^\d{12}$/,
    check: (number) => isValidWeightedModulo(number.slice(0, -1), number.slice(-1), fedexExpressWeights, 11, 10),
  },
  {
    format: 'fedex-ground-15',
    carrier: 'fedex',
    pattern: /^\d{15}$/,
    check: (number) => isValidMod10(number.slice(0, -1), number.slice(-1), 1, 3),
  },
  {
    // DHL Express waybill: 10 or 11 digits, mod 7. Short and weak: one random number in seven passes.
    format: 'dhl-express',
    carrier: 'dhl',
    pattern: /^\d{10,11}$/,
    check: (number) => isValidMod7(number.slice(0, -1), number.slice(-1)),
  },
];

/**
 * Guesses the carrier from the shape and check digit of a tracking number: UPS `1Z`, USPS IMpb
 * (20–22/26 digits, with or without the `420`+ZIP prefix) and S10 (`..US`), FedEx 12/15-digit
 * and `96` 22-digit, OnTrac `C`/`D`, DHL Express (10–11 digits, `JJD`), DHL eCommerce `GM`,
 * LaserShip, Amazon Logistics `TBA`, Canada Post S10 (`..CA`). Returns undefined when no format
 * matches or the check digit is wrong.
 *
 * This is a HINT only. Formats overlap (a 20-digit IMpb may travel with FedEx or DHL eCommerce
 * before USPS delivers it; a 10-digit number may be anything), so the carrier the distributor
 * reports always wins: use {@link chooseCarrier}.
 *
 * @param trackingNumber - the tracking number; spaces, hyphens and case are ignored.
 */
export function detectCarrier(trackingNumber: string): CarrierHint | undefined {
  const number = compactTrackingNumber(trackingNumber);
  for (const rule of rules) {
    if (rule.pattern.test(number) && rule.check(number)) {
      return { carrier: rule.carrier, format: rule.format, trackingNumber: number };
    }
  }
  return undefined;
}

/**
 * The carrier to use for a package: the one the distributor reported, unless it is `other`, in
 * which case the tracking number's format may name one ({@link detectCarrier}); `other` when
 * neither knows.
 *
 * @param reported - the canonical carrier the distributor reported.
 * @param trackingNumber - the package's tracking number.
 */
export function chooseCarrier(reported: CarrierCode, trackingNumber: string): CarrierCode {
  if (reported !== 'other') return reported;
  return detectCarrier(trackingNumber)?.carrier ?? 'other';
}
