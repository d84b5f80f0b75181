import type { X12Delimiters, X12Segment } from './parse-x12.js';

/**
 * One party of an interchange: an ISA id and its qualifier (`ZZ` mutually defined, `01` DUNS,
 * `12` phone; https://stedi.com/edi/x12-004010/element/I05).
 */
export interface X12Party {
  /** ISA05 / ISA07. */
  readonly qualifier: string;
  /** ISA06 / ISA08: up to 15 characters (written space-padded). */
  readonly id: string;
}

/** A document to put in an interchange: its group's GS01, its ST01 and its segments between ST and SE. */
export interface X12OutgoingDocument {
  /** GS01, for example `PO` for an 850 (https://stedi.com/edi/x12-004010/element/479). */
  readonly functionalIdentifier: string;
  /** ST01, for example `850`. */
  readonly code: string;
  /** The segments between ST and SE. */
  readonly segments: readonly X12Segment[];
}

/** Everything an interchange's envelope says. */
export interface X12InterchangeInput {
  readonly sender: X12Party;
  readonly receiver: X12Party;
  /** GS02. */
  readonly applicationSenderCode: string;
  /** GS03. */
  readonly applicationReceiverCode: string;
  /** GS08, for example `004010` or `005010`; ISA12 is its first five digits. */
  readonly version: string;
  /** ISA15: `P` production, `T` test. */
  readonly usage: 'P' | 'T';
  /** ISA14: true asks the partner for a TA1. */
  readonly acknowledgmentRequested: boolean;
  /** ISA13, and GS06 of the one group (one group per interchange, so they are the same number). */
  readonly controlNumber: number;
  /** ISA09/ISA10 (`YYMMDD`, `HHMM`) and GS04/GS05 (`CCYYMMDD`, `HHMM`): see {@link x12Timestamps}. */
  readonly timestamps: X12Timestamps;
  /**
   * ISA11. Default: `U` (standards id) below control version 00402, the repetition separator `^`
   * from it on (https://stedi.com/edi/x12-005010/element/I65).
   */
  readonly isa11?: string;
  /** Default `*`, `>` and `~`. */
  readonly delimiters?: X12Delimiters;
  /** Written after each segment terminator, for people reading the file. Default `\n`. */
  readonly lineBreak?: string;
  /** The documents, all of one functional group (same GS01). */
  readonly documents: readonly X12OutgoingDocument[];
}

/** The dates and times of an envelope. */
export interface X12Timestamps {
  /** ISA09, `YYMMDD`. */
  readonly interchangeDate: string;
  /** ISA10, `HHMM`. */
  readonly interchangeTime: string;
  /** GS04, `CCYYMMDD`. */
  readonly groupDate: string;
  /** GS05, `HHMM`. */
  readonly groupTime: string;
}

/** The largest ISA13 (nine digits). */
export const MAX_INTERCHANGE_CONTROL_NUMBER = 999_999_999;

const defaultDelimiters: X12Delimiters = { element: '*', component: '>', segment: '~' };

/**
 * The envelope dates and times of an instant, in UTC.
 *
 * @param at - the instant.
 */
export function x12Timestamps(at: Date): X12Timestamps {
  const iso = at.toISOString();
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 16).replace(':', '');
  return { interchangeDate: date.slice(2), interchangeTime: time, groupDate: date, groupTime: time };
}

/**
 * Makes free text safe for an element: accents removed, anything outside printable ASCII and
 * every delimiter (`* ~ > ^ |` and the interchange's own) replaced by a space, spaces collapsed.
 * A delimiter inside a name would otherwise split the segment and corrupt the interchange.
 *
 * @param value - the text.
 * @param delimiters - the interchange's delimiters.
 */
