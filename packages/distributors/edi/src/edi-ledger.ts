import { ConfigurationError, type DropshipStore, ResponseParseError } from '@dropship/core';
import { z } from 'zod';
import type { EdiInboundDocument } from './read-edi-documents.js';
import { MAX_INTERCHANGE_CONTROL_NUMBER } from './write-x12.js';

/** An 850 as the ledger keeps it: written once, uploaded as is on every retry. */
export interface EdiSentPurchaseOrder {
  readonly poNumber: string;
  /** ISA13 = GS06 of its interchange. */
  readonly controlNumber: number;
  /** The file name it is uploaded under. */
  readonly fileName: string;
  /** When it was written (ISO 8601). */
  readonly createdAt: string;
  /** The lines as written, by PO1 line number (index 0 is line 1), to read the partner's answers by. */
  readonly lines: readonly EdiSentLine[];
  readonly currency: string;
  /** The interchange's text. */
  readonly content: string;
}

/** A line of an 850 as written: our SKU, the units, and the manufacturer's part number written beside it. */
export interface EdiSentLine {
  readonly sku: string;
  readonly quantity: number;
  /** Null when none was written. */
  readonly manufacturerPartNumber: string | null;
}

/** A document the partner sent about a PO, as recorded. */
export interface EdiLedgerEntry {
  /** Unique per transaction set: `<sender>:<ISA13>:<GS06>:<ST02>`. */
  readonly id: string;
  /** When it was read (ISO 8601). */
  readonly receivedAt: string;
  /** The file it came in. */
  readonly fileName: string;
  readonly document: EdiInboundDocument;
}

const sentSchema = z.object({
  poNumber: z.string(),
  controlNumber: z.number().int().positive(),
  fileName: z.string(),
  createdAt: z.string(),
  lines: z.array(
    z.object({ sku: z.string(), quantity: z.number().int(), manufacturerPartNumber: z.string().nullable() }),
  ),
  currency: z.string(),
  content: z.string(),
});

const entrySchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  fileName: z.string(),
  document: z.looseObject({ kind: z.enum(['997', '855', '856', '810']) }),
});

/** What the EDI client remembers, on the dropshipper's store (idempotency records and a named sequence). */
export interface EdiLedger {
  /**
   * The PO's 850: the one already recorded, or the one `write(controlNumber)` builds with a new
   * control number (recorded first, so every later call gets the same). `claimed` is true for the
   * caller that recorded it.
   */
  claimPurchaseOrder(
    key: string,
    write: (controlNumber: number) => EdiSentPurchaseOrder,
  ): Promise<{ sent: EdiSentPurchaseOrder; claimed: boolean }>;
  /** The PO's recorded 850, or null. */
  sentPurchaseOrder(key: string): Promise<EdiSentPurchaseOrder | null>;
  /** Records a fact once (`uploaded:PO-1`); false when it was already recorded. */
  mark(fact: string): Promise<boolean>;
  /** Whether a fact is recorded. */
  has(fact: string): Promise<boolean>;
  /** The PO number an outbound group control number belongs to, or null. */
  poNumberOfGroup(controlNumber: number): Promise<string | null>;
  /** Appends a document to the PO's list (a repeat of the same `id` is dropped when read). */
  append(poNumber: string, entry: EdiLedgerEntry): Promise<void>;
  /** The PO's documents in the order they were recorded, each `id` once. */
  entries(poNumber: string): Promise<EdiLedgerEntry[]>;
}

/**
 * The ledger of one partner on a store. Everything is an insert-once idempotency record, so it
 * works on any `DropshipStore` and survives a restart on a durable one:
 * - `edi:<id>:850:<PO>`: the 850 (control number, file name, text), written before any upload;
 * - `edi:<id>:group:<GS06>`: the PO of an outbound group, for the 997 that echoes it;
 * - `edi:<id>:fact:<fact>`: facts (`upload-started:<PO>`, `uploaded:<PO>`, `file:<name>:<size>:<mtime>`, `document:<id>`);
 * - `edi:<id>:po:<PO>:<n>`: the PO's documents, `n` = 1, 2, ...: an append takes the first free
 *   slot (insert-once, so two workers never share one) and a read stops at the first empty slot.
 * Control numbers come from the store's `nextSequenceValue('edi:<id>:interchange:<sender>:<receiver>')`.
 *
 * @param store - the dropshipper's store; must have `nextSequenceValue`.
 * @param distributor - the distributor id.
 * @param sequenceName - the name of the control number sequence.
 * @param now - the clock.
 * @throws ConfigurationError when the store has no `nextSequenceValue`.
 */
