/**
 * What a change does to an account, field by field, in words a reviewer reads: derived from the
 * change's before/after managed fields (never by reading the patch, which is for the machine).
 */
import type { Change, ManagedFields } from '../plan/types.js';
import type { CustomFieldValue, ExternalId } from '../targets/google/directory-types.js';

/** One field that changes. `before` is absent when the account is new: it has no before. */
export interface FieldChange {
  field: string;
  before?: string;
  after: string;
}

/** Shown for a field (or group membership) an existing account lacks before or after the change. */
export const UNSET = '(none)';

export function fieldChanges(change: Change): FieldChange[] {
  switch (change.kind) {
    case 'create':
      return createdFields(change.after);
    case 'update':
      return changedFields(change.before, change.after);
    case 'remove-from-group':
      return [{ field: `group ${change.group}`, before: change.role.toLowerCase(), after: UNSET }];
  }
}

/** "field: before -> after", or "field: value" for a new account. */
export function formatFieldChange(change: FieldChange, arrow = '->'): string {
  if (change.before === undefined) return `${change.field}: ${change.after}`;
  return `${change.field}: ${change.before} ${arrow} ${change.after}`;
}

/**
 * Flattened, comparable view of the managed fields, in the order facts are shown: worst first,
 * the same order as the update actions (suspend, rename, move, update attributes).
 */
function flatten(fields: ManagedFields): Map<string, string> {
  const flat = new Map<string, string>();
  flat.set('suspended', String(fields.suspended));
  flat.set('primaryEmail', fields.primaryEmail);
  flat.set('name', `${fields.name.givenName} ${fields.name.familyName}`);
  flat.set('orgUnitPath', fields.orgUnitPath);
  for (const category of Object.keys(fields.customSchemas).sort()) {
    const values = fields.customSchemas[category] ?? {};
    for (const field of Object.keys(values).sort()) {
      const value = values[field];
      if (value !== undefined) flat.set(`customSchemas.${category}.${field}`, formatCustomValue(value));
    }
  }
  for (const [key, value] of externalIdsByKey(fields.externalIds ?? [])) flat.set(`externalIds.${key}`, value);
  return flat;
}

function createdFields(after: ManagedFields): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, value] of flatten(after)) {
    // The address is the change's own address; a new account is active unless it says otherwise.
    if (field === 'primaryEmail') continue;
    if (field === 'suspended' && value === 'false') continue;
    if (value === '') continue;
    out.push({ field, after: value });
  }
  return out;
}

function changedFields(before: ManagedFields, after: ManagedFields): FieldChange[] {
  const flatBefore = flatten(before);
  const flatAfter = flatten(after);
  const fields = [...flatAfter.keys(), ...[...flatBefore.keys()].filter((field) => !flatAfter.has(field))];
  const out: FieldChange[] = [];
  for (const field of fields) {
    const was = flatBefore.get(field);
    const will = flatAfter.get(field);
    if (was === will) continue;
    out.push({ field, before: was ?? UNSET, after: will ?? UNSET });
  }
  return out;
}

function formatCustomValue(value: CustomFieldValue): string {
  if (!Array.isArray(value)) return String(value);
  const items = value.map((item) => {
    const label = item.customType ?? item.type;
    return label ? `${item.value} (${label})` : item.value;
  });
  return `[${items.join(', ')}]`;
}

/** One entry per id type (custom types by their own name); several ids of one type are listed together. */
function externalIdsByKey(ids: readonly ExternalId[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const id of ids) {
    const key = id.type === 'custom' && id.customType ? id.customType : id.type;
    byKey.set(key, [...(byKey.get(key) ?? []), id.value]);
  }
  return new Map([...byKey.keys()].sort().map((key) => [key, (byKey.get(key) ?? []).join(', ')]));
}
