import type { RejectionReason } from '@dropship/core';

/**
 * What the client remembers of an order it placed: TRWS has no documented lookup by PO number
 * (no public documentation), so the PO → order number link is kept here.
 */
export interface TuckerRockyOrderRecord {
  /** Tucker Rocky order numbers (`ORD.orderoutput.ordernum`). */
  orderNumbers: string[];
  /** The lines ordered (and accepted), to tell a partial shipment from a complete one. */
  lines?: { sku: string; quantity: number }[];
  /**
   * Lines TRWS refused inside an order it created for the rest (`ORD.status` SUCCESSFUL with a
   * line `errormsg`): reported by `findOrder` / `listShipments` as `cancelledLines`, with why.
   */
  refusedLines?: { sku: string; quantity: number; reason: RejectionReason; message?: string }[];
}

/**
 * Keeps PO → order number links. The default keeps them in memory for the client's life; give a
 * durable implementation (a table, a key-value store) so that a restarted process can still
 * read tracking for POs placed before the restart.
 */
export interface TuckerRockyOrderStore {
  /** The record of a PO number, or undefined. */
  get(poNumber: string): TuckerRockyOrderRecord | undefined | Promise<TuckerRockyOrderRecord | undefined>;
  /** Stores (replaces) the record of a PO number. */
  set(poNumber: string, record: TuckerRockyOrderRecord): void | Promise<void>;
}

/** An in-memory `TuckerRockyOrderStore`: links live as long as the process. */
export function createInMemoryTuckerRockyOrderStore(): TuckerRockyOrderStore {
  const records = new Map<string, TuckerRockyOrderRecord>();
  return {
    get: (poNumber) => records.get(poNumber),
    set: (poNumber, record) => {
      records.set(poNumber, record);
    },
  };
}
