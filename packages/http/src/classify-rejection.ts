import { type LineError, type RejectionReason, rejectionReasons } from '@dropship/core';
import { z } from 'zod';

/**
 * One rule of a distributor client's refusal classifier: when the distributor's message (or code)
 * matches `pattern`, the refusal is `reason`. A string pattern matches as a case-insensitive
 * substring; a RegExp as is.
 */
export interface RejectionRule {
  /** A case-insensitive substring of the distributor's message or code, or a RegExp. */
  pattern: string | RegExp;
  /** The reason a refusal matching `pattern` has. */
  reason: RejectionReason;
}

/** Strict schema of a list of {@link RejectionRule}s (a client option): unknown keys are refused. */
export const rejectionRulesSchema: z.ZodType<RejectionRule[]> = z.array(
  z.strictObject({
    pattern: z.union([z.string().trim().min(1), z.instanceof(RegExp)]),
    reason: z.enum(rejectionReasons),
  }),
);

/**
 * The default rules, tried after a client's own: wording seen in distributors' refusals and the
 * plain English a refusal of each kind uses. MODELLED: no distributor of this SDK publishes an
 * error catalogue, so each client lets the dealer put its own rules first. Most specific first
 * ("no longer available" is discontinued; a bare "not available" is out of stock, last).
 */
export const defaultRejectionRules: readonly RejectionRule[] = Object.freeze([
  {
    pattern: /discontinu|obsolete|no longer (available|sold|carried)|superseded|inactive (part|item)/i,
    reason: 'discontinued',
  },
  {
    pattern: /out of stock|insufficient (stock|quantity|inventory)|no stock|not in stock|back[\s-]?order/i,
    reason: 'out-of-stock',
  },
  {
    pattern: /drop[\s-]?ship|truck[\s-]?(part|only)|oversize|hazmat|hazardous|ormd|dealer[\s-]?only/i,
    reason: 'not-drop-shippable',
  },
  {
    pattern: /\baddress|p\.?\s?o\.?\s?box|\bzip|postal|ship[\s-]?to|undeliverable|shipping (region|destination)/i,
    reason: 'address-refused',
  },
  { pattern: /price|pricing|cost changed/i, reason: 'price-changed' },
  { pattern: /not available|unavailable|no (quantity|inventory) available/i, reason: 'out-of-stock' },
]);

function matches(rule: RejectionRule, text: string): boolean {
  if (typeof rule.pattern === 'string') return text.toLowerCase().includes(rule.pattern.toLowerCase());
  rule.pattern.lastIndex = 0;
  return rule.pattern.test(text);
}

/**
 * Classifies a distributor's refusal text (a message, a code, or both joined): the client's own
 * `rules` first, then {@link defaultRejectionRules}; `other` when none matches. The one home of
 * this rule for every distributor client.
 *
 * @param text - the distributor's words (message, code); empty or absent is `other`.
 * @param rules - the client's own rules (its option), tried first.
 * @example
 * ```ts
 * classifyRejection('Part 12-345 is discontinued'); // 'discontinued'
 * classifyRejection('E42', [{ pattern: 'E42', reason: 'address-refused' }]); // 'address-refused'
 * ```
 */
export function classifyRejection(text: string | undefined, rules: readonly RejectionRule[] = []): RejectionReason {
  if (!text) return 'other';
  for (const rule of [...rules, ...defaultRejectionRules]) if (matches(rule, text)) return rule.reason;
  return 'other';
}

/**
 * The reason of a refused order as a whole: the one reason every refused line shares when the
 * distributor named lines, otherwise the reason of its order-level message. Lines of mixed
 * reasons give `other` unless the message says more.
 *
 * @param message - the order-level message's classification.
 * @param lineErrors - the classified lines.
 */
export function orderRejectionReason(message: RejectionReason, lineErrors: readonly LineError[]): RejectionReason {
  const reasons = new Set(lineErrors.map((line) => line.reason ?? 'other'));
  if (reasons.size === 1) {
    const [only] = reasons;
    if (only && only !== 'other') return only;
  }
  return message;
}
