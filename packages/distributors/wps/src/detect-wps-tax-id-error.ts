/** A failed WPS response, as a Tax ID matcher sees it. */
export interface WpsErrorResponse {
  /** HTTP status. */
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  /** Raw body text. */
  text: string;
}

/**
 * Decides whether a WPS response means "the account has no Tax ID on file". The real error is
 * NOT FOUND (http://www.wps-inc.com/data-depot: the drop-ship Tax ID requirement itself is UNCONFIRMED and no error
 * body is documented, https://www.wps-inc.com/data-depot/v4/api/helpers/pagination), so the client takes this as an option.
 */
export type WpsTaxIdMatcher = (response: WpsErrorResponse) => boolean;

const taxIdWords =
  /\btax[\s_-]*(?:id|identification|exempt(?:ion)?|number|certificate|cert)\b|\bresale[\s_-]*(?:cert|certificate|number|license)\b|\bseller'?s?[\s_-]*permit\b/i;

/**
 * The default Tax ID matcher: a 4xx response (other than 401, 404 and 429) whose body mentions a
 * tax ID, tax-exempt certificate, resale certificate or seller's permit.
 *
 * @param response - the failed response.
 */
export function isWpsTaxIdError(response: WpsErrorResponse): boolean {
  const { status } = response;
  if (status < 400 || status >= 500 || status === 401 || status === 404 || status === 429) return false;
  return taxIdWords.test(response.text);
}

/**
 * The separate messages of a WPS error body, whose shape is NOT FOUND (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination):
 * `message`, `error` (text or `{ message }`), `errors` (texts, `{ detail | title | message }`
 * objects, or a field → texts map, each prefixed with its field), distinct, in order. Empty when
 * the body names none.
 *
 * @param body - the parsed JSON body, or undefined.
 */
export function readWpsErrorParts(body: unknown): string[] {
  const parts: string[] = [];
  const add = (value: unknown, prefix = ''): void => {
    if (typeof value === 'string' && value.trim()) parts.push(`${prefix}${value.trim()}`);
    else if (Array.isArray(value)) for (const entry of value) add(entry, prefix);
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const direct = record.detail ?? record.message ?? record.title;
      if (direct !== undefined) add(direct, prefix);
      else for (const [key, entry] of Object.entries(record)) add(entry, `${key}: `);
    }
  };
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    add(record.message);
    add(record.error);
    add(record.errors);
  }
  return [...new Set(parts)];
}

/**
 * Reads a human message out of a WPS error body ({@link readWpsErrorParts} joined), else the body
 * text itself. Returns at most 300 characters.
 *
 * @param body - the parsed JSON body, or undefined.
 * @param text - the raw body text (already redacted).
 */
export function readWpsErrorMessage(body: unknown, text: string): string {
  const parts = readWpsErrorParts(body);
  const message = parts.length > 0 ? parts.join('; ') : text.trim().replace(/\s+/g, ' ');
  return message.length > 300 ? `${message.slice(0, 300)}…` : message || 'no reason given';
}
