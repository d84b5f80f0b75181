import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseX12, type X12Segment } from './parse-x12.js';
import { type EdiPurchaseOrderDocument, readEdiPurchaseOrder } from './read-edi-purchase-order.js';
import { writeX12Interchange, x12Timestamps } from './write-x12.js';
import { formatX12Decimal } from './x12-money.js';

/** Options of {@link createEdiPartnerSimulator}. */
export interface EdiPartnerSimulatorOptions {
  /** The folder the SFTP server serves. */
  readonly root: string;
  /** Where our 850s arrive, relative to `root`. Default `in`. */
  readonly inboxFolder?: string;
  /** Where the partner leaves its answers, relative to `root`. Default `out`. */
  readonly outboxFolder?: string;
  /** Our ISA id (the partner's receiver). */
  readonly dealerId: string;
  /** The partner's ISA id. */
  readonly partnerId: string;
  /** The partner's part-number qualifier in our 850s. Default `VP`. */
  readonly partQualifier?: string;
  /** The clock. Default `() => new Date()`. */
  readonly now?: () => Date;
}

/** An 850 the simulated partner received: one per file, so a PO sent twice shows twice. */
export interface EdiSimulatedPurchaseOrder {
  readonly fileName: string;
  readonly interchangeControlNumber: number;
  readonly groupControlNumber: number;
  readonly document: EdiPurchaseOrderDocument;
}

/** How the partner answers 850s in `processInbox`. */
export interface EdiPartnerAnswers {
  /** Send a 997 for each 850 group. Default true. */
  readonly functionalAcknowledgment?: boolean;
  /** Send an 855 for each 850. Default true. */
  readonly acknowledgment?: boolean;
  /** Part numbers the 855 rejects (ACK `IR`). */
  readonly rejectParts?: readonly string[];
  /** Part numbers the 855 rejects with another ACK01 code (`R4` not available, `R9` discontinued, ...). */
  readonly rejectCodes?: Readonly<Record<string, string>>;
  /** Part numbers the 855 backorders (ACK `IB`). */
  readonly backorderParts?: readonly string[];
  /** Whether the partner sells a part number; the 855 rejects (ACK `IR`) the lines of any other. Default: it sells every part. */
  readonly sells?: (part: string) => boolean;
}

/** A package of a simulated ship notice. */
export interface EdiSimulatedPackage {
  readonly trackingNumber: string;
  /** Part numbers and units in it. Default: every line of the PO. */
  readonly lines?: readonly { readonly part: string; readonly quantity: number }[];
}

/** A trading partner on the other side of the SFTP folders: reads our 850s and writes 997, 855, 856 and 810 files. */
export interface EdiPartnerSimulator {
  /**
   * Reads every complete 850 file in the inbox (temporary names are left), moves it to
   * `<inbox>/archive` as a partner does, and answers as `answers` says. Returns the 850s read.
   */
  processInbox(answers?: EdiPartnerAnswers): Promise<EdiSimulatedPurchaseOrder[]>;
  /** Every 850 received, in order. */
  received(): readonly EdiSimulatedPurchaseOrder[];
  /** How many original (not cancel) 850s arrived for a PO number: the "never twice" count. */
  orderCount(poNumber: string): number;
  /**
   * Writes an 856 for a PO: one package per entry of `packages` (each with a MAN*CP tracking
   * number and its items), carrier SCAC `scac` (default `UPSN`). Returns the file name.
   */
  shipOrder(
    poNumber: string,
    options: { packages: readonly EdiSimulatedPackage[]; scac?: string; shippedAt?: Date },
  ): string;
  /** Writes an 810 for a PO, at the 850's unit costs unless `unitCosts` (part number to minor units) says otherwise. Returns the file name. */
  invoiceOrder(
    poNumber: string,
    options?: { invoiceNumber?: string; unitCosts?: Readonly<Record<string, number>> },
  ): string;
  /**
   * Writes a file into the outbox: atomically (a temporary name, then a rename) by default, or
   * as is with `atomic: false` (to model a partner caught mid-write).
   */
  writeOutbox(name: string, content: string, options?: { atomic?: boolean }): void;
}

