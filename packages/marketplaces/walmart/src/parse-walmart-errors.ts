/** One error Walmart reported, whatever shape the body had. */
export interface WalmartErrorDetail {
  /** Walmart's code, for example `INVALID_REQUEST_CONTENT` or `UNAUTHORIZED`. */
  code: string;
  /** Walmart's message (`message`, else `description`, else `info`). */
  message: string;
  /** The field Walmart blamed, when it said. */
  field?: string;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function detailOf(entry: unknown): WalmartErrorDetail | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const record = entry as Record<string, unknown>;
  const code = textOf(record.code);
  const message = textOf(record.message) ?? textOf(record.description) ?? textOf(record.info);
  if (code === undefined && message === undefined) return undefined;
  const field = textOf(record.field);
  return { code: code ?? 'UNKNOWN', message: message ?? code ?? 'unknown error', ...(field ? { field } : {}) };
}

/**
 * Reads Walmart's error bodies in both known shapes (https://developer.walmart.com/us-marketplace/docs/error-codes):
 * - documented: `{"errors":[{"code","message","category","severity","field"}]}`;
 * - historically observed on the Orders API: `{"errors":{"error":[{"code","field","description","info",...}]}}`
 *   (a lone `error` object is accepted too).
 *
 * Returns an empty list when the body has neither shape. Pure.
 *
 * @param body - the parsed JSON body (anything).
 */
export function parseWalmartErrors(body: unknown): WalmartErrorDetail[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  let entries: unknown[] = [];
  if (Array.isArray(errors)) entries = errors;
  else if (typeof errors === 'object' && errors !== null) {
    const inner = (errors as { error?: unknown }).error;
    entries = Array.isArray(inner) ? inner : inner === undefined ? [] : [inner];
  }
  return entries.map(detailOf).filter((detail): detail is WalmartErrorDetail => detail !== undefined);
}

/**
 * One line summarising Walmart's errors, for an error message: `CODE: message (field x); ...`.
 *
 * @param details - what {@link parseWalmartErrors} returned.
 */
export function describeWalmartErrors(details: readonly WalmartErrorDetail[]): string {
  return details
    .map((detail) => `${detail.code}: ${detail.message}${detail.field ? ` (field ${detail.field})` : ''}`)
    .join('; ');
}
