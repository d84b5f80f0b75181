import { MissingCredentialError } from '@dropship/core';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveCredential } from './resolve-credential.js';

describe('resolveCredential', () => {
  afterEach(() => {
    delete process.env.DROPSHIP_TEST_TOKEN;
  });

  it('prefers the option, then the environment variable', () => {
    process.env.DROPSHIP_TEST_TOKEN = 'from-env';
    expect(resolveCredential('from-option', 'DROPSHIP_TEST_TOKEN', 'wps', 'apiToken')).toBe('from-option');
    expect(resolveCredential(undefined, 'DROPSHIP_TEST_TOKEN', 'wps', 'apiToken')).toBe('from-env');
  });

  it('throws MissingCredentialError naming the option and the variable when both are missing or blank', () => {
    process.env.DROPSHIP_TEST_TOKEN = '   ';
    let caught: unknown;
    try {
      resolveCredential('', 'DROPSHIP_TEST_TOKEN', 'wps', 'apiToken');
    } catch (error) {
      caught = error;
    }
    expect(MissingCredentialError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      service: 'wps',
      credential: 'apiToken',
      environmentVariable: 'DROPSHIP_TEST_TOKEN',
    });
    expect((caught as Error).message).toContain('DROPSHIP_TEST_TOKEN');
  });
});
