import { DropshipError, markerCheck } from './dropship-error.js';

/** One field that is longer than the service accepts. */
export interface FieldLengthViolation {
  /** The service's field name, for example `ship_name`. */
  field: string;
  /** The longest value the service accepts. */
  maxLength: number;
  /** The length of the value given. */
  actualLength: number;
}

const check = markerCheck<FieldLengthError>('field-length');

/**
 * Values are longer than the service accepts. Raised before anything is sent, listing every
 * field that is too long.
 */
export class FieldLengthError extends DropshipError {
  /** The service, for example `wps`. */
  readonly service: string;
  /** Every field that is too long. */
  readonly violations: readonly FieldLengthViolation[];

  /**
   * @param service - the service whose limits were exceeded.
   * @param violations - every field that is too long.
   */
  constructor(service: string, violations: readonly FieldLengthViolation[]) {
    const list = violations.map((v) => `${v.field} (${v.actualLength} > ${v.maxLength})`).join(', ');
    super('field-length', `${service}: fields too long: ${list}`);
    check.mark(this);
    this.service = service;
    this.violations = violations;
  }

  /** True when `error` is a {@link FieldLengthError}. */
  static override isInstance(error: unknown): error is FieldLengthError {
    return check.is(error);
  }
}
