import { Readable } from 'node:stream';
import { ResponseParseError } from '@dropship/core';
import { X12parser } from 'x12-parser';

/** One segment: its tag (`BEG`) and its elements, `elements[0]` being the first (`BEG01`). */
export interface X12Segment {
  /** The segment id, for example `PO1`. */
  readonly tag: string;
  /** Element values in order, trimmed; a composite element keeps its first component. */
  readonly elements: readonly string[];
}

/** The delimiters of an interchange, read from its ISA segment. */
export interface X12Delimiters {
  /** Between elements, usually `*`. */
  readonly element: string;
  /** Between components of a composite element, usually `>`. */
  readonly component: string;
  /** After each segment, usually `~`. */
  readonly segment: string;
}

/** One transaction set (ST … SE): a document such as an 850 or an 856. */
export interface X12TransactionSet {
  /** ST01, for example `856`. */
  readonly code: string;
  /** ST02 (equal to SE02). */
  readonly controlNumber: string;
  /** The segments between ST and SE, neither included. */
  readonly segments: readonly X12Segment[];
}

/** One functional group (GS … GE). */
export interface X12FunctionalGroup {
  /** GS01, for example `PO` or `SH`. */
  readonly functionalIdentifier: string;
  /** GS02, the application sender's code. */
  readonly senderCode: string;
  /** GS03, the application receiver's code. */
  readonly receiverCode: string;
  /** GS06 (equal to GE02). */
  readonly controlNumber: string;
  /** GS08, for example `004010`. */
  readonly version: string;
  /** GS04, `CCYYMMDD`. */
  readonly date: string;
  /** GS05, `HHMM` or `HHMMSS`. */
  readonly time: string;
  readonly transactionSets: readonly X12TransactionSet[];
}

/** One interchange (ISA … IEA): what one EDI file holds. */
export interface X12Interchange {
  /** ISA05 and ISA06 (the sender's id, trimmed). */
  readonly sender: { readonly qualifier: string; readonly id: string };
  /** ISA07 and ISA08 (the receiver's id, trimmed). */
  readonly receiver: { readonly qualifier: string; readonly id: string };
  /** ISA12, for example `00401`. */
  readonly controlVersion: string;
  /** ISA13 (equal to IEA02). */
  readonly controlNumber: string;
  /** ISA15: `P` production, `T` test. */
  readonly usage: string;
  /** ISA09, `YYMMDD`. */
  readonly date: string;
  /** ISA10, `HHMM`. */
  readonly time: string;
  /** ISA11: the standards id (`U`) or, from control version 00402, the repetition separator. */
  readonly isa11: string;
  /** ISA14: `1` when the sender asks for a TA1. */
  readonly acknowledgmentRequested: string;
  readonly delimiters: X12Delimiters;
  readonly groups: readonly X12FunctionalGroup[];
}

/** Where a file that is not a complete, well-formed interchange fails: in messages and `ResponseParseError.fields`. */
function malformed(service: string, message: string, field: string): ResponseParseError {
  return new ResponseParseError(`${service}: EDI file ${message}`, { service, fields: [field] });
}

/** The ISA is 106 characters: 105 plus its terminator (https://x12.org/examples, ISA element widths I01–I16). */
const ISA_LENGTH = 106;

/**
 * Reads the segments of an X12 file with the `x12-parser` package
 * (https://github.com/tastypackets/x12-parser), which takes the delimiters from the ISA's fixed
 * positions. The whole file is handed to it as one chunk: it reads the delimiters from its first
 * chunk only.
 */
async function readSegments(text: string): Promise<X12Segment[]> {
  const segments: X12Segment[] = [];
  const parser = Readable.from([Buffer.from(text, 'latin1')]).pipe(new X12parser('latin1'));
  for await (const formatted of parser as AsyncIterable<Record<string, string>>) {
    const tag = formatted.name ?? '';
    if (tag === '') continue;
    const elements: string[] = [];
    for (let index = 1; `${index}` in formatted; index++) elements.push(formatted[`${index}`] ?? '');
    segments.push({ tag, elements });
  }
  return segments;
}

