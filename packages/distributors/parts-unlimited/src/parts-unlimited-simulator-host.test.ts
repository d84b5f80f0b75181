import { expectStaysOnTestHosts } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { createPartsUnlimited } from './parts-unlimited-client.js';
import { PARTS_UNLIMITED_BASE_URL } from './parts-unlimited-settings.js';
import { createPartsUnlimitedSimulator } from './parts-unlimited-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('parts-unlimited simulator host', () => {
  it('answers on a reserved test host, never on Parts Unlimited production', () => {
    const simulator = createPartsUnlimitedSimulator();
    expect(simulator.baseURL).toBe('https://parts-unlimited.simulator.test/api');
    expect(new URL(simulator.baseURL).hostname).not.toBe(new URL(PARTS_UNLIMITED_BASE_URL).hostname);
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createPartsUnlimitedSimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [PARTS_UNLIMITED_BASE_URL],
      call: (fetch) =>
        createPartsUnlimited({
          dealerNumber: 'SIMDEALER01',
          apiKey: 'simulated-key',
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).findOrder('PO-1001'),
    });
  });
});
