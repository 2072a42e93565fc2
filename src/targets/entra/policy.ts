/**
 * How placement behaves in Entra, per population, from the entra section: frozen containers (an
 * account in one keeps its units and groups), temporary-reactivation containers (inactive staff
 * kept enabled in place), whether disabled accounts leave the other mail-enabled groups, and the
 * building a placement counts under for the school-drop guard: its administrative unit (SDS
 * makes one per school). Students and staff share a school's unit, so a placement counts for a
 * population only when it also holds one of that population's own groups (by the templates:
 * `{school_name} Students` for students, `{school_name} Staff` for staff).
 */
import { ADMINISTRATIVE_UNIT_PREFIX, containerTemplates, GROUP_PREFIX } from '../../config/entra-mapping.js';
import type { EntraPopulationConfig } from '../../config/types.js';
import type { PlacementPolicy } from '../../model/directory-port.js';
import { compileContainerPatterns } from '../../model/placement.js';

const NONE: readonly string[] = [];

export function entraPolicy(rules: EntraPopulationConfig): PlacementPolicy {
  const ownGroups = [...new Set(containerTemplates(rules).filter((t) => t.prefix === GROUP_PREFIX).map((t) => `${GROUP_PREFIX}${t.template.replace(/\{[a-z_]+\}/g, '*')}`))];
  const own = compileContainerPatterns(ownGroups);
  return {
    frozen: rules.frozenContainers,
    temporaryReactivation: rules.temporaryReactivationContainers ?? NONE,
    leaveGroupsWhenDisabled: rules.removeDisabledFromGroups,
    building: (placement) => {
      if (ownGroups.length > 0 && own(placement) === null) return null;
      return placement.find((c) => c.startsWith(ADMINISTRATIVE_UNIT_PREFIX)) ?? null;
    },
  };
}
