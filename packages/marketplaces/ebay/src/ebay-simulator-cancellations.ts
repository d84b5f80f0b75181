import type { CallRecorder, EchoedRequest, FaultInjector } from '@dropship/testing/simulator';
import { echoRequest } from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';

/** Operation names of the Post-Order side of the eBay simulator (faults, `callCount`). */
export const ebayCancellationOperations = {
  /** `POST /post-order/v2/cancellation/{cancelId}/approve` and `/reject`. */
  answerCancellation: 'answer-cancellation',
  /** `GET /post-order/v2/cancellation/{cancelId}`. */
  readCancellation: 'read-cancellation',
  /** `GET /sell/fulfillment/v1/order/{orderId}` (`getOrder`). */
  getOrder: 'get-order',
} as const;

/** What the Post-Order side needs from the simulator. */
export interface EbayCancellationSimulatorHost {
  /** The simulator's root (the Post-Order API is served on it). */
  baseURL: string;
  /** The user token accepted (sent as `IAF <token>`). */
  accessToken: string;
  /** The simulator's fault injector. */
  faults: FaultInjector;
  /** The simulator's call recorder. */
  calls: CallRecorder;
  /** Tells the order listing that the seller answered (the order's cancel state changes). */
  answerCancel(orderId: string, cancelId: string, decision: 'accept' | 'refuse'): void;
}

/** The Post-Order side of the eBay simulator. */
export interface EbayCancellationSimulator {
  /** The MSW handlers of the Post-Order calls. */
  handlers: RequestHandler[];
  /** Registers a buyer's cancel request (called by the order listing). */
  requested(orderId: string, cancelId: string): void;
  /** Answers recorded, one per answering call eBay accepted, in call order. */
  answers(): { marketplaceOrderId: string; decision: 'accept' | 'refuse' }[];
  /** Forgets the answers recorded (and with `all` the requests: a plain reset keeps them answerable). */
  reset(all: boolean): void;
}

interface StoredCancellation {
  orderId: string;
  status: string;
}

/**
 * The Post-Order cancellation API as the eBay simulator serves it on loopback (eBay's sandbox has
 * none): `GET /post-order/v2/cancellation/{cancelId}` → `{ cancelDetail: { cancelId,
 * legacyOrderId, cancelStatus, requestorType } }`, `POST …/approve` (→ `CANCEL_CLOSED_WITH_REFUND`)
 * and `POST …/reject` (a JSON body required, `{}` at least; → `CANCEL_REJECTED`), with
 * `Authorization: IAF <token>` (https://developer.ebay.com/api-docs/user-guides/static/post-order-user-guide/post-order-cancellations.html).
 * Answering a request that is no longer open is refused (400). Modelled: the `cancelDetail`
 * wrapper, the refusal's error id, `cancelId` equal to getOrder's `cancelRequestId`.
 *
 * @param host - base URL, token, faults, calls, the order listing's answer hook.
 */
export function createEbayCancellationSimulator(host: EbayCancellationSimulatorHost): EbayCancellationSimulator {
  let cancellations = new Map<string, StoredCancellation>();
  let answers: { marketplaceOrderId: string; decision: 'accept' | 'refuse' }[] = [];

  const authorized = (request: Request) => request.headers.get('authorization') === `IAF ${host.accessToken}`;
  const refuse = (echo: EchoedRequest, status: number, errorId: number, message: string) =>
    HttpResponse.json(
      { error: [{ errorId, domain: 'returnErrorDomain', severity: 'ERROR', message }], request: echo },
      { status },
    );
  const unauthorized = (echo: EchoedRequest) =>
    HttpResponse.json(
      {
        errors: [{ errorId: 1001, domain: 'OAuth', category: 'REQUEST', message: 'Invalid access token' }],
        request: echo,
      },
      { status: 401 },
    );

  async function answer(request: Request, cancelId: string, decision: 'accept' | 'refuse'): Promise<Response> {
    host.calls.record(ebayCancellationOperations.answerCancellation);
    const echo = await echoRequest(request);
    const text = await request.text();
    return host.faults.serve(ebayCancellationOperations.answerCancellation, () => {
      if (!authorized(request)) return unauthorized(echo);
      const stored = cancellations.get(cancelId);
      if (!stored) return refuse(echo, 404, 1402, 'The cancellation does not exist.');
      if (decision === 'refuse') {
        try {
          if (typeof JSON.parse(text) !== 'object') throw new Error('not an object');
        } catch {
          return refuse(echo, 400, 1403, 'The request body is missing or invalid (send {} when empty).');
        }
      }
      if (stored.status !== 'CANCEL_REQUESTED') {
        return refuse(echo, 400, 1404, `The cancellation cannot be answered in state ${stored.status}.`);
      }
      stored.status = decision === 'accept' ? 'CANCEL_CLOSED_WITH_REFUND' : 'CANCEL_REJECTED';
      host.answerCancel(stored.orderId, cancelId, decision);
      answers.push({ marketplaceOrderId: stored.orderId, decision });
      return new HttpResponse(null, { status: 200 });
    });
  }

  const root = `${host.baseURL}/post-order/v2/cancellation/:cancelId`;
  const handlers: RequestHandler[] = [
    http.get(root, async ({ request, params }) => {
      host.calls.record(ebayCancellationOperations.readCancellation);
      const echo = await echoRequest(request);
      return host.faults.serve(ebayCancellationOperations.readCancellation, () => {
        if (!authorized(request)) return unauthorized(echo);
        const cancelId = String(params.cancelId);
        const stored = cancellations.get(cancelId);
        if (!stored) return refuse(echo, 404, 1402, 'The cancellation does not exist.');
        return HttpResponse.json({
          cancelDetail: {
            cancelId,
            legacyOrderId: stored.orderId,
            marketplaceId: 'EBAY_US',
            requestorType: 'BUYER',
            cancelReason: 'BUYER_ASKED_CANCEL',
            cancelStatus: stored.status,
          },
        });
      });
    }),
    http.post(`${root}/approve`, ({ request, params }) => answer(request, String(params.cancelId), 'accept')),
    http.post(`${root}/reject`, ({ request, params }) => answer(request, String(params.cancelId), 'refuse')),
  ];

  return {
    handlers,
    requested(orderId, cancelId) {
      cancellations.set(cancelId, { orderId, status: 'CANCEL_REQUESTED' });
    },
    answers: () => structuredClone(answers),
    reset(all) {
      answers = [];
      if (all) cancellations = new Map();
    },
  };
}
