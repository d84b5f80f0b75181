import { AccountSetupError, AuthenticationError, type LineError, OrderRejectedError } from '@dropship/core';
import { classifyRejection, orderRejectionReason, type RejectionRule } from '@dropship/http';
import type { TuckerRockyOrderLine, TuckerRockyOrderResponse } from './tucker-rocky-schemas.js';

/** How a `type=ORD` answer reads. */
export type TuckerRockyOrderOutcome =
  /**
   * `ORD.status == "SUCCESSFUL"` with an order number, and no line has an `errormsg`; or some
   * lines do (`refusedLines`, each naming its SKU) while others were ordered: the order exists
   * for the rest.
   */
  | { kind: 'accepted'; orderNumber: string | undefined; refusedLines?: LineError[] }
  /** The API refused the PO number as a duplicate (`allowduplicatepo=NO`): the order exists. */
  | { kind: 'duplicate'; orderNumber: string | undefined; message: string }
  /**
   * The order was refused (or accepted with line errors). `orderNumber` is set when the API
   * created an order anyway; `error` is what the caller throws.
   */
  | { kind: 'rejected'; orderNumber: string | undefined; error: Error };

/** What `mapTuckerRockyOrderResponse` needs besides the answer. */
export interface TuckerRockyOrderResponseContext {
  poNumber: string;
  /** SKUs of the order, to name the line of an item number. */
  skus: readonly string[];
  /** The part number as sent for a SKU. */
  toItem: (sku: string) => string;
  duplicatePoPattern: RegExp;
  creditCardPattern: RegExp;
  authenticationFailurePattern: RegExp;
  /** Removes secrets (API key, customer number) from text the API sent back. */
  redact: (text: string) => string;
  /** Redacted URL, for the authentication error. */
  url: string;
  /** The client's own refusal rules, tried before the defaults of `classifyRejection`. */
  rejectionRules?: readonly RejectionRule[];
}

function lineErrorsOf(lines: readonly TuckerRockyOrderLine[], context: TuckerRockyOrderResponseContext): LineError[] {
  const errors: LineError[] = [];
  for (const line of lines) {
    const message = line.errormsg?.trim();
    if (!message) continue;
    const item = line.itemnum ?? line.item;
    const itemText = item === undefined ? undefined : String(item).trim().toUpperCase();
    const sku =
      itemText === undefined
        ? undefined
        : (context.skus.find(
            (candidate) => context.toItem(candidate).toUpperCase() === itemText || candidate.toUpperCase() === itemText,
          ) ?? String(item));
    const said = context.redact(message);
    const reason = classifyRejection(said, context.rejectionRules);
    errors.push(sku === undefined ? { message: said, reason } : { sku, message: said, reason });
  }
  return errors;
}

/**
 * Reads a `type=ORD` answer (no public documentation). Success is `ORD.status == "SUCCESSFUL"` AND no
 * per-line `errormsg`; otherwise `ORD.errormsg` and the per-line errors (from `orderoutput` and
 * `orderinput`) make the refusal. The texts of a duplicate PO, a missing credit card and refused
 * credentials are NOT FOUND in any public source: they are recognised with the configurable patterns.
 *
 * - refused credentials → `rejected` with an `AuthenticationError`;
 * - no credit card on the account → `rejected` with an `AccountSetupError` (`credit-card`);
 * - duplicate PO → `duplicate` (the caller finds the existing order);
 * - SUCCESSFUL with an order number and line errors that each name a SKU while other lines were
 *   ordered → `accepted` with `refusedLines` (the order exists for the rest: reporting it refused
 *   would let the lines it holds be placed again elsewhere);
 * - anything else → `rejected` with an `OrderRejectedError` listing the line errors, each
 *   classified (`classifyRejection`, the client's rules first), the order's reason the one its
 *   lines share, else that of `errormsg`.
 *
 * @param response - the parsed answer.
 * @param context - the order and the patterns.
 */
export function mapTuckerRockyOrderResponse(
  response: TuckerRockyOrderResponse,
  context: TuckerRockyOrderResponseContext,
): TuckerRockyOrderOutcome {
  const block = response.ORD;
  const rawOrderNumber = block.orderoutput?.ordernum;
  const orderNumber =
    rawOrderNumber === undefined || String(rawOrderNumber).trim() === '' ? undefined : String(rawOrderNumber).trim();
  const lineErrors = lineErrorsOf(
    [...(block.orderoutput?.orderline ?? []), ...(block.orderinput?.orderline ?? [])],
    context,
  );
  const successful = block.status?.trim().toUpperCase() === 'SUCCESSFUL';
  if (successful && lineErrors.length === 0) return { kind: 'accepted', orderNumber };
  if (successful && orderNumber !== undefined && lineErrors.every((line) => line.sku !== undefined)) {
    // Created for the lines not refused (splitlines): placed, with the refused lines reported.
    const refused = new Set(lineErrors.map((line) => line.sku));
    if (context.skus.some((sku) => !refused.has(sku)))
      return { kind: 'accepted', orderNumber, refusedLines: lineErrors };
  }

  const message = context.redact(
    block.errormsg?.trim() || (successful ? 'order accepted with line errors' : `status ${block.status ?? 'missing'}`),
  );
  const texts = [message, ...lineErrors.map((line) => line.message)];
  if (!successful && context.authenticationFailurePattern.test(message)) {
    return {
      kind: 'rejected',
      orderNumber,
      error: new AuthenticationError(`tucker-rocky: the credentials were refused: ${message}`, {
        service: 'tucker-rocky',
        method: 'GET',
        url: context.url,
        status: 200,
      }),
    };
  }
  if (texts.some((text) => context.creditCardPattern.test(text))) {
    return {
      kind: 'rejected',
      orderNumber,
      error: new AccountSetupError(
        'tucker-rocky',
        'credit-card',
        `the Tucker Rocky account must have a credit card on file before orders can be placed; add one with Tucker Rocky (${message})`,
      ),
    };
  }
  if (!successful && context.duplicatePoPattern.test(message)) return { kind: 'duplicate', orderNumber, message };
  const created =
    orderNumber === undefined ? '' : `; order ${orderNumber} was created anyway: review it with Tucker Rocky`;
  return {
    kind: 'rejected',
    orderNumber,
    error: new OrderRejectedError(
      'tucker-rocky',
      context.poNumber,
      `${message}${created}`,
      lineErrors,
      orderRejectionReason(classifyRejection(message, context.rejectionRules), lineErrors),
    ),
  };
}
