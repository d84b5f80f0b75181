import { type DropshipStore, ResponseParseError } from '@dropship/core';
import { z } from 'zod';
import type { EmailPurpose } from './email-po-options.js';
import type { EmailPurchaseOrderDocument } from './purchase-order-document.js';
import { type SupplierAnswer, supplierAnswerSchema } from './supplier-answer.js';

/** An email as recorded before its first send: every retry sends exactly this. */
export interface RecordedEmail {
  readonly purpose: EmailPurpose;
  /** The purchase order it carries. */
  readonly document: EmailPurchaseOrderDocument;
  /** Its `Message-ID`, the same on every attempt. */
  readonly messageId: string;
  readonly subject: string;
}

/** Where the send of one email stands, from the store's records. */
export type SendState =
  /** Never started, or every attempt certainly failed: the next attempt number. */
  | { kind: 'not-sent'; nextAttempt: number }
  /** This caller recorded attempt `attempt` and must send, then record the outcome. */
  | { kind: 'claimed'; attempt: number }
  /** The SMTP server accepted it (or a person confirmed the supplier has it). */
  | { kind: 'sent'; attempt: number; messageId?: string }
  /** Another worker recorded this attempt moments ago and is sending. */
  | { kind: 'in-flight'; attempt: number; claimedAt: string }
  /** Whether it reached the supplier is not known: a person checks (`resolveUncertainEmail`). */
  | { kind: 'uncertain'; attempt: number; reason: string };

/** The outcome of one attempt, as recorded. */
export type SendOutcome = { kind: 'sent'; messageId: string } | { kind: 'not-sent' | 'uncertain'; code: string };

/** A supplier answer as recorded. */
export interface RecordedAnswer {
  readonly recordedAt: string;
  readonly answer: SupplierAnswer;
}

/** Attempts after which the ledger stops looking (each certainly failed attempt leaves two records). */
const maximumAttempts = 1_000;

const recordedEmailSchema = z.object({
  purpose: z.enum(['purchase-order', 'cancel']),
  document: z.looseObject({ poNumber: z.string(), lines: z.array(z.looseObject({ sku: z.string() })) }),
  messageId: z.string(),
  subject: z.string(),
});

const recordedAnswerSchema = z.object({ recordedAt: z.string(), answer: supplierAnswerSchema });

/** What the email client remembers, as insert-once idempotency records on the dropshipper's store. */
export interface EmailPurchaseOrderLedger {
  /** The recorded email of a PO (`purpose`), or the one `build()` makes, recorded first (the first recorder wins). */
  recordEmail(poNumber: string, purpose: EmailPurpose, build: () => RecordedEmail): Promise<RecordedEmail>;
  /** The recorded email, or null. */
  email(poNumber: string, purpose: EmailPurpose): Promise<RecordedEmail | null>;
  /** Reads where the send stands; with `claim`, records the next attempt when none is pending. */
  sendState(poNumber: string, purpose: EmailPurpose, claim: boolean): Promise<SendState>;
  /** Records how attempt `attempt` ended. */
  recordOutcome(poNumber: string, purpose: EmailPurpose, attempt: number, outcome: SendOutcome): Promise<void>;
  /** Records a person's finding for an uncertain attempt: false when one was already recorded. */
  resolve(poNumber: string, purpose: EmailPurpose, attempt: number, received: boolean): Promise<boolean>;
  /** Appends an answer once per `answerId`: false when that id was already recorded. */
  appendAnswer(poNumber: string, answer: SupplierAnswer): Promise<boolean>;
  /** The PO's answers in the order recorded, each `answerId` once. */
  answers(poNumber: string): Promise<RecordedAnswer[]>;
}

/**
 * The ledger of one email supplier on a store. Keys, all under `email-po:<distributor>:`:
 * - `email:<purpose>:<PO>`: the email (purchase order, subject, Message-ID), before any send;
 * - `send:<purpose>:<PO>#claim:<n>`: attempt n started (recorded before the SMTP session opens);
 * - `send:<purpose>:<PO>#outcome:<n>`: `sent:<Message-ID>`, `not-sent:<code>` or `uncertain:<code>`;
 * - `send:<purpose>:<PO>#resolution:<n>`: a person's finding for an uncertain attempt;
 * - `answer:<PO>:<slot>` then `answer-id:<PO>:<answerId>`: the supplier's answers, each id once.
 *
 * @param store - the dropshipper's store (its idempotency records only).
 * @param distributor - the distributor id.
 * @param now - the clock.
 * @param leaseMs - how long an attempt without an outcome counts as in flight.
 */
