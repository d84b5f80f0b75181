import { expectStaysOnTestHosts } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { createTuckerRocky } from './tucker-rocky-client.js';
import { TUCKER_ROCKY_BASE_URL } from './tucker-rocky-settings.js';
import { createTuckerRockySimulator } from './tucker-rocky-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('tucker-rocky simulator host', () => {
  it('answers on a reserved test host, never on Tucker Rocky production', () => {
    const simulator = createTuckerRockySimulator();
    expect(simulator.baseURL).toBe('https://tucker-rocky.simulator.test');
    expect(new URL(simulator.baseURL).hostname).not.toBe(new URL(TUCKER_ROCKY_BASE_URL).hostname);
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createTuckerRockySimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [TUCKER_ROCKY_BASE_URL],
      call: (fetch) =>
        createTuckerRocky({
          customerNumber: 'SIM123',
          apiKey: 'simulated-key',
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).findOrder('PO-1001'),
    });
  });
});
