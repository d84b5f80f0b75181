import type { BuyerNotifier, NotifyShipmentResult } from '../spec/v1/buyer-notifier.js';
import type { FaultKind, FiredFault, MockFault } from './faults.js';
import { CallCounter, checkNoticeInput, defaultMockToken, MockApi, sendToMock } from './mock-api.js';

/** A message the mock mail transport delivered. */
export interface MockBuyerMessage {
  /** The buyer's email address. */
  to: string;
  /** The shipment it is about. */
  shipmentId: string;
  /** The tracking number in it. */
  trackingNumber: string;
  /** The marketplace order id. */
  marketplaceOrderId: string;
  /** The mock's message id. */
  messageId: string;
}

/** One call of the mock notifier's `notifyShipment`, whatever came of it. */
export interface MockNotifyCall {
  /** The shipment it was about. */
  shipmentId: string;
  /** What the call returned, or `failed` when it threw. */
  outcome: NotifyShipmentResult['status'] | 'failed';
}

/** A {@link BuyerNotifier} held in memory, with control hooks for tests. */
export interface MockBuyerNotifier extends BuyerNotifier {
  /** Every message delivered (copies), in order, duplicates included. */
  messages(): MockBuyerMessage[];
  /** How many messages were delivered for a shipment (2 or more is a duplicate email). */
  sentCount(shipmentId: string): number;
  /** Injects a failure into the next deliveries: `{ kind, operations: ['send'], times }`. */
  injectFault(fault: MockFault): void;
  /** Faults that fired, in order. */
  firedFaults(): FiredFault[];
  /** Calls of `notifyShipment` (for one shipment id when given), failed and repeated ones included. */
  callCount(shipmentId?: string): number;
  /** Every call of `notifyShipment` with a valid input, in order, with its outcome. */
  calls(): MockNotifyCall[];
  /** Clears messages, claims, calls, faults and counters. */
  reset(): void;
}

/** Faults after which the notifier cannot know whether the message went out. */
const uncertainKinds: ReadonlySet<FaultKind> = new Set([
  'lost-response',
  'timeout',
  'malformed-body',
  'hostile-answer',
]);

/**
 * Creates an in-memory buyer notifier that works like `@dropship/email` over an in-memory mail
 * transport (operation `send`):
 * - it claims a shipment before sending and answers `already-sent` for a claimed one, so one
 *   notifier sends at most one message per `shipment.id`;
 * - when a send fails and the message may have gone out (`lost-response`, which delivers it,
 *   `timeout`, `malformed-body`, `hostile-answer`), the claim stays (at most once, maybe never); when it certainly
 *   did not (`server-error`, `rate-limit`, `drop-connection`, `unauthorized`), the claim is
 *   released and the next call sends;
 * - `skipped` when the buyer has no email address.
 *
 * Every call is recorded (`calls`, `callCount(shipmentId)`), so a caller that notifies one
 * shipment twice is visible even when one message went out; `messages` lists what the transport
 * delivered.
 */
export function createMockBuyerNotifier(): MockBuyerNotifier {
  const api = new MockApi('email', defaultMockToken);
  const delivered: MockBuyerMessage[] = [];
  /** Claimed shipment ids → the message id once known. */
  const claims = new Map<string, string | undefined>();
  const counter = new CallCounter<'notifyShipment'>();
  const log: MockNotifyCall[] = [];

  return {
    specificationVersion: 'v1',

    async notifyShipment(input): Promise<NotifyShipmentResult> {
      counter.count('notifyShipment', typeof input?.shipment?.id === 'string' ? input.shipment.id : undefined);
      checkNoticeInput(input, 'shipment notification');
      const { order, shipment } = input;
      const call: MockNotifyCall = { shipmentId: shipment.id, outcome: 'failed' };
      log.push(call);
      if (claims.has(shipment.id)) {
        call.outcome = 'already-sent';
        const messageId = claims.get(shipment.id);
        return messageId === undefined ? { status: 'already-sent' } : { status: 'already-sent', messageId };
      }
      const to = order.buyer?.email;
      if (to === undefined) {
        call.outcome = 'skipped';
        return { status: 'skipped' };
      }
      claims.set(shipment.id, undefined);
      let uncertain = false;
      try {
        const messageId = await sendToMock(() =>
          api.serve(
            'send',
            defaultMockToken,
            () => {
              const message: MockBuyerMessage = {
                to,
                shipmentId: shipment.id,
                trackingNumber: shipment.trackingNumber,
                marketplaceOrderId: order.marketplaceOrderId,
                messageId: `<mock-${delivered.length + 1}@dropship.test>`,
              };
              delivered.push(message);
              return message.messageId;
            },
            (fault) => {
              uncertain = uncertainKinds.has(fault.kind);
            },
          ),
        );
        claims.set(shipment.id, messageId);
        call.outcome = 'sent';
        return { status: 'sent', messageId };
      } catch (error) {
        if (!uncertain) claims.delete(shipment.id);
        throw error;
      }
    },

    messages: () => structuredClone(delivered),
    sentCount: (shipmentId) => delivered.filter((message) => message.shipmentId === shipmentId).length,
    injectFault: (fault) => api.injectFault(fault),
    firedFaults: () => api.firedFaults(),
    callCount: (shipmentId) => counter.get('notifyShipment', shipmentId),
    calls: () => log.map((call) => ({ ...call })),

    reset() {
      delivered.length = 0;
      claims.clear();
      counter.clear();
      log.length = 0;
      api.reset();
    },
  };
}
