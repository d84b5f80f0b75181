import { describe, expect, it } from 'vitest';
import { httpTuningOf } from './http-tuning-options.js';

describe('httpTuningOf', () => {
  it('passes on the tuning options that are set, and no other key', () => {
    const onEvent = () => {};
    const fetcher = (async () => new Response('')) as typeof fetch;
    const options = {
      fetch: fetcher,
      timeoutMs: 500,
      retry: { retries: 0 },
      rateLimit: false as const,
      concurrency: 2,
      onEvent,
      apiToken: 'not-tuning-123456',
    };
    expect(httpTuningOf(options)).toEqual({
      fetch: fetcher,
      timeoutMs: 500,
      retry: { retries: 0 },
      rateLimit: false,
      concurrency: 2,
      onEvent,
    });
  });

  it('leaves out options that are not set, so the client defaults apply', () => {
    expect(httpTuningOf({ timeoutMs: undefined, concurrency: 3 })).toEqual({ concurrency: 3 });
    expect(Object.keys(httpTuningOf({}))).toEqual([]);
  });
});
