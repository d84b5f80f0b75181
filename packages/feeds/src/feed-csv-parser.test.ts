import { ValidationError } from '@dropship/core';
import { parse as parseWithCsvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRecordProblem, createCsvParser } from './feed-csv-parser.js';
import { readCsvRecords } from './read-csv-records.js';

interface Parsed {
  fields: string[];
  line: number;
  problem?: CsvRecordProblem;
}

/** Parses `text` fed in the given chunk sizes (cycled). */
function parseInChunks(text: string, chunkSizes: readonly number[] = [text.length || 1], delimiter = ','): Parsed[] {
  const records: Parsed[] = [];
  const parser = createCsvParser(
    (fields, line, problem) =>
      records.push(problem ? { fields: [...fields], line, problem } : { fields: [...fields], line }),
    { delimiter },
  );
  let position = 0;
  let index = 0;
  while (position < text.length) {
    const size = Math.max(1, chunkSizes[index++ % chunkSizes.length] as number);
    parser.write(text.slice(position, position + size));
    position += size;
  }
  parser.end();
  return records;
}

function serialise(rows: string[][], lineEnd: string): string {
  return rows
    .map((row) =>
      row.map((field) => (/[",\r\n]/.test(field) || field === '' ? `"${field.replace(/"/g, '""')}"` : field)).join(','),
    )
    .join(lineEnd);
}

describe('createCsvParser (RFC 4180)', () => {
  it('reads plain rows with LF and CRLF line ends, with and without a final line break', () => {
    for (const text of ['a,b,c\n1,2,3\n', 'a,b,c\r\n1,2,3\r\n', 'a,b,c\r\n1,2,3']) {
      expect(parseInChunks(text)).toEqual([
        { fields: ['a', 'b', 'c'], line: 1 },
        { fields: ['1', '2', '3'], line: 2 },
      ]);
    }
  });

  it('unquotes fields holding separators, doubled quotes and line breaks, and numbers lines physically', () => {
    const text =
      'sku,title,price\r\n"A-1","Lever, black ""short""",12.50\r\n"B-2","two\r\nlines\nhere",3\r\nC-3,plain,4\r\n';
    expect(parseInChunks(text)).toEqual([
      { fields: ['sku', 'title', 'price'], line: 1 },
      { fields: ['A-1', 'Lever, black "short"', '12.50'], line: 2 },
      { fields: ['B-2', 'two\r\nlines\nhere', '3'], line: 3 },
      { fields: ['C-3', 'plain', '4'], line: 6 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries (cut inside quotes, before a doubled quote, between CR and LF)', () => {
    const text = 'a,"b ""x"", y"\r\n"1\n2",3\r\n4,"5"\r\n';
    const whole = parseInChunks(text);
    for (let size = 1; size <= text.length; size++) expect(parseInChunks(text, [size])).toEqual(whole);
  });

  it('keeps empty fields and skips blank lines while still counting them', () => {
    expect(parseInChunks('a,,c\n\n\r\n,,\n"",x\n')).toEqual([
      { fields: ['a', '', 'c'], line: 1 },
      { fields: ['', '', ''], line: 4 },
      { fields: ['', 'x'], line: 5 },
    ]);
  });

  it('reads other single-character separators', () => {
    expect(parseInChunks('a\tb\n"x\ty"\tz\n', undefined, '\t')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x\ty', 'z'], line: 2 },
    ]);
    expect(parseInChunks('a|b\n1|2', undefined, '|')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });

  it('flags text after a closing quote on the record instead of throwing, and carries on with the next record', () => {
    expect(parseInChunks('a,"b"x,c\nok,1,2\n')).toEqual([
      { fields: ['a', 'bx', 'c'], line: 1, problem: 'text-after-closing-quote' },
      { fields: ['ok', '1', '2'], line: 2 },
    ]);
  });

  it('throws a ValidationError naming the line when the data ends inside a quoted field (the rest of the file would be one field)', () => {
    for (const size of [1, 5, 1000]) {
      let error: unknown;
      try {
        parseInChunks('a,b\nok,1\n"never closed,3\nlost,4\n', [size]);
      } catch (caught) {
        error = caught;
      }
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues).toEqual([
        { path: 'line 3', message: expect.stringMatching(/opened on line 3 is never closed.*3 lines/) },
      ]);
    }
  });

  it('reads lone CR line ends like LF, whatever the chunk boundaries, and keeps CRLF as one line end', () => {
    const expected = [
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', 'x\ny'], line: 3 },
      { fields: ['5', '6'], line: 5 },
    ];
    for (const text of ['a,b\r1,2\r3,"x\ry"\r5,6\r', 'a,b\r\n1,2\r3,"x\ny"\n5,6', 'a,b\r1,2\r\n3,"x\ry"\r\n5,6\r']) {
      for (let size = 1; size <= text.length; size++) expect(parseInChunks(text, [size])).toEqual(expected);
    }
    expect(parseInChunks('a\r\rb\r')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: ['b'], line: 3 },
    ]);
  });

  it('tells the handler how many physical lines each record spans', () => {
    const spans: number[] = [];
    const parser = createCsvParser((_fields, _line, _problem, lineCount) => spans.push(lineCount));
    parser.write('a,b\n"1\n2\n3",x\n4,"5"\n');
    parser.end();
    expect(spans).toEqual([1, 3, 1]);
  });

  it('throws when a record spans more than maxRecordLines lines (a stray quote swallowing the rows after it)', () => {
    const rows = Array.from({ length: 30 }, (_, index) => `${index},row ${index}`).join('\n');
    const text = `a,b\n1,"opened\n${rows}\n",z\n`;
    expect(() => parseInChunks(text)).toThrow(
      /line 2: the record on lines 2–33 spans 32 lines, more than maxRecordLines \(20\)/,
    );
    const records: string[][] = [];
    const parser = createCsvParser((fields) => records.push([...fields]), { maxRecordLines: 40 });
    parser.write(text);
    parser.end();
    expect(records).toHaveLength(2);
    expect(() => createCsvParser(() => undefined, { maxRecordLines: 0 })).toThrow(/maxRecordLines/);
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(parseInChunks('12" bar,x\n')).toEqual([{ fields: ['12" bar', 'x'], line: 1 }]);
  });

  it('throws a ValidationError naming the line when a record outgrows maxRecordLength (an unterminated quote), keeping memory bounded', () => {
    const parser = createCsvParser(() => undefined, { maxRecordLength: 100 });
    parser.write('ok,1\n"open');
    let error: unknown;
    try {
      for (let chunk = 0; chunk < 10; chunk++) parser.write(`${'x'.repeat(30)}\n`);
    } catch (caught) {
      error = caught;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.path).toBe('line 2');
  });

  it('refuses a separator that cannot work', () => {
    expect(() => createCsvParser(() => undefined, { delimiter: '"' })).toThrow(ValidationError);
    expect(() => createCsvParser(() => undefined, { delimiter: ';;' })).toThrow(/delimiter/);
  });

  it('agrees with csv-parse on random well-formed CSV cut into random chunks', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\n', '\r\n', 'é', '-'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 12 }).map((rows) => {
          const width = (rows[0] as string[]).length;
          return rows.map((row) => Array.from({ length: width }, (_, index) => row[index] ?? 'x'));
        }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 6 }),
        (rows, lineEnd, chunkSizes) => {
          const text = serialise(rows, lineEnd);
          const expected = parseWithCsvParse(text, { relax_column_count: true }) as string[][];
          const actual = parseInChunks(text, chunkSizes);
          expect(actual.map((record) => record.fields)).toEqual(expected);
          expect(actual.every((record) => record.problem === undefined)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('readCsvRecords', () => {
  async function* bytes(...chunks: (string | number[])[]): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Uint8Array.from(chunk);
  }

  async function collect(input: AsyncIterable<Uint8Array | string>, options = {}) {
    const records: { fields: string[]; line: number }[] = [];
    for await (const batch of readCsvRecords(input, options))
      records.push(...batch.map(({ fields, line }) => ({ fields, line })));
    return records;
  }

  it('drops a UTF-8 byte-order mark, even split across chunks, so the first header name is clean', async () => {
    expect(await collect(bytes([0xef], [0xbb, 0xbf], 'Part Number,x\r\n1,2\r\n'), { encoding: 'latin1' })).toEqual([
      { fields: ['Part Number', 'x'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });

  it('decodes a multi-byte character cut by a chunk boundary', async () => {
    const encoded = Buffer.from('title\nDécor “pad”\n', 'utf8');
    const chunks = [...encoded].map((byte) => [byte]);
    expect(await collect(bytes(...chunks))).toEqual([
      { fields: ['title'], line: 1 },
      { fields: ['Décor “pad”'], line: 2 },
    ]);
  });

  it('reads string chunks too', async () => {
    async function* strings() {
      yield '\uFEFFa,b\n';
      yield '1,"2\n3"\n';
    }
    expect(await collect(strings())).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2\n3'], line: 2 },
    ]);
  });

  it('refuses an input that is not an async iterable', async () => {
    await expect(collect('a,b' as unknown as AsyncIterable<string>)).rejects.toThrow(ValidationError);
  });

  it('stops with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    async function* endless() {
      for (;;) yield Buffer.from('a,b\n');
    }
    const iterator = readCsvRecords(endless(), { signal: controller.signal });
    await iterator.next();
    controller.abort(new Error('stop now'));
    await expect(iterator.next()).rejects.toThrow('stop now');
  });
});
