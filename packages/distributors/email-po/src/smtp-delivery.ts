import {
  type ApiError,
  type ApiErrorDetails,
  AuthenticationError,
  InvalidRequestError,
  NetworkError,
  ServerError,
} from '@dropship/core';
import nodemailer from 'nodemailer';
import type { EmailPurchaseOrderSettings, EmailPurchaseOrderTransport } from './email-po-options.js';

/**
 * A failed send as the client understands it: a typed error (credentials already hidden) and
 * whether the message may have reached the server.
 */
export interface SmtpFailure {
  readonly error: ApiError;
  /**
   * `not-sent`: refused by the server or no session (sending again cannot duplicate it);
   * `unknown`: the session broke after the message may have been accepted.
   */
  readonly delivery: 'not-sent' | 'unknown';
}

/**
 * A nodemailer SMTP transport (https://nodemailer.com/smtp/) from validated settings: no pooling,
 * no logger, timeouts as configured.
 *
 * @param smtp - the validated SMTP settings.
 */
export function createSmtpTransport(
  smtp: NonNullable<EmailPurchaseOrderSettings['smtp']>,
): EmailPurchaseOrderTransport {
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ignoreTLS: smtp.ignoreTLS,
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    connectionTimeout: smtp.connectionTimeoutMs,
    greetingTimeout: smtp.connectionTimeoutMs,
    socketTimeout: smtp.socketTimeoutMs,
    logger: false,
    debug: false,
  });
  return {
    sendMail: async (message) => transporter.sendMail(message),
    close: () => transporter.close(),
  };
}

/**
 * Hides secrets in a text: each as is and base64-encoded (SMTP AUTH LOGIN and PLAIN send the
 * credentials base64-encoded, https://www.rfc-editor.org/rfc/rfc4954).
 *
 * @param auth - the SMTP login, if any.
 * @param extra - more secrets.
 */
export function createSecretRedactor(
  auth: { user: string; pass: string } | undefined,
  extra: readonly string[],
): (text: string) => string {
  const secrets = new Set<string>();
  for (const secret of [auth?.pass, ...extra]) {
    if (secret === undefined || secret.length < 3) continue;
    secrets.add(secret);
    secrets.add(Buffer.from(secret, 'utf8').toString('base64'));
  }
  if (auth) secrets.add(Buffer.from(`\u0000${auth.user}\u0000${auth.pass}`, 'utf8').toString('base64'));
  const ordered = [...secrets].sort((left, right) => right.length - left.length);
  return (text) => ordered.reduce((result, secret) => result.split(secret).join('[REDACTED]'), text);
}

/** Failures before an SMTP session exists: nothing can have been sent. */
const beforeSession = /Greeting never received|Connection timeout|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/;

/**
 * Maps what nodemailer threw to the SDK's typed errors, and says whether the message may have
 * gone out:
 * - authentication refused (`EAUTH`, 530, 534, 535) → `AuthenticationError`, not sent;
 * - a 4xx reply → `ServerError`, a 5xx reply → `InvalidRequestError`: refused, not sent
 *   (https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1);
 * - no connection → `NetworkError`, not sent;
 * - a connection lost or timed out mid-session, or anything else → `NetworkError`, delivery
 *   unknown (the server may have accepted the message before the reply was lost).
 *
 * @param error - what the transport threw.
 * @param redact - hides the credentials.
 * @param server - `smtp://host:port`, for the error's URL (no credentials).
 */
export function classifySmtpFailure(error: unknown, redact: (text: string) => string, server: string): SmtpFailure {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message = redact(typeof fields.message === 'string' ? fields.message : String(error));
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const command = typeof fields.command === 'string' ? fields.command : undefined;
  const response = typeof fields.response === 'string' ? redact(fields.response).slice(0, 500) : undefined;
  const details: ApiErrorDetails = {
    service: 'smtp',
    url: server,
    ...(command !== undefined ? { method: command } : {}),
    ...(responseCode !== undefined ? { status: responseCode } : {}),
    ...(response !== undefined ? { responseBody: response } : {}),
  };
  const reply = response ? `: ${response}` : '';
  if (code === 'EAUTH' || responseCode === 530 || responseCode === 534 || responseCode === 535)
    return {
      error: new AuthenticationError(`smtp: the server refused the SMTP credentials${reply}`, details),
      delivery: 'not-sent',
    };
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500)
    return { error: new ServerError(`smtp: temporary refusal ${responseCode}${reply}`, details), delivery: 'not-sent' };
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600)
    return {
      error: new InvalidRequestError(`smtp: message refused ${responseCode}${reply}`, details),
      delivery: 'not-sent',
    };
  if (code === 'EENVELOPE' || code === 'EMESSAGE')
    return {
      error: new InvalidRequestError(`smtp: message refused (${code}): ${message}`, details),
      delivery: 'not-sent',
    };
  const syscall = typeof fields.syscall === 'string' ? fields.syscall : undefined;
  if (syscall === 'connect' || syscall === 'getaddrinfo' || code === 'EDNS' || beforeSession.test(message))
    return {
      error: new NetworkError(
        `smtp: could not connect to the mail server${code ? ` (${code})` : ''}: ${message}`,
        details,
      ),
      delivery: 'not-sent',
    };
  return {
    error: new NetworkError(
      `smtp: the connection failed mid-message${code ? ` (${code})` : ''}; the supplier may have received it: ${message}`,
      details,
    ),
    delivery: 'unknown',
  };
}
