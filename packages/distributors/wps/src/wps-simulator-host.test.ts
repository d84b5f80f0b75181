import { NetworkError } from '@dropship/core';
import { createRecordingFetch, isReservedTestURL } from '@dropship/testing/simulator';
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
    // Checked first, so that a simulator on a production host fails here before any request.
    expect(isReservedTestURL(simulator.baseURL)).toBe(true);
    const recorder = createRecordingFetch();
    const wps = createWps({
      apiToken: simulator.apiToken,
      baseURL: simulator.baseURL,
      fetch: recorder.fetch,
      retry: { retries: 0 },
    });
    const error = await wps.findOrder('PO-1001').catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    expect(recorder.urls.length).toBeGreaterThan(0);
    expect(recorder.urls.filter((url) => !isReservedTestURL(url))).toEqual([]);
  });
});
