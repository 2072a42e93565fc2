/**
 * Managed groups are a capability a target offers whole or not at all (model/group-sync.ts):
 * Google and Entra both offer it (their port contracts run the group cases); a target without it
 * is refused by name, with a coded error, wherever a plan or an apply would reach for it.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCodes, RollcallError } from '../../src/errors.js';
import type { DirectoryReader, DirectoryTarget, DirectoryWriter } from '../../src/model/directory-port.js';
import { groupReader, groupTarget, groupWriter } from '../../src/model/group-sync.js';

// A target of a kind that offers accounts only: none of the group calls.
const target = { kind: 'ldap' } as unknown as DirectoryTarget;
const reader = { description: 'ldap', read: async () => ({}), readMemberships: async () => [] } as unknown as DirectoryReader;
const writer = { readMembership: async () => ({ value: null, readAt: 0 }), removeMembership: async () => ({ attempts: 1 }) } as unknown as DirectoryWriter;

function refusalOf(call: () => unknown): RollcallError {
  try {
    call();
  } catch (err) {
    if (err instanceof RollcallError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('group sync on a target that does not offer managed groups', () => {
  it('is refused by the target\'s name: a plan as an invalid config, an apply as a refused plan', () => {
    const words = "the ldap target does not offer managed groups: it cannot read or write the groups of the config's group sets (remove groups from the config for this target)";
    for (const [call, code] of [
      [() => groupTarget(target), ErrorCodes.CONFIG_INVALID],
      [() => groupReader(reader, 'ldap'), ErrorCodes.CONFIG_INVALID],
      [() => groupWriter(writer, 'ldap'), ErrorCodes.PLAN_REFUSED],
    ] as const) {
      const err = refusalOf(call);
      expect(err.message).toBe(words);
      expect(err.code).toBe(code);
      expect(err.message).not.toMatch(/google/i);
    }
  });

  it('hands back a target, reader and writer that offer them', () => {
    const groups = { ...target, desiredGroups: () => ({ groups: [], issues: [] }) } as unknown as DirectoryTarget;
    expect(groupTarget(groups)).toBe(groups);
    const read = { ...reader, readGroups: async () => [], readRosters: async () => new Map() } as unknown as DirectoryReader;
    expect(groupReader(read, 'ldap')).toBe(read);
    const write = { ...writer, addMembership: 1, setMembershipRole: 1, readGroup: 1, createGroup: 1, deleteGroup: 1 } as unknown as DirectoryWriter;
    expect(groupWriter(write, 'ldap')).toBe(write);
  });
});
