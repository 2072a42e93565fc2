/**
 * The Google snapshot file: JSON Lines, one Directory API resource per line exactly as the API
 * returns it, told apart by its own `kind`. One account per line keeps git diffs readable and
 * lets a million-account file be read as a stream (it never has to fit in one string).
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import { forEachLine, writeLines } from '../../io/file-lines.js';
import { snapshotLine } from '../../io/snapshot-line.js';
import { canonicalJson } from '../../util/canonical-json.js';
import {
  GROUP_KIND,
  LICENCE_KIND,
  LICENCE_LIST_KIND,
  ORG_UNIT_KIND,
  USER_KIND,
  type DirectoryOrgUnit,
  type DirectoryUser,
  type GoogleState,
  type LicenseAssignment,
  type ProductSku,
  type SnapshotGroup,
} from './directory-types.js';

/** Reads a snapshot file; any malformed line is an error naming the file and line. */
export async function readSnapshotFile(file: string): Promise<GoogleState> {
  return readSnapshot(file);
}

export interface SnapshotReadOptions {
  /** Sees each non-blank line as written, once it has been checked (a digest of the file). */
  onLine?: (line: string) => void;
  /** What to keep of each account (all of it by default). */
  keep?: (user: DirectoryUser) => DirectoryUser;
  /** Takes each group as it is read, instead of keeping it in the state. */
  group?: (group: SnapshotGroup) => void;
  /** Hands the accounts over in batches of `size` as they are read, instead of in the state. */
  batch?: { size: number; take: (users: DirectoryUser[]) => void };
}

/** readSnapshotFile, with the options a plan's reader uses (snapshot-plan-reader.ts). */
export async function readSnapshot(file: string, options: SnapshotReadOptions = {}): Promise<GoogleState> {
  const { onLine, batch } = options;
  const state: GoogleState = { users: [], groups: [], orgUnits: [] };
  let lineNo = 0;
  const add = (line: string): void => {
    lineNo++;
    if (line.trim() === '') return;
    addSnapshotLine(state, line, file, lineNo, options);
    onLine?.(line);
    if (batch && state.users.length >= batch.size) {
      batch.take(state.users);
      state.users = [];
    }
  };
  // The BOM is kept: a line starting with one is not JSON, and is reported as such.
  await forEachLine(
    file,
    add,
    (err) => new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${file}: cannot read snapshot (${ioCode(err)})`, { details: { file } }),
  );
  if (batch && state.users.length > 0) {
    batch.take(state.users);
    state.users = [];
  }
  checkLicences(state, file);
  return state;
}

/** Every licence line belongs to a SKU the file says it read whole. */
function checkLicences(state: GoogleState, file: string): void {
  const read = new Set((state.licensedSkus ?? []).map(skuKey));
  const stray = (state.licenseAssignments ?? []).find((a) => !read.has(skuKey(a)));
  if (stray !== undefined) {
    throw new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${file}: ${stray.userId} holds ${stray.productId}/${stray.skuId}, which no ${LICENCE_LIST_KIND} line lists as read: the file's licences are incomplete`, {
      details: { file },
    });
  }
}

const skuKey = (sku: ProductSku): string => `${sku.productId}/${sku.skuId}`;

/** Parses one snapshot line into `state` (an account as `keep` makes it, a group handed to `group` when given). */
export function addSnapshotLine(state: GoogleState, line: string, file: string, lineNo: number, options: Pick<SnapshotReadOptions, 'keep' | 'group'> = {}): void {
  const { keep } = options;
  const { value: resource, fail } = snapshotLine(line, file, lineNo);
  switch (resource.kind) {
    case USER_KIND: {
      if (typeof resource.primaryEmail !== 'string' || !resource.primaryEmail.includes('@')) {
        return fail('user has no primaryEmail');
      }
      const wrong = userFieldProblem(resource);
      if (wrong !== undefined) return fail(`user ${resource.primaryEmail}: ${wrong}`);
      state.users.push(keep ? keep(resource as DirectoryUser) : (resource as DirectoryUser));
      return;
    }
    case GROUP_KIND: {
      if (typeof resource.email !== 'string') return fail('group has no email');
      const members = resource.members ?? [];
      if (!Array.isArray(members)) return fail(`group ${resource.email}: members must be an array`);
      for (const [i, m] of members.entries()) {
        if (m === null || typeof m !== 'object' || typeof (m as { email?: unknown }).email !== 'string') {
          return fail(`group ${resource.email}: members[${i}] has no email`);
        }
      }
      const group = { ...resource, members } as SnapshotGroup;
      if (options.group) options.group(group);
      else state.groups.push(group);
      return;
    }
    case ORG_UNIT_KIND:
      if (typeof resource.orgUnitPath !== 'string' || !resource.orgUnitPath.startsWith('/')) {
        return fail('orgUnit has no orgUnitPath starting with /');
      }
      state.orgUnits.push(resource as DirectoryOrgUnit);
      return;
    case LICENCE_LIST_KIND:
      if (!isText(resource.productId) || !isText(resource.skuId)) return fail('licence list has no productId and skuId');
      (state.licensedSkus ??= []).push({ productId: resource.productId, skuId: resource.skuId });
      return;
    case LICENCE_KIND:
      if (!isText(resource.productId) || !isText(resource.skuId) || !isText(resource.userId) || !resource.userId.includes('@')) {
        return fail('licence needs productId, skuId and the holder\'s address as userId');
      }
      (state.licenseAssignments ??= []).push({ productId: resource.productId, skuId: resource.skuId, userId: resource.userId });
      return;
    default:
      return fail(
        `unknown kind ${JSON.stringify(resource.kind)} (expected ${USER_KIND}, ${GROUP_KIND}, ${ORG_UNIT_KIND}, ${LICENCE_LIST_KIND} or ${LICENCE_KIND})`,
      );
  }
}

