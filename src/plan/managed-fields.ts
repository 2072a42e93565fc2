import type { CustomFieldValue, CustomSchemas, DirectoryUser, ExternalId } from '../targets/google/directory-types.js';
import type { DesiredAccount } from '../rules/desired-account.js';
import type { ManagedFields } from './types.js';

/**
 * Google returns custom values as strings whatever was sent (and older accounts may hold
 * numbers); compare them as trimmed strings. Managed attributes are single-valued: a
 * multi-valued field is read as its values joined, so a change to it is visible in review.
 */
export function normaliseCustomValue(value: CustomFieldValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => String(v.value ?? '').trim()).join(',');
  return String(value).trim();
}

/** Which fields of an account a view covers: the managed custom attributes, and whether externalIds are managed. */
export interface ManagedFieldSpec {
  managedAttributes: ReadonlyArray<{ schema: string; field: string }>;
  externalIds: boolean;
}

function managedCustomSchemas(source: CustomSchemas | undefined, managed: ManagedFieldSpec['managedAttributes']): CustomSchemas {
  const out: CustomSchemas = {};
  for (const { schema, field } of managed) {
    const value = normaliseCustomValue(source?.[schema]?.[field]);
    if (value !== '') (out[schema] ??= {})[field] = value;
  }
  return out;
}

/** The managed fields of an account as Google holds it, seen through what `desired` manages. */
export function actualManagedFields(user: DirectoryUser, desired: DesiredAccount): ManagedFields {
  return managedFieldsFromUser(user, { managedAttributes: desired.managedAttributes, externalIds: desired.externalId !== null });
}

/** The same view for a caller that knows what is managed but has no DesiredAccount (apply). */
export function managedFieldsFromUser(user: DirectoryUser, spec: ManagedFieldSpec): ManagedFields {
  const fields: ManagedFields = {
    primaryEmail: user.primaryEmail.toLowerCase(),
    name: { givenName: user.name?.givenName ?? '', familyName: user.name?.familyName ?? '' },
    orgUnitPath: user.orgUnitPath ?? '/',
    suspended: user.suspended === true,
    customSchemas: managedCustomSchemas(user.customSchemas, spec.managedAttributes),
  };
  if (spec.externalIds) fields.externalIds = (user.externalIds ?? []).map(cleanExternalId);
  return fields;
}

/** The managed fields as PowerSchool wants them; other externalIds entries are kept as found. */
export function desiredManagedFields(desired: DesiredAccount, currentExternalIds: ExternalId[] | undefined): ManagedFields {
  const fields: ManagedFields = {
    primaryEmail: desired.primaryEmail,
    name: { ...desired.name },
    orgUnitPath: desired.orgUnitPath,
    suspended: desired.suspended,
    customSchemas: managedCustomSchemas(desired.customSchemas, desired.managedAttributes),
  };
  if (desired.externalId !== null) {
    fields.externalIds = withExternalId(currentExternalIds ?? [], desired.externalId.type, desired.externalId.value);
  }
  return fields;
}

/** Sets the one entry of `type` (first kept, duplicates dropped) or removes it when value is ''. */
function withExternalId(current: ExternalId[], type: string, value: string): ExternalId[] {
  const out: ExternalId[] = [];
  let placed = false;
  for (const entry of current.map(cleanExternalId)) {
    if (entry.type !== type) out.push(entry);
    else if (!placed && value !== '') {
      out.push({ ...entry, value });
      placed = true;
    }
  }
  if (!placed && value !== '') out.push({ type, value });
  return out;
}

function cleanExternalId(e: ExternalId): ExternalId {
  return e.customType !== undefined ? { type: e.type, customType: e.customType, value: String(e.value) } : { type: e.type, value: String(e.value) };
}
