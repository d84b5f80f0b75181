import { AuthenticationError, type CallOptions, InvalidRequestError, ResponseParseError } from '@dropship/core';
import {
  createHttpClient,
  formatIssuePath,
  type HttpClientOptions,
  type HttpEvent,
  truncateBody,
} from '@dropship/http';
import { z } from 'zod';
import { lwaTokenResponseSchema } from './amazon-schemas.js';

/**
 * The Login with Amazon token endpoint
 * (https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api, step 1).
 */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/** Settings of {@link createLwaTokenProvider}. */
export interface LwaTokenProviderSettings {
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  /** Token endpoint. Default {@link LWA_TOKEN_URL}. */
  tokenURL?: string;
  /** Refresh this long before the token expires, in ms (at most half its life). Default 60,000. */
  refreshMarginMs?: number;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
  /** Clock in ms since epoch (tests). Default `Date.now`. */
  now?: () => number;
}

/** Hands out LWA access tokens, fetching one from the refresh token when none is fresh. */
export interface LwaTokenProvider {
  /** A current access token: the cached one until shortly before it expires, else a new one (one request for concurrent callers). */
  getAccessToken(options?: CallOptions): Promise<string>;
  /**
   * Drops the cached token if it is still `token` (one the API refused with 401), so the next
   * call fetches a new one. A token fetched since is kept, so concurrent 401s refresh once.
   */
  invalidate(token: string): void;
}

const lwaErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * Creates the LWA token provider of an Amazon SP-API client: `POST tokenURL` with
 * `grant_type=refresh_token`, the refresh token, client id and client secret, form encoded
 * (`application/x-www-form-urlencoded`, as Amazon's SP-API docs show the request and RFC 6749 §6
 * prescribes; Amazon's official clients send the same fields as JSON, which LWA also takes);
 * caches the access token until `refreshMarginMs` before `expires_in` runs out (at most half
 * the token's life early). A refused
 * refresh token or client (`invalid_grant`, `invalid_client`, `unauthorized_client`) is an
 * `AuthenticationError`; none of the three secrets ever appears in an error or event.
 *
 * @param settings - the LWA credentials and endpoint.
 */
export function createLwaTokenProvider(settings: LwaTokenProviderSettings): LwaTokenProvider {
  const tokenURL = new URL(settings.tokenURL ?? LWA_TOKEN_URL);
  const now = settings.now ?? Date.now;
  const marginMs = settings.refreshMarginMs ?? 60_000;
  const options: HttpClientOptions = {
    service: 'amazon',
    baseURL: tokenURL.origin,
    // The client id is redacted too: it is a credential of this endpoint, and it keeps this
    // client's shared limiter (no rate limit) apart from the SP-API client's (2/s), which is keyed
    // on the refresh token and secret alone.
    redact: [settings.refreshToken, settings.clientSecret, settings.clientId],
    rateLimit: false,
    mapError: (context) => {
      const parsed = lwaErrorSchema.safeParse(context.body);
      if (context.status < 400 || !parsed.success) return undefined;
      const redact = context.redact ?? ((text: string) => text);
      const details = {
        service: 'amazon',
        method: context.method,
        url: context.url,
        status: context.status,
        responseBody: truncateBody(context.text, redact),
      };
      const reason = redact(
        `${parsed.data.error}${parsed.data.error_description ? `: ${parsed.data.error_description}` : ''}`,
      );
      if (
        ['invalid_grant', 'invalid_client', 'unauthorized_client'].includes(parsed.data.error) ||
        context.status === 401
      ) {
        return new AuthenticationError(
          `amazon: Login with Amazon refused the refresh token or client credentials (${reason})`,
          details,
        );
      }
      if (context.status >= 500 || context.status === 429) return undefined;
      return new InvalidRequestError(`amazon: Login with Amazon refused the token request (${reason})`, details);
    },
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  };
  const http = createHttpClient(options);

  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const response = await http.request({
      method: 'POST',
      path: `${tokenURL.pathname}${tokenURL.search}`,
      form: {
        grant_type: 'refresh_token',
        refresh_token: settings.refreshToken,
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
      },
      // Asking for a token twice is harmless: retry like a read.
      retry: true,
      ...(signal ? { signal } : {}),
    });
    // Parsed here rather than by the client: a body that fails the schema may still hold an
    // access token, and it must not reach the error.
    const result = lwaTokenResponseSchema.safeParse(response.data);
    if (!result.success) {
      const fields = [...new Set(result.error.issues.map((issue) => formatIssuePath(issue.path)))];
      throw new ResponseParseError(
        `amazon: unexpected Login with Amazon token response (fields: ${fields.join(', ')})`,
        {
          service: 'amazon',
          method: 'POST',
          url: tokenURL.href,
          status: response.status,
          fields,
        },
      );
    }
    const expiresInMs = result.data.expires_in * 1000;
    // Refresh `marginMs` early, but never before half the token's life (a short-lived token is still used).
    cached = { token: result.data.access_token, refreshAt: now() + expiresInMs - Math.min(marginMs, expiresInMs / 2) };
    return result.data.access_token;
  }

  return {
    async getAccessToken(callOptions) {
      if (cached && now() < cached.refreshAt) return cached.token;
      inflight ??= fetchToken(callOptions?.signal).finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
