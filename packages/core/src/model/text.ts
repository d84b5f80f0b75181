import { z } from 'zod';

/**
 * Longest text the model accepts, per kind of field, in UTF-16 code units (JavaScript string
 * length). Generous for real data (the longest distributor field limits are far shorter) and
 * small enough that a hostile 10 MB value is refused at parse time instead of being stored,
 * logged and sent on.
 */
export const TEXT_LIMITS = Object.freeze({
  /** Ids, SKUs, warehouse and reference codes, part numbers, tracking numbers. */
  code: 100,
  /** Identifiers a marketplace or platform assigns (order ids, line ids, customer ids). */
  identifier: 200,
  /** Names of people, companies, brands and carriers. */
  name: 200,
  /** One line of a postal address, a city, a region, a postal code. */
  addressLine: 200,
  /** Telephone numbers. */
  phone: 50,
  /** Email addresses (RFC 5321 path limit). */
  email: 254,
  /** URLs (tracking links). */
  url: 2_000,
  /** Titles, notes and other free text. */
  freeText: 2_000,
});

/** A lone UTF-16 surrogate (half of a pair): text that no store can hold as JSON or text. */
const loneSurrogatePattern = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when every store can hold `value`: no U+0000 and no lone surrogate (PostgreSQL refuses
 * both in `jsonb` and `text`; JSON encoders replace or reject them).
 *
 * @param value - any string.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !loneSurrogatePattern.test(value);
}

/** The message of a text that {@link isStorableText} refuses. */
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain U+0000 or a lone surrogate (text that no store can hold)';

/**
 * The one text schema of the model: a string of at most `maxLength` characters that every store
 * can hold (see {@link isStorableText}); a failure names the field's path. Add `.trim()`,
 * `.min(1)` or a pattern on top where a field needs them.
 *
 * @param maxLength - the longest value accepted, usually one of {@link TEXT_LIMITS}.
 */
export function textSchema(maxLength: number): z.ZodString {
  return z
    .string()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}

/**
 * {@link textSchema}, trimmed first (the limit applies to the trimmed value); may be empty.
 *
 * @param maxLength - the longest value accepted (after trimming).
 */
export function trimmedTextSchema(maxLength: number): z.ZodString {
  return z
    .string()
    .trim()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}

/**
 * {@link textSchema}, trimmed, and not empty after trimming.
 *
 * @param maxLength - the longest value accepted (after trimming).
 */
export function requiredTextSchema(maxLength: number): z.ZodString {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
}

const unstorableCharacters = new RegExp(`${loneSurrogatePattern.source}|\u0000`, 'g');

/**
 * `value` made storable for people to read: at most `maxLength` characters (cut with `…`), every
 * lone surrogate and U+0000 replaced by U+FFFD. For free text the SDK records but did not choose
 * (a distributor's error message kept as a PO's `lastError`): refusing it would lose the record of
 * the failure, and storing it raw would make PostgreSQL refuse the whole PO.
 *
 * @param value - any string.
 * @param maxLength - the longest result.
 */
export function toStorableText(value: string, maxLength: number): string {
  const cut = value.length > maxLength ? `${value.slice(0, maxLength - 1)}…` : value;
  return isStorableText(cut) ? cut : cut.replace(unstorableCharacters, '\uFFFD');
}

/**
 * Free text that is recorded, not refused: a string passed through {@link toStorableText}.
 *
 * @param maxLength - the longest value kept.
 */
export function recordedTextSchema(maxLength: number) {
  return z.string().transform((value) => toStorableText(value, maxLength));
}
