import { NetworkError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { expectStaysOnTestHosts } from './expect-stays-on-test-hosts.js';

const production = 'https://api.vendor.example';
const networkError = new NetworkError('getaddrinfo ENOTFOUND', { service: 'vendor' });

/** A fetch that fails like a DNS lookup of a `.test` host: it never reaches a server. */
const unresolvable: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));

describe('expectStaysOnTestHosts', () => {
  it('passes and returns the NetworkError when the call fails on the test host after a request', async () => {
    let calls = 0;
    const error = await expectStaysOnTestHosts({
      urls: ['https://vendor.simulator.test'],
      productionURLs: [production],
      fetch: unresolvable,
      call: async (fetch) => {
        calls += 1;
        await fetch('https://vendor.simulator.test/orders').catch(() => undefined);
        throw networkError;
      },
    });
    expect(error).toBe(networkError);
    expect(calls).toBe(1);
  });

  it('refuses a simulator URL on a production host before the call is made', async () => {
    let calls = 0;
    await expect(
      expectStaysOnTestHosts({
        urls: ['https://vendor.simulator.test', production],
        productionURLs: [production],
        fetch: unresolvable,
        call: async () => {
          calls += 1;
        },
      }),
    ).rejects.toThrow(`expected the simulator URL ${production} on a reserved test host`);
    expect(calls).toBe(0);
  });

  it('fails on a request off the test hosts, even when the call then fails with a NetworkError', async () => {
    await expect(
      expectStaysOnTestHosts({
        urls: ['https://vendor.simulator.test'],
        productionURLs: [production],
        fetch: unresolvable,
        call: async (fetch) => {
          await fetch(`${production}/token`).catch(() => undefined);
          throw networkError;
        },
      }),
    ).rejects.toThrow(`got requests to ${production}/token`);
  });

  it('fails when the call sent no request through the given fetch', async () => {
    await expect(
      expectStaysOnTestHosts({
        urls: ['https://vendor.simulator.test'],
        productionURLs: [production],
        fetch: unresolvable,
        call: () => Promise.reject(networkError),
      }),
    ).rejects.toThrow('it sent none');
  });

  it('fails when the call succeeds or fails with anything but a NetworkError', async () => {
    const scenario = {
      urls: ['https://vendor.simulator.test'],
      productionURLs: [production],
      fetch: unresolvable,
    };
    await expect(
      expectStaysOnTestHosts({ ...scenario, call: (fetch) => fetch('https://vendor.simulator.test/a').catch(() => 1) }),
    ).rejects.toThrow('expected a NetworkError (no server listening), got no error');
    await expect(
      expectStaysOnTestHosts({
        ...scenario,
        call: (fetch) => fetch('https://vendor.simulator.test/a'),
      }),
    ).rejects.toThrow('expected a NetworkError (no server listening), got TypeError: fetch failed');
  });
});
