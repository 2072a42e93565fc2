/**
 * The Entra snapshot file: JSON Lines, one Graph resource per line as Graph returns it, told
 * apart by a `kind` of our own (`subscribedSku`, `administrativeUnit`, `group`, `user`).
 * Administrative units and groups carry their members' ids (and groups their owners' ids), so
 * the file holds the whole placement of every account. One resource per line keeps git diffs
 * readable and lets a large tenant be read as a stream. The emulator loads it as its seed and
 * writes its state back in the same form; the format is described in emulator/SPEC.md.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import { forEachLine, writeLines } from '../../io/file-lines.js';
import { snapshotLine, type LineFailure } from '../../io/snapshot-line.js';
import { canonicalJson } from '../../util/canonical-json.js';
import {
  emptyEntraState,
  ENTRA_KINDS,
  type AdministrativeUnitRecord,
  type EntraState,
  type GraphSubscribedSku,
  type GraphUser,
  type GroupRecord,
} from './graph-types.js';

const ioCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/** Reads a snapshot file; any malformed line is an error naming the file and line. */
export async function readEntraSnapshotFile(file: string): Promise<EntraState> {
  const state = emptyEntraState();
  let lineNo = 0;
  await forEachLine(
    file,
    (line) => {
      lineNo++;
      if (line.trim() !== '') addEntraSnapshotLine(state, line, file, lineNo);
    },
    (err) => new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${file}: cannot read snapshot (${ioCode(err)})`, { details: { file } }),
  );
  return state;
}


const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');

function requireString(resource: Record<string, unknown>, key: string, what: string, fail: LineFailure): string {
  const value = resource[key];
  if (typeof value !== 'string' || value.trim() === '') return fail(`${what} has no ${key}`);
  return value;
}

function checkUser(resource: Record<string, unknown>, fail: LineFailure): GraphUser {
  requireString(resource, 'id', 'user', fail);
  const upn = requireString(resource, 'userPrincipalName', 'user', fail);
  if (!upn.includes('@')) fail(`user ${upn}: userPrincipalName must contain @`);
  if (resource.accountEnabled !== undefined && typeof resource.accountEnabled !== 'boolean') fail(`user ${upn}: accountEnabled must be true or false`);
  const licences = resource.assignedLicenses;
  if (licences !== undefined && !(Array.isArray(licences) && licences.every((l) => typeof (l as { skuId?: unknown })?.skuId === 'string'))) {
    fail(`user ${upn}: assignedLicenses must be a list of {skuId, disabledPlans}`);
  }
  return resource as GraphUser;
}

function checkMembers(resource: Record<string, unknown>, keys: readonly string[], what: string, fail: LineFailure): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const key of keys) {
    const value = resource[key] ?? [];
    if (!isIdList(value)) return fail(`${what}: ${key} must be a list of object ids`);
    lists[key] = value;
  }
  return lists;
}

/** Parses one snapshot line into `state`; exported for tests. */
export function addEntraSnapshotLine(state: EntraState, line: string, file: string, lineNo: number): void {
  const { value, fail } = snapshotLine(line, file, lineNo);
  const { kind, ...resource } = value;
  switch (kind) {
    case ENTRA_KINDS.user:
      state.users.push(checkUser(resource, fail));
      return;
    case ENTRA_KINDS.administrativeUnit: {
      requireString(resource, 'id', 'administrativeUnit', fail);
      const name = requireString(resource, 'displayName', 'administrativeUnit', fail);
      state.administrativeUnits.push({ ...resource, ...checkMembers(resource, ['members'], `administrativeUnit ${name}`, fail) } as AdministrativeUnitRecord);
      return;
    }
    case ENTRA_KINDS.group: {
      requireString(resource, 'id', 'group', fail);
      const name = requireString(resource, 'displayName', 'group', fail);
      state.groups.push({ ...resource, ...checkMembers(resource, ['members', 'owners'], `group ${name}`, fail) } as GroupRecord);
      return;
    }
    case ENTRA_KINDS.subscribedSku:
      requireString(resource, 'skuId', 'subscribedSku', fail);
      requireString(resource, 'skuPartNumber', 'subscribedSku', fail);
      state.subscribedSkus.push(resource as GraphSubscribedSku);
      return;
    default:
      return fail(`unknown kind ${JSON.stringify(kind)} (expected ${Object.values(ENTRA_KINDS).join(', ')})`);
  }
}

/** A resource as one line: with its kind, keys sorted, null properties left out (null and absent mean the same). */
function lineOf(kind: string, resource: Record<string, unknown>): string {
  const out: Record<string, unknown> = { kind };
  for (const [key, value] of Object.entries(resource)) if (key !== 'kind' && value !== null && value !== undefined) out[key] = value;
  return canonicalJson(out);
}

const sortedIds = (ids: readonly string[]): string[] => [...ids].sort(compare);

function userLine(user: GraphUser): string {
  const licences = user.assignedLicenses?.map((l) => ({ ...l, disabledPlans: sortedIds(l.disabledPlans ?? []) })).sort((a, b) => compare(a.skuId, b.skuId));
  return lineOf(ENTRA_KINDS.user, licences === undefined ? user : { ...user, assignedLicenses: licences });
}

/**
 * The lines of a snapshot in canonical order: SKUs by part number, units and groups by display
 * name (then id), users by userPrincipalName; member and owner ids sorted. The same tenant
 * always gives the same file.
 */
export function* entraSnapshotLines(state: EntraState): Generator<string> {
  for (const sku of sortedBy(state.subscribedSkus, (s) => `${s.skuPartNumber.toLowerCase()}\u0000${s.skuId}`)) yield lineOf(ENTRA_KINDS.subscribedSku, sku);
  for (const unit of sortedBy(state.administrativeUnits, (u) => `${u.displayName.toLowerCase()}\u0000${u.id}`)) {
    yield lineOf(ENTRA_KINDS.administrativeUnit, { ...unit, members: sortedIds(unit.members) });
  }
  for (const group of sortedBy(state.groups, (g) => `${g.displayName.toLowerCase()}\u0000${g.id}`)) {
    yield lineOf(ENTRA_KINDS.group, { ...group, members: sortedIds(group.members), owners: sortedIds(group.owners) });
  }
  for (const user of sortedBy(state.users, (u) => u.userPrincipalName.toLowerCase())) yield userLine(user);
}

/** Writes a snapshot file line by line (never one big string). */
export async function writeEntraSnapshotFile(file: string, state: EntraState): Promise<void> {
  await writeLines(
    file,
    entraSnapshotLines(state),
    'snapshot',
    (err) => new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write snapshot (${ioCode(err)})`, { details: { file } }),
  );
}

/** A sorted copy, each key computed once. */
function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ key: key(item), item }));
  keyed.sort((a, b) => compare(a.key, b.key));
  return keyed.map((k) => k.item);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
