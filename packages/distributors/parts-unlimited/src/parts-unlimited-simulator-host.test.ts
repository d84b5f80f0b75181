import { NetworkError } from '@dropship/core';
import { createRecordingFetch, isReservedTestURL } from '@dropship/testing/simulator';
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
    // Checked first, so that a simulator on a production host fails here before any request.
    expect(isReservedTestURL(simulator.baseURL)).toBe(true);
    const recorder = createRecordingFetch();
    const client = createPartsUnlimited({
      dealerNumber: 'SIMDEALER01',
      apiKey: 'simulated-key',
      baseURL: simulator.baseURL,
      fetch: recorder.fetch,
      retry: { retries: 0 },
    });
    const error = await client.findOrder('PO-1001').catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    expect(recorder.urls.length).toBeGreaterThan(0);
    expect(recorder.urls.filter((url) => !isReservedTestURL(url))).toEqual([]);
  });
});
