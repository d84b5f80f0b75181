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
 * Secrets shorter than this are refused by `createHttpClient` (a `ConfigurationError`): hiding
 * them would mangle unrelated words and so reveal them (`tuc[REDACTED]er`).
 */
export const MINIMUM_SECRET_LENGTH = 6;

/**
 * `redact` values (account identifiers such as a dealer or customer number, whose length the
 * vendors do not document) shorter than this are refused by `createHttpClient`. Identifiers are
 * short, so they are replaced as whole tokens only (see {@link WHOLE_TOKEN_BELOW_LENGTH}); a one- or
 * two-character value would still be revealed by hiding every standalone `7` or `42`.
 */
export const MINIMUM_IDENTIFIER_LENGTH = 3;

/**
 * Spellings shorter than this are replaced only as whole tokens (not inside a longer run of
 * letters and digits), since a short value is likely to occur inside unrelated words.
 */
export const WHOLE_TOKEN_BELOW_LENGTH = 16;

const letterOrDigit = /[A-Za-z0-9]/;

function escapeRegularExpression(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern matching `spelling` only where it is not glued to other letters or digits. */
function wholeTokenPattern(spelling: string): string {
  const before = letterOrDigit.test(spelling.charAt(0)) ? '(?<![A-Za-z0-9])' : '';
  const after = letterOrDigit.test(spelling.charAt(spelling.length - 1)) ? '(?![A-Za-z0-9])' : '';
  return `${before}${escapeRegularExpression(spelling)}${after}`;
}

/**
 * Builds a function that replaces every given secret with `[REDACTED]`, whatever the spelling
 * (raw, without its `Bearer ` scheme, percent-encoded, form-encoded). Empty values are ignored.
 * Longer secrets are replaced first so that one secret containing another is fully hidden.
 * Spellings shorter than 16 characters are replaced as whole tokens only, so that a short dealer
 * number does not turn `tucker` into `tuc[REDACTED]er`.
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
  const long = ordered.filter((spelling) => spelling.length >= WHOLE_TOKEN_BELOW_LENGTH);
  const short = ordered.filter((spelling) => spelling.length < WHOLE_TOKEN_BELOW_LENGTH);
  const shortPattern = short.length === 0 ? undefined : new RegExp(short.map(wholeTokenPattern).join('|'), 'g');
  const redact = ((text: string): string => {
    if (ordered.length === 0 || text.length === 0) return text;
    let result = text;
    for (const secret of long) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return shortPattern === undefined ? result : result.replace(shortPattern, REDACTED);
  }) as Redactor;
  // Not enumerable: a redactor that ends up in a log (`console.log(redact)`, `util.inspect`,
  // a structured logger walking an object) must not print the secrets it hides.
  Object.defineProperty(redact, 'secrets', { value: Object.freeze(ordered), enumerable: false });
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
