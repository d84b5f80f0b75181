import { DropshipError, markerCheck } from './dropship-error.js';

const check = markerCheck<InvalidTransitionError>('invalid-transition');

/** A purchase-order event is not allowed in the PO's current state. */
export class InvalidTransitionError extends DropshipError {
  /** The PO number. */
  readonly poNumber: string;
  /** The state the PO was in. */
  readonly from: string;
  /** The event that was refused. */
  readonly event: string;

  /**
   * @param poNumber - the PO.
   * @param from - its current state.
   * @param event - the refused event type.
   * @param reason - optional detail.
   */
  constructor(poNumber: string, from: string, event: string, reason?: string) {
    super(
      'invalid-transition',
      `PO ${poNumber}: event "${event}" is not allowed in state "${from}"${reason ? `: ${reason}` : ''}`,
    );
    check.mark(this);
    this.poNumber = poNumber;
    this.from = from;
    this.event = event;
  }

  /** True when `error` is an {@link InvalidTransitionError}. */
  static override isInstance(error: unknown): error is InvalidTransitionError {
    return check.is(error);
  }
}
