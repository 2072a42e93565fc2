/**
 * Reading one raw record's values into typed fields, shared by every table's row mapping. A
 * value that does not fit becomes an issue naming the file, row and column, never an exception:
 * one pass over an export shows every fault.
 */
import { orgUnitNameProblem } from '../config/org-unit-names.js';
import type { RowOrigin, SourceIssue } from './rows.js';

/** Issue codes for rows left out; stable, for tests and for the plan. */
export const RowIssueCodes = {
  /** A required value is empty (or null). */
  MISSING_VALUE: 'ROW_MISSING_VALUE',
  /** A value that must be a whole number is not one. */
  BAD_NUMBER: 'ROW_BAD_NUMBER',
  /** A value that must be a date is not one (or not a real day: 2026-02-30). */
  BAD_DATE: 'ROW_BAD_DATE',
  /** A value of the wrong kind: a flag that is neither 0/1 nor true/false, an object, a first day after the last... */
  BAD_VALUE: 'ROW_BAD_VALUE',
  /** A CSV record with more or fewer fields than its header. */
  FIELD_COUNT: 'ROW_FIELD_COUNT',
  /** A school name or abbreviation that cannot name an org unit (a "/", "..", a control character). */
  BAD_ORG_UNIT_NAME: 'ROW_BAD_ORG_UNIT_NAME',
} as const;

/** The result of mapping one record: a row when it maps, and the issues found either way. */
export interface RowMapping<T> {
  row?: T;
  issues: readonly SourceIssue[];
}

/** The issues of a record that has none: one shared, frozen list rather than a new one per row. */
export const NO_ISSUES: readonly SourceIssue[] = Object.freeze([]);

/** Whole numbers as text: "-1", "0012", and "12.0" as Oracle exports write integers. */
const INTEGER_TEXT = /^-?\d+(?:\.0+)?$/;

/**
 * Dates as sources write them: YYYY-MM-DD (rollcall's SQL and exports), with a time of day after
 * it as timestamps are written (ignored: the day is what counts), or MM/DD/YYYY as PowerSchool's
 * own exports and screens write them.
 */
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
/** How PowerSchool's exports show a date that was never set. */
const UNSET_DATES: ReadonlySet<string> = new Set(['0/0/0', '00/00/0000', '0/0/0000']);

/**
 * Parsed dates by their text. An enrollment table repeats a few hundred dates millions of times:
 * parsing each text once, and sharing one string for each day, saves time and memory. Capped so
 * that a file of odd values cannot grow it without end.
 */
const dateCache = new Map<string, string | undefined>();
const DATE_CACHE_MAX = 20_000;

/** Reads one record's fields, collecting an issue for each value that does not fit. */
export class FieldReader {
  /** Made at the first issue: most records have none, and millions of empty lists cost time. */
  private found: SourceIssue[] | undefined;

  constructor(
    private readonly record: Record<string, unknown>,
    private readonly origin: RowOrigin,
  ) {}

  /** Trimmed text; null, undefined and missing columns read as ''. */
  text(column: string): string {
    const value = lookup(this.record, column);
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
    this.issue(RowIssueCodes.BAD_VALUE, column, `${column} is ${describeValue(value)}, expected text or a number`);
    return '';
  }

  /** Text that becomes part of an org unit's name: no "/", not "." or "..", no control characters. */
  orgUnitName(column: string): string {
    const text = this.text(column);
    const problem = orgUnitNameProblem(text);
    if (problem !== undefined) {
      this.issue(RowIssueCodes.BAD_ORG_UNIT_NAME, column, `${column} ${JSON.stringify(text)} ${problem}; the school is left out (its people are left alone) until it is fixed in PowerSchool`);
    }
    return text;
  }

  /** Trimmed text that must not be empty. */
  requiredText(column: string): string {
    const text = this.text(column);
    if (text === '' && !this.hasIssue(column)) this.missing(column);
    return text;
  }

  /**
   * An identifier kept as text (DCID, STUDENT_NUMBER...). They are NUMBER columns in Oracle, so
   * "12.0" from an export is written "12": USERS_DCID must match the DCID it points at.
   */
  key(column: string, required: boolean): string {
    const text = this.text(column);
    if (text === '') {
      if (required) this.missing(column);
      return text;
    }
    return text.includes('.') && INTEGER_TEXT.test(text) ? text.slice(0, text.indexOf('.')) : text;
  }

