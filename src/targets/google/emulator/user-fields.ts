/**
 * How a user resource changes on insert and update, as pure functions. Google's rules:
 * omitted fields are kept, `null` clears, `name` and `customSchemas` merge field by field
 * (a custom field set to null is deleted), everything else (arrays included) is replaced whole,
 * and custom field values come back as strings whatever type was sent.
 */
import type { CustomFieldValue, CustomSchemas, DirectoryUser } from '../directory-types.js';
import { ApiError, invalidInput } from './api-error.js';

/** Fields the server owns: a client sending them changes nothing. */
const READ_ONLY = new Set([
  'kind',
  'id',
  'etag',
  'creationTime',
  'lastLoginTime',
  'deletionTime',
  'customerId',
  'aliases',
  'nonEditableAliases',
  'isAdmin',
  'isDelegatedAdmin',
  'isMailboxSetup',
  'isEnrolledIn2Sv',
  'isEnforcedIn2Sv',
  'agreedToTerms',
  'suspensionReason',
  'thumbnailPhotoUrl',
  'thumbnailPhotoEtag',
]);

/** Write-only secrets: accepted, checked, never stored or echoed. */
const SECRETS = new Set(['password', 'hashFunction']);

/** Google's password rule for clear-text passwords (hashed ones are taken as they come). */
export function checkPassword(body: Record<string, unknown>, required: boolean): void {
  const password = body.password;
  if (password === undefined || password === null) {
    if (required) throw invalidInput('password');
    return;
  }
  if (typeof password !== 'string') throw invalidInput('password');
  if (body.hashFunction === undefined && (password.length < 8 || password.length > 100)) {
    throw new ApiError(400, 'Invalid Password', 'invalid');
  }
}

export function checkEmail(value: unknown): string {
  if (typeof value !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) throw invalidInput('primary_user_email');
  return value;
}

function stringifyValue(value: unknown): CustomFieldValue {
  if (Array.isArray(value)) {
    return value.map((entry: unknown) => {
      const e = (entry ?? {}) as { value?: unknown; type?: string; customType?: string };
      return { ...e, value: String(e.value ?? '') };
    });
  }
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Merges custom schemas per schema per field; `null` deletes a field or a whole schema. */
export function mergeCustomSchemas(current: CustomSchemas | undefined, change: unknown): CustomSchemas | undefined {
  if (change === null) return undefined;
  if (typeof change !== 'object' || Array.isArray(change)) throw invalidInput('customSchemas');
  const out: CustomSchemas = structuredClone(current ?? {});
  for (const [schema, fields] of Object.entries(change as Record<string, unknown>)) {
    if (fields === null) {
      delete out[schema];
      continue;
    }
    if (typeof fields !== 'object' || Array.isArray(fields)) throw invalidInput(`customSchemas.${schema}`);
    const merged = { ...out[schema] };
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      if (value === null || value === undefined) delete merged[field];
      else merged[field] = stringifyValue(value);
    }
    if (Object.keys(merged).length === 0) delete out[schema];
    else out[schema] = merged;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function mergeName(current: DirectoryUser['name'], change: unknown): NonNullable<DirectoryUser['name']> {
  if (change === null || typeof change !== 'object' || Array.isArray(change)) throw invalidInput('name');
  const name: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(change as Record<string, unknown>)) {
    if (key === 'fullName') continue; // derived below, as Google does
    if (value === null) delete name[key];
    else name[key] = value;
  }
  const { givenName, familyName } = name;
  if (typeof givenName !== 'string' || givenName.trim() === '') throw invalidInput('name.givenName');
  if (typeof familyName !== 'string' || familyName.trim() === '') throw invalidInput('name.familyName');
  return { ...name, givenName, familyName, fullName: `${givenName} ${familyName}` };
}

/**
 * `current` with `body` applied under update (patch) semantics. Does not check cross-resource
 * rules (email taken, org unit exists): the caller does, against the store.
 */
export function applyUserChange(current: DirectoryUser, body: Record<string, unknown>): DirectoryUser {
  const next: DirectoryUser = structuredClone(current);
  const fields = next as Record<string, unknown>;
  for (const [key, value] of Object.entries(body)) {
    if (READ_ONLY.has(key) || SECRETS.has(key) || value === undefined) continue;
    switch (key) {
      case 'primaryEmail':
        next.primaryEmail = checkEmail(value);
        break;
      case 'name':
        next.name = mergeName(current.name, value);
        break;
      case 'customSchemas': {
        const merged = mergeCustomSchemas(current.customSchemas, value);
        if (merged) next.customSchemas = merged;
        else delete next.customSchemas;
        break;
      }
      case 'suspended':
        next.suspended = value === true;
        if (next.suspended) next.suspensionReason = current.suspended ? (current.suspensionReason ?? 'ADMIN') : 'ADMIN';
        else delete next.suspensionReason;
        break;
      case 'orgUnitPath':
        if (value !== null && typeof value !== 'string') throw invalidInput('INVALID_OU_ID');
        next.orgUnitPath = value ?? '/';
        break;
      default:
        if (value === null) delete fields[key];
        else fields[key] = structuredClone(value);
    }
  }
  return next;
}

/** The resource a successful insert stores: server-owned fields filled in, secrets left out. */
export function newUser(body: Record<string, unknown>, server: { id: string; customerId: string; creationTime: string }): DirectoryUser {
  const base: DirectoryUser = {
    kind: 'admin#directory#user',
    id: server.id,
    primaryEmail: checkEmail(body.primaryEmail),
    isAdmin: false,
    isDelegatedAdmin: false,
    lastLoginTime: '1970-01-01T00:00:00.000Z',
    creationTime: server.creationTime,
    agreedToTerms: false,
    suspended: false,
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    customerId: server.customerId,
    orgUnitPath: '/',
    isMailboxSetup: false,
    includeInGlobalAddressList: true,
  };
  if (body.name === undefined || body.name === null) throw invalidInput('name.givenName');
  return applyUserChange(base, body);
}