/**
 * Parses an X12 file into interchanges, groups and transaction sets, and checks its envelope: it
 * starts with a full ISA, every ST has its SE with the right segment count and control number,
 * every GS its GE, every ISA its IEA, and nothing follows the last IEA. A file cut short (no
 * final IEA: still being written) or inconsistent is a `ResponseParseError` naming the segment,
 * so such a file is never half-read.
 *
 * @param text - the file's content.
 * @param service - who sent it, for error messages (the distributor id).
 */
export async function parseX12(text: string, service: string): Promise<X12Interchange[]> {
  const start = text.replace(/^[\s\uFEFF]+/, '');
  if (!start.startsWith('ISA') || start.length < ISA_LENGTH)
    throw malformed(service, 'does not start with a complete ISA segment', 'ISA');
  const delimiters: X12Delimiters = {
    element: start[3] ?? '*',
    component: start[104] ?? '>',
    segment: start[105] ?? '~',
  };
  if (new Set([delimiters.element, delimiters.component, delimiters.segment]).size !== 3)
    throw malformed(service, 'has an ISA whose element, component and segment delimiters are not distinct', 'ISA16');
  const segments = await readSegments(start);
  const interchanges: X12Interchange[] = [];
  let index = 0;
  const next = (): X12Segment | undefined => segments[index++];
  while (index < segments.length) {
    const isa = next() as X12Segment;
    if (isa.tag !== 'ISA' || isa.elements.length < 16)
      throw malformed(service, `has ${isa.tag} where an ISA must be`, 'ISA');
    const groups: X12FunctionalGroup[] = [];
    let segment = next();
    while (segment?.tag === 'GS') {
      const gs = segment;
      const transactionSets: X12TransactionSet[] = [];
      segment = next();
      while (segment?.tag === 'ST') {
        const st = segment;
        const body: X12Segment[] = [];
        segment = next();
        while (segment !== undefined && segment.tag !== 'SE' && segment.tag !== 'ST' && segment.tag !== 'GE') {
          body.push(segment);
          segment = next();
        }
        if (segment?.tag !== 'SE')
          throw malformed(service, `ends transaction set ${st.elements[1]} without an SE`, 'SE');
        if (Number(segment.elements[0]) !== body.length + 2 || segment.elements[1] !== st.elements[1])
          throw malformed(
            service,
            `has an SE that does not match its ST ${st.elements[1]} (count or control number)`,
            'SE',
          );
        transactionSets.push({ code: st.elements[0] ?? '', controlNumber: st.elements[1] ?? '', segments: body });
        segment = next();
      }
      if (segment?.tag !== 'GE') throw malformed(service, `ends group ${gs.elements[5]} without a GE`, 'GE');
      if (
        Number(segment.elements[0]) !== transactionSets.length ||
        Number(segment.elements[1]) !== Number(gs.elements[5])
      )
        throw malformed(
          service,
          `has a GE that does not match its GS ${gs.elements[5]} (count or control number)`,
          'GE',
        );
      groups.push({
        functionalIdentifier: gs.elements[0] ?? '',
        senderCode: gs.elements[1] ?? '',
        receiverCode: gs.elements[2] ?? '',
        controlNumber: gs.elements[5] ?? '',
        version: gs.elements[7] ?? '',
        date: gs.elements[3] ?? '',
        time: gs.elements[4] ?? '',
        transactionSets,
      });
      segment = next();
    }
    if (segment?.tag !== 'IEA')
      throw malformed(service, 'ends without an IEA (cut short or still being written)', 'IEA');
    if (Number(segment.elements[0]) !== groups.length || Number(segment.elements[1]) !== Number(isa.elements[12]))
      throw malformed(service, 'has an IEA that does not match its ISA (count or control number)', 'IEA');
    interchanges.push({
      sender: { qualifier: isa.elements[4] ?? '', id: isa.elements[5] ?? '' },
      receiver: { qualifier: isa.elements[6] ?? '', id: isa.elements[7] ?? '' },
      controlVersion: isa.elements[11] ?? '',
      controlNumber: isa.elements[12] ?? '',
      usage: isa.elements[14] ?? '',
      date: isa.elements[8] ?? '',
      time: isa.elements[9] ?? '',
      isa11: isa.elements[10] ?? '',
      acknowledgmentRequested: isa.elements[13] ?? '',
      delimiters,
      groups,
    });
  }
  return interchanges;
}
