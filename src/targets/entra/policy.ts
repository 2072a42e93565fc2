/**
 * How placement behaves in Entra, per population, from the entra section: frozen containers (an
 * account in one keeps its units and groups), temporary-reactivation containers (inactive staff
 * kept enabled in place), whether disabled accounts leave the other mail-enabled groups, and the
 * building a placement counts under for the school-drop guard: its administrative unit (SDS
 * makes one per school).
 */
import { ADMINISTRATIVE_UNIT_PREFIX } from '../../config/entra-mapping.js';
import type { EntraPopulationConfig } from '../../config/types.js';
import type { PlacementPolicy } from '../../model/directory-port.js';

const NONE: readonly string[] = [];

export function entraPolicy(rules: EntraPopulationConfig): PlacementPolicy {
  return {
    frozen: rules.frozenContainers,
    temporaryReactivation: rules.temporaryReactivationContainers ?? NONE,
    leaveGroupsWhenDisabled: rules.removeDisabledFromGroups,
    building: (placement) => placement.find((c) => c.startsWith(ADMINISTRATIVE_UNIT_PREFIX)) ?? null,
  };
}
