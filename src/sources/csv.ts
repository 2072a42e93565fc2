/**
 * RFC 4180 CSV, read as a stream and written a row at a time. Own code rather than a dependency
 * because the format is small and we need two things parsers rarely give together: records as
 * they arrive (a million-row export never becomes one string) and the physical line each record
 * starts on, so that a row issue can point at the line an editor shows.
 */
import { ErrorCodes, RollcallError } from '../errors.js';

/** One record: its fields, and the 1-based physical line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * A field longer than this is taken as a quote that was never closed: without the cap, one
 * stray quote early in a large export would pull the rest of the file into memory before the
 * end-of-file check could report it.
 */
export const MAX_FIELD_CHARS = 1_000_000;

/**
 * Parses CSV from a stream of chunks (Buffers as UTF-8, or strings), yielding each record as
 * soon as it is complete. Quoted fields may hold commas, doubled quotes and line breaks; lines
 * end in LF or CRLF; a leading BOM and blank lines are skipped; the last line needs no line
 * break. Structural faults throw SOURCE_INVALID naming `file` and the line.
 */
export async function* parseCsv(stream: AsyncIterable<string | Buffer>, file: string): AsyncGenerator<CsvRecord> {
  for await (const records of parseCsvBatches(stream, file)) yield* records;
}

/**
 * parseCsv, a chunk's worth of records at a time: each step of an async generator costs a
 * promise, which for a large export cost as much as parsing it.
 */
export async function* parseCsvBatches(stream: AsyncIterable<string | Buffer>, file: string): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser(file);
  // fatal: a Windows-1252 export would otherwise turn every accented name into U+FFFD silently.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (bytes?: Buffer): string => {
    try {
      return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      // Find the line: everything before the first replacement character decoded cleanly.
      const lenient = bytes === undefined ? '' : new TextDecoder('utf-8').decode(bytes);
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      const line = parser.currentLine + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
      throw new RollcallError(
        ErrorCodes.SOURCE_INVALID,
        `${file} line ${line}: not valid UTF-8 (save the export as UTF-8)`,
        { details: { file, line } },
      );
    }
  };
  for await (const chunk of stream) {
    const ready: CsvRecord[] = [];
    parser.push(typeof chunk === 'string' ? chunk : decode(chunk), ready);
    if (ready.length > 0) yield ready;
  }
  const ready: CsvRecord[] = [];
  parser.push(decode(), ready);
  parser.end(ready);
  if (ready.length > 0) yield ready;
}

/** Formats one record as a CSV line (with its LF), quoting only the fields that need it. */
export function formatCsvRow(fields: readonly string[]): string {
  return fields.map(formatCsvField).join(',') + '\n';
}

function formatCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

const enum State {
  /** At the first character of a field (start of a record or just after a comma). */
  FieldStart,
  Unquoted,
  Quoted,
  /** Just read a quote inside a quoted field: either its end or the first of a doubled pair. */
  QuoteInQuoted,
}

/**
 * The state machine behind parseCsv. Every piece of state lives on the instance, so a chunk
 * may end anywhere: inside a quoted field, between a CR and its LF, between doubled quotes.
 */
class CsvParser {
  private state = State.FieldStart;
  private fields: string[] = [];
  /** The current field's text from earlier chunks (and earlier runs within this chunk). */
  private field = '';
  private recordHasQuotes = false;
  private line = 1;
  private recordLine = 1;
  private fieldLine = 1;
  /** The previous character was a CR, so an LF now completes a CRLF and is no new line. */
  private afterCr = false;
  private atStart = true;

  constructor(private readonly file: string) {}

  get currentLine(): number {
    return this.line;
  }

  push(chunk: string, out: CsvRecord[]): void {
    let i = 0;
    if (this.atStart && chunk.length > 0) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    // Start of the current run of plain characters in this chunk, copied out in one slice.
    let runStart = i;
    const n = chunk.length;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      const crlfTail = c === LF && this.afterCr;
      this.afterCr = c === CR;
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.recordHasQuotes = true;
            this.fieldLine = this.line;
            runStart = i + 1;
          } else if (c === COMMA) {
            this.fields.push('');
          } else if (c === CR || c === LF) {
            // The LF of a CRLF whose CR already ended the record.
            if (crlfTail) break;
            this.fields.push('');
            this.endRecord(out);
          } else {
            this.state = State.Unquoted;
            this.fieldLine = this.line;
            runStart = i;
          }
          break;
        case State.Unquoted:
          if (c === COMMA) {
            this.fields.push(this.field + chunk.slice(runStart, i));
            this.field = '';
            this.state = State.FieldStart;
          } else if (c === CR || c === LF) {
            this.fields.push(this.field + chunk.slice(runStart, i));
            this.field = '';
            this.endRecord(out);
          } else if (c === QUOTE) {
            this.fail(
              this.line,
              `field ${this.fields.length + 1} has a quote (") but does not start with one; ` +
                'a field holding quotes must be enclosed in quotes, with each inner quote doubled',
            );
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += chunk.slice(runStart, i);
            this.state = State.QuoteInQuoted;
          } else if (c === CR || (c === LF && !crlfTail)) {
            this.line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            runStart = i + 1;
          } else if (c === COMMA) {
            this.fields.push(this.field);
            this.field = '';
            this.state = State.FieldStart;
          } else if (c === CR || c === LF) {
            this.fields.push(this.field);
            this.field = '';
            this.endRecord(out);
          } else {
            this.fail(
              this.line,
              `field ${this.fields.length + 1} has text after its closing quote; ` +
                'a quote inside a quoted field must be doubled ("")',
            );
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) {
      this.field += chunk.slice(runStart);
      if (this.field.length > MAX_FIELD_CHARS) {
        this.fail(
          this.fieldLine,
          `field ${this.fields.length + 1} is longer than ${MAX_FIELD_CHARS} characters` +
            (this.state === State.Quoted ? '; is a quote opened here never closed?' : ''),
        );
      }
    }
  }

  end(out: CsvRecord[]): void {
    switch (this.state) {
      case State.Quoted:
        this.fail(this.fieldLine, `quoted field ${this.fields.length + 1} is never closed (reached the end of the file)`);
        break;
      case State.Unquoted:
      case State.QuoteInQuoted:
        this.fields.push(this.field);
        this.endRecord(out);
        break;
      case State.FieldStart:
        // A last line ending in a comma still has its empty last field.
        if (this.fields.length > 0) {
          this.fields.push('');
          this.endRecord(out);
        }
        break;
    }
  }

  /** Emits the finished record (unless the line was blank) and moves to the next line. */
  private endRecord(out: CsvRecord[]): void {
    const fields = this.fields;
    const blank = fields.length === 1 && !this.recordHasQuotes && fields[0]!.trim() === '';
    if (!blank) out.push({ line: this.recordLine, fields });
    this.fields = [];
    this.recordHasQuotes = false;
    this.state = State.FieldStart;
    this.line++;
    this.recordLine = this.line;
  }

  private fail(line: number, why: string): never {
    throw new RollcallError(ErrorCodes.SOURCE_INVALID, `${this.file} line ${line}: ${why}`, {
      details: { file: this.file, line },
    });
  }
}
