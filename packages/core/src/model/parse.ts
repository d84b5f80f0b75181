import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { recordKnownKeys, toKnownKeysIssues } from './unknown-keys.js';

/**
 * Turns zod issues into {@link ValidationIssue}s with dotted paths. An unknown key becomes an
 * issue on the key's own path (`rules.maxLeadTimeDay`), naming the nearest known key when the
 * error came from {@link safeParseWith} or {@link parseWith}.
 */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap(toKnownKeysIssues);
}

/**
 * `schema.safeParse(input)` with the SDK's reporting of unknown keys: use it instead of
 * `safeParse` wherever the issues reach a user through {@link toValidationIssues}.
 *
 * @param schema - the zod schema.
 * @param input - untrusted input.
 */
export function safeParseWith<S extends z.ZodType>(schema: S, input: unknown): z.ZodSafeParseResult<z.output<S>> {
  // Valid input takes zod's plain parse: handing zod an error map on every call costs about a
  // third more CPU on the tracking-sync path (bench/sync-tracking.bench.ts), and the map is only
  // read when something is wrong. Invalid input is parsed again, with the map, for the message.
  const result = schema.safeParse(input);
  return result.success ? result : schema.safeParse(input, { error: recordKnownKeys });
}

/**
 * Parses `input` with `schema`, returning the typed value or throwing a {@link ValidationError}
 * that lists every problem with its path (an unknown key on its own path, with the nearest known
 * key). Never throws a raw `TypeError` for bad input.
 *
 * @param schema - the zod schema.
 * @param input - untrusted input.
 * @param subject - what is being parsed, for the error message (`sales order`, ...).
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = safeParseWith(schema, input);
  if (!result.success) throw new ValidationError(subject, toValidationIssues(result.error));
  return result.data;
}
