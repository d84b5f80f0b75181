import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { parseX12, type X12Interchange } from './parse-x12.js';
import { readEdiDocument } from './read-edi-documents.js';
import { writeX12Interchange, x12Text } from './write-x12.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name), 'latin1');
const examples = readdirSync(fixtures).filter((name) => name.endsWith('.edi'));

/** What an interchange says, control numbers as numbers and trailing empty elements dropped. */
function meaning(interchanges: readonly X12Interchange[]) {
  return interchanges.map((interchange) => ({
    sender: interchange.sender,
    receiver: interchange.receiver,
    controlVersion: interchange.controlVersion,
    controlNumber: Number(interchange.controlNumber),
    usage: interchange.usage,
    groups: interchange.groups.map((group) => ({
      functionalIdentifier: group.functionalIdentifier,
      senderCode: group.senderCode,
      receiverCode: group.receiverCode,
      controlNumber: Number(group.controlNumber),
      version: group.version,
      sets: group.transactionSets.map((set) => ({
        code: set.code,
        segments: set.segments.map((segment) => {
          const elements = [...segment.elements];
          while (elements.at(-1) === '') elements.pop();
          return [segment.tag, ...elements];
        }),
      })),
    })),
  }));
}

/** Writes an interchange back with our writer, from what the parser read of it. */
function rewrite(interchange: X12Interchange): string {
  const group = interchange.groups[0];
  if (!group) throw new Error('no group');
  return writeX12Interchange({
    sender: interchange.sender,
    receiver: interchange.receiver,
    applicationSenderCode: group.senderCode,
    applicationReceiverCode: group.receiverCode,
    version: group.version,
    usage: interchange.usage as 'P' | 'T',
    acknowledgmentRequested: interchange.acknowledgmentRequested === '1',
    controlNumber: Number(interchange.controlNumber),
    timestamps: {
      interchangeDate: interchange.date,
      interchangeTime: interchange.time,
      groupDate: group.date,
      groupTime: group.time,
    },
    isa11: interchange.isa11,
    delimiters: interchange.delimiters,
    documents: group.transactionSets.map((set) => ({
      functionalIdentifier: group.functionalIdentifier,
      code: set.code,
      segments: set.segments,
    })),
  });
}

describe('parseX12 and writeX12Interchange on public example documents', () => {
  it.each(examples)('%s parses, and what the writer writes back parses into the same interchange', async (name) => {
    const original = await parseX12(fixture(name), 'partner');
    expect(original).toHaveLength(1);
    const written = rewrite(original[0] as X12Interchange);
    expect(written.split('\n')[0]).toHaveLength(106);
    expect(meaning(await parseX12(written, 'partner'))).toEqual(meaning(original));
  });

  it('reads the delimiters from the ISA, so other delimiters and CR LF or bare CR line ends read the same', async () => {
    const text = fixture('stedi-997-accepted.edi');
    const crlf = text.replaceAll('\n', '\r\n');
    const bareCr = text.replaceAll('\n', '\r');
    const otherDelimiters = text.replaceAll('*', '|').replaceAll('~', '\\').replace('|>\\', '|:\\');
    const expected = meaning(await parseX12(text, 'partner'));
    for (const variant of [crlf, bareCr, otherDelimiters])
      expect(meaning(await parseX12(variant, 'partner'))).toEqual(expected);
  });

  it('refuses a file cut short (no IEA: still being written) with a ResponseParseError naming IEA', async () => {
    const text = fixture('stedi-850-drop-ship.edi');
    for (const cut of [text.indexOf('IEA'), text.indexOf('GE*'), text.indexOf('PO1*item-2'), 120]) {
      const error = await parseX12(text.slice(0, cut), 'acme').catch((caught: unknown) => caught);
      expect(ResponseParseError.isInstance(error), `cut at ${cut}: ${String(error)}`).toBe(true);
    }
    const noIea = await parseX12(text.slice(0, text.indexOf('IEA')), 'acme').catch((caught: unknown) => caught);
    expect((noIea as ResponseParseError).fields).toEqual(['IEA']);
  });

  it('refuses a file whose counts or control numbers disagree, and a file that is not X12', async () => {
    const text = fixture('stedi-850-drop-ship.edi');
    const variants = [
      text.replace('SE*16*0001', 'SE*15*0001'),
      text.replace('SE*16*0001', 'SE*16*0002'),
      text.replace('GE*1*000002073', 'GE*2*000002073'),
      text.replace('IEA*1*000002073', 'IEA*1*000002074'),
      '{"orders":[]}',
      'ISA*00*short~',
    ];
    for (const variant of variants) {
      const error = await parseX12(variant, 'acme').catch((caught: unknown) => caught);
      expect(ResponseParseError.isInstance(error), variant.slice(0, 40)).toBe(true);
    }
  });

  it('reads two interchanges in one file', async () => {
    const text = fixture('stedi-997-accepted.edi') + fixture('x12-855-accepted.edi');
    const interchanges = await parseX12(text, 'partner');
    expect(interchanges.map((interchange) => interchange.groups[0]?.transactionSets[0]?.code)).toEqual(['997', '855']);
  });
});