export function x12Text(value: string, delimiters: X12Delimiters = defaultDelimiters): string {
  const reserved = new Set(['*', '~', '>', '^', '|', delimiters.element, delimiters.component, delimiters.segment]);
  let text = '';
  for (const character of value.normalize('NFD')) {
    const code = character.charCodeAt(0);
    if (code >= 0x300 && code <= 0x36f) continue;
    text += code < 0x20 || code > 0x7e || reserved.has(character) ? ' ' : character;
  }
  return text.replace(/ +/g, ' ').trim();
}

/** One segment as text: empty trailing elements dropped (X12 forbids them). */
function segmentText(segment: X12Segment, delimiters: X12Delimiters): string {
  const elements = segment.elements.map((element) => x12Text(element, delimiters));
  while (elements.length > 0 && elements[elements.length - 1] === '') elements.pop();
  return [segment.tag, ...elements].join(delimiters.element);
}

/**
 * Writes one interchange (ISA, one GS, an ST … SE per document, GE, IEA) as text. ISA fields are
 * padded to their fixed widths, and the counts (SE01, GE01, IEA01) and control numbers (SE02 =
 * ST02 numbered from 0001 in the group, GE02 = GS06 = IEA02 = ISA13) are computed here, following
 * the envelope rules of https://x12.org/examples and
 * https://success.jitterbit.com/edi/ref/envelopes.
 *
 * @param input - the envelope and the documents.
 * @throws RangeError when a control number is outside 1 to 999999999 or an id is too long (a
 *   programming error: callers validate their options first).
 */
export function writeX12Interchange(input: X12InterchangeInput): string {
  const delimiters = input.delimiters ?? defaultDelimiters;
  const lineBreak = input.lineBreak ?? '\n';
  const control = input.controlNumber;
  if (!Number.isInteger(control) || control < 1 || control > MAX_INTERCHANGE_CONTROL_NUMBER)
    throw new RangeError(`interchange control number ${control} is outside 1 to ${MAX_INTERCHANGE_CONTROL_NUMBER}`);
  for (const party of [input.sender, input.receiver])
    if (party.id.length > 15 || party.qualifier.length !== 2)
      throw new RangeError(`ISA party ${party.qualifier}/${party.id} does not fit`);
  const controlVersion = input.version.slice(0, 5);
  const isa11 = input.isa11 ?? (controlVersion >= '00402' ? '^' : 'U');
  const isaControl = String(control).padStart(9, '0');
  const { element, segment } = delimiters;
  const isa = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    input.sender.qualifier,
    input.sender.id.padEnd(15, ' '),
    input.receiver.qualifier,
    input.receiver.id.padEnd(15, ' '),
    input.timestamps.interchangeDate,
    input.timestamps.interchangeTime,
    isa11,
    controlVersion,
    isaControl,
    input.acknowledgmentRequested ? '1' : '0',
    input.usage,
    delimiters.component,
  ].join(element);
  const lines = [isa];
  const functionalIdentifier = input.documents[0]?.functionalIdentifier ?? 'PO';
  lines.push(
    segmentText(
      {
        tag: 'GS',
        elements: [
          functionalIdentifier,
          input.applicationSenderCode,
          input.applicationReceiverCode,
          input.timestamps.groupDate,
          input.timestamps.groupTime,
          String(control),
          'X',
          input.version,
        ],
      },
      delimiters,
    ),
  );
  input.documents.forEach((document, index) => {
    const setControl = String(index + 1).padStart(4, '0');
    lines.push(segmentText({ tag: 'ST', elements: [document.code, setControl] }, delimiters));
    for (const body of document.segments) lines.push(segmentText(body, delimiters));
    lines.push(segmentText({ tag: 'SE', elements: [String(document.segments.length + 2), setControl] }, delimiters));
  });
  lines.push(segmentText({ tag: 'GE', elements: [String(input.documents.length), String(control)] }, delimiters));
  lines.push(segmentText({ tag: 'IEA', elements: ['1', isaControl] }, delimiters));
  return lines.map((line) => `${line}${segment}${lineBreak}`).join('');
}
