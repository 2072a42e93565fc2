/**
 * The subset of Google's user search language rollcall and its tests use. Clauses are
 * separated by spaces (quoted values may hold spaces) and all must match. Supported fields:
 * `email`, `givenName`, `familyName`, `name`, `orgUnitPath` (the unit and everything below it),
 * `isSuspended`, `isArchived`, `isAdmin`, `externalId`, and `Schema.Field` custom fields.
 * `=` and `:` both compare case-insensitively; a value ending in `*` matches as a prefix.
 * Anything else is refused with 400 rather than silently matching everything.
 */
import type { DirectoryUser } from '../directory-types.js';
import { invalidInput, invalidOrgUnit } from './api-error.js';
import { isWithinOrgUnit, type OrgUnitStore } from './org-unit-store.js';

export type UserPredicate = (user: DirectoryUser) => boolean;

/** Splits on spaces that are outside single or double quotes. */
export function splitClauses(query: string): string[] {
  const clauses: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of query) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (/\s/.test(ch)) {
      if (current !== '') clauses.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quote) throw invalidInput(`query has an unclosed quote: ${query}`);
  if (current !== '') clauses.push(current);
  return clauses;
}

function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === "'" || first === '"') && value.endsWith(first)) return value.slice(1, -1);
  return value;
}

function textMatcher(raw: string): (candidate: unknown) => boolean {
  const value = unquote(raw).toLowerCase();
  const prefix = value.endsWith('*');
  const wanted = prefix ? value.slice(0, -1) : value;
  return (candidate) => {
    if (candidate === undefined || candidate === null) return false;
    const text = String(candidate).toLowerCase();
    return prefix ? text.startsWith(wanted) : text === wanted;
  };
}

function booleanMatcher(field: string, raw: string, read: (u: DirectoryUser) => unknown): UserPredicate {
  const value = unquote(raw).toLowerCase();
  if (value !== 'true' && value !== 'false') throw invalidInput(`query ${field}=${raw}`);
  const wanted = value === 'true';
  return (u) => (read(u) === true) === wanted;
}

function customFieldValues(user: DirectoryUser, schema: string, field: string): unknown[] {
  const value = user.customSchemas?.[schema]?.[field];
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map((v) => v.value) : [value];
}

function clausePredicate(clause: string, orgUnits: OrgUnitStore): UserPredicate {
  const m = /^([A-Za-z_][\w.]*)(=|:)(.+)$/s.exec(clause);
  if (!m) throw invalidInput(`unsupported query clause ${clause}`);
  const [, field = '', , raw = ''] = m;
  switch (field) {
    case 'email': {
      const match = textMatcher(raw);
      return (u) => match(u.primaryEmail) || (u.aliases ?? []).some(match);
    }
    case 'givenName':
    case 'familyName': {
      const match = textMatcher(raw);
      return (u) => match(u.name?.[field]);
    }
    case 'name': {
      const match = textMatcher(raw);
      return (u) => match(u.name?.fullName) || match(u.name?.givenName) || match(u.name?.familyName);
    }
    case 'orgUnitPath': {
      const path = unquote(raw);
      if (!orgUnits.exists(path)) throw invalidOrgUnit();
      return (u) => isWithinOrgUnit(u.orgUnitPath ?? '/', path);
    }
    case 'isSuspended':
      return booleanMatcher(field, raw, (u) => u.suspended);
    case 'isArchived':
      return booleanMatcher(field, raw, (u) => u.archived);
    case 'isAdmin':
      return booleanMatcher(field, raw, (u) => u.isAdmin);
    case 'externalId': {
      const match = textMatcher(raw);
      return (u) => (u.externalIds ?? []).some((e) => match(e.value));
    }
    default: {
      const dot = field.indexOf('.');
      if (dot <= 0 || dot === field.length - 1) throw invalidInput(`unsupported query field ${field}`);
      const schema = field.slice(0, dot);
      const name = field.slice(dot + 1);
      const match = textMatcher(raw);
      return (u) => customFieldValues(u, schema, name).some(match);
    }
  }
}

/** A predicate for the whole query; an empty or absent query matches every user. */
export function parseUserQuery(query: string | null, orgUnits: OrgUnitStore): UserPredicate | undefined {
  if (query === null || query.trim() === '') return undefined;
  const predicates = splitClauses(query).map((c) => clausePredicate(c, orgUnits));
  return (u) => predicates.every((p) => p(u));
}
