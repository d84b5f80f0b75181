/**
 * `@dropship/email`: a `BuyerNotifier` that emails the buyer over SMTP (nodemailer) when a
 * package ships, at most once per shipment.
 *
 * @packageDocumentation
 */
export type { EmailIdempotencyStore } from './email-idempotency.js';
export { createEmailNotifier, type EmailNotifier } from './email-notifier.js';
export type {
  EmailAddress,
  EmailEvent,
  EmailNotifierOptions,
  EmailTransport,
  OutgoingEmail,
  SentEmailInfo,
  SmtpSettings,
} from './email-options.js';
export {
  defaultEmailTemplates,
  type EmailTemplates,
  type ShipmentEmailContext,
  type ShipmentEmailItem,
  type ShipmentEmailPackage,
} from './email-templates.js';
export { escapeHtml } from './escape-html.js';
export { type MappedSmtpError, mapSmtpError } from './map-smtp-error.js';
export { createSmtpRedactor } from './redact-smtp-secrets.js';
