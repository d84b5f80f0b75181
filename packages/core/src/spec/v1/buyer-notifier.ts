import type { SalesOrder } from '../../model/sales-order.js';
import type { ShipmentNotice } from './marketplace-adapter.js';

/** What `notifyShipment` did. */
export interface NotifyShipmentResult {
  /** `sent`: sent now; `already-sent`: this shipment was notified before; `skipped`: nothing to send (no buyer email). */
  status: 'sent' | 'already-sent' | 'skipped';
  /** The transport's message id, when sent. */
  messageId?: string;
}

/**
 * Tells the buyer a package shipped (email, SMS, ...). Version 1.
 *
 * Must send at most one message per `shipment.id`, across retries and restarts when given a
 * durable idempotency store.
 */
export interface BuyerNotifier {
  readonly specificationVersion: 'v1';
  /** Sends the shipment notice to the buyer of `order`. */
  notifyShipment(input: { order: SalesOrder; shipment: ShipmentNotice }): Promise<NotifyShipmentResult>;
}
