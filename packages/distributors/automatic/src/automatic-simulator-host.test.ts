import { NetworkError } from '@dropship/core';
import { createRecordingFetch, isReservedTestURL } from '@dropship/testing/simulator';
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
    // Checked first, so that a simulator on a production host fails here before any request.
    expect(isReservedTestURL(simulator.baseURL)).toBe(true);
    const recorder = createRecordingFetch();
    const client = createAutomatic({
      apiToken: simulator.apiToken,
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
