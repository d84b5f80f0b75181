import { ResponseParseError } from '@dropship/core';
import type { z } from 'zod';

/** Longest response body (in characters) kept on an error. */
export const MAX_ERROR_BODY_LENGTH = 2_000;

/** Where a response came from, for the errors that parsing it may raise. */
export interface ResponseContext {
  /** Service id, for example `wps`. */
  service: string;
  /** HTTP method. */
  method?: string;
  /** The URL, already redacted. */
  url?: string;
  /** HTTP status of the response. */
  status?: number;
  /** Raw body text, kept (redacted, truncated) on the error. */
  text?: string;
  /** Redacts secrets from the body and messages. Default: no redaction. */
  redact?: (text: string) => string;
}

/**
 * Cuts a body to {@link MAX_ERROR_BODY_LENGTH} characters after redacting it, so that it can be
 * kept on an error.
 *
 * @param text - the raw body.
 * @param redact - the redactor of the call.
 */
export function truncateBody(text: string, redact: (text: string) => string = (value) => value): string {
  const redacted = redact(text);
  return redacted.length > MAX_ERROR_BODY_LENGTH
    ? `${redacted.slice(0, MAX_ERROR_BODY_LENGTH)}… (${redacted.length - MAX_ERROR_BODY_LENGTH} more characters)`
    : redacted;
}

function describeCall(context: ResponseContext): string {
  return context.method && context.url ? ` from ${context.method} ${context.url}` : '';
}

function details(context: ResponseContext) {
  const redact = context.redact ?? ((text: string) => text);
  return {
    service: context.service,
    method: context.method,
    url: context.url,
    status: context.status,
    responseBody: context.text === undefined ? undefined : truncateBody(context.text, redact),
  };
}

/**
 * Parses a JSON body. An empty body gives `undefined`.
 *
 * @param text - the raw body.
 * @param context - where it came from.
 * @throws `ResponseParseError` when the body is not JSON.
 */
export function parseJsonResponse(text: string, context: ResponseContext): unknown {
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const redact = context.redact ?? ((value: string) => value);
    // Redact before cutting, so that a cut never leaves half a secret behind.
    const preview = redact(text).slice(0, 60).replace(/\s+/g, ' ');
    throw new ResponseParseError(
      `${context.service}: the response${describeCall(context)} is not JSON (starts with "${preview}")`,
      { ...details({ ...context, text }), fields: [] },
    );
  }
}

/**
 * Turns a zod issue path into a dotted field path (`data.0.sku`); the root is `(root)`.
 *
 * @param path - a zod issue path.
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((key) => String(key)).join('.');
}

/**
 * Validates parsed response data against a lenient schema (one that tolerates unknown fields).
 *
 * @param schema - the zod schema of the response.
 * @param data - the parsed body.
 * @param context - where it came from.
 * @returns the schema output.
 * @throws `ResponseParseError` naming the service and every offending field path.
 * @example
 * ```ts
 * const body = parseWithSchema(inventorySchema, JSON.parse(text), { service: 'wps' });
 * ```
 */
export function parseWithSchema<T>(schema: z.ZodType<T>, data: unknown, context: ResponseContext): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const redact = context.redact ?? ((value: string) => value);
  const fields = [...new Set(result.error.issues.map((issue) => formatIssuePath(issue.path)))];
  const listed = result.error.issues
    .slice(0, 10)
    .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`)
    .join('; ');
  const more = result.error.issues.length > 10 ? ` (and ${result.error.issues.length - 10} more)` : '';
  throw new ResponseParseError(
    redact(`${context.service}: unexpected response${describeCall(context)}: ${listed}${more}`),
    { ...details(context), fields: fields.map(redact) },
  );
}
