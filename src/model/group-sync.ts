/**
 * Whether a target syncs groups, and its group reader, writer and naming when it does. Config
 * validation refuses group sets for a target that does not (config/group-set-checks.ts), so
 * reaching one here with groups to sync is a plan or config that bypassed it: refused by name.
 */
import { ErrorCodes, RollcallError, type ErrorCode } from '../errors.js';
import type { DirectoryReader, DirectoryTarget, DirectoryWriter, GroupReader, GroupTarget, GroupWriter } from './directory-port.js';

export function groupTarget(target: DirectoryTarget): GroupTarget & DirectoryTarget {
  if (target.desiredGroups === undefined) throw refusal(ErrorCodes.CONFIG_INVALID, target.kind);
  return target as GroupTarget & DirectoryTarget;
}

export function groupReader(reader: DirectoryReader, kind: string): GroupReader & DirectoryReader {
  if (reader.readGroups === undefined || reader.readRosters === undefined) throw refusal(ErrorCodes.CONFIG_INVALID, kind);
  return reader as GroupReader & DirectoryReader;
}

export function groupWriter(writer: DirectoryWriter, kind: string): GroupWriter & DirectoryWriter {
  const w = writer as Partial<GroupWriter>;
  if (w.addMembership === undefined || w.setMembershipRole === undefined || w.readGroup === undefined || w.createGroup === undefined || w.deleteGroup === undefined) {
    throw refusal(ErrorCodes.PLAN_REFUSED, kind);
  }
  return writer as GroupWriter & DirectoryWriter;
}

function refusal(code: ErrorCode, kind: string): RollcallError {
  return new RollcallError(code, `group sync is Google-only for now: the ${kind} target does not read or write managed groups (remove groups from the config for this target)`, {
    details: { target: kind },
  });
}
