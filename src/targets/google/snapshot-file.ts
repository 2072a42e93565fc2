/**
 * The Google snapshot file: JSON Lines, one Directory API resource per line exactly as the API
 * returns it, told apart by its own `kind`. One account per line keeps git diffs readable and
 * lets a million-account file be read as a stream (it never has to fit in one string).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { canonicalJson } from '../../plan/canonical-json.js';
import {
  GROUP_KIND,
  ORG_UNIT_KIND,
  USER_KIND,
  type DirectoryOrgUnit,
  type DirectoryUser,
  type GoogleState,
  type SnapshotGroup,
} from './directory-types.js';

/** Reads a snapshot file; any malformed line is an error naming the file and line. */
export async function readSnapshotFile(file: string): Promise<GoogleState> {
  const state: GoogleState = { users: [], groups: [], orgUnits: [] };
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    throw new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${file}: cannot read snapshot (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
      details: { file },
    });
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    addSnapshotLine(state, line, file, lineNo);
  }
  return state;
}

/** Parses one snapshot line into `state`; exported for the emulator and for tests. */
export function addSnapshotLine(state: GoogleState, line: string, file: string, lineNo: number): void {
  const fail = (why: string): never => {
    throw new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `${file} line ${lineNo}: ${why}`, { details: { file, line: lineNo } });
  };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return fail(`not valid JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('expected a JSON object');
  const resource = value as Record<string, unknown>;
  switch (resource.kind) {
    case USER_KIND:
      if (typeof resource.primaryEmail !== 'string' || !resource.primaryEmail.includes('@')) {
        return fail('user has no primaryEmail');
      }
      if (resource.customSchemas !== undefined && (typeof resource.customSchemas !== 'object' || resource.customSchemas === null)) {
        return fail(`user ${resource.primaryEmail}: customSchemas must be an object`);
      }
      state.users.push(resource as DirectoryUser);
      return;
    case GROUP_KIND: {
      if (typeof resource.email !== 'string') return fail('group has no email');
      const members = resource.members ?? [];
      if (!Array.isArray(members)) return fail(`group ${resource.email}: members must be an array`);
      for (const [i, m] of members.entries()) {
        if (m === null || typeof m !== 'object' || typeof (m as { email?: unknown }).email !== 'string') {
          return fail(`group ${resource.email}: members[${i}] has no email`);
        }
      }
      state.groups.push({ ...resource, members } as SnapshotGroup);
      return;
    }
    case ORG_UNIT_KIND:
      if (typeof resource.orgUnitPath !== 'string' || !resource.orgUnitPath.startsWith('/')) {
        return fail('orgUnit has no orgUnitPath starting with /');
      }
      state.orgUnits.push(resource as DirectoryOrgUnit);
      return;
    default:
      return fail(
        `unknown kind ${JSON.stringify(resource.kind)} (expected ${USER_KIND}, ${GROUP_KIND} or ${ORG_UNIT_KIND})`,
      );
  }
}

/**
 * The lines of a snapshot in canonical order (org units by path, users by email, groups by
 * email, keys sorted): the same Google state always gives the same file.
 */
export function* snapshotLines(state: GoogleState): Generator<string> {
  const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  for (const ou of [...state.orgUnits].sort(byKey((o) => o.orgUnitPath))) {
    yield canonicalJson({ ...ou, kind: ORG_UNIT_KIND });
  }
  for (const user of [...state.users].sort(byKey((u) => u.primaryEmail.toLowerCase()))) {
    yield canonicalJson({ ...user, kind: USER_KIND });
  }
  for (const group of [...state.groups].sort(byKey((g) => g.email.toLowerCase()))) {
    const members = [...group.members].sort(byKey((m) => m.email.toLowerCase()));
    yield canonicalJson({ ...group, kind: GROUP_KIND, members });
  }
}

/** Writes a snapshot file line by line (never one big string). */
export async function writeSnapshotFile(file: string, state: GoogleState): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  try {
    for (const line of snapshotLines(state)) {
      if (!out.write(line + '\n')) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (err) {
    throw new RollcallError(ErrorCodes.WRITE_FAILED, `${file}: cannot write snapshot (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
      details: { file },
    });
  }
}
