import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';

/** Turns zod issues into {@link ValidationIssue}s with dotted paths. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Parses `input` with `schema`, returning the typed value or throwing a {@link ValidationError}
 * that lists every problem with its path. Never throws a raw `TypeError` for bad input.
 *
 * @param schema - the zod schema.
 * @param input - untrusted input.
 * @param subject - what is being parsed, for the error message (`sales order`, ...).
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(subject, toValidationIssues(result.error));
  return result.data;
}
