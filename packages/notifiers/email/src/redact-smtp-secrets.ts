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
 * Builds a function that replaces SMTP credentials and any extra secret with `[REDACTED]`: the
 * user and the password as is and base64-encoded (AUTH LOGIN), the AUTH PLAIN forms
 * `\0user\0pass` and `user\0user\0pass` base64-encoded
 * (https://www.rfc-editor.org/rfc/rfc4954, https://www.rfc-editor.org/rfc/rfc4616), and each
 * extra secret as is and base64-encoded. Longer spellings are replaced first. Credential spellings
 * shorter than 3 characters are left alone (they would hide ordinary text); an extra secret is
 * hidden whatever its length.
 *
 * @param auth - the SMTP user and password, if any.
 * @param extra - more secrets to hide (an API key in the message, a second password).
 * @returns a function that hides the secrets in a text.
 */
export function createSmtpRedactor(
  auth: { user?: string | undefined; pass?: string | undefined } | undefined,
  extra: readonly string[] = [],
): (text: string) => string {
  const extraSpellings = extra
    .filter((secret) => secret.length > 0)
    .flatMap((secret) => [secret, Buffer.from(secret, 'utf8').toString('base64')]);
  const secrets = [...new Set([...smtpSpellings(auth?.user, auth?.pass), ...extraSpellings])].sort(
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
