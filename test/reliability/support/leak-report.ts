import { collectExposedText } from '@dropship/testing/simulator';

/**
 * Where secrets show up: one line per (value, secret) found, with the value's label, the
 * secret's name and 60 characters around the first occurrence (the secret itself masked).
 * Spellings checked: raw, URL-encoded, form-encoded.
 *
 * @param values - labelled values (errors, events, recorded calls, snapshots).
 * @param secrets - secret values by name.
 */
export function leakReport(
  values: readonly (readonly [string, unknown])[],
  secrets: Readonly<Record<string, string>>,
): string[] {
  const found: string[] = [];
  for (const [label, value] of values) {
    const text = collectExposedText(value);
    for (const [name, secret] of Object.entries(secrets)) {
      if (secret.trim().length === 0) continue;
      for (const spelling of new Set([
        secret,
        encodeURIComponent(secret),
        new URLSearchParams({ v: secret }).toString().slice(2),
      ])) {
        const at = text.indexOf(spelling);
        if (at < 0) continue;
        const context = text
          .slice(Math.max(0, at - 60), at + spelling.length + 60)
          .replaceAll(spelling, `<${name}>`)
          .replace(/\s+/g, ' ');
        found.push(`${label}: ${name} in "…${context}…"`);
        break;
      }
    }
  }
  return found;
}
