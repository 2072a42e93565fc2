/**
 * The shapes PowerSchool's table-query endpoints answer with, checked and unwrapped:
 * `/ws/schema/table/{name}` gives `{ name, record: [ { id, name, tables: { name: { col: "v" } } } ] }`
 * where `record` is a single object when the page holds one record (and may be absent when it
 * holds none); `/count` gives `{ count }`; `/ws/v1/metadata` gives `{ metadata: { ... } }`.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';

/** The column records of one page of `table`, in the order PowerSchool sent them. */
export function pageRecords(body: unknown, table: string, path: string): Array<Record<string, unknown>> {
  if (!isObject(body)) throw unexpected(path, 'an object');
  const record = body.record;
  if (record === undefined || record === null) return [];
  const items = Array.isArray(record) ? record : [record];
  return items.map((item) => {
    const tables = isObject(item) ? item.tables : undefined;
    const columns = isObject(tables) ? valueIgnoringCase(tables, table) : undefined;
    if (!isObject(columns)) throw unexpected(path, `records of the form { tables: { ${table}: { ... } } }`);
    return columns;
  });
}

export function countOf(body: unknown, path: string): number {
  const count = isObject(body) ? Number(body.count) : NaN;
  if (!Number.isSafeInteger(count) || count < 0) throw unexpected(path, '{ "count": N }');
  return count;
}

/** metadata.schema_table_query_max_page_size, when the server states a usable one. */
export function maxTablePageSize(body: unknown): number | undefined {
  const metadata = isObject(body) ? body.metadata : undefined;
  const size = isObject(metadata) ? Number(metadata.schema_table_query_max_page_size) : NaN;
  return Number.isSafeInteger(size) && size > 0 ? size : undefined;
}

/** PowerSchool's own words from an error answer: `message`, and each `errors[]` field and code. */
export function serverMessage(body: unknown): string {
  if (!isObject(body)) return '';
  const parts: string[] = [];
  if (typeof body.message === 'string') parts.push(body.message);
  if (Array.isArray(body.errors)) {
    for (const e of body.errors.slice(0, 5)) {
      if (isObject(e)) parts.push([e.resource, e.field, e.code].filter((x) => typeof x === 'string').join(' '));
    }
  }
  return parts.join('; ').slice(0, 300);
}

function valueIgnoringCase(object: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(object, key)) return object[key];
  const lower = key.toLowerCase();
  const found = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : object[found];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unexpected(path: string, expected: string): RollcallError {
  return new RollcallError(
    ErrorCodes.POWERSCHOOL,
    `PowerSchool answered GET ${path} in an unexpected shape (expected ${expected}); is powerschool.rest.baseUrl the PowerSchool server?`,
    { fault: 'tool' },
  );
}
