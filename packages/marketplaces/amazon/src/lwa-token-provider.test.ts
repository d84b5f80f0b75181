import { ApiError, AuthenticationError, ResponseParseError } from '@dropship/core';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAmazonSimulator } from './amazon-simulator.js';
import { createLwaTokenProvider } from './lwa-token-provider.js';

const credentials = {
  refreshToken: 'Atzr|SENTINEL-LWA-REFRESH-TEST-8d21',
  clientId: 'amzn1.application-oa2-client.SENTINEL-LWA-TEST',
  clientSecret: 'SENTINEL-LWA-SECRET-TEST-4c6a',
};
const simulator = createAmazonSimulator({ ...credentials, accessTokenLifetimeSeconds: 3_600 });
const server = createTestServer(...simulator.handlers);
let clock = 0;
const provider = (settings: { refreshMarginMs?: number } = {}) =>
  createLwaTokenProvider({ ...credentials, tokenURL: simulator.tokenURL, now: () => clock, ...settings });

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => {
  clock = 1_000_000;
  simulator.reset({ all: true });
});
afterEach(() => server.resetHandlers());

describe('createLwaTokenProvider', () => {
  it('sends the refresh-token grant as a form and caches the token', async () => {
    const tokens = provider();
    const first = await tokens.getAccessToken();
    expect(first).toMatch(/^Atza\|/);
    expect(await tokens.getAccessToken()).toBe(first);
    // The simulator issues a token only for grant_type=refresh_token with the right client and refresh token.
    expect(simulator.callCount('token')).toBe(1);
  });

  it('uses the token until the refresh margin before expiry, then fetches a new one', async () => {
    const tokens = provider({ refreshMarginMs: 60_000 });
    const first = await tokens.getAccessToken();
    clock += 3_540_000 - 1; // 1 ms before expires_in (3,600 s) minus the margin
    expect(await tokens.getAccessToken()).toBe(first);
    clock += 1;
    expect(await tokens.getAccessToken()).not.toBe(first);
    expect(simulator.callCount('token')).toBe(2);
  });

  it('never refreshes a short-lived token before half its life', async () => {
    server.use(
      http.post(simulator.tokenURL, () =>
        HttpResponse.json({ access_token: 'Atza|short', token_type: 'bearer', expires_in: 60 }),
      ),
    );
    const tokens = provider({ refreshMarginMs: 60_000 });
    await tokens.getAccessToken();
    clock += 29_999;
    await tokens.getAccessToken();
    expect(server.calls({ method: 'POST' })).toHaveLength(1);
    clock += 1;
    await tokens.getAccessToken();
    expect(server.calls({ method: 'POST' })).toHaveLength(2);
  });

  it('makes one request for concurrent callers', async () => {
    const tokens = provider();
    const all = await Promise.all(Array.from({ length: 8 }, () => tokens.getAccessToken()));
    expect(new Set(all).size).toBe(1);
    expect(simulator.callCount('token')).toBe(1);
  });

  it('invalidate drops only the token that was refused', async () => {
    const tokens = provider();
    const first = await tokens.getAccessToken();
    tokens.invalidate('Atza|some-older-token');
    expect(await tokens.getAccessToken()).toBe(first);
    tokens.invalidate(first);
    const second = await tokens.getAccessToken();
    expect(second).not.toBe(first);
    tokens.invalidate(first); // a late 401 for the old token does not drop the new one
    expect(await tokens.getAccessToken()).toBe(second);
    expect(simulator.callCount('token')).toBe(2);
  });

  it('a token response without a token is a ResponseParseError naming the field, never showing the body', async () => {
    server.use(
      http.post(simulator.tokenURL, () =>
        HttpResponse.json({ access_token: 'Atza|LEAKED-IF-SHOWN', expires_in: 'soon' }),
      ),
    );
    const error = await provider()
      .getAccessToken()
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).fields).toEqual(['expires_in']);
    expectNoSecrets([error], ['Atza|LEAKED-IF-SHOWN', credentials.refreshToken, credentials.clientSecret]);
  });

  it.each([
    ['a control byte', 'Atza|IwEBIgood\u0001rest'],
    ['a space', 'Atza|IwEBI good'],
    ['a character outside ASCII', 'Atza|IwEBIgoodé'],
    ['a line break', 'Atza|IwEBIgood\r\nX-Injected: 1'],
    ['5,000 characters', `Atza|${'A'.repeat(4_995)}`],
  ])('a token with %s is not cached: ResponseParseError, and the next call fetches a new token', async (_, bad) => {
    simulator.answerNextTokenRequest({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: bad, token_type: 'bearer', expires_in: 3_600 }),
    });
    const tokens = provider();
    const error = await tokens.getAccessToken().catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect((error as ResponseParseError).fields).toEqual(['access_token']);
    expectNoSecrets([error], [bad]);
    const good = await tokens.getAccessToken();
    expect(good).toMatch(/^Atza\|simulated-/);
    expect(await tokens.getAccessToken()).toBe(good);
    expect(simulator.callCount('token')).toBe(2);
  });

  it("the token endpoint's error echoes the form (refresh token, client secret): none of it reaches the error", async () => {
    const error = await createLwaTokenProvider({
      ...credentials,
      tokenURL: simulator.tokenURL,
      clientSecret: 'SENTINEL-WRONG-SECRET-77',
    })
      .getAccessToken()
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).responseBody).toContain('client_secret=[REDACTED]');
    expectNoSecrets([error], ['SENTINEL-WRONG-SECRET-77', credentials.refreshToken, credentials.clientId]);
  });

  it.each([307, 308])(
    'a %i to another origin is not followed: the refresh token, client id and secret never reach it',
    async (status) => {
      const received: string[] = [];
      server.use(
        http.all('https://collector.elsewhere.test/*', async ({ request }) => {
          received.push(`${request.url}\n${[...request.headers].join('\n')}\n${await request.text()}`);
          return HttpResponse.json({ access_token: 'Atza|stolen', expires_in: 3_600 });
        }),
      );
      simulator.answerNextTokenRequest({ status, headers: { location: 'https://collector.elsewhere.test/token' } });
      const tokens = provider();
      const error = await tokens.getAccessToken().catch((caught: unknown) => caught);
      expect(ApiError.isInstance(error), String(error)).toBe(true);
      expect(String(error)).toContain('collector.elsewhere.test');
      expect(received).toEqual([]);
      expectNoSecrets([error], [credentials.refreshToken, credentials.clientSecret]);
      // Nothing was cached: the next call asks the real endpoint.
      expect(await tokens.getAccessToken()).toMatch(/^Atza\|simulated-/);
    },
  );

  it('a refused refresh token is an AuthenticationError', async () => {
    const error = await createLwaTokenProvider({
      ...credentials,
      tokenURL: simulator.tokenURL,
      refreshToken: 'Atzr|SENTINEL-OTHER',
    })
      .getAccessToken()
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('invalid_grant');
    expectNoSecrets([error], ['Atzr|SENTINEL-OTHER', credentials.clientSecret]);
  });
});
