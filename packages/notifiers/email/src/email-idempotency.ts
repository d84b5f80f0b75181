import type { DropshipStore, IdempotencyRecord } from '@dropship/core';

/**
 * Where the notifier records which shipments were emailed: the idempotency methods of a
 * `DropshipStore` (core's memory store, `@dropship/postgres`, or your own).
 */
export type EmailIdempotencyStore = Pick<DropshipStore, 'getIdempotencyRecord' | 'putIdempotencyRecord'>;

/** The idempotency keys of one shipment. */
export interface ShipmentEmailKeys {
  /** Present once the email went out (or may have gone out). */
  sent: string;
  /** Taken by the sender of attempt `attempt`. */
  claim(attempt: number): string;
  /** Written when attempt `attempt` certainly sent nothing, so that the next attempt may be claimed. */
  failed(attempt: number): string;
}

/**
 * The keys of a shipment: `<prefix><shipmentId>` once sent, `<prefix><shipmentId>#claim:<n>`
 * and `<prefix><shipmentId>#failed:<n>` per attempt.
 *
 * @internal
 */
export function shipmentEmailKeys(prefix: string, shipmentId: string): ShipmentEmailKeys {
  const base = `${prefix}${shipmentId}`;
  return {
    sent: base,
    claim: (attempt) => `${base}#claim:${attempt}`,
    failed: (attempt) => `${base}#failed:${attempt}`,
  };
}

/** What `claimShipmentEmail` found. */
export type ClaimOutcome =
  /** This caller owns attempt `attempt` and must send, then record the outcome. */
  | { kind: 'claimed'; attempt: number }
  /** The email went out before (or may have: an uncertain delivery). */
  | { kind: 'sent'; record: IdempotencyRecord }
  /** Another sender claimed it recently and has not recorded an outcome yet. */
  | { kind: 'in-flight'; claimedAt: string }
  /** A claim older than the lease with no outcome: its sender died between claim and send, or after. */
  | { kind: 'abandoned'; claimedAt: string };

/** Attempts after which the notifier stops trying (each failed attempt leaves two records). */
const maximumAttempts = 1_000;

/**
 * Claims the right to send a shipment's email, through insert-if-new records only (so it works
 * on any {@link EmailIdempotencyStore}, across processes):
 * 1. the `sent` record exists → `sent`;
 * 2. insert `claim:n` for n = 1, 2, ...; the caller whose insert succeeds owns attempt n;
 * 3. when `claim:n` exists: `failed:n` exists → try n + 1; `sent` exists → `sent`; otherwise
 *    the claim is `in-flight` while younger than `leaseMs`, `abandoned` after.
 *
 * @param store - the idempotency store.
 * @param keys - the shipment's keys.
 * @param now - the clock.
 * @param leaseMs - how long a claim without outcome counts as in flight.
 * @internal
 */
export async function claimShipmentEmail(
  store: EmailIdempotencyStore,
  keys: ShipmentEmailKeys,
  now: () => Date,
  leaseMs: number,
): Promise<ClaimOutcome> {
  const sent = await store.getIdempotencyRecord(keys.sent);
  if (sent) return { kind: 'sent', record: sent };
  for (let attempt = 1; attempt <= maximumAttempts; attempt += 1) {
    const claimedAt = now().toISOString();
    if (await store.putIdempotencyRecord({ key: keys.claim(attempt), at: claimedAt, result: 'claimed' })) {
      return { kind: 'claimed', attempt };
    }
    if (await store.getIdempotencyRecord(keys.failed(attempt))) continue;
    const sentNow = await store.getIdempotencyRecord(keys.sent);
    if (sentNow) return { kind: 'sent', record: sentNow };
    const claim = await store.getIdempotencyRecord(keys.claim(attempt));
    const at = claim?.at ?? claimedAt;
    const age = now().getTime() - Date.parse(at);
    return Number.isFinite(age) && age >= leaseMs
      ? { kind: 'abandoned', claimedAt: at }
      : { kind: 'in-flight', claimedAt: at };
  }
  return { kind: 'abandoned', claimedAt: now().toISOString() };
}

/**
 * A process-local idempotency store (a Map): the default when no durable store is given.
 * Forgets everything on restart.
 *
 * @internal
 */
export function createMemoryIdempotencyStore(): EmailIdempotencyStore {
  const records = new Map<string, IdempotencyRecord>();
  return {
    async getIdempotencyRecord(key) {
      const record = records.get(key);
      return record ? { ...record } : null;
    },
    async putIdempotencyRecord(record) {
      if (records.has(record.key)) return false;
      records.set(record.key, { ...record });
      return true;
    },
  };
}
