/**
 * How placement behaves in Google, per population, from the config: frozen org units (never
 * moved out of), temporary-reactivation org units (staff kept active in place), whether
 * suspended accounts leave their groups, and the building OU an org unit counts under (the level
 * below the population's ouPrefix) for the school-drop guard.
 */
import type { Config } from '../../config/types.js';
import type { PlacementPolicy } from '../../model/directory-port.js';
import type { Population } from '../../model/person.js';
import { buildingOrgUnit } from './org-units.js';

const NONE: readonly string[] = [];

export function googlePolicy(config: Config, population: Population): PlacementPolicy {
  const rules = population === 'student' ? config.students : config.staff;
  const prefix = rules.ouPrefix;
  return {
    frozen: rules.frozenOrgUnits,
    temporaryReactivation: population === 'staff' ? config.staff.temporaryReactivationOrgUnits : NONE,
    leaveGroupsWhenDisabled: rules.removeSuspendedFromGroups,
    building: (placement) => buildingOrgUnit(prefix, placement[0] ?? '/'),
  };
}
