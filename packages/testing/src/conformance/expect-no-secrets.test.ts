import { NetworkError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { collectExposedText, expectNoSecrets } from './expect-no-secrets.js';

describe('expectNoSecrets', () => {
  it('finds a secret deep in a cause chain, in a non-enumerable property or percent-encoded', () => {
    const inCause = new NetworkError('failed', {
      service: 'x',
      cause: new Error('socket', { cause: new Error('key=SENTINEL-1') }),
    });
    expect(() => expectNoSecrets([inCause], ['SENTINEL-1'])).toThrow(
      /credential leak: the secret SE\*+ appears in NetworkError/,
    );

    const hidden = new Error('ok');
    Object.defineProperty(hidden, 'request', {
      value: { headers: { authorization: 'Bearer SENTINEL-2' } },
      enumerable: false,
    });
    expect(() => expectNoSecrets([hidden], ['SENTINEL-2'])).toThrow(/credential leak/);

    expect(() => expectNoSecrets([{ url: 'https://x.test/?k=a%2Fb%20c' }], ['a/b c'])).toThrow(/credential leak/);
  });

  it('passes when no secret appears, and never prints the secret itself', () => {
    expect(() => expectNoSecrets([new Error('all fine [REDACTED]')], ['SENTINEL-3', ''])).not.toThrow();
    try {
      expectNoSecrets([new Error('SENTINEL-4 leaked')], ['SENTINEL-4']);
    } catch (error) {
      expect((error as Error).message).not.toContain('SENTINEL-4');
    }
  });

  it('collects text from circular values without looping', () => {
    const value: Record<string, unknown> = { name: 'loop' };
    value.self = value;
    expect(collectExposedText(value)).toContain('loop');
  });
});
