import { describe, expect, it } from 'vitest';
import { createRedactor, redactError } from './create-redactor.js';

describe('createRedactor', () => {
  it('replaces a secret in every spelling: raw, without its scheme, percent- and form-encoded', () => {
    const redact = createRedactor(['Bearer a b/c', undefined, '']);
    expect(redact('Authorization: Bearer a b/c')).toBe('Authorization: [REDACTED]');
    expect(redact('token a b/c')).toBe('token [REDACTED]');
    expect(redact('?t=a%20b%2Fc')).toBe('?t=[REDACTED]');
    expect(redact('?t=a+b%2Fc')).toBe('?t=[REDACTED]');
  });

  it('hides a longer secret whole when it contains a shorter one', () => {
    const redact = createRedactor(['abc', 'abcdef']);
    expect(redact('x abcdef y abc')).toBe('x [REDACTED] y [REDACTED]');
  });

  it('leaves text alone when there is nothing to redact', () => {
    expect(createRedactor([])('plain')).toBe('plain');
  });
});

describe('redactError', () => {
  it('copies an error with its cause chain redacted', () => {
    const original = new TypeError('fetch failed for key=s3cret', {
      cause: new Error('socket s3cret', { cause: 's3cret' }),
    });
    const copy = redactError(original, createRedactor(['s3cret']));
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe('fetch failed for key=[REDACTED]');
    expect((copy.cause as Error).message).toBe('socket [REDACTED]');
    expect(((copy.cause as Error).cause as Error).message).toBe('[REDACTED]');
    expect(copy.stack).not.toContain('s3cret');
  });
});
