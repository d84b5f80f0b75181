/**
 * Where simulators answer by default: hosts under `.test`, a top-level domain reserved for
 * testing that never resolves on the internet (RFC 6761 §6.2,
 * https://www.rfc-editor.org/rfc/rfc6761#section-6.2). A script that forgets to start its test
 * server then fails with a DNS error instead of sending a real request (an order, a token) to a
 * vendor's production host.
 */
export const SIMULATOR_DOMAIN = 'simulator.test';

/**
 * The default base URL of the simulator of `vendor`: `https://<vendor>.simulator.test` plus
 * `path` (for an API rooted below the host, such as `/v2`).
 *
 * @param vendor - a DNS label: lowercase letters, digits and hyphens (`wps`, `tucker-rocky`).
 * @param path - optional path the API is rooted at, starting with `/`.
 * @throws TypeError when `vendor` is not a DNS label or `path` does not start with `/`.
 */
export function simulatorBaseURL(vendor: string, path = ''): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(vendor)) {
    throw new TypeError(`simulatorBaseURL: "${vendor}" is not a DNS label (lowercase letters, digits, hyphens)`);
  }
  if (path !== '' && !path.startsWith('/')) throw new TypeError(`simulatorBaseURL: path "${path}" must start with /`);
  return `https://${vendor}.${SIMULATOR_DOMAIN}${path.replace(/\/+$/, '')}`;
}

/**
 * Whether a request to `url` stays off the internet: its host is under `.test` (RFC 6761), or is
 * `localhost` or a loopback address. False for anything else, and for text that is not a URL.
 *
 * @param url - an absolute URL.
 */
export function isReservedTestURL(url: string | URL): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  return (
    hostname === 'test' ||
    hostname.endsWith('.test') ||
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]'
  );
}

/** A `fetch` that writes down every URL it is asked for (see {@link createRecordingFetch}). */
export interface RecordingFetch {
  /** Records the request's URL, then hands the request to the wrapped fetch. */
  fetch: typeof fetch;
  /** Every URL asked for so far, in order. */
  readonly urls: string[];
}

/**
 * Wraps `fetch` so that a test can see every URL a client asked for, including requests that
 * then failed (no test server listening, DNS error): pass `recorder.fetch` to the client and
 * assert `recorder.urls.every(isReservedTestURL)`.
 *
 * @param inner - the fetch to hand requests to. Default: the global `fetch` at call time.
 */
export function createRecordingFetch(inner?: typeof fetch): RecordingFetch {
  const urls: string[] = [];
  const recording: typeof fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return (inner ?? globalThis.fetch)(input, init);
  };
  return { fetch: recording, urls };
}
