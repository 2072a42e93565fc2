import type { LoadedConfig } from '../config/types.js';
import { ErrorCodes, RollcallError } from '../errors.js';
import type { DirectoryTarget, SnapshotCounts } from '../model/directory-port.js';
import { groupReader, groupTarget } from '../model/group-sync.js';
import type { EventSink } from '../model/events.js';
import { ActualIndex } from '../plan/actual-index.js';
import { membershipCandidates } from '../plan/membership-candidates.js';
import type { PowerSchoolSource } from '../sources/rows.js';
import { desiredAccounts } from './desired-for-target.js';
import { policiesOf } from './make-plan.js';

export interface SnapshotOptions {
  config: LoadedConfig;
  source: PowerSchoolSource;
  target: DirectoryTarget;
  today: string;
  events: EventSink;
  file: string;
}

/**
 * The snapshot recipe: read the directory in full, then the memberships of the accounts a plan
 * could take out of their groups (which needs PowerSchool and the rules, as a plan does), the
 * holders of the licences the config manages and, when the config manages groups, every group
 * and the members of the managed ones, and write it all in the target's snapshot format, to plan
 * offline or seed its emulator.
 */
export async function takeSnapshot(options: SnapshotOptions): Promise<SnapshotCounts> {
  const { config, source, target, today, events, file } = options;
  const reader = target.openReader({ complete: true });
  if (reader.writeSnapshot === undefined) {
    throw new RollcallError(ErrorCodes.USAGE, `the ${target.kind} target cannot write a snapshot file`, { details: { target: target.kind } });
  }
  const desired = desiredAccounts(await source.read(), config.config, target, today);
  const state = await reader.read();
  await reader.readMemberships(membershipCandidates(desired.accounts, new ActualIndex(state.accounts), policiesOf(target)));
  // The licences the config manages, so a plan from the file knows who holds them.
  await reader.readLicences();
  if (desired.groups !== undefined) {
    const managed = new Set(groupTarget(target).desiredGroups(desired.groups).groups.map((g) => g.fields.address));
    const groupsRead = groupReader(reader, target.kind);
    const groups = await groupsRead.readGroups();
    await groupsRead.readRosters(groups.map((g) => g.address).filter((address) => managed.has(address)));
  }
  const counts = await reader.writeSnapshot(file);
  events.emit({ level: 'info', code: 'SNAPSHOT_WRITTEN', message: `wrote ${file}: ${counts.accounts} accounts, ${counts.containers} ${target.vocabulary.container}s, ${counts.groups} groups`, data: { ...counts } });
  return counts;
}
