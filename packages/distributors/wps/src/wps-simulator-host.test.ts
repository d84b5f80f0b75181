import { expectStaysOnTestHosts } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { createWps } from './wps-client.js';
import { WPS_DEFAULT_BASE_URL } from './wps-constants.js';
import { createWpsSimulator } from './wps-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('wps simulator host', () => {
  it('answers on a reserved test host, never on WPS production', () => {
    const simulator = createWpsSimulator();
    expect(simulator.baseURL).toBe('https://wps.simulator.test');
    expect(simulator.baseURL).not.toContain(new URL(WPS_DEFAULT_BASE_URL).hostname);
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createWpsSimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [WPS_DEFAULT_BASE_URL],
      call: (fetch) =>
        createWps({ apiToken: simulator.apiToken, baseURL: simulator.baseURL, fetch, retry: { retries: 0 } }).findOrder(
          'PO-1001',
        ),
    });
  });
});
