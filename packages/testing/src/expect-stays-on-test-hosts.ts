import { NetworkError } from '@dropship/core';
import { createRecordingFetch, isReservedTestURL } from './simulator-hosts.js';

/** What {@link expectStaysOnTestHosts} runs: a client pointed at a simulator, with no server listening. */
export interface StaysOnTestHostsScenario {
  /**
   * Every URL the client is pointed at (the simulator's `baseURL`, and its `tokenURL` when it has
   * one). Each must be on a reserved test host; this is checked before any request is made.
   */
  readonly urls: readonly string[];
  /**
   * The vendor's production URLs (its API host, its token host). The simulator's URLs must not be
   * on these hosts, and no request may go to them.
   */
  readonly productionURLs: readonly string[];
  /**
   * Builds the client with `fetch` (a recording fetch) and the scenario's `urls`, and makes one call
   * that sends a request (`findOrder`, `pushTracking`). Returns that call's promise.
   */
  readonly call: (fetch: typeof globalThis.fetch) => Promise<unknown>;
  /** The fetch the recording fetch hands requests to. Default: the global `fetch` at call time. */
  readonly fetch?: typeof globalThis.fetch;
}

function hostnameOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

/**
 * The scenario of a script that forgot `server.listen()`: a client pointed at a simulator whose
 * test server is not running must fail with a `NetworkError` (the reserved `.test` host does not
 * resolve), after at least one request, and without a single request off the reserved test hosts.
 * Throws an `Error` saying what came instead otherwise (no test framework needed, like
 * `expectNoSecrets`), so a simulator whose default host is set back to a vendor's production host
 * fails here before any request is made.
 *
 * @param scenario - the simulator's URLs, the vendor's production URLs and the call to make.
 * @returns the `NetworkError` the call failed with, for further checks.
 * @example
 * ```ts
 * const simulator = createWpsSimulator();
 * await expectStaysOnTestHosts({
 *   urls: [simulator.baseURL],
 *   productionURLs: [WPS_DEFAULT_BASE_URL],
 *   call: (fetch) => createWps({ apiToken: simulator.apiToken, baseURL: simulator.baseURL, fetch }).findOrder('PO-1'),
 * });
 * ```
 */
export async function expectStaysOnTestHosts(scenario: StaysOnTestHostsScenario): Promise<NetworkError> {
  if (scenario.urls.length === 0) throw new Error('expectStaysOnTestHosts: no simulator URL given');
  const productionHosts = new Set(scenario.productionURLs.map(hostnameOf));
  for (const url of scenario.urls) {
    if (!isReservedTestURL(url) || productionHosts.has(hostnameOf(url))) {
      throw new Error(`expected the simulator URL ${url} on a reserved test host, not a production host`);
    }
  }
  const recorder = createRecordingFetch(scenario.fetch);
  let caught: unknown;
  try {
    await scenario.call(recorder.fetch);
  } catch (error) {
    caught = error;
  }
  const offTestHosts = recorder.urls.filter((url) => !isReservedTestURL(url) || productionHosts.has(hostnameOf(url)));
  if (offTestHosts.length > 0) {
    throw new Error(`expected no request off the reserved test hosts, got requests to ${offTestHosts.join(', ')}`);
  }
  if (recorder.urls.length === 0) {
    throw new Error('expected the call to send a request through the given fetch, it sent none');
  }
  if (!NetworkError.isInstance(caught)) {
    throw new Error(
      `expected a NetworkError (no server listening), got ${caught === undefined ? 'no error' : String(caught)}`,
    );
  }
  return caught;
}
