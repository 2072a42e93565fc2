/** Administrative units and groups, described once so their routes can be written once. */
import type { ContainerStore, Relation } from './container-store.js';
import { ADMINISTRATIVE_UNIT_SCHEMA, GROUP_SCHEMA, type ResourceSchema } from './schema.js';
import type { Tenant } from './tenant.js';

/** What units and groups have in common. */
export interface ContainerResource {
  id: string;
  displayName: string;
  [property: string]: unknown;
}

export interface ContainerKind {
  /** The path of the entity set, as routes and `@odata.context` name it. */
  path: 'directory/administrativeUnits' | 'groups';
  /** The prefix of its operation names in the stats. */
  statsName: 'administrativeUnits' | 'groups';
  schema: ResourceSchema;
  relations: readonly Relation[];
  store(tenant: Tenant): ContainerStore<ContainerResource>;
  /** What a new one's id is derived from. */
  idSeed(resource: Record<string, unknown>): string;
}

export const ADMINISTRATIVE_UNITS: ContainerKind = {
  path: 'directory/administrativeUnits',
  statsName: 'administrativeUnits',
  schema: ADMINISTRATIVE_UNIT_SCHEMA,
  relations: ['members'],
  store: (tenant) => tenant.units,
  idSeed: (unit) => `administrativeUnit:${String(unit.displayName).toLowerCase()}`,
};

export const GROUPS: ContainerKind = {
  path: 'groups',
  statsName: 'groups',
  schema: GROUP_SCHEMA,
  relations: ['members', 'owners'],
  store: (tenant) => tenant.groups,
  idSeed: (group) => `group:${String(group.mailNickname).toLowerCase()}`,
};
