/**
 * What a change does to an account, field by field, in words a reviewer reads: derived from the
 * change's before/after managed fields (never by reading the patch, which is for the machine).
 */
import type { TargetVocabulary } from '../model/directory-port.js';
import type { AccountFields, Change } from '../plan/types.js';

/** One field that changes. `before` is absent when the account is new: it has no before. */
export interface FieldChange {
  field: string;
  before?: string;
  after: string;
}

/** Shown for a field (or group membership) an existing account lacks before or after the change. */
export const UNSET = '(none)';

/** The fields a change sets, named as the plan's target names them (its vocabulary). */
export function fieldChanges(change: Change, words: TargetVocabulary): FieldChange[] {
  switch (change.kind) {
    case 'create':
      return createdFields(change.after, words);
    case 'update':
      return [
        ...changedFields(change.before, change.after, words),
        // What the suspension cuts off besides the account, each a step apply takes and journals.
        ...(change.offboarding !== undefined ? [{ field: 'offboarding', after: change.offboarding.map((step) => step.replace(/-/g, ' ')).join(', ') }] : []),
      ];
    case 'remove-from-group':
      return [{ field: `group ${change.group}`, before: change.role.toLowerCase(), after: UNSET }];
    case 'assign-licence':
      return [{ field: 'licence', before: UNSET, after: change.licence }];
    case 'remove-licence':
      return [{ field: 'licence', before: change.licence, after: UNSET }];
    case 'delete-account':
      return [
        { field: 'suspended since', after: change.suspendedOn },
        { field: 'restorable for', after: `${change.restorableDays} days after the delete` },
        ...(change.transferTo !== undefined ? [{ field: 'files to', after: change.transferTo }] : []),
      ];
    case 'create-group':
      return [{ field: 'name', after: change.name }, ...(change.description !== '' ? [{ field: 'description', after: change.description }] : [])];
    case 'delete-group':
      return [{ field: 'group', before: change.group, after: UNSET }];
    case 'add-member':
      return [{ field: 'role', before: UNSET, after: change.role }];
    case 'remove-member':
      return [{ field: 'role', before: change.role, after: UNSET }];
    case 'change-role':
      return [{ field: 'role', before: change.was, after: change.role }];
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
function flatten(fields: AccountFields, words: TargetVocabulary): Map<string, string> {
  const flat = new Map<string, string>();
  flat.set(words.enabled.field, String(words.enabled.inverted ? !fields.enabled : fields.enabled));
  flat.set(words.address, fields.address);
  flat.set('name', `${fields.name.given} ${fields.name.family}`);
  flat.set(words.placement, fields.placement.join(', '));
  for (const key of Object.keys(fields.attributes).sort()) flat.set(key, fields.attributes[key] as string);
  return flat;
}

function createdFields(after: AccountFields, words: TargetVocabulary): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, value] of flatten(after, words)) {
    // The address is the change's own address; a new account is enabled unless it says otherwise.
    if (field === words.address) continue;
    if (field === words.enabled.field && after.enabled) continue;
    if (value === '') continue;
    out.push({ field, after: value });
  }
  return out;
}

function changedFields(before: AccountFields, after: AccountFields, words: TargetVocabulary): FieldChange[] {
  const flatBefore = flatten(before, words);
  const flatAfter = flatten(after, words);
  const fields = [...flatAfter.keys(), ...[...flatBefore.keys()].filter((field) => !flatAfter.has(field))];
  const out: FieldChange[] = [];
  for (const field of fields) {
    const was = flatBefore.get(field);
    const will = flatAfter.get(field);
    if (was === will) continue;
    // An empty placement (an Entra account in no managed container) reads as none, like an absent value.
    out.push({ field, before: was || UNSET, after: will || UNSET });
  }
  return out;
}
