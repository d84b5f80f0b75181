import { inspect } from 'node:util';
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

  it('does not print its secrets when the redactor itself is logged', () => {
    const secret = 'sk_live_5f1c0a7e9b2d4c68';
    const redact = createRedactor([secret]);
    const logged = [inspect(redact), inspect({ redact }, { depth: 5 }), JSON.stringify({ redact }), String(redact)];
    for (const text of logged) expect(text).not.toContain(secret);
    expect(Object.keys(redact)).toEqual([]);
    expect(redact.secrets).toContain(secret);
  });

  it('leaves text alone when there is nothing to redact', () => {
    expect(createRedactor([])('plain')).toBe('plain');
  });

  it('ignores blank secrets, which would otherwise hide every run of spaces', () => {
    const redact = createRedactor(['   ', '\t', 's3cret']);
    expect(redact('a   b\tc s3cret')).toBe('a   b\tc [REDACTED]');
    expect(redact('a+++b%20%20%20c')).toBe('a+++b%20%20%20c');
    expect(redact.secrets).not.toContain('   ');
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

describe('createRedactor: one secret containing another', () => {
  // A refresh token that begins with the access token, both long enough to be hidden inside
  // other text. Hiding the shorter one first would leave the rest of the longer one readable.
  const accessToken = 'at-0123456789abcdefXYZ';
  const refreshToken = `${accessToken}-refresh-9876543210`;

  it('hides the longer secret whole, whichever order the secrets were given in', () => {
    for (const secrets of [
      [accessToken, refreshToken],
      [refreshToken, accessToken],
    ]) {
      const redact = createRedactor(secrets);
      expect(redact(`refresh_token=${refreshToken}&access_token=${accessToken}`)).toBe(
        'refresh_token=[REDACTED]&access_token=[REDACTED]',
      );
      expect(redact(`grant:${refreshToken}:${accessToken}`)).toBe('grant:[REDACTED]:[REDACTED]');
    }
  });

  it('lists its secrets longest first', () => {
    const redact = createRedactor(['short1', accessToken, refreshToken]);
    const lengths = redact.secrets.map((secret) => secret.length);
    expect(lengths).toEqual([...lengths].sort((left, right) => right - left));
    expect(redact.secrets[0]).toBe(refreshToken);
    expect(redact.secrets).toContain('short1');
  });

  it('keeps its list of secrets read-only, so that no caller can drop one from it', () => {
    const redact = createRedactor([accessToken]);
    expect(Object.isFrozen(redact.secrets)).toBe(true);
    expect(() => (redact.secrets as string[]).pop()).toThrow(TypeError);
    expect(redact(`key ${accessToken}`)).toBe('key [REDACTED]');
  });
});

describe('createRedactor: whole-token boundaries of short spellings', () => {
  it('hides a short secret standing alone, but not one glued to letters or digits on either side', () => {
    const redact = createRedactor(['ab12cd']);
    expect(redact('dealer ab12cd.')).toBe('dealer [REDACTED].');
    expect(redact('(ab12cd)')).toBe('([REDACTED])');
    expect(redact('xab12cd')).toBe('xab12cd');
    expect(redact('ab12cdx')).toBe('ab12cdx');
    expect(redact('9ab12cd and ab12cd9')).toBe('9ab12cd and ab12cd9');
  });

  it('hides a short secret glued to letters on a side where it begins or ends with punctuation', () => {
    const leading = createRedactor(['!Xy9zq']);
    expect(leading('pass!Xy9zq')).toBe('pass[REDACTED]');
    expect(leading('pass!Xy9zqrs')).toBe('pass!Xy9zqrs');
    const trailing = createRedactor(['Xy9zq!']);
    expect(trailing('Xy9zq!word')).toBe('[REDACTED]word');
    expect(trailing('wXy9zq!')).toBe('wXy9zq!');
  });

  it('hides a secret of 16 characters or more even inside a longer run of letters and digits', () => {
    const sixteen = '0123456789abcdef';
    expect(sixteen).toHaveLength(16);
    expect(createRedactor([sixteen])(`x${sixteen}y`)).toBe('x[REDACTED]y');
    const fifteen = sixteen.slice(1);
    expect(createRedactor([fifteen])(`x${fifteen}y`)).toBe(`x${fifteen}y`);
  });
});

describe('redactError: code and cause chain', () => {
  it('redacts a string code and keeps it enumerable, as Node puts it on system errors', () => {
    const original = Object.assign(new Error('connect failed'), { code: 'ERR_KEY_s3cret' });
    const copy = redactError(original, createRedactor(['s3cret']));
    expect((copy as Error & { code?: string }).code).toBe('ERR_KEY_[REDACTED]');
    expect(Object.keys(copy)).toContain('code');
  });

  it('copies an error whose code is not a string without failing, and without the code', () => {
    const original = Object.assign(new Error('key s3cret refused'), { code: 104 });
    const copy = redactError(original, createRedactor(['s3cret', '0123456789abcdefgh']));
    expect(copy.message).toBe('key [REDACTED] refused');
    expect((copy as Error & { code?: unknown }).code).toBeUndefined();
  });

  it('follows the cause chain five levels deep by default, and ends on a cause chain that loops', () => {
    let chain: Error = new Error('level 7 s3cret');
    for (let level = 6; level >= 1; level -= 1) chain = new Error(`level ${level} s3cret`, { cause: chain });
    const messages: string[] = [];
    for (let cause: unknown = redactError(chain, createRedactor(['s3cret'])); cause instanceof Error; ) {
      messages.push(cause.message);
      cause = cause.cause;
    }
    expect(messages).toEqual([1, 2, 3, 4, 5, 6].map((level) => `level ${level} [REDACTED]`));

    const looping = new Error('loop s3cret');
    looping.cause = looping;
    let depth = 0;
    for (let cause: unknown = redactError(looping, createRedactor(['s3cret']), 2); cause instanceof Error; ) {
      expect(cause.message).toBe('loop [REDACTED]');
      depth += 1;
      cause = cause.cause;
    }
    expect(depth).toBe(3);
  });

  it('gives the copy a cause property like a native one: not enumerable, writable, configurable', () => {
    const native = new Error('outer', { cause: new Error('inner') });
    const copy = redactError(native, createRedactor(['s3cret']));
    expect(Object.getOwnPropertyDescriptor(copy, 'cause')).toMatchObject({
      enumerable: false,
      writable: true,
      configurable: true,
    });
    expect(Object.getOwnPropertyDescriptor(native, 'cause')).toMatchObject({
      enumerable: false,
      writable: true,
      configurable: true,
    });
    expect(Object.keys(copy)).not.toContain('cause');
  });

  it('copies an error without a stack', () => {
    const original = new Error('key s3cret');
    delete original.stack;
    const copy = redactError(original, createRedactor(['s3cret']));
    expect(copy.message).toBe('key [REDACTED]');
    expect(copy.stack).toBeUndefined();
    expect(copy.cause).toBeUndefined();
    expect(Object.hasOwn(copy, 'cause')).toBe(false);
  });
});
