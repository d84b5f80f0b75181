import { describe, expect, it } from 'vitest';
import { createRecordingFetch, isReservedTestURL, SIMULATOR_DOMAIN, simulatorBaseURL } from './simulator-hosts.js';

describe('simulator hosts', () => {
  it('builds https://<vendor>.simulator.test base URLs, and refuses a vendor that is not a DNS label', () => {
    expect(SIMULATOR_DOMAIN).toBe('simulator.test');
    expect(simulatorBaseURL('wps')).toBe('https://wps.simulator.test');
    expect(simulatorBaseURL('automatic', '/v2/')).toBe('https://automatic.simulator.test/v2');
    expect(() => simulatorBaseURL('api.wps-inc.com')).toThrow(TypeError);
    expect(() => simulatorBaseURL('WPS')).toThrow(TypeError);
    expect(() => simulatorBaseURL('wps', 'v2')).toThrow(TypeError);
  });

  it('tells reserved test hosts (.test, localhost, loopback) from vendor hosts', () => {
    for (const url of [
      'https://wps.simulator.test/orders',
      'https://api.reference-distributor.test',
      'http://localhost:8080/x',
      'http://127.0.0.1:3000',
      'http://[::1]:3000/',
      'https://WPS.SIMULATOR.TEST./a',
    ]) {
      expect(isReservedTestURL(url), url).toBe(true);
    }
    for (const url of [
      'https://api.wps-inc.com/orders/PO-1',
      'https://marketplace.walmartapis.com',
      'https://dropship-simulated.myshopify.com',
      'https://test.example.com',
      'https://simulator.test.evil.com',
      'not a url',
    ]) {
      expect(isReservedTestURL(url), url).toBe(false);
    }
  });

  it('records every URL a client asks for, failed requests included', async () => {
    const recorder = createRecordingFetch(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(recorder.fetch('https://wps.simulator.test/orders/PO-1')).rejects.toThrow('fetch failed');
    await expect(recorder.fetch(new Request('https://ebay.simulator.test/x'))).rejects.toThrow('fetch failed');
    expect(recorder.urls).toEqual(['https://wps.simulator.test/orders/PO-1', 'https://ebay.simulator.test/x']);
  });
});
