import { MissingCredentialError } from '@dropship/core';

/**
 * Picks a credential from an option or, failing that, an environment variable. Blank values
 * count as missing.
 *
 * @param value - the value given as an option.
 * @param environmentVariable - the environment variable to fall back on (for example `WPS_API_TOKEN`), or undefined for none.
 * @param service - the service, for the error (for example `wps`).
 * @param name - the option name, for the error (for example `apiToken`).
 * @throws `MissingCredentialError` naming the option and the variable, never a value.
 * @example
 * ```ts
 * const apiToken = resolveCredential(options.apiToken, 'WPS_API_TOKEN', 'wps', 'apiToken');
 * ```
 */
export function resolveCredential(
  value: string | undefined | null,
  environmentVariable: string | undefined,
  service: string,
  name: string,
): string {
  if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  const fromEnvironment = environmentVariable === undefined ? undefined : process.env[environmentVariable];
  if (typeof fromEnvironment === 'string' && fromEnvironment.trim().length > 0) return fromEnvironment.trim();
  throw new MissingCredentialError(service, name, environmentVariable);
}
