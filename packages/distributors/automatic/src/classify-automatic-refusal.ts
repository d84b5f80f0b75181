import type { LineError, RejectionReason } from '@dropship/core';
import { classifyRejection, orderRejectionReason, type RejectionRule } from '@dropship/http';

/** An Automatic refusal, classified: the order's reason and the lines it names. */
export interface AutomaticRefusal {
  /** Why, for the order as a whole. */
  reason: RejectionReason;
  /** One entry per error that names a line (by its `field`, `lines.<index>…`, or its part number). */
  lineErrors: LineError[];
}

function errorsOf(body: unknown): { field?: string; message: string }[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  const list = Array.isArray(errors) ? errors : [];
  const message = (body as { message?: unknown }).message;
  return [
    ...list.flatMap((entry) => {
      if (typeof entry === 'string') return [{ message: entry }];
      if (typeof entry !== 'object' || entry === null) return [];
      const { field, message: text } = entry as { field?: unknown; message?: unknown };
      if (typeof text !== 'string' || !text.trim()) return [];
      return [{ ...(typeof field === 'string' ? { field } : {}), message: text.trim() }];
    }),
    ...(typeof message === 'string' && message.trim() ? [{ message: message.trim() }] : []),
  ];
}

/**
 * Classifies a refusal of the create call. MODELLED: Automatic's error format is NOT FOUND (no
 * public documentation); the body is read as `{ errors: [{ field?, message }] }` (or a
 * `message`), an error names a line by its `field` (`lines.<index>.…`, the index of the order's
 * lines) or by a part number in its message, and each message is classified with the client's
 * `rejectionReasons` first, then the defaults of `classifyRejection`.
 *
 * @param responseBody - the refusal's body (redacted), as text.
 * @param skus - the order's lines' SKUs, in order.
 * @param rules - the client's own rules.
 */
export function classifyAutomaticRefusal(
  responseBody: string | undefined,
  skus: readonly string[],
  rules: readonly RejectionRule[],
): AutomaticRefusal {
  let body: unknown;
  try {
    body = JSON.parse(responseBody ?? '');
  } catch {
    body = undefined;
  }
  const errors = errorsOf(body);
  const lineErrors: LineError[] = [];
  for (const error of errors) {
    const index = /^lines\.(\d+)\b/.exec(error.field ?? '')?.[1];
    const sku =
      (index === undefined ? undefined : skus[Number(index)]) ??
      skus.find((candidate) => error.message.toUpperCase().includes(candidate.toUpperCase()));
    if (sku !== undefined)
      lineErrors.push({ sku, message: error.message, reason: classifyRejection(error.message, rules) });
  }
  const messageReason =
    errors.map((error) => classifyRejection(error.message, rules)).find((reason) => reason !== 'other') ?? 'other';
  return { reason: orderRejectionReason(messageReason, lineErrors), lineErrors };
}
