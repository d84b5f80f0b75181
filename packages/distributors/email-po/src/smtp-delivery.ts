import nodemailer from 'nodemailer';
import type { EmailPurchaseOrderSettings, EmailPurchaseOrderTransport } from './email-po-options.js';

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