export function createEdiLedger(
  store: DropshipStore,
  distributor: string,
  sequenceName: string,
  now: () => Date,
): EdiLedger {
  const nextSequenceValue = store.nextSequenceValue?.bind(store);
  if (nextSequenceValue === undefined)
    throw new ConfigurationError(
      `${distributor}: the store has no nextSequenceValue, so EDI control numbers cannot be kept unique; use the memory store of @dropship/core or @dropship/postgres`,
    );
  const prefix = `edi:${distributor}:`;
  const at = () => now().toISOString();
  const corrupt = (key: string) =>
    new ResponseParseError(`${distributor}: the stored EDI record ${key} is not readable`, {
      service: distributor,
      fields: [key],
    });
  const readJson = <T>(key: string, text: string | undefined, schema: z.ZodType<T>): T => {
    try {
      return schema.parse(JSON.parse(text ?? ''));
    } catch {
      throw corrupt(key);
    }
  };
  const nextSlot = new Map<string, number>();

  const ledger: EdiLedger = {
    async sentPurchaseOrder(key) {
      const record = await store.getIdempotencyRecord(`${prefix}850:${key}`);
      return record === null ? null : readJson(record.key, record.result, sentSchema);
    },

    async claimPurchaseOrder(key, write) {
      const existing = await ledger.sentPurchaseOrder(key);
      if (existing !== null) return { sent: existing, claimed: false };
      const controlNumber = await nextSequenceValue(sequenceName);
      if (controlNumber > MAX_INTERCHANGE_CONTROL_NUMBER)
        throw new ConfigurationError(
          `${distributor}: the interchange control numbers are used up (ISA13 has nine digits)`,
        );
      const sent = write(controlNumber);
      // The group index first: a 997 for this control number then always finds its PO.
      await store.putIdempotencyRecord({ key: `${prefix}group:${controlNumber}`, at: at(), result: sent.poNumber });
      if (await store.putIdempotencyRecord({ key: `${prefix}850:${key}`, at: at(), result: JSON.stringify(sent) }))
        return { sent, claimed: true };
      // Another worker recorded it first: its control number wins, ours stays unused (a gap, never a reuse).
      const winner = await ledger.sentPurchaseOrder(key);
      if (winner === null) throw corrupt(`${prefix}850:${key}`);
      return { sent: winner, claimed: false };
    },

    async mark(fact) {
      return store.putIdempotencyRecord({ key: `${prefix}fact:${fact}`, at: at() });
    },

    async has(fact) {
      return (await store.getIdempotencyRecord(`${prefix}fact:${fact}`)) !== null;
    },

    async poNumberOfGroup(controlNumber) {
      return (await store.getIdempotencyRecord(`${prefix}group:${controlNumber}`))?.result ?? null;
    },

    async append(poNumber, entry) {
      let slot = nextSlot.get(poNumber) ?? 1;
      while (
        !(await store.putIdempotencyRecord({
          key: `${prefix}po:${poNumber}:${slot}`,
          at: at(),
          result: JSON.stringify(entry),
        }))
      )
        slot += 1;
      nextSlot.set(poNumber, slot + 1);
    },

    async entries(poNumber) {
      const found: EdiLedgerEntry[] = [];
      const seen = new Set<string>();
      for (let slot = 1; ; slot++) {
        const record = await store.getIdempotencyRecord(`${prefix}po:${poNumber}:${slot}`);
        if (record === null) break;
        const entry = readJson(record.key, record.result, entrySchema) as unknown as EdiLedgerEntry;
        if (!seen.has(entry.id)) found.push(entry);
        seen.add(entry.id);
      }
      return found;
    },
  };
  return ledger;
}
