/** An access token and when it stops being valid. */
export interface WalmartAccessToken {
  value: string;
  /** Milliseconds since epoch at which Walmart stops accepting it. */
  expiresAt: number;
}

/** Options of {@link createWalmartTokenCache}. */
export interface WalmartTokenCacheOptions {
  /** Asks Walmart for a new token; returns it and its lifetime in seconds (`expires_in`). */
  requestToken: () => Promise<{ accessToken: string; expiresInSeconds: number }>;
  /** The clock, ms since epoch. Default `Date.now`. */
  now?: () => number;
  /** Refresh this long before expiry. Default 60,000 ms (Walmart tokens live 900 s). */
  refreshMarginMs?: number;
}

/** Holds one Walmart access token and renews it. */
export interface WalmartTokenCache {
  /** A token valid for at least the refresh margin, requesting a new one when needed. */
  get(): Promise<string>;
  /** Forgets `token` (Walmart refused it), so that the next `get` requests a new one. */
  invalidate(token: string): void;
}

/**
 * Caches Walmart's client-credentials token: one request per token lifetime, renewed
 * `refreshMarginMs` before it expires, and one request in flight at a time however many calls
 * need a token at once.
 *
 * @param options - how to request a token, the clock and the refresh margin.
 */
export function createWalmartTokenCache(options: WalmartTokenCacheOptions): WalmartTokenCache {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 60_000;
  let current: WalmartAccessToken | undefined;
  let pending: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    pending ??= (async () => {
      try {
        const requestedAt = now();
        const { accessToken, expiresInSeconds } = await options.requestToken();
        current = { value: accessToken, expiresAt: requestedAt + expiresInSeconds * 1000 };
        return accessToken;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    get: async () => {
      if (current && now() < current.expiresAt - margin) return current.value;
      return refresh();
    },
    invalidate: (token) => {
      if (current?.value === token) current = undefined;
    },
  };
}
