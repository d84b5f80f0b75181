import { describe, expect, it } from 'vitest';
import { createWalmartTokenCache } from './walmart-token-cache.js';

function setup(refreshMarginMs?: number) {
  let clock = 1_000_000;
  let issued = 0;
  const cache = createWalmartTokenCache({
    now: () => clock,
    ...(refreshMarginMs === undefined ? {} : { refreshMarginMs }),
    requestToken: async () => {
      issued += 1;
      return { accessToken: `token-${issued}`, expiresInSeconds: 900 };
    },
  });
  return {
    cache,
    advance: (ms: number) => {
      clock += ms;
    },
    issued: () => issued,
  };
}

describe('createWalmartTokenCache', () => {
  it('reuses the token until the refresh margin before its 900 s expiry', async () => {
    const { cache, advance, issued } = setup();
    expect(await cache.get()).toBe('token-1');
    advance(839_000);
    expect(await cache.get()).toBe('token-1');
    advance(1_000); // 840 s: 60 s before expiry
    expect(await cache.get()).toBe('token-2');
    expect(issued()).toBe(2);
  });

  it('honours a custom margin', async () => {
    const { cache, advance } = setup(5_000);
    await cache.get();
    advance(894_000);
    expect(await cache.get()).toBe('token-1');
    advance(1_000);
    expect(await cache.get()).toBe('token-2');
  });

  it('requests one token for many concurrent callers', async () => {
    const { cache, issued } = setup();
    const tokens = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(issued()).toBe(1);
  });

  it('requests a new token after the current one is invalidated, but not for a stale one', async () => {
    const { cache, issued } = setup();
    await cache.get();
    cache.invalidate('token-0');
    expect(await cache.get()).toBe('token-1');
    cache.invalidate('token-1');
    expect(await cache.get()).toBe('token-2');
    expect(issued()).toBe(2);
  });

  it('does not cache a failed request', async () => {
    let fail = true;
    const cache = createWalmartTokenCache({
      requestToken: async () => {
        if (fail) throw new Error('down');
        return { accessToken: 'ok', expiresInSeconds: 900 };
      },
    });
    await expect(cache.get()).rejects.toThrow('down');
    fail = false;
    expect(await cache.get()).toBe('ok');
  });
});