/**
 * A simulated EDI trading partner working directly on the folder an SFTP test server serves (it
 * is the far side of the SFTP connection). It reads 850s with the same parser the client uses
 * and writes its answers with `writeX12Interchange`, control numbers counting up from 1.
 *
 * @param options - the folders and the two ISA ids.
 */
export function createEdiPartnerSimulator(options: EdiPartnerSimulatorOptions): EdiPartnerSimulator {
  const inbox = join(options.root, options.inboxFolder ?? 'in');
  const outbox = join(options.root, options.outboxFolder ?? 'out');
  const archive = join(inbox, 'archive');
  const partQualifier = options.partQualifier ?? 'VP';
  const now = options.now ?? (() => new Date());
  const received: EdiSimulatedPurchaseOrder[] = [];
  let control = 0;

  const writeOutbox = (name: string, content: string, writeOptions: { atomic?: boolean } = {}) => {
    mkdirSync(outbox, { recursive: true });
    if (writeOptions.atomic === false) return writeFileSync(join(outbox, name), content, 'latin1');
    writeFileSync(join(outbox, `${name}.tmp`), content, 'latin1');
    renameSync(join(outbox, `${name}.tmp`), join(outbox, name));
  };

  /** Writes one interchange of the partner's and returns its file name. */
  const send = (functionalIdentifier: string, code: string, segments: X12Segment[]): string => {
    control += 1;
    const text = writeX12Interchange({
      sender: { qualifier: 'ZZ', id: options.partnerId },
      receiver: { qualifier: 'ZZ', id: options.dealerId },
      applicationSenderCode: options.partnerId,
      applicationReceiverCode: options.dealerId,
      version: '004010',
      usage: 'P',
      acknowledgmentRequested: false,
      controlNumber: control,
      timestamps: x12Timestamps(now()),
      documents: [{ functionalIdentifier, code, segments }],
    });
    const name = `${code}-${String(control).padStart(6, '0')}.edi`;
    writeOutbox(name, text);
    return name;
  };

  const latest = (poNumber: string) => {
    const found = [...received]
      .reverse()
      .find((order) => order.document.poNumber === poNumber && order.document.purpose === 'original');
    if (!found) throw new Error(`the partner holds no PO ${poNumber}`);
    return found.document;
  };
  const partOf = (line: EdiPurchaseOrderDocument['lines'][number]) => line.partNumbers[partQualifier] ?? '';
  const today = () => x12Timestamps(now()).groupDate;

  return {
    async processInbox(answers = {}) {
      mkdirSync(archive, { recursive: true });
      const read: EdiSimulatedPurchaseOrder[] = [];
      const names = readdirSync(inbox, { withFileTypes: true })
        .filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'))
        .map((entry) => entry.name)
        .sort();
      for (const fileName of names) {
        const [interchange] = await parseX12(readFileSync(join(inbox, fileName), 'latin1'), 'partner');
        renameSync(join(inbox, fileName), join(archive, `${fileName}.${received.length}`));
        const group = interchange?.groups[0];
        const set = group?.transactionSets[0];
        if (interchange === undefined || group === undefined || set === undefined) continue;
        const document = readEdiPurchaseOrder(set, 'partner');
        const order = {
          fileName,
          interchangeControlNumber: Number(interchange.controlNumber),
          groupControlNumber: Number(group.controlNumber),
          document,
        };
        received.push(order);
        read.push(order);
        if (answers.functionalAcknowledgment !== false)
          send('FA', '997', [
            { tag: 'AK1', elements: ['PO', String(order.groupControlNumber)] },
            { tag: 'AK9', elements: ['A', '1', '1', '1'] },
          ]);
        if (answers.acknowledgment === false || document.purpose === 'cancel') continue;
        const segments: X12Segment[] = [
          {
            tag: 'BAK',
            elements: [
              '00',
              'AC',
              document.poNumber,
              document.date,
              '',
              '',
              '',
              `SO-${order.interchangeControlNumber}`,
            ],
          },
        ];
        for (const line of document.lines) {
          const part = partOf(line);
          const status =
            answers.rejectCodes?.[part] ??
            (answers.rejectParts?.includes(part) || answers.sells?.(part) === false
              ? 'IR'
              : answers.backorderParts?.includes(part)
                ? 'IB'
                : 'IA');
          const rejected = status === 'IR' || status === 'ID' || /^R\d$/.test(status);
          segments.push(
            { tag: 'PO1', elements: [line.lineNumber, String(line.quantity), 'EA', '', '', partQualifier, part] },
            { tag: 'ACK', elements: [status, rejected ? '0' : String(line.quantity), 'EA'] },
          );
        }
        segments.push({ tag: 'CTT', elements: [String(document.lines.length)] });
        send('PR', '855', segments);
      }
      return read;
    },

    received: () => [...received],

    orderCount: (poNumber) =>
      received.filter((order) => order.document.poNumber === poNumber && order.document.purpose === 'original').length,

    shipOrder(poNumber, shipOptions) {
      const document = latest(poNumber);
      const shippedAt = x12Timestamps(shipOptions.shippedAt ?? now());
      const segments: X12Segment[] = [
        { tag: 'BSN', elements: ['00', `SH${control + 1}`, shippedAt.groupDate, shippedAt.groupTime, '0001'] },
        { tag: 'HL', elements: ['1', '', 'S'] },
        { tag: 'TD5', elements: ['', '2', shipOptions.scac ?? 'UPSN'] },
        { tag: 'DTM', elements: ['011', shippedAt.groupDate, shippedAt.groupTime] },
        { tag: 'HL', elements: ['2', '1', 'O'] },
        { tag: 'PRF', elements: [poNumber, '', '', document.date] },
      ];
      let id = 2;
      for (const box of shipOptions.packages) {
        const pack = ++id;
        segments.push(
          { tag: 'HL', elements: [String(pack), '2', 'P'] },
          { tag: 'MAN', elements: ['CP', box.trackingNumber] },
        );
        const lines = box.lines ?? document.lines.map((line) => ({ part: partOf(line), quantity: line.quantity }));
        for (const line of lines) {
          const number = document.lines.find((candidate) => partOf(candidate) === line.part)?.lineNumber ?? '';
          segments.push(
            { tag: 'HL', elements: [String(++id), String(pack), 'I'] },
            { tag: 'LIN', elements: [number, partQualifier, line.part] },
            { tag: 'SN1', elements: ['', String(line.quantity), 'EA'] },
          );
        }
      }
      segments.push({ tag: 'CTT', elements: [String(id)] });
      return send('SH', '856', segments);
    },

    invoiceOrder(poNumber, invoiceOptions = {}) {
      const document = latest(poNumber);
      const segments: X12Segment[] = [
        {
          tag: 'BIG',
          elements: [today(), invoiceOptions.invoiceNumber ?? `INV-${control + 1}`, document.date, poNumber],
        },
      ];
      let total = 0;
      for (const line of document.lines) {
        const unitCost = invoiceOptions.unitCosts?.[partOf(line)] ?? line.unitCost ?? 0;
        total += unitCost * line.quantity;
        segments.push({
          tag: 'IT1',
          elements: [
            line.lineNumber,
            String(line.quantity),
            'EA',
            formatX12Decimal(unitCost, 'USD'),
            '',
            partQualifier,
            partOf(line),
          ],
        });
      }
      segments.push(
        { tag: 'TDS', elements: [String(total)] },
        { tag: 'CTT', elements: [String(document.lines.length)] },
      );
      return send('IN', '810', segments);
    },

    writeOutbox,
  };
}
