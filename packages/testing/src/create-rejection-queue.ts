import type { RejectionReason } from '@dropship/core';

/** One refusal a simulator serves instead of placing an order. */
export interface QueuedRejection {
  /** Why. */
  reason: RejectionReason;
  /** The SKUs named as refused; absent: every line of the order. */
  skus?: readonly string[];
}

/** The refusals `rejectNextOrders` queued, served one submission each. */
export interface RejectionQueue {
  /** Queues `times` refusals (default 1) for `reason`, naming `skus`. */
  push(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /** The refusal the next submission gets (and uses it up), or undefined: place the order. */
  take(): QueuedRejection | undefined;
  /** Forgets every queued refusal. */
  clear(): void;
}

/**
 * The queue behind `rejectNextOrders` of every distributor simulator: refusals in the order
 * queued, each served to `times` submissions. How the refusal is answered (status, body) is each
 * simulator's own.
 */
export function createRejectionQueue(): RejectionQueue {
  const queued: (QueuedRejection & { left: number })[] = [];
  return {
    push({ reason, skus, times }) {
      queued.push({ reason, ...(skus ? { skus: [...skus] } : {}), left: times ?? 1 });
    },
    take() {
      const next = queued[0];
      if (!next) return undefined;
      next.left -= 1;
      if (next.left <= 0) queued.shift();
      return { reason: next.reason, ...(next.skus ? { skus: next.skus } : {}) };
    },
    clear() {
      queued.length = 0;
    },
  };
}
