/**
 * Everything a value exposes as text, deeply: for errors the message, stack, `toString()`, every
 * own property (enumerable or not) and the whole `cause` chain; for objects and arrays every
 * nested value. What a logger, an error tracker or a snapshot could ever print.
 *
 * @param value - an error, an event, or anything else.
 * @param depth - how deep to walk (default 8).
 */
export function collectExposedText(value: unknown, depth = 8): string {
  const seen = new WeakSet<object>();
  const parts: string[] = [];
  const walk = (current: unknown, level: number): void => {
    if (level < 0 || current === null || current === undefined) return;
    if (typeof current === 'string') {
      parts.push(current);
      return;
    }
    if (typeof current !== 'object') {
      if (typeof current !== 'function') parts.push(String(current));
      return;
    }
    if (seen.has(current)) return;
    seen.add(current);
    if (current instanceof Error) {
      parts.push(String(current), current.message, current.stack ?? '');
      walk(current.cause, level - 1);
    }
    if (current instanceof URL) parts.push(current.href);
    if (current instanceof Headers) {
      current.forEach((headerValue, name) => {
        parts.push(`${name}: ${headerValue}`);
      });
      return;
    }
    try {
      parts.push(JSON.stringify(current) ?? '');
    } catch {
      // Circular or unserialisable: the walk below still reads every property.
    }
    for (const key of Reflect.ownKeys(current)) {
      if (typeof key === 'symbol') continue;
      walk((current as Record<string, unknown>)[key], level - 1);
    }
  };
  walk(value, depth);
  return parts.join('\n');
}

function spellings(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)])];
}

function mask(secret: string): string {
  return `${secret.slice(0, 2)}${'*'.repeat(Math.max(3, secret.length - 2))}`;
}

/**
 * Throws when any secret (raw, percent-encoded or form-encoded) appears anywhere in the given
 * values (see {@link collectExposedText}). The failure message masks the secret.
 *
 * @param values - errors, events, recorded output.
 * @param secrets - credential values; blank ones are ignored.
 * @example
 * ```ts
 * expectNoSecrets([error, ...events], ['SENTINEL-API-KEY']);
 * ```
 */
export function expectNoSecrets(values: readonly unknown[], secrets: readonly string[]): void {
  const texts = values.map((value) => collectExposedText(value));
  for (const secret of secrets) {
    if (secret.trim().length === 0) continue;
    for (const spelling of spellings(secret)) {
      const index = texts.findIndex((text) => text.includes(spelling));
      if (index >= 0) {
        const value = values[index];
        const label =
          value instanceof Error
            ? `${value.name} "${value.message.replaceAll(spelling, '<SECRET>').slice(0, 200)}"`
            : `value #${index}`;
        throw new Error(`credential leak: the secret ${mask(secret)} appears in ${label}`);
      }
    }
  }
}
