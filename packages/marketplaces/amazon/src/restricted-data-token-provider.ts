import { AuthenticationError, type CallOptions, InvalidRequestError, ResponseParseError } from '@dropship/core';
import { formatIssuePath, type HttpClient } from '@dropship/http';
import { sendWithFreshAccessToken } from './amazon-access-token.js';
import { amazonOrdersRestrictedResource, amazonRestrictedDataTokenResponseSchema } from './amazon-order-schemas.js';
import type { LwaTokenProvider } from './lwa-token-provider.js';

/** The token `getOrders` is sent with, and why it is not a Restricted Data Token when it is not. */
export interface GetOrdersAccess {
  /** The `x-amz-access-token` value: the RDT, or the LWA access token when Amazon refused the RDT. */
  token: string;
  /** Set when Amazon refused the RDT: the redacted reason (the orders then come without the restricted fields). */
  refusal?: string;
}

/** Settings of {@link createRestrictedDataTokenProvider}. */
export interface RestrictedDataTokenProviderSettings {
  /** The client of `POST /tokens/2021-03-01/restrictedDataToken` (LWA access token, its own rate limit). */
  http: HttpClient;
  /** The LWA access tokens (the fallback when Amazon refuses the RDT, and the RDT call's own token). */
  tokens: LwaTokenProvider;
  /** Errors raised by the LWA token endpoint. */
  tokenFailures: WeakSet<object>;
  /** Ask again this long before the RDT expires, in ms (at most half its life early). */
  refreshMarginMs: number;
  /** After a refusal, list without an RDT this long before asking again, in ms. */
  refusalRetryMs: number;
  /** Clock, ms since epoch. */
  now: () => number;
}

/** Hands out the access token of `getOrders`: a cached Restricted Data Token, or the LWA token when Amazon refuses one. */
export interface RestrictedDataTokenProvider {
  /** The token for `getOrders` (one RDT request for concurrent callers). */
  getOrdersAccess(options?: CallOptions): Promise<GetOrdersAccess>;
  /** Drops `token` (one `getOrders` refused): the cached RDT if it is that one, else the LWA token. */
  invalidate(token: string): void;
}

/**
 * True for an answer that refuses the RDT itself for good: 401/403 (after a fresh LWA token: the
 * application lacks the role for the data elements) or a 4xx other than 404, 408 and 429 (400
 * `InvalidInput`: a request Amazon will not grant). Anything else (429, 404, 5xx, no answer, an
 * answer of the wrong shape) is inconclusive and thrown: listing without the restricted fields
 * would hold every order, so it is not done on a guess.
 */
function isRefusal(error: unknown): boolean {
  return AuthenticationError.isInstance(error) || InvalidRequestError.isInstance(error);
}

/**
 * Creates the Restricted Data Token provider of the order listing: `POST
 * /tokens/2021-03-01/restrictedDataToken` for `GET /orders/v0/orders` with the data elements
 * `buyerInfo` and `shippingAddress` (https://developer-docs.amazon.com/sp-api/reference/createrestricteddatatoken,
 * https://developer-docs.amazon.com/sp-api/docs/tokens-api-use-case-guide), cached until
 * `refreshMarginMs` before its `expiresIn` runs out. The token lifetime and reusing one RDT for
 * every getOrders call of that path are modelled (Amazon's answer says how long; a refused
 * getOrders drops the RDT and asks again). When Amazon refuses the RDT (401/403, or a 400-class answer:
 * the application lacks the Direct-to-Consumer Shipping role), getOrders goes with the LWA
 * access token, Amazon leaves the restricted fields out, and the orders are held as unmappable
 * naming `ShippingAddress.Name`: never shipped to a guessed address.
 *
 * @param settings - the clients, tokens and timings.
 */
export function createRestrictedDataTokenProvider(
  settings: RestrictedDataTokenProviderSettings,
): RestrictedDataTokenProvider {
  const { http, tokens, tokenFailures, now } = settings;
  let cached: { token: string; refreshAt: number } | undefined;
  let refused: { reason: string; until: number } | undefined;
  let inflight: Promise<GetOrdersAccess> | undefined;

  async function request(options?: CallOptions): Promise<GetOrdersAccess> {
    const token = await tokens.getAccessToken(options);
    let response: Awaited<ReturnType<HttpClient['request']>>;
    try {
      response = await sendWithFreshAccessToken(
        () =>
          http.request({
            method: 'POST',
            path: '/tokens/2021-03-01/restrictedDataToken',
            json: { restrictedResources: [amazonOrdersRestrictedResource] },
            // Asking for a token twice is harmless: retry like a read.
            retry: true,
            ...(options?.signal ? { signal: options.signal } : {}),
          }),
        () => tokens.invalidate(token),
        tokenFailures,
      );
    } catch (error) {
      if (tokenFailures.has(error as object) || !isRefusal(error)) throw error;
      const reason = error instanceof Error ? error.message : 'refused';
      refused = { reason, until: now() + settings.refusalRetryMs };
      return { token: await tokens.getAccessToken(options), refusal: reason };
    }
    // Parsed here rather than by the client: a body that fails the schema may still hold a token,
    // and it must not reach the error.
    const result = amazonRestrictedDataTokenResponseSchema.safeParse(response.data);
    if (!result.success) {
      const fields = [...new Set(result.error.issues.map((issue) => formatIssuePath(issue.path)))];
      throw new ResponseParseError(
        `amazon: unexpected createRestrictedDataToken response (fields: ${fields.join(', ')})`,
        {
          service: 'amazon',
          method: 'POST',
          url: '/tokens/2021-03-01/restrictedDataToken',
          status: response.status,
          fields,
        },
      );
    }
    const lifetimeMs = result.data.expiresIn * 1000;
    cached = {
      token: result.data.restrictedDataToken,
      refreshAt: now() + lifetimeMs - Math.min(settings.refreshMarginMs, lifetimeMs / 2),
    };
    refused = undefined;
    return { token: cached.token };
  }

  return {
    async getOrdersAccess(options) {
      if (cached && now() < cached.refreshAt) return { token: cached.token };
      if (refused && now() < refused.until)
        return { token: await tokens.getAccessToken(options), refusal: refused.reason };
      inflight ??= request(options).finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
      else tokens.invalidate(token);
    },
  };
}
