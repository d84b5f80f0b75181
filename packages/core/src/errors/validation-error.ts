import { DropshipError, markerCheck } from './dropship-error.js';

/** One problem found while validating input. */
export interface ValidationIssue {
  /** Dotted path to the offending value, for example `lines.0.quantity` (empty for the root). */
  path: string;
  /** What is wrong with it. */
  message: string;
}

const check = markerCheck<ValidationError>('validation');

/**
 * Input (an order, rules, settings, an offer) failed validation. Lists every problem with
 * its path, not only the first one.
 */
export class ValidationError extends DropshipError {
  /** Every problem found, each with its path. */
  readonly issues: readonly ValidationIssue[];
  /** What was being validated, for example `sales order`. */
  readonly subject: string;

  /**
   * @param subject - what was validated (`sales order`, `inventory rules`, ...).
   * @param issues - every problem found.
   */
  constructor(subject: string, issues: readonly ValidationIssue[], options?: ErrorOptions) {
    const list = issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`).join('\n');
    super('validation', `Invalid ${subject}:\n${list}`, options);
    check.mark(this);
    this.subject = subject;
    this.issues = issues;
  }

  /** True when `error` is a {@link ValidationError}. */
  static override isInstance(error: unknown): error is ValidationError {
    return check.is(error);
  }
}