describe('readEdiDocument on public example documents', () => {
  const firstSet = async (name: string) => {
    const [interchange] = await parseX12(fixture(name), 'partner');
    return interchange?.groups[0]?.transactionSets[0] as NonNullable<ReturnType<typeof Object>>;
  };

  it('reads a 997: the acknowledged group and its status', async () => {
    expect(readEdiDocument(await firstSet('stedi-997-accepted.edi'), 'partner')).toEqual({
      kind: '997',
      functionalIdentifier: 'PO',
      groupControlNumber: 1921,
      status: 'accepted',
    });
  });

  it('reads 855 line statuses from ACK (accepted and rejected lines, quantity from ACK02)', async () => {
    const document = readEdiDocument(await firstSet('node-x12-855-line-status.edi'), 'partner');
    expect(document?.kind).toBe('855');
    if (document?.kind !== '855') return;
    expect(document.poNumber).toBe('POTEST1112');
    expect(document.rejected).toBe(false);
    expect(document.lines.map((line) => [line.lineNumber, line.status, line.code, line.quantity])).toEqual([
      ['1', 'accepted', 'IA', 3],
      ['2', 'rejected', 'IR', 0],
      ['3', 'rejected', 'IR', 0],
      ['4', 'accepted', 'IA', 2],
    ]);
    expect(document.lines[1]?.partNumbers.EN).toBe('9780767928427');
  });

  it('reads a drop-ship 855 and an 855 accepted without detail', async () => {
    const dropShip = readEdiDocument(await firstSet('stedi-855-drop-ship.edi'), 'partner');
    expect(dropShip).toMatchObject({ kind: '855', poNumber: '365465413', acknowledgmentType: 'AD', rejected: false });
    expect(
      dropShip?.kind === '855' && dropShip.lines.map((line) => [line.partNumbers.VC, line.status, line.quantity]),
    ).toEqual([
      ['VND1234567', 'accepted', 8],
      ['VND000111222', 'accepted', 4],
    ]);
    expect(readEdiDocument(await firstSet('x12-855-accepted.edi'), 'partner')).toMatchObject({
      kind: '855',
      poNumber: 'XX-1234',
      acknowledgmentType: 'AT',
      rejected: false,
      lines: [],
    });
  });

  it('reads an 856: PO, carrier SCAC, tracking number, ship date and items', async () => {
    expect(readEdiDocument(await firstSet('node-x12-856-excerpt.edi'), 'partner')).toEqual({
      kind: '856',
      shipmentId: '829716',
      shippedAt: '2011-12-06T00:00:00Z',
      scac: 'XXXX',
      routing: 'XXXX',
      orders: [
        {
          poNumber: '99999817',
          lines: [
            { lineNumber: '1', partNumbers: { VP: '87787D', UP: '999999310145' }, quantity: 24 },
            { lineNumber: '2', partNumbers: { VP: '99887D', UP: '999999311746' }, quantity: 6 },
          ],
          packages: [
            {
              trackingNumbers: ['5787970539'],
              lines: [
                { lineNumber: '1', partNumbers: { VP: '87787D', UP: '999999310145' }, quantity: 24 },
                { lineNumber: '2', partNumbers: { VP: '99887D', UP: '999999311746' }, quantity: 6 },
              ],
            },
          ],
        },
      ],
    });
  });

  it('reads an 810: invoice number, PO, lines with unit prices in minor units, total', async () => {
    expect(readEdiDocument(await firstSet('x12-810-basic-invoice.edi'), 'partner')).toEqual({
      kind: '810',
      invoiceNumber: 'SG427254',
      invoiceDate: '20000513',
      poNumber: '508517',
      lines: [{ lineNumber: '1', partNumbers: { MG: 'R5656-2' }, quantity: 48, unitPrice: 300 }],
      total: 14400,
      charges: [],
    });
  });

  it('refuses a document missing its join key, with the element named', async () => {
    const set = await firstSet('x12-810-basic-invoice.edi');
    const withoutPo = {
      ...set,
      segments: set.segments.map((segment: { tag: string; elements: string[] }) =>
        segment.tag === 'BIG' ? { ...segment, elements: ['20000513', 'SG427254', '20000506'] } : segment,
      ),
    };
    const error = (() => {
      try {
        return readEdiDocument(withoutPo, 'acme');
      } catch (caught) {
        return caught;
      }
    })();
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).fields).toEqual(['BIG04']);
  });
});

describe('x12Text', () => {
  it('keeps delimiters and non-ASCII out of an element', () => {
    expect(x12Text('Zoë *Rider* ~ O>Neil | 5^ ')).toBe('Zoe Rider O Neil 5');
    expect(x12Text('Line\nbreak\u0000')).toBe('Line break');
  });
});
