/**
 * A model of what applying a plan does to Google, for property tests: the executor against the
 * emulator must reach the same state. Managed fields come from `after` (attributes as Google
 * holds them: custom schema fields and the managed externalIds entry); everything else stays.
 */
import type { AccountFields, Plan } from '../../src/plan/types.js';
import { parseAttributeKey } from '../../src/targets/google/attribute-keys.js';
import type { DirectoryUser, GoogleState } from '../../src/targets/google/directory-types.js';

export function applyInMemory(plan: Plan, google: GoogleState): GoogleState {
  const next = structuredClone(google);
  const byEmail = new Map(next.users.map((u) => [u.primaryEmail.toLowerCase(), u]));
  for (const change of plan.changes) {
    if (change.kind === 'create') {
      const user: DirectoryUser = { kind: 'admin#directory#user', id: `mem-${next.users.length}`, primaryEmail: change.after.address };
      write(user, change.after, {});
      next.users.push(user);
      byEmail.set(change.after.address, user);
    } else if (change.kind === 'update') {
      const user = byEmail.get(change.address)!;
      write(user, change.after, change.before.attributes);
      byEmail.set(change.after.address, user);
    } else if (change.kind === 'remove-from-group') {
      const group = next.groups.find((g) => g.email.toLowerCase() === change.group)!;
      group.members = group.members.filter((m) => m.email.toLowerCase() !== change.address);
    }
  }
  return next;
}

function write(user: DirectoryUser, after: AccountFields, before: AccountFields['attributes']): void {
  user.primaryEmail = after.address;
  user.name = { givenName: after.name.given, familyName: after.name.family };
  user.orgUnitPath = after.placement[0] as string;
  user.suspended = !after.enabled;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after.attributes)])) {
    const a = parseAttributeKey(key);
    const value = after.attributes[key];
    if (a?.kind === 'custom') {
      const schemas = (user.customSchemas ??= {});
      if (value === undefined) delete schemas[a.schema]?.[a.field];
      else (schemas[a.schema] ??= {})[a.field] = value;
    } else if (a?.kind === 'externalId') {
      const others = (user.externalIds ?? []).filter((e) => e.type !== a.type);
      user.externalIds = value === undefined ? others : [...others, { type: a.type, value }];
    }
  }
}
