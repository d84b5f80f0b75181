import { expectStaysOnTestHosts, isReservedTestURL } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { createAutomatic } from './automatic-client.js';
import { createAutomaticSimulator } from './automatic-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('automatic simulator host', () => {
  it('answers on a reserved test host, never on a production host (Automatic publishes none)', () => {
    const simulator = createAutomaticSimulator();
    expect(simulator.baseURL).toBe('https://automatic.simulator.test/v2');
    expect(isReservedTestURL(simulator.baseURL)).toBe(true);
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createAutomaticSimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [], // Automatic publishes no production host
      call: (fetch) =>
        createAutomatic({
          apiToken: simulator.apiToken,
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).findOrder('PO-1001'),
    });
  });
});