  /** A whole number; undefined when empty (an issue too when required) or not a whole number. */
  integer(column: string, required: boolean): number | undefined {
    const value = lookup(this.record, column);
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) return value || 0;
      this.badNumber(column, String(value));
      return undefined;
    }
    const text = this.text(column);
    if (text === '') {
      if (required) this.missing(column);
      return undefined;
    }
    const parsed = parseInteger(text);
    if (parsed === undefined) this.badNumber(column, text);
    return parsed;
  }

  /** A 0/1 flag (true/false accepted); empty reads as false. */
  flag(column: string): boolean {
    const value = lookup(this.record, column);
    if (typeof value === 'boolean') return value;
    const text = this.text(column).toLowerCase();
    if (text === '' || text === 'false') return false;
    if (text === 'true') return true;
    const parsed = parseInteger(text);
    if (parsed === 0 || parsed === 1) return parsed === 1;
    this.issue(RowIssueCodes.BAD_VALUE, column, `${column} is "${text}", expected 1 or 0 (or true or false)`);
    return false;
  }

  /**
   * A calendar date as YYYY-MM-DD; null when empty or PowerSchool's unset date (an issue too when
   * required), undefined when it is not a date.
   */
  date(column: string, required: boolean): string | null | undefined {
    const value = lookup(this.record, column);
    if (value !== null && value !== undefined && typeof value !== 'string') {
      this.issue(RowIssueCodes.BAD_DATE, column, `${column} is ${describeValue(value)}, expected a date as text (YYYY-MM-DD or MM/DD/YYYY)`);
      return undefined;
    }
    const text = value?.trim() ?? '';
    const parsed = text === '' ? undefined : parseDate(text);
    if (parsed === undefined && (text === '' || UNSET_DATES.has(text))) {
      if (required) this.missing(column);
      return null;
    }
    if (parsed === undefined) {
      this.issue(RowIssueCodes.BAD_DATE, column, `${column} is "${text}", not a date (YYYY-MM-DD or MM/DD/YYYY)`);
    }
    return parsed;
  }

  /** The issues found so far (NO_ISSUES when none). */
  get issues(): readonly SourceIssue[] {
    return this.found ?? NO_ISSUES;
  }

  /** An issue about this record that no single value shows, such as two dates in the wrong order. */
  problem(column: string, what: string): void {
    this.issue(RowIssueCodes.BAD_VALUE, column, what);
  }

  private hasIssue(column: string): boolean {
    return this.found?.some((i) => i.field === column) ?? false;
  }

  private missing(column: string): void {
    this.issue(RowIssueCodes.MISSING_VALUE, column, `${column} is empty`);
  }

  private badNumber(column: string, text: string): void {
    this.issue(RowIssueCodes.BAD_NUMBER, column, `${column} is "${text}", not a whole number`);
  }

  private issue(code: string, field: string, what: string): void {
    const { file, row } = this.origin;
    (this.found ??= []).push({ severity: 'error', code, file, row, field, message: `${file} row ${row}: ${what}` });
  }
}

function parseInteger(text: string): number | undefined {
  if (!isDigits(text) && !INTEGER_TEXT.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n || 0 : undefined;
}

/** YYYY-MM-DD for a real calendar day written in one of the accepted forms; undefined otherwise. */
/** Digits, with a minus sign first or not: the form nearly every whole number comes in, checked without a regular expression. */
function isDigits(text: string): boolean {
  const first = text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (text.length === first) return false;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

export function parseDate(text: string): string | undefined {
  const cached = dateCache.get(text);
  if (cached !== undefined || dateCache.has(text)) return cached;
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(text);
  const us = iso === null ? US_DATE.exec(text) : null;
  if (iso !== null) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us !== null) [y, m, d] = [Number(us[3]), Number(us[1]), Number(us[2])];
  else return undefined;
  const day = new Date(Date.UTC(y, m - 1, d));
  const real = y >= 1000 && day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
  const parsed = real ? `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : undefined;
  if (dateCache.size < DATE_CACHE_MAX) dateCache.set(text, parsed);
  return parsed;
}

/** The value under `column`, whatever the case of the record's keys. */
export function lookup(record: Record<string, unknown>, column: string): unknown {
  const exact = record[column];
  if (exact !== undefined || Object.hasOwn(record, column)) return exact;
  const lower = column.toLowerCase();
  if (Object.hasOwn(record, lower)) return record[lower];
  for (const key of Object.keys(record)) {
    if (key.toUpperCase() === column) return record[key];
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value instanceof Date) return 'a date object';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
