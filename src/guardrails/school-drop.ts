import type { SafetyConfig } from '../config/types.js';
import type { ActualAccount, DesiredAccount } from '../model/account.js';
import type { PlacementPolicy, TargetVocabulary } from '../model/directory-port.js';
import type { Population } from '../model/person.js';
import type { PlanHold } from '../plan/types.js';

/**
 * A PowerSchool outage, a broken export or an empty query must never look like a school
 * emptying. Active accounts in the directory are counted per building (the target's policy says
 * which building a placement lies in: for Google, the org unit one level below a population's
 * prefix), and compared with the active people PowerSchool places there tonight; a building
 * that falls below the configured share holds the plan, even though such accounts would only
 * become unmanaged, because whatever emptied it will not stop at one building.
 */
export function schoolDropHolds(
  desired: readonly DesiredAccount[],
  accounts: readonly ActualAccount[],
  limits: SafetyConfig['schoolDrop'],
  target: { policies: ReadonlyMap<Population, PlacementPolicy>; vocabulary: TargetVocabulary },
): PlanHold[] {
  const holds: PlanHold[] = [];
  const { percent, minAccounts } = limits;
  // Counted per placement first, in one pass over each side: a district has a million accounts in
  // a few hundred containers, and each population then only looks at the placements.
  const active = countBy(accounts, (a) => (!a.enabled || a.archived === true ? null : a.placement));
  for (const population of ['student', 'staff'] as const) {
    const policy = target.policies.get(population);
    if (policy === undefined) continue;
    const inDirectory = new Map<string, { building: string; count: number }>();
    for (const [placement, count] of active) {
      const building = policy.building(placement);
      if (building === null) continue;
      const entry = inDirectory.get(building.toLowerCase());
      if (entry) entry.count += count;
      else inDirectory.set(building.toLowerCase(), { building, count });
    }
    const inSource = new Map<string, number>();
    for (const [placement, count] of countBy(desired, (d) => (d.person.population !== population || !d.fields.enabled ? null : d.fields.placement))) {
      const building = policy.building(placement);
      if (building !== null) inSource.set(building.toLowerCase(), (inSource.get(building.toLowerCase()) ?? 0) + count);
    }
    for (const [key, { building, count }] of [...inDirectory.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (count < minAccounts) continue;
      const placed = inSource.get(key) ?? 0;
      const floor = (count * percent) / 100;
      if (placed === 0 || placed < floor) {
        holds.push({
          code: 'SCHOOL_DROP',
          count: placed,
          container: building,
          message: `${building}: ${count} active ${population} accounts in ${target.vocabulary.directory} but ${placed} active ${population === 'student' ? 'students' : 'staff'} placed there by PowerSchool (below ${percent}%); check that PowerSchool and tonight's export are complete`,
        });
      }
    }
  }
  return holds;
}

/**
 * How many items have each placement (null: not counted), placements in the order first seen.
 * Keyed by the placement array itself: accounts in one container share one array (the readers
 * and the mappings see to it), so a million accounts make a few hundred entries.
 */
function countBy<T>(items: readonly T[], placementOf: (item: T) => readonly string[] | null): Map<readonly string[], number> {
  const counts = new Map<readonly string[], number>();
  for (const item of items) {
    const placement = placementOf(item);
    if (placement !== null) counts.set(placement, (counts.get(placement) ?? 0) + 1);
  }
  return counts;
}
