import {
  type ApiError,
  type ApiErrorDetails,
  AuthenticationError,
  InvalidRequestError,
  NetworkError,
  ServerError,
} from '@dropship/core';

/**
 * A failed SMTP send as the SDK understands it: a typed error (credentials already hidden) and
 * whether the message may have reached the server. Returned by {@link mapSmtpError}.
 */
export interface MappedSmtpError {
  /** The typed error to throw (credentials already redacted). */
  error: ApiError;
  /**
   * `not-sent` when the server refused the message or no session was established (a retry cannot
   * duplicate it); `unknown` when the connection failed mid-session and the server may have
   * accepted the message.
   */
  delivery: 'not-sent' | 'unknown';
}

interface SmtpErrorFields {
  message: string;
  code: string | undefined;
  responseCode: number | undefined;
  command: string | undefined;
  response: string | undefined;
  syscall: string | undefined;
}

function fieldsOf(error: unknown): SmtpErrorFields {
  if (typeof error !== 'object' || error === null) {
    return {
      message: String(error),
      code: undefined,
      responseCode: undefined,
      command: undefined,
      response: undefined,
      syscall: undefined,
    };
  }
  const record = error as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return {
    message: text(record.message) ?? String(error),
    code: text(record.code),
    responseCode: typeof record.responseCode === 'number' ? record.responseCode : undefined,
    command: text(record.command),
    response: text(record.response),
    syscall: text(record.syscall),
  };
}

const networkCodes = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ECONNRESET']);

/** Failures that happen before the SMTP session exists: nothing can have been sent. */
function failedBeforeSession(fields: SmtpErrorFields): boolean {
  if (fields.syscall === 'connect' || fields.syscall === 'getaddrinfo') return true;
  if (fields.code === 'EDNS') return true;
  return /Greeting never received|Connection timeout|ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(fields.message);
}

/**
 * Maps a nodemailer (or custom transport) failure to the SDK's typed errors:
 * - an authentication failure (`EAUTH`, 530/534/535) → `AuthenticationError`;
 * - a 4xx SMTP reply (temporary) → `ServerError` (retryable);
 * - a 5xx SMTP reply (permanent: recipient refused, message rejected) → `InvalidRequestError`;
 * - a connection failure or timeout → `NetworkError`.
 * Every text passes through `redact` and the original error is not kept as the cause (only a
 * redacted copy), so credentials cannot leak through it.
 *
 * `delivery` is `not-sent` only with evidence that the message cannot have been accepted: an SMTP
 * reply refusing it (https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1), refused credentials,
 * an envelope or message nodemailer refused before sending, or a network error (`ECONNECTION`,
 * `ETIMEDOUT`, ...) raised while connecting (`connect` / `getaddrinfo`, "Greeting never
 * received", "Connection timeout", `ECONNREFUSED`, `ENOTFOUND`, `EAI_AGAIN`). Anything else,
 * including a connection lost mid-session and an error of unknown shape, is `unknown`: the server
 * may have accepted the message, and sending it again could deliver it twice.
 *
 * Used by `@dropship/email` (buyer notifications) and `@dropship/email-po` (purchase orders by
 * email): the one home of this rule.
 *
 * @param error - what the transport (nodemailer, https://nodemailer.com/smtp/, or a custom one) threw.
 * @param redact - hides the SMTP credentials, for example from {@link createSmtpRedactor}.
 * @param server - `smtp://host:port` (no credentials), for the error's URL.
 * @returns the typed error to throw and whether the message may have been delivered.
 */
export function mapSmtpError(
  error: unknown,
  redact: (text: string) => string,
  server: string | undefined,
): MappedSmtpError {
  const fields = fieldsOf(error);
  const response = fields.response === undefined ? undefined : redact(fields.response).slice(0, 500);
  const cause = new Error(redact(fields.message));
  if (fields.code) Object.defineProperty(cause, 'code', { value: fields.code, enumerable: true });
  const details: ApiErrorDetails = {
    service: 'smtp',
    method: fields.command,
    url: server,
    status: fields.responseCode,
    responseBody: response,
    cause,
  };
  const where = fields.command ? ` at ${fields.command}` : '';
  const reply = response ? `: ${response}` : '';

  if (
    fields.code === 'EAUTH' ||
    fields.responseCode === 530 ||
    fields.responseCode === 534 ||
    fields.responseCode === 535
  ) {
    return {
      error: new AuthenticationError(`smtp: the server refused the SMTP credentials${reply}`, details),
      delivery: 'not-sent',
    };
  }
  if (fields.responseCode !== undefined && fields.responseCode >= 400 && fields.responseCode < 500) {
    return {
      error: new ServerError(`smtp: temporary failure ${fields.responseCode}${where}${reply}`, details),
      delivery: 'not-sent',
    };
  }
  if (fields.responseCode !== undefined && fields.responseCode >= 500 && fields.responseCode < 600) {
    return {
      error: new InvalidRequestError(`smtp: message refused ${fields.responseCode}${where}${reply}`, details),
      delivery: 'not-sent',
    };
  }
  if (fields.code !== undefined && networkCodes.has(fields.code)) {
    const before = failedBeforeSession(fields);
    const message = before
      ? `smtp: could not connect to the mail server (${fields.code}): ${redact(fields.message)}`
      : `smtp: the connection failed mid-session (${fields.code}); the message may have been delivered: ${redact(fields.message)}`;
    return { error: new NetworkError(message, details), delivery: before ? 'not-sent' : 'unknown' };
  }
  if (fields.code === 'EENVELOPE' || fields.code === 'EMESSAGE') {
    return {
      error: new InvalidRequestError(`smtp: message refused (${fields.code}): ${redact(fields.message)}`, details),
      delivery: 'not-sent',
    };
  }
  return {
    error: new ServerError(`smtp: sending failed${fields.code ? ` (${fields.code})` : ''}: ${redact(fields.message)}`, {
      ...details,
      isRetryable: false,
    }),
    delivery: 'unknown',
  };
}
