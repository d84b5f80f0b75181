/** The text that replaces every secret. */
export const REDACTED = '[REDACTED]';

/** Replaces known secrets in a text. */
export interface Redactor {
  /** Returns `text` with every known secret (raw, URL-encoded or form-encoded) replaced by `[REDACTED]`. */
  (text: string): string;
  /** The secrets this redactor knows, longest first. */
  readonly secrets: readonly string[];
}

/** Authorization schemes whose token is redacted on its own too (`Bearer abc` → `abc`). */
const authorizationScheme = /^(?:Bearer|Basic|Token|Digest|Bot|ApiKey|Api-Key|Key)\s+/i;

/**
 * The spellings under which a secret can appear in a message, a URL or a body: as is, without
 * an authorization scheme, percent-encoded and form-encoded (`+` for spaces).
 */
function spellingsOf(secret: string): string[] {
  const spellings = new Set<string>([secret]);
  const withoutScheme = secret.replace(authorizationScheme, '');
  if (withoutScheme !== secret && withoutScheme.length > 0) spellings.add(withoutScheme);
  for (const value of [...spellings]) {
    spellings.add(encodeURIComponent(value));
    spellings.add(new URLSearchParams({ v: value }).toString().slice(2));
  }
  return [...spellings].filter((spelling) => spelling.length > 0);
}

/**
 * Builds a function that replaces every given secret with `[REDACTED]`, whatever the spelling
 * (raw, without its `Bearer ` scheme, percent-encoded, form-encoded). Empty values are ignored.
 * Longer secrets are replaced first so that one secret containing another is fully hidden.
 *
 * @param secrets - credential values and other secrets (a dealer number, a refresh token).
 * @example
 * ```ts
 * const redact = createRedactor(['s3cret']);
 * redact('GET /stock?apikey=s3cret'); // 'GET /stock?apikey=[REDACTED]'
 * ```
 */
export function createRedactor(secrets: Iterable<string | undefined | null>): Redactor {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.trim().length === 0) continue;
    for (const spelling of spellingsOf(secret)) all.add(spelling);
  }
  const ordered = [...all].sort((left, right) => right.length - left.length);
  const redact = ((text: string): string => {
    if (ordered.length === 0 || text.length === 0) return text;
    let result = text;
    for (const secret of ordered) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  }) as Redactor;
  Object.defineProperty(redact, 'secrets', { value: Object.freeze(ordered), enumerable: true });
  return redact;
}

/**
 * Returns a copy of `error` that is safe to keep or log: its message, stack and every `cause`
 * down the chain pass through `redact`. Non-error causes become their redacted string form.
 *
 * @param error - anything thrown.
 * @param redact - the redactor of the call.
 * @param depth - how many causes to follow (default 5).
 */
export function redactError(error: unknown, redact: (text: string) => string, depth = 5): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redact(error.stack);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: redact(code), enumerable: true });
  if (error.cause !== undefined && depth > 0) {
    Object.defineProperty(copy, 'cause', {
      value: redactError(error.cause, redact, depth - 1),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
