import { ConfigurationError, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { expectRefusedOption } from './expect-refused-option.js';

const refusal = (issues: ValidationError['issues']) => () => {
  throw new ValidationError('invalid options', issues);
};

describe('expectRefusedOption', () => {
  it('passes on a ValidationError with an issue at the path, or quoting an unknown key', () => {
    expect(
      expectRefusedOption(refusal([{ path: 'retry.retries', message: 'too big' }]), 'retry.retries'),
    ).toBeInstanceOf(ValidationError);
    expect(() =>
      expectRefusedOption(refusal([{ path: '', message: 'Unrecognized key: "retires"' }]), 'retires'),
    ).not.toThrow();
  });

  it('fails when the factory accepts, throws another error, or names another option', () => {
    expect(() => expectRefusedOption(() => ({}), 'retires')).toThrow(/got no error/);
    expect(() =>
      expectRefusedOption(() => {
        throw new ConfigurationError('no');
      }, 'retires'),
    ).toThrow(/expected a ValidationError/);
    expect(() => expectRefusedOption(refusal([{ path: 'timeoutMs', message: 'too big' }]), 'retires')).toThrow(
      /got the issues/,
    );
  });
});
