import type { Config } from '../config/types.js';
import type { PlanHold } from '../plan/types.js';
import type { DesiredAccount } from '../rules/desired-account.js';
import { normaliseOrgUnitPath } from '../rules/org-unit-pattern.js';
import type { GoogleState } from '../targets/google/directory-types.js';

/**
 * A PowerSchool outage, a broken export or an empty query must never look like a school
 * emptying. Active Google accounts are counted per building OU (the level below a population's
 * OU prefix), and compared with the active people PowerSchool places there tonight; a building
 * that falls below the configured share holds the plan, even though such accounts would only
 * become unmanaged, because whatever emptied it will not stop at one building.
 */
export function schoolDropHolds(desired: readonly DesiredAccount[], actual: GoogleState, config: Config): PlanHold[] {
  const holds: PlanHold[] = [];
  const { percent, minAccounts } = config.safety.schoolDrop;
  // Counted per org unit first, in one pass over each side: a district has a million accounts in
  // a few hundred org units, and each population then only looks at the org units.
  const inGoogleByPath = countBy(actual.users, (user) => (user.suspended === true || user.archived === true ? null : (user.orgUnitPath ?? '/')));
  for (const population of ['student', 'staff'] as const) {
    const rules = population === 'student' ? config.students : config.staff;
    if (!rules.enabled) continue;
    const prefix = normaliseOrgUnitPath(rules.ouPrefix);
    const buildingOf = (path: string): string | null => {
      const p = normaliseOrgUnitPath(path);
      const rest = prefix === '/' ? p.slice(1) : p.toLowerCase().startsWith(`${prefix.toLowerCase()}/`) ? p.slice(prefix.length + 1) : null;
      if (rest === null || rest === '') return null;
      return `${prefix === '/' ? '' : prefix}/${rest.split('/')[0]}`;
    };
    const inGoogle = new Map<string, { path: string; count: number }>();
    for (const [orgUnitPath, count] of inGoogleByPath) {
      const building = buildingOf(orgUnitPath);
      if (building === null) continue;
      const entry = inGoogle.get(building.toLowerCase());
      if (entry) entry.count += count;
      else inGoogle.set(building.toLowerCase(), { path: building, count });
    }
    const inSource = new Map<string, number>();
    for (const [orgUnitPath, count] of countBy(desired, (d) => (d.person.population !== population || d.suspended ? null : d.orgUnitPath))) {
      const building = buildingOf(orgUnitPath);
      if (building !== null) inSource.set(building.toLowerCase(), (inSource.get(building.toLowerCase()) ?? 0) + count);
    }
    for (const [key, { path, count }] of [...inGoogle.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (count < minAccounts) continue;
      const active = inSource.get(key) ?? 0;
      const floor = (count * percent) / 100;
      if (active === 0 || active < floor) {
        holds.push({
          code: 'SCHOOL_DROP',
          count: active,
          orgUnit: path,
          message: `${path}: ${count} active ${population} accounts in Google but ${active} active ${population === 'student' ? 'students' : 'staff'} placed there by PowerSchool (below ${percent}%); check that PowerSchool and tonight's export are complete`,
        });
      }
    }
  }
  return holds;
}

/** How many items give each key (null: not counted), keys in the order first seen. */
function countBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
