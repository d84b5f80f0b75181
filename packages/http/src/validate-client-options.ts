import { ConfigurationError } from '@dropship/core';
import { z } from 'zod';
import { MINIMUM_IDENTIFIER_LENGTH, MINIMUM_SECRET_LENGTH } from './create-redactor.js';
import { httpClientNumbersSchema } from './http-tuning-options.js';
import type { HttpClientOptions, HttpCredentials } from './http-types.js';
import { formatIssuePath } from './parse-response.js';

/** The secret values of a set of credentials: header values and query-string values. */
export function credentialValues(credentials: HttpCredentials | undefined): string[] {
  return [...Object.values(credentials?.headers ?? {}), ...Object.values(credentials?.searchParams ?? {})];
}

/**
 * The password of a URL as typed (percent-decoding undone), or as it stands when it cannot be decoded.
 *
 * @param password - `URL.password`.
 */
export function decodePassword(password: string): string {
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);
const stringRecordSchema = z.record(z.string(), z.string('must be a string'));

/** True when fetch can send `value` as a header value (it refuses NUL, CR, LF and other bytes). */
function isSendableHeaderValue(value: string): boolean {
  try {
    new Headers({ checked: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Header values as fetch can send them, checked by the `Headers` class itself: anything else would
 * make every request throw a raw `TypeError` inside fetch.
 */
const headerRecordSchema = z.record(
  z.string(),
  z.string('must be a string').refine(isSendableHeaderValue, 'must be a valid HTTP header value'),
);

/**
 * Zod schema of every option of `createHttpClient`: the known keys only (a misspelt `retires`
 * is refused, not ignored), each of its type, numbers in their ranges (`httpOptionRanges`).
 */
const httpClientOptionsSchema = httpClientNumbersSchema
  .extend({
    service: z.string(),
    baseURL: z.string(),
    fetch: functionSchema.optional(),
    headers: headerRecordSchema.optional(),
    credentials: z
      .strictObject({
        headers: headerRecordSchema.optional(),
        searchParams: stringRecordSchema.optional(),
        identifiers: z.array(z.string()).readonly().optional(),
      })
      .optional(),
    getCredentials: functionSchema.optional(),
    redact: z.array(z.string('must be a string')).readonly().optional(),
    limiterScope: z.string().min(1, 'must be a non-empty name').max(100, 'must be at most 100 characters').optional(),
    onEvent: functionSchema.optional(),
    mapError: functionSchema.optional(),
  })
  .strict();

/** Authorization schemes whose token is the secret part of a header value (`Bearer abc` → `abc`). */
const authorizationScheme = /^(?:Bearer|Basic|Token|Digest|Bot|ApiKey|Api-Key|Key)\s+/i;

function refuseShortSecrets(service: string, named: [string, string, boolean][]): void {
  for (const [name, value, isHeader] of named) {
    if (typeof value !== 'string') continue;
    const secret = isHeader ? value.trim().replace(authorizationScheme, '') : value.trim();
    if (secret.length > 0 && secret.length < MINIMUM_SECRET_LENGTH) {
      throw new ConfigurationError(
        `${service}: the secret in ${name} is ${secret.length} characters long; secrets shorter than ${MINIMUM_SECRET_LENGTH} characters are refused, since they cannot be redacted from messages without revealing them (a real credential is longer: check the value)`,
      );
    }
  }
}

function refuseShortIdentifiers(service: string, named: [string, string][]): void {
  for (const [name, value] of named) {
    if (typeof value !== 'string') continue;
    const identifier = value.trim();
    if (identifier.length > 0 && identifier.length < MINIMUM_IDENTIFIER_LENGTH) {
      throw new ConfigurationError(
        `${service}: ${name} is ${identifier.length} characters long; identifiers to redact shorter than ${MINIMUM_IDENTIFIER_LENGTH} characters are refused, since hiding every standalone occurrence of them would still reveal them (check the value)`,
      );
    }
  }
}

/**
 * Checks the options of `createHttpClient` and returns the base URL.
 *
 * @param options - the client options.
 * @throws `ConfigurationError` for a missing service, a base URL that is not absolute http(s), a
 *   numeric option out of its range (see `httpOptionRanges`), a secret shorter than
 *   {@link MINIMUM_SECRET_LENGTH} characters (a credential header or query value, or the password
 *   of the base URL), or a `redact` value or a credential named in `credentials.identifiers` (an
 *   identifier such as a dealer or customer number, redacted as a whole token) shorter than
 *   {@link MINIMUM_IDENTIFIER_LENGTH} characters.
 */
export function validateClientOptions(options: HttpClientOptions): URL {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError('createHttpClient: the options must be an object such as { service, baseURL }.');
  }
  if (typeof options.service !== 'string' || options.service.trim().length === 0) {
    throw new ConfigurationError('createHttpClient: `service` must be a non-empty string such as "wps".');
  }
  const service = options.service;
  let base: URL;
  try {
    base = new URL(options.baseURL);
  } catch {
    throw new ConfigurationError(`${service}: \`baseURL\` must be an absolute http(s) URL.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new ConfigurationError(`${service}: \`baseURL\` must use http or https.`);
  }
  const parsed = httpClientOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `\`${formatIssuePath(issue.path)}\` ${issue.message}`);
    throw new ConfigurationError(`${service}: invalid option: ${problems.join('; ')}.`);
  }
  const identifierNames = new Set((options.credentials?.identifiers ?? []).map((name) => name.toLowerCase()));
  const isIdentifier = ([name]: [string, string]): boolean => identifierNames.has(name.toLowerCase());
  const headers = Object.entries(options.credentials?.headers ?? {});
  const searchParams = Object.entries(options.credentials?.searchParams ?? {});
  refuseShortSecrets(service, [
    ...headers
      .filter((entry) => !isIdentifier(entry))
      .map(([name, value]): [string, string, boolean] => [`the \`${name}\` header`, value, true]),
    ...searchParams
      .filter((entry) => !isIdentifier(entry))
      .map(([name, value]): [string, string, boolean] => [`the \`${name}\` query parameter`, value, false]),
    ...(base.password.length > 0
      ? [['the password of `baseURL`', decodePassword(base.password), false] as [string, string, boolean]]
      : []),
  ]);
  refuseShortIdentifiers(
    service,
    [...headers, ...searchParams]
      .filter(isIdentifier)
      .map(([name, value]): [string, string] => [`the \`${name}\` credential (an identifier)`, value]),
  );
  refuseShortIdentifiers(
    service,
    (options.redact ?? []).map((value, index): [string, string] => [`\`redact[${index}]\``, value]),
  );
  return base;
}
