/**
 * A model of what applying a plan does to Google, for property tests: the executor against the
 * emulator must reach the same state. Managed fields come from `after`; everything else stays.
 */
import type { Plan } from '../../src/plan/types.js';
import type { DirectoryUser, GoogleState } from '../../src/targets/google/directory-types.js';

export function applyInMemory(plan: Plan, google: GoogleState): GoogleState {
  const next = structuredClone(google);
  const byEmail = new Map(next.users.map((u) => [u.primaryEmail.toLowerCase(), u]));
  for (const change of plan.changes) {
    if (change.kind === 'create') {
      const a = change.after;
      const user: DirectoryUser = {
        kind: 'admin#directory#user',
        id: `mem-${next.users.length}`,
        primaryEmail: a.primaryEmail,
        name: { ...a.name },
        orgUnitPath: a.orgUnitPath,
        suspended: a.suspended,
        customSchemas: structuredClone(a.customSchemas),
        ...(a.externalIds ? { externalIds: structuredClone(a.externalIds) } : {}),
      };
      next.users.push(user);
      byEmail.set(a.primaryEmail, user);
    } else if (change.kind === 'update') {
      const user = byEmail.get(change.address)!;
      const { before, after } = change;
      user.primaryEmail = after.primaryEmail;
      user.name = { ...after.name };
      user.orgUnitPath = after.orgUnitPath;
      user.suspended = after.suspended;
      const schemas = (user.customSchemas ??= {});
      for (const [schema, fields] of Object.entries(before.customSchemas)) {
        for (const field of Object.keys(fields)) delete schemas[schema]?.[field];
      }
      for (const [schema, fields] of Object.entries(after.customSchemas)) Object.assign((schemas[schema] ??= {}), fields);
      if (after.externalIds) user.externalIds = structuredClone(after.externalIds);
      byEmail.set(after.primaryEmail, user);
    } else {
      const group = next.groups.find((g) => g.email.toLowerCase() === change.group)!;
      group.members = group.members.filter((m) => m.email.toLowerCase() !== change.address);
    }
  }
  return next;
}
