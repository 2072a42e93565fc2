/**
 * Whether a target syncs groups, and its group reader, writer and naming when it does: a
 * capability a target offers whole or not at all (Google and Entra both offer it). Reaching a
 * target without it here with groups to sync is refused by the target's name.
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
  return new RollcallError(code, `the ${kind} target does not offer managed groups: it cannot read or write the groups of the config's group sets (remove groups from the config for this target)`, {
    details: { target: kind },
  });
}