export function createEmailPurchaseOrderLedger(
  store: Pick<DropshipStore, 'getIdempotencyRecord' | 'putIdempotencyRecord'>,
  distributor: string,
  now: () => Date,
  leaseMs: number,
): EmailPurchaseOrderLedger {
  const prefix = `email-po:${distributor}:`;
  const at = () => now().toISOString();
  const read = async <T>(key: string, schema: z.ZodType<T>): Promise<T | null> => {
    const record = await store.getIdempotencyRecord(key);
    if (record === null) return null;
    try {
      return schema.parse(JSON.parse(record.result ?? ''));
    } catch {
      throw new ResponseParseError(`${distributor}: the stored record ${key} is not readable`, {
        service: distributor,
        fields: [key],
      });
    }
  };
  const value = async (key: string) => (await store.getIdempotencyRecord(key))?.result;
  const sendKey = (poNumber: string, purpose: EmailPurpose) => `${prefix}send:${purpose}:${poNumber}`;
  const nextSlot = new Map<string, number>();

  const ledger: EmailPurchaseOrderLedger = {
    async email(poNumber, purpose) {
      return (await read(`${prefix}email:${purpose}:${poNumber}`, recordedEmailSchema)) as RecordedEmail | null;
    },

    async recordEmail(poNumber, purpose, build) {
      const existing = await ledger.email(poNumber, purpose);
      if (existing !== null) return existing;
      const email = build();
      const key = `${prefix}email:${purpose}:${poNumber}`;
      if (await store.putIdempotencyRecord({ key, at: at(), result: JSON.stringify(email) })) return email;
      const winner = await ledger.email(poNumber, purpose);
      if (winner === null) throw new ResponseParseError(`${distributor}: ${key} vanished`, { service: distributor });
      return winner;
    },

    async sendState(poNumber, purpose, claim) {
      const base = sendKey(poNumber, purpose);
      for (let attempt = 1; attempt <= maximumAttempts; attempt += 1) {
        const claimedAt = at();
        if (claim) {
          if (await store.putIdempotencyRecord({ key: `${base}#claim:${attempt}`, at: claimedAt, result: 'claimed' }))
            return { kind: 'claimed', attempt };
        }
        const started = await store.getIdempotencyRecord(`${base}#claim:${attempt}`);
        if (started === null) return { kind: 'not-sent', nextAttempt: attempt };
        const outcome = await value(`${base}#outcome:${attempt}`);
        if (outcome?.startsWith('sent:')) return { kind: 'sent', attempt, messageId: outcome.slice(5) };
        if (outcome?.startsWith('not-sent:')) continue;
        const resolution = await value(`${base}#resolution:${attempt}`);
        if (resolution === 'not-received') continue;
        if (resolution === 'received') return { kind: 'sent', attempt };
        if (outcome?.startsWith('uncertain:')) return { kind: 'uncertain', attempt, reason: outcome.slice(10) };
        const age = now().getTime() - Date.parse(started.at);
        if (Number.isFinite(age) && age < leaseMs) return { kind: 'in-flight', attempt, claimedAt: started.at };
        return {
          kind: 'uncertain',
          attempt,
          reason: 'the sender stopped after recording the attempt, before its outcome',
        };
      }
      return { kind: 'uncertain', attempt: maximumAttempts, reason: 'too many failed attempts' };
    },

    async recordOutcome(poNumber, purpose, attempt, outcome) {
      const result = outcome.kind === 'sent' ? `sent:${outcome.messageId}` : `${outcome.kind}:${outcome.code}`;
      await store.putIdempotencyRecord({ key: `${sendKey(poNumber, purpose)}#outcome:${attempt}`, at: at(), result });
    },

    async resolve(poNumber, purpose, attempt, received) {
      return store.putIdempotencyRecord({
        key: `${sendKey(poNumber, purpose)}#resolution:${attempt}`,
        at: at(),
        result: received ? 'received' : 'not-received',
      });
    },

    async appendAnswer(poNumber, answer) {
      const idKey = `${prefix}answer-id:${poNumber}:${answer.answerId}`;
      if ((await store.getIdempotencyRecord(idKey)) !== null) return false;
      // The answer first, its id after: a crash in between leaves the answer recorded (a repeat
      // is dropped when read), never an id without its answer.
      const entry: RecordedAnswer = { recordedAt: at(), answer };
      let slot = nextSlot.get(poNumber) ?? 1;
      while (
        !(await store.putIdempotencyRecord({
          key: `${prefix}answer:${poNumber}:${slot}`,
          at: at(),
          result: JSON.stringify(entry),
        }))
      )
        slot += 1;
      nextSlot.set(poNumber, slot + 1);
      return store.putIdempotencyRecord({ key: idKey, at: at() });
    },

    async answers(poNumber) {
      const found: RecordedAnswer[] = [];
      const seen = new Set<string>();
      for (let slot = 1; ; slot += 1) {
        const entry = await read(`${prefix}answer:${poNumber}:${slot}`, recordedAnswerSchema);
        if (entry === null) return found;
        if (!seen.has(entry.answer.answerId)) found.push(entry as RecordedAnswer);
        seen.add(entry.answer.answerId);
      }
    },
  };
  return ledger;
}
