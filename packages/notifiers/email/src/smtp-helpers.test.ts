// The public SMTP helpers (`mapSmtpError`, `createSmtpRedactor`), shared by @dropship/email and
// @dropship/email-po: which failures may have delivered the message, and which spellings of a
// credential are hidden.
import { AuthenticationError, InvalidRequestError, NetworkError, ServerError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { createSmtpRedactor, mapSmtpError } from './index.js';

const server = 'smtp://127.0.0.1:2525';
const keep = (text: string): string => text;

function smtpError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? 'failed')), fields);
}

describe('mapSmtpError', () => {
  it('a refused login is an AuthenticationError, not sent', () => {
    const mapped = mapSmtpError(smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }), keep, server);
    expect(AuthenticationError.isInstance(mapped.error)).toBe(true);
    expect(mapped.delivery).toBe('not-sent');
  });

  it('a 4xx reply is a ServerError and a 5xx reply an InvalidRequestError, both not sent', () => {
    const temporary = mapSmtpError(
      smtpError({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }),
      keep,
      server,
    );
    expect(ServerError.isInstance(temporary.error)).toBe(true);
    expect(temporary.delivery).toBe('not-sent');
    const permanent = mapSmtpError(smtpError({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' }), keep, server);
    expect(InvalidRequestError.isInstance(permanent.error)).toBe(true);
    expect(permanent.delivery).toBe('not-sent');
  });

  it('no connection is a NetworkError, not sent', () => {
    const refused = mapSmtpError(
      smtpError({ code: 'ECONNECTION', syscall: 'connect', message: 'connect ECONNREFUSED 127.0.0.1:2525' }),
      keep,
      server,
    );
    expect(NetworkError.isInstance(refused.error)).toBe(true);
    expect(refused.delivery).toBe('not-sent');
  });

  it('a connection lost mid-session may have delivered the message', () => {
    const lost = mapSmtpError(
      smtpError({ code: 'ECONNECTION', command: 'DATA', message: 'Connection closed unexpectedly' }),
      keep,
      server,
    );
    expect(NetworkError.isInstance(lost.error)).toBe(true);
    expect(lost.delivery).toBe('unknown');
    expect(lost.error.message).toMatch(/may have been delivered/);
  });

  it('never claims "not sent" without evidence: a connect-looking error with no network code, or an unknown shape, is unknown', () => {
    // No SMTP reply and no network error code: nothing proves the server did not take the message.
    expect(mapSmtpError(smtpError({ syscall: 'connect', message: 'connect failed' }), keep, server).delivery).toBe(
      'unknown',
    );
    expect(mapSmtpError(smtpError({ message: 'Greeting never received' }), keep, server).delivery).toBe('unknown');
    expect(mapSmtpError('socket hang up', keep, server).delivery).toBe('unknown');
    expect(
      mapSmtpError(smtpError({ code: 'EHOSTUNREACH', message: 'write EHOSTUNREACH' }), keep, server).delivery,
    ).toBe('unknown');
  });

  it('passes every text through the redactor and keeps only a redacted copy as the cause', () => {
    const redact = createSmtpRedactor({ user: 'dealer', pass: 's3cret-pass' });
    const mapped = mapSmtpError(
      smtpError({ code: 'EAUTH', responseCode: 535, response: '535 bad s3cret-pass', message: 'login s3cret-pass' }),
      redact,
      server,
    );
    const surface = `${mapped.error.message} ${JSON.stringify(mapped.error)} ${String(mapped.error.cause)}`;
    expect(surface).not.toContain('s3cret-pass');
    expect(surface).toContain('[REDACTED]');
  });
});

describe('createSmtpRedactor', () => {
  const user = 'dealer@example.test';
  const pass = 'correct-horse-battery';
  const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

  it('hides the user and the password as is and in their AUTH LOGIN and both AUTH PLAIN spellings', () => {
    const redact = createSmtpRedactor({ user, pass });
    for (const spelling of [
      user,
      pass,
      base64(user),
      base64(pass),
      base64(`\u0000${user}\u0000${pass}`),
      base64(`${user}\u0000${user}\u0000${pass}`),
    ]) {
      expect(redact(`S: 334\r\nC: ${spelling}\r\n`), spelling).toBe('S: 334\r\nC: [REDACTED]\r\n');
    }
  });

  it('hides each extra secret as is and base64-encoded, even a short one', () => {
    const redact = createSmtpRedactor(undefined, ['api-key-123', 'xy']);
    expect(redact(`key api-key-123 and ${base64('api-key-123')}, xy`)).toBe(
      'key [REDACTED] and [REDACTED], [REDACTED]',
    );
  });

  it('leaves text alone when there is nothing to hide', () => {
    expect(createSmtpRedactor(undefined)('nothing secret here')).toBe('nothing secret here');
  });
});
