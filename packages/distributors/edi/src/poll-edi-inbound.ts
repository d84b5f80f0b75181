import { ResponseParseError } from '@dropship/core';
import type { EdiLedger } from './edi-ledger.js';
import type { EdiPartner } from './edi-options.js';
import type { EdiRemoteFile, EdiTransport } from './edi-transport.js';
import { parseX12 } from './parse-x12.js';
import { type EdiInboundDocument, readEdiDocument } from './read-edi-documents.js';

/** What one pick-up of the partner's files did. */
export interface EdiPollReport {
  /** Files read and recorded by this poll. */
  readonly read: readonly string[];
  /** Documents recorded (a document seen before, in this or another file, is not counted). */
  readonly documents: number;
  /** Files left for a later poll: still changing (`unstable`), or not a complete, readable interchange for us (`invalid`, with why). */
  readonly skipped: readonly {
    readonly name: string;
    readonly reason: 'unstable' | 'invalid';
    readonly message?: string;
  }[];
}

/** What a poll works with. */
export interface EdiPollContext {
  readonly distributor: string;
  readonly partner: EdiPartner;
  readonly transport: EdiTransport;
  readonly ledger: EdiLedger;
  readonly stableForMs: number;
  readonly ignorePattern: RegExp;
  /** The clock. */
  readonly now: () => Date;
  /** Per file name: its size and modification time when first seen unchanged, and when (ms). */
  readonly sightings: Map<string, { size: number; modifiedMs: number; seenAtMs: number }>;
}

interface ReadDocument {
  readonly id: string;
  readonly document: EdiInboundDocument;
}

/** The PO numbers a document is about. */
async function poNumbersOf(document: EdiInboundDocument, ledger: EdiLedger): Promise<string[]> {
  switch (document.kind) {
    case '997': {
      if (document.functionalIdentifier !== 'PO') return [];
      const poNumber = await ledger.poNumberOfGroup(document.groupControlNumber);
      return poNumber === null ? [] : [poNumber];
    }
    case '856':
      return [...new Set(document.orders.map((order) => order.poNumber))];
    default:
      return [document.poNumber];
  }
}

/** True once a file kept its size and modification time for `stableForMs` (the partner is done writing it). */
function isStable(context: EdiPollContext, file: EdiRemoteFile): boolean {
  if (context.stableForMs === 0) return true;
  const nowMs = context.now().getTime();
  const seen = context.sightings.get(file.name);
  if (seen === undefined || seen.size !== file.size || seen.modifiedMs !== file.modifiedMs) {
    context.sightings.set(file.name, { size: file.size, modifiedMs: file.modifiedMs, seenAtMs: nowMs });
    return false;
  }
  return nowMs - seen.seenAtMs >= context.stableForMs;
}

/** Parses a whole file into its documents, all or none; throws ResponseParseError for anything not meant for us or unreadable. */
async function readFile(context: EdiPollContext, text: string): Promise<ReadDocument[]> {
  const { partner, distributor } = context;
  const documents: ReadDocument[] = [];
  for (const interchange of await parseX12(text, distributor)) {
    if (interchange.receiver.id !== partner.senderId || interchange.sender.id !== partner.receiverId)
      throw new ResponseParseError(
        `${distributor}: interchange ${interchange.controlNumber} is from ${interchange.sender.id} to ${interchange.receiver.id}, not from the partner to us`,
        { service: distributor, fields: ['ISA06', 'ISA08'] },
      );
    for (const group of interchange.groups)
      for (const set of group.transactionSets) {
        const document = readEdiDocument(set, distributor);
        if (document === undefined) continue;
        const id = `${interchange.sender.id}:${Number(interchange.controlNumber)}:${Number(group.controlNumber)}:${set.controlNumber}`;
        documents.push({ id, document });
      }
  }
  return documents;
}

/**
 * Picks up the partner's files once: every file that is new (not recorded by name, size and
 * modification time), not a temporary name, stable, and a complete interchange addressed to us
 * is read whole, each of its documents is recorded against its PO (997 by our group control
 * number, 855/810 by PO number, 856 by each order's PRF01) unless recorded before, then the file
 * is recorded as read and moved to the archive. A crash anywhere repeats at most the recording
 * of a document, which the ledger reads once; a file cut short, still changing or unreadable is
 * left where it is and tried again next time.
 *
 * @param context - the partner, transport, ledger and settings.
 */
export async function pollEdiInbound(context: EdiPollContext): Promise<EdiPollReport> {
  const { transport, ledger } = context;
  const read: string[] = [];
  const skipped: { name: string; reason: 'unstable' | 'invalid'; message?: string }[] = [];
  let documents = 0;
  const files = (await transport.list()).filter((file) => !context.ignorePattern.test(file.name));
  files.sort((left, right) => left.modifiedMs - right.modifiedMs || left.name.localeCompare(right.name));
  for (const file of files) {
    const fileFact = `file:${file.name}:${file.size}:${file.modifiedMs}`;
    if (await ledger.has(fileFact)) {
      await transport.archive(file.name);
      continue;
    }
    if (!isStable(context, file)) {
      skipped.push({ name: file.name, reason: 'unstable' });
      continue;
    }
    let text: string;
    try {
      text = await transport.download(file.name);
    } catch (error) {
      // Gone since the listing: another worker read and archived it.
      if (!(await transport.list()).some((listed) => listed.name === file.name)) continue;
      throw error;
    }
    let parsed: ReadDocument[];
    try {
      parsed = await readFile(context, text);
    } catch (error) {
      if (!ResponseParseError.isInstance(error)) throw error;
      skipped.push({ name: file.name, reason: 'invalid', message: error.message });
      continue;
    }
    for (const { id, document } of parsed) {
      if (await ledger.has(`document:${id}`)) continue;
      const receivedAt = context.now().toISOString();
      for (const poNumber of await poNumbersOf(document, ledger))
        await ledger.append(poNumber, { id, receivedAt, fileName: file.name, document });
      await ledger.mark(`document:${id}`);
      documents += 1;
    }
    await ledger.mark(fileFact);
    context.sightings.delete(file.name);
    await transport.archive(file.name);
    read.push(file.name);
  }
  return { read, documents, skipped };
}
