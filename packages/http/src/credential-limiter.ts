import { createHash } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import type { HttpCredentials, RateLimitOptions } from './http-types.js';
import { createThrottleGate, type ThrottleGate } from './throttle-gate.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** The limits shared by every client that uses one credential of one service. */
export interface CredentialLimiter {
  /** Registry key: the service and a hash of the credentials (never the secret itself). */
  readonly key: string;
  /** Caps the requests in flight. */
  readonly concurrency: LimitFunction;
  /** Spaces requests out; undefined when the client has no rate limit. */
  readonly bucket: TokenBucket | undefined;
  /**
   * Holds every request of the credential when the service throttles one of them (429 with
   * Retry-After, or a throttle read from the body), then lets them resume one at a time, so that
   * they do not all wake at once and get throttled again. Works with or without a token bucket.
   */
  readonly throttle: ThrottleGate;
  /**
   * Until when (ms since epoch) every request of the credential waits: the end of
   * {@link CredentialLimiter.throttle}'s pause. Setting it pauses the gate (never shortens a pause).
   */
  pausedUntil: number;
}

const registry = new Map<string, CredentialLimiter>();

/**
 * The registry key of a credential: `<service>:<sha256 of the API host and the credentials>`.
 * Limits belong to one API host (an OAuth token endpoint and the API it serves have their own),
 * so clients share a limiter only for the same host and credential. The secret is never stored.
 *
 * @param service - service id, optionally with the API host (`amazon@sellingpartnerapi-na.amazon.com`).
 * @param credentials - the credentials the client injects.
 * @param identity - more secret values that identify the account (the client's `redact` list).
 */
export function credentialKey(
  service: string,
  credentials: HttpCredentials | undefined,
  identity: readonly string[] = [],
): string {
  const parts = [
    ...identity.map((value) => `i:${value}`),
    ...Object.entries(credentials?.headers ?? {}).map(([name, value]) => `h:${name.toLowerCase()}=${value}`),
    ...Object.entries(credentials?.searchParams ?? {}).map(([name, value]) => `q:${name}=${value}`),
  ].sort();
  const hash = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
  return `${service}:${hash}`;
}

/**
 * Returns the limiter for a service + credential, creating it on first use. Every client with the
 * same service and credentials shares it, so two clients cannot together exceed the limits. The
 * first client's `concurrency` and `rateLimit` settings create it; later clients share it as is.
 *
 * @param service - service id.
 * @param credentials - the credentials the client injects.
 * @param settings - concurrency and rate limit for a new limiter, and the secret values (besides
 *   the credentials) that identify the account.
 */
export function getCredentialLimiter(
  service: string,
  credentials: HttpCredentials | undefined,
  settings: {
    concurrency: number;
    rateLimit: RateLimitOptions | false | undefined;
    identity?: readonly string[] | undefined;
  },
): CredentialLimiter {
  const key = credentialKey(service, credentials, settings.identity);
  const existing = registry.get(key);
  if (existing) return existing;
  const throttle = createThrottleGate();
  const limiter: CredentialLimiter = {
    key,
    concurrency: pLimit(settings.concurrency),
    bucket: settings.rateLimit ? createTokenBucket(settings.rateLimit) : undefined,
    throttle,
    get pausedUntil() {
      return throttle.pausedUntil;
    },
    set pausedUntil(time: number) {
      throttle.pauseUntil(time);
    },
  };
  registry.set(key, limiter);
  return limiter;
}

/**
 * Forgets every shared limiter (tests that need fresh limits for a credential they reuse).
 * Clients created before keep the limiter they hold.
 */
export function resetCredentialLimiters(): void {
  registry.clear();
}
