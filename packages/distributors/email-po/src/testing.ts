/**
 * `@dropship/email-po/testing`: a real SMTP server on loopback standing in for the supplier's
 * mail server, that parses every email it accepts (attachments included) and can refuse or drop
 * messages, to test an email-supplier integration offline.
 *
 * @packageDocumentation
 */
export {
  type ReceivedAttachment,
  type ReceivedEmail,
  type SupplierInbox,
  startSupplierInbox,
} from './supplier-inbox.js';