/**
 * The first field of an account (as the Directory API returns it) whose value has the wrong
 * type, described; undefined when every field a plan reads is as the API gives it. A snapshot
 * edited by hand (`"suspended": "no"`) must not be read as something else.
 */
function userFieldProblem(user: Record<string, unknown>): string | undefined {
  const show = (v: unknown) => JSON.stringify(v);
  for (const key of ['id', 'orgUnitPath'] as const) {
    if (user[key] !== undefined && typeof user[key] !== 'string') return `${key} must be text, not ${show(user[key])}`;
  }
  if (typeof user.orgUnitPath === 'string' && !user.orgUnitPath.startsWith('/')) return `orgUnitPath must start with /, not ${show(user.orgUnitPath)}`;
  for (const key of ['suspended', 'archived'] as const) {
    if (user[key] !== undefined && typeof user[key] !== 'boolean') return `${key} must be true or false, not ${show(user[key])}`;
  }
  if (user.aliases !== undefined && !(Array.isArray(user.aliases) && user.aliases.every((a) => typeof a === 'string'))) return 'aliases must be a list of addresses';
  const name = user.name as Record<string, unknown> | null | undefined;
  if (name !== undefined) {
    if (name === null || typeof name !== 'object' || Array.isArray(name)) return `name must be an object, not ${show(name)}`;
    for (const part of ['givenName', 'familyName'] as const) {
      if (name[part] !== undefined && typeof name[part] !== 'string') return `name.${part} must be text, not ${show(name[part])}`;
    }
  }
  const schemas = user.customSchemas as Record<string, unknown> | null | undefined;
  if (schemas !== undefined) {
    if (schemas === null || typeof schemas !== 'object' || Array.isArray(schemas)) return 'customSchemas must be an object';
    for (const [schema, fields] of Object.entries(schemas)) {
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return `customSchemas.${schema} must be an object of fields`;
      for (const [field, value] of Object.entries(fields)) {
        const ok = value === null || ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object'));
        if (!ok) return `customSchemas.${schema}.${field} must be a value or a list of {value} objects, not ${show(value)}`;
      }
    }
  }
  if (user.externalIds !== undefined) {
    const ids = user.externalIds;
    if (!Array.isArray(ids)) return 'externalIds must be a list';
    for (const [i, entry] of ids.entries()) {
      const e = entry as Record<string, unknown> | null;
      if (e === null || typeof e !== 'object' || typeof e.value !== 'string' || (e.type !== undefined && typeof e.type !== 'string')) {
        return `externalIds[${i}] must be {value, type} with text values, not ${show(entry)}`;
      }
    }
  }
  return undefined;
}

/**
 * The lines of a snapshot in canonical order (org units by path, users by email, groups by
 * email, then each SKU read with its holders by email; keys sorted): the same Google state
 * always gives the same file.
 */
export function* snapshotLines(state: GoogleState): Generator<string> {
  for (const ou of sortedBy(state.orgUnits, (o) => o.orgUnitPath)) yield orgUnitLine(ou);
  for (const user of sortedBy(state.users, (u) => u.primaryEmail.toLowerCase())) yield userLine(user);
  for (const group of sortedBy(state.groups, (g) => g.email.toLowerCase())) yield groupLine(group);
  const holders = state.licenseAssignments ?? [];
  for (const sku of sortedBy(state.licensedSkus ?? [], skuKey)) {
    yield canonicalJson({ kind: LICENCE_LIST_KIND, productId: sku.productId, skuId: sku.skuId });
    const key = skuKey(sku);
    for (const a of sortedBy(holders.filter((h) => skuKey(h) === key), (h) => h.userId.toLowerCase())) yield licenceLine(a);
  }
}

const licenceLine = (a: LicenseAssignment): string => canonicalJson({ kind: LICENCE_KIND, productId: a.productId, skuId: a.skuId, userId: a.userId });
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

const orgUnitLine = (ou: DirectoryOrgUnit): string => canonicalJson(ou.kind === ORG_UNIT_KIND ? ou : { ...ou, kind: ORG_UNIT_KIND });
const userLine = (user: DirectoryUser): string => canonicalJson(user.kind === USER_KIND ? user : { ...user, kind: USER_KIND });
const groupLine = (group: SnapshotGroup): string =>
  canonicalJson({ ...group, kind: GROUP_KIND, members: sortedBy(group.members, (m) => m.email.toLowerCase()) });

/** A sorted copy, each key computed once (a million accounts would otherwise lower-case each address ~40 times). */
function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ key: key(item), item }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** Writes a snapshot file line by line (never one big string). */
export async function writeSnapshotFile(file: string, state: GoogleState): Promise<void> {
  // Every account's name and address: private, like a plan.
  await writeLines(
    file,
    snapshotLines(state),
    'snapshot',
    (err) => new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write snapshot (${ioCode(err)})`, { details: { file } }),
  );
}

const ioCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);
