const REDACTED = '[REDACTED]';

/**
 * The spellings an SMTP credential can take on the wire and in a transcript: as is and base64
 * (AUTH LOGIN sends the user and the password base64-encoded; AUTH PLAIN sends
 * `\0user\0pass` base64-encoded).
 */
function smtpSpellings(user: string | undefined, pass: string | undefined): string[] {
  const spellings = new Set<string>();
  for (const value of [user, pass]) {
    if (value === undefined || value.length === 0) continue;
    spellings.add(value);
    spellings.add(Buffer.from(value, 'utf8').toString('base64'));
  }
  if (user && pass) {
    spellings.add(Buffer.from(`\u0000${user}\u0000${pass}`, 'utf8').toString('base64'));
    spellings.add(Buffer.from(`${user}\u0000${user}\u0000${pass}`, 'utf8').toString('base64'));
  }
  return [...spellings].filter((spelling) => spelling.length >= 3).sort((left, right) => right.length - left.length);
}

/**
 * Builds a function that replaces SMTP credentials (raw and in their AUTH LOGIN / AUTH PLAIN
 * base64 forms) and any extra secret with `[REDACTED]`.
 *
 * @param auth - the SMTP user and password, if any.
 * @param extra - more secrets to hide.
 * @internal
 */
export function createSmtpRedactor(
  auth: { user?: string | undefined; pass?: string | undefined } | undefined,
  extra: readonly string[] = [],
): (text: string) => string {
  const secrets = [...smtpSpellings(auth?.user, auth?.pass), ...extra.filter((secret) => secret.length > 0)].sort(
    (left, right) => right.length - left.length,
  );
  return (text: string): string => {
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  };
}
