import type { LineError, RejectionReason } from '@dropship/core';
import { classifyRejection, orderRejectionReason, type RejectionRule } from '@dropship/http';
import { readWpsErrorMessage, readWpsErrorParts } from './detect-wps-tax-id-error.js';

/** A WPS refusal, classified: its message, the order's reason and the lines it names. */
export interface WpsRefusal {
  /** The refusal's message (at most 300 characters). */
  message: string;
  /** Why, for the order as a whole. */
  reason: RejectionReason;
  /** One entry per SKU of the order that a message of the refusal names, with that message's reason. */
  lineErrors: LineError[];
}

/**
 * Classifies a WPS refusal (a 4xx answer to a cart step or `POST /orders`). WPS publishes no
 * error body or codes (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination), so this is
 * MODELLED: each message of the body (`message`, `errors`) that names a SKU of the order is that
 * line's error; each message is classified by the client's `rejectionRules`, then the defaults of
 * `classifyRejection`; the order's reason is the one reason its lines share, else its messages'.
 *
 * @param body - the parsed JSON body, or undefined.
 * @param text - the raw body text (redacted).
 * @param skus - the order's SKUs.
 * @param rules - the client's own rules, tried first.
 */
export function classifyWpsRefusal(
  body: unknown,
  text: string,
  skus: readonly string[],
  rules: readonly RejectionRule[],
): WpsRefusal {
  const message = readWpsErrorMessage(body, text);
  const parts = readWpsErrorParts(body);
  const lineErrors: LineError[] = [];
  for (const sku of new Set(skus)) {
    const said = parts.find((part) => part.toUpperCase().includes(sku.toUpperCase()));
    if (said) lineErrors.push({ sku, message: said, reason: classifyRejection(said, rules) });
  }
  const messageReason = (parts.length > 0 ? parts : [message])
    .map((part) => classifyRejection(part, rules))
    .find((reason) => reason !== 'other');
  return { message, reason: orderRejectionReason(messageReason ?? 'other', lineErrors), lineErrors };
}
