/**
 * What the schema cannot say about group sets: names unique, only the placeholders of a set's
 * kind in its templates (and none that change while a group lives in its address), only the
 * role keys and options of its kind, and an address template that can tell groups apart; and,
 * beside an entra section, a domain for the groups' addresses and no role Entra lacks
 * (targets/entra/group-roles.ts: an Entra group has members and owners, no managers). And,
 * for a config that manages groups, the default limits on group changes (filled in here, so a
 * config without groups keeps its digest).
 */
import { GROUP_PLACEHOLDERS, GROUP_ROLE_KEYS, NAME_ONLY_PLACEHOLDERS } from './group-placeholders.js';
import type { ChangeLimits, Config, GroupKind, LimitedGroupAction } from './types.js';

/** A tenant named by its domain (not its id), as group-mapping.ts groupDomain takes it. */
const ENTRA_GROUP_DOMAIN = /^(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$).*\./i;

/** Limits on group changes when the config names none (percents of managed groups or memberships). */
export const DEFAULT_GROUP_LIMITS: Readonly<Record<LimitedGroupAction, { percent: number }>> = {
  'create-group': { percent: 25 },
  'delete-group': { percent: 10 },
  'add-member': { percent: 25 },
  'remove-member': { percent: 10 },
  'change-role': { percent: 10 },
};

/** Options that apply to some kinds only. */
const KIND_OPTIONS: Readonly<Record<string, readonly GroupKind[]>> = {
  grades: ['building-students', 'grade', 'graduating-class'],
  staffTypes: ['building-staff', 'staff-type'],
  staffSchools: ['building-staff', 'staff-type'],
  endedTerms: ['section'],
};

export function groupSetErrors(config: Config, input: unknown): string[] {
  const groups = config.groups;
  if (groups === undefined) return [];
  const errors: string[] = [];
  if (config.entra !== undefined && !ENTRA_GROUP_DOMAIN.test(config.entra.tenant) && (config.entra.verifiedDomains ?? []).length === 0) {
    errors.push(`groups: the Entra groups' addresses are their mailNickname at the tenant's domain, and entra.tenant is an id ("${config.entra.tenant}"): name the tenant by its domain, or list entra.verifiedDomains (the first is used)`);
  }
  const given = ((input as { groups?: { sets?: unknown[] } }).groups?.sets ?? []) as Array<Record<string, unknown>>;
  const names = new Map<string, number>();
  groups.sets.forEach((set, i) => {
    const at = `groups.sets.${i}`;
    const prior = names.get(set.name.toLowerCase());
    if (prior !== undefined) errors.push(`${at}.name: "${set.name}" is also the name of groups.sets.${prior}`);
    names.set(set.name.toLowerCase(), i);
    const known = new Set(GROUP_PLACEHOLDERS[set.kind]);
    for (const [key, template] of [['address', set.address], ['displayName', set.displayName], ['description', set.description]] as const) {
      for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
        const name = m[1] as string;
        if (!known.has(name)) errors.push(`${at}.${key}: unknown placeholder {${name}} for a ${set.kind} set (known: ${[...known].map((k) => `{${k}}`).join(' ')})`);
        else if (key === 'address' && NAME_ONLY_PLACEHOLDERS.includes(name)) errors.push(`${at}.address: {${name}} may be in a name, not an address (it changes while the group lives)`);
      }
    }
    if (set.kind === 'section' && !/\{(section_id|section_number)\}/.test(set.address)) {
      errors.push(`${at}.address: a section set's address needs {section_number} or {section_id}, or two classes of a course would share a group`);
    }
    const raw = given[i] ?? {};
    const roles = (raw.roles ?? {}) as Record<string, unknown>;
    const allowed = GROUP_ROLE_KEYS[set.kind] as readonly string[];
    for (const key of Object.keys(roles)) {
      if (!allowed.includes(key)) errors.push(`${at}.roles.${key}: does not apply to a ${set.kind} set (its keys: ${allowed.join(', ')})`);
    }
    if (allowed.every((key) => set.roles[key as keyof typeof set.roles] === null)) errors.push(`${at}.roles: places nobody (every role of a ${set.kind} set is null)`);
    if (config.entra !== undefined) {
      for (const key of allowed) {
        if (set.roles[key as keyof typeof set.roles] === 'manager') {
          errors.push(`${at}.roles.${key}: an Entra group has members and owners but no managers: use member or owner (an owner is made a member too)`);
        }
      }
    }
    for (const [option, kinds] of Object.entries(KIND_OPTIONS)) {
      if (raw[option] !== undefined && !kinds.includes(set.kind)) errors.push(`${at}.${option}: applies to ${kinds.join(', ')} sets only`);
    }
  });
  return errors;
}

/** The default limits for the group changes a config with groups does not limit itself, in every window's absence. */
export function fillGroupLimits(config: Config): void {
  if (config.groups === undefined) return;
  const limits: ChangeLimits = config.safety.limits;
  for (const [action, limit] of Object.entries(DEFAULT_GROUP_LIMITS) as Array<[LimitedGroupAction, { percent: number }]>) {
    limits[action] ??= { ...limit };
  }
}
