import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ErrorCodes, RollcallError } from '../../src/errors.js';
import { formatCsvRow, parseCsv, type CsvRecord } from '../../src/sources/csv.js';

async function* chunksOf<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Splits text into string chunks of `size` characters (1 = one character per chunk). */
function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Splits text's UTF-8 bytes into Buffers of one byte each. */
function bytewise(text: string): Buffer[] {
  return [...Buffer.from(text, 'utf8')].map((b) => Buffer.from([b]));
}

async function parse(chunks: (string | Buffer)[] | string, file = 'students.csv'): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of parseCsv(chunksOf(typeof chunks === 'string' ? [chunks] : chunks), file)) out.push(record);
  return out;
}

async function parseError(chunks: (string | Buffer)[] | string, file = 'students.csv'): Promise<RollcallError> {
  try {
    await parse(chunks, file);
  } catch (err) {
    expect(err).toBeInstanceOf(RollcallError);
    return err as RollcallError;
  }
  throw new Error('expected parse to fail');
}

describe('parseCsv', () => {
  it('reads plain records with their line numbers', async () => {
    expect(await parse('A,B,C\n1,2,3\n4,5,6\n')).toEqual([
      { line: 1, fields: ['A', 'B', 'C'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('reads quoted fields with doubled quotes and embedded commas, keeping spaces', async () => {
    expect(await parse('"a ""b""",c\n"x,y", z ,""\n')).toEqual([
      { line: 1, fields: ['a "b"', 'c'] },
      { line: 2, fields: ['x,y', ' z ', ''] },
    ]);
  });

  it('numbers records by the line they start on when a quoted field holds line breaks', async () => {
    const text = 'A,B\n1,"first\nsecond\nthird"\n2,"x\r\ny"\r\n3,z\n';
    expect(await parse(text)).toEqual([
      { line: 1, fields: ['A', 'B'] },
      { line: 2, fields: ['1', 'first\nsecond\nthird'] },
      { line: 5, fields: ['2', 'x\r\ny'] },
      { line: 7, fields: ['3', 'z'] },
    ]);
  });

  it('accepts CRLF and LF line ends, and a last line with or without one', async () => {
    const expected = [
      { line: 1, fields: ['A', 'B'] },
      { line: 2, fields: ['1', '2'] },
    ];
    expect(await parse('A,B\r\n1,2\r\n')).toEqual(expected);
    expect(await parse('A,B\r\n1,2')).toEqual(expected);
    expect(await parse('A,B\n1,2')).toEqual(expected);
    expect(await parse('A,B\n"1","2"')).toEqual(expected);
  });

  it('keeps the empty last field of a last line that ends in a comma', async () => {
    expect(await parse('A,B\n1,')).toEqual([
      { line: 1, fields: ['A', 'B'] },
      { line: 2, fields: ['1', ''] },
    ]);
  });

  it('skips a UTF-8 BOM, as text or as bytes', async () => {
    const expected = [{ line: 1, fields: ['DCID', 'NAME'] }];
    expect(await parse('\uFEFFDCID,NAME\n')).toEqual(expected);
    expect(await parse([Buffer.from('\uFEFFDCID,NAME\n', 'utf8')])).toEqual(expected);
    expect(await parse(bytewise('\uFEFFDCID,NAME\n'))).toEqual(expected);
  });

  it('skips blank lines but counts them', async () => {
    expect(await parse('\nA,B\n\n1,2\r\n   \r\n\n3,4\n\n')).toEqual([
      { line: 2, fields: ['A', 'B'] },
      { line: 4, fields: ['1', '2'] },
      { line: 7, fields: ['3', '4'] },
    ]);
  });

  it('keeps a line holding one quoted empty field (it is not blank)', async () => {
    expect(await parse('A\n""\n')).toEqual([
      { line: 1, fields: ['A'] },
      { line: 2, fields: [''] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries: one character or one byte per chunk', async () => {
    // Boundaries land inside quoted fields, between doubled quotes, between CR and LF, and
    // (bytewise) inside multi-byte characters and the BOM.
    const text = '\uFEFFA,B,C\r\n"Zoë ""Z""","Nguyễn,\r\nThị",3\r\n\r\n4,"",x\n"end"';
    const whole = await parse(text);
    expect(whole).toEqual([
      { line: 1, fields: ['A', 'B', 'C'] },
      { line: 2, fields: ['Zoë "Z"', 'Nguyễn,\r\nThị', '3'] },
      { line: 5, fields: ['4', '', 'x'] },
      { line: 6, fields: ['end'] },
    ]);
    expect(await parse(split(text, 1))).toEqual(whole);
    expect(await parse(split(text, 2))).toEqual(whole);
    expect(await parse(bytewise(text))).toEqual(whole);
  });

  it('reports a quote never closed at the line where it opened', async () => {
    const err = await parseError('A,B\n1,2\n3,"never closed\n4,5\n');
    expect(err.code).toBe(ErrorCodes.SOURCE_INVALID);
    expect(err.message).toBe('students.csv line 3: quoted field 2 is never closed (reached the end of the file)');
    expect(err.details).toEqual({ file: 'students.csv', line: 3 });
  });

  it('reports a quote inside an unquoted field', async () => {
    const err = await parseError('A,B\n1,ab"c"\n');
    expect(err.code).toBe(ErrorCodes.SOURCE_INVALID);
    expect(err.message).toMatch(/^students\.csv line 2: field 2 has a quote \(".*must be enclosed in quotes/);
  });

  it('reports text after a closing quote, on the physical line it is on', async () => {
    const err = await parseError('A,B\n1,"multi\nline"x\n');
    expect(err.message).toMatch(/^students\.csv line 3: field 2 has text after its closing quote/);
  });

  it('rejects bytes that are not UTF-8', async () => {
    const latin1 = Buffer.concat([Buffer.from('A,B\r\n1,x\n2,Zo'), Buffer.from([0xeb]), Buffer.from('\n')]);
    const err = await parseError([latin1]);
    expect(err.code).toBe(ErrorCodes.SOURCE_INVALID);
    expect(err.message).toBe('students.csv line 3: not valid UTF-8 (save the export as UTF-8)');
    const late = await parseError([Buffer.from('A,B\n1,x\n'), Buffer.from([0x32, 0x2c, 0xff])]);
    expect(late.message).toBe('students.csv line 3: not valid UTF-8 (save the export as UTF-8)');
  });

  it('yields records as chunks arrive, without reading the whole stream first', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      yield 'A,B\n';
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield `${i},x\n`;
      }
    }
    const seen: CsvRecord[] = [];
    for await (const record of parseCsv(endless(), 'big.csv')) {
      seen.push(record);
      if (seen.length === 3) break;
    }
    expect(seen.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(pulled).toBeLessThan(5);
  });

  it('reads back what formatCsvRow writes, line numbers included, across any chunking', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\n', '\r', '\r\n', 'x') });
    const records = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(records, fc.integer({ min: 1, max: 7 }), async (rows, size) => {
        const text = rows.map(formatCsvRow).join('');
        const expected: CsvRecord[] = [];
        let line = 1;
        for (const fields of rows) {
          expected.push({ line, fields });
          line += formatCsvRow(fields).replace(/\r\n/g, '\n').match(/[\r\n]/g)!.length;
        }
        expect(await parse(split(text, size))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatCsvRow', () => {
  it('quotes only fields that need it and doubles inner quotes', () => {
    expect(formatCsvRow(['12', 'Zoë', 'a,b', 'say "hi"', 'two\nlines', ''])).toBe(
      '12,Zoë,"a,b","say ""hi""","two\nlines",\n',
    );
  });
});
