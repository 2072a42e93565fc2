/**
 * A tenant from a seed (a snapshot file's state), refusing what a tenant could not hold: an id
 * used twice, a userPrincipalName used twice, unknown properties or values of the wrong type,
 * a member that is not a user or group of the seed, a licence of a SKU the seed does not list.
 * Each error names the object.
 */
import { ErrorCodes, RollcallError } from '../../../errors.js';
import type { EntraState, GraphAdministrativeUnit, GraphGroup, GraphUser } from '../graph-types.js';
import type { Container, ContainerStore } from './container-store.js';
import { checkValue } from './resource-writes.js';
import { ADMINISTRATIVE_UNIT_SCHEMA, GROUP_SCHEMA, type ResourceSchema } from './schema.js';
import { Tenant, type TenantOptions } from './tenant.js';
import { checkUserShape } from './user-rules.js';

export function loadTenant(seed: EntraState, options: TenantOptions): Tenant {
  const tenant = new Tenant(options);
  new SeedLoader(tenant).load(seed);
  return tenant;
}

class SeedLoader {
  constructor(private readonly tenant: Tenant) {}

  private fail(what: string): never {
    throw new RollcallError(ErrorCodes.SNAPSHOT_INVALID, `emulator seed: ${what}`, { details: { what } });
  }

  load(seed: EntraState): void {
    const t = this.tenant;
    for (const given of seed.subscribedSkus) {
      if (t.skus.has(given.skuId)) this.fail(`subscribedSku ${given.skuId} is listed twice`);
      const { consumedUnits: _computed, ...sku } = structuredClone(given);
      t.skus.set(sku.skuId, { id: `${t.tenantId}_${sku.skuId}`, appliesTo: 'User', capabilityStatus: 'Enabled', ...sku });
    }
    for (const given of seed.users) this.addUser(given);
    for (const { members: _m, owners: _o, ...group } of seed.groups) {
      this.checkResource(group, GROUP_SCHEMA, `group ${group.id}`);
      t.groups.add(structuredClone(group) as GraphGroup);
    }
    for (const { members: _m, ...unit } of seed.administrativeUnits) {
      this.checkResource(unit, ADMINISTRATIVE_UNIT_SCHEMA, `administrativeUnit ${unit.id}`);
      t.units.add(structuredClone(unit) as GraphAdministrativeUnit);
    }
    // Members are linked once every object exists: a group may hold a group listed after it.
    for (const unit of seed.administrativeUnits) this.link(t.units, unit.id, 'members', unit.members, `administrativeUnit ${unit.id}`);
    for (const group of seed.groups) {
      this.link(t.groups, group.id, 'members', group.members, `group ${group.id}`);
      this.link(t.groups, group.id, 'owners', group.owners, `group ${group.id}`);
    }
  }

  private addUser(given: GraphUser): void {
    const t = this.tenant;
    const what = `user ${given.userPrincipalName}`;
    this.checkResource(given, t.userSchema, what);
    if (t.users.upnTaken(given.userPrincipalName)) this.fail(`userPrincipalName ${given.userPrincipalName} is used twice`);
    try {
      checkUserShape(given, t.rules);
    } catch (err) {
      this.fail(`${what}: ${(err as Error).message}`);
    }
    for (const licence of given.assignedLicenses ?? []) {
      if (!t.skus.has(licence.skuId)) this.fail(`${what}: assigned licence ${licence.skuId} is not a subscribedSku of the seed`);
    }
    t.putUser(structuredClone(given));
  }

  /** Known properties of the right type, and an id no other object has. */
  private checkResource(resource: Record<string, unknown> & { id: string }, schema: ResourceSchema, what: string): void {
    if (this.tenant.idTaken(resource.id)) this.fail(`${what}: id ${resource.id} is used twice`);
    for (const [key, value] of Object.entries(resource)) {
      const spec = schema.property(key);
      if (!spec || spec.name !== key || spec.access === 'secret') this.fail(`${what}: unknown property ${key}`);
      if (spec.access === 'read' || value === null) continue;
      try {
        checkValue(spec, value, schema);
      } catch {
        this.fail(`${what}: ${key} is not a valid ${spec.type}`);
      }
    }
  }

  private link<R extends { id: string }>(store: ContainerStore<R>, id: string, relation: 'members' | 'owners', ids: readonly string[], what: string): void {
    const container = store.find(id) as Container<R>;
    for (const member of ids) {
      const object = this.tenant.directoryObject(member);
      if (!object) this.fail(`${what}: ${relation} ${member} is not a user or group of the seed`);
      if (relation === 'owners' && object.type !== 'user') this.fail(`${what}: owner ${member} is not a user`);
      if (object.type === 'group' && object.group.resource.id === id) this.fail(`${what}: a group cannot be its own member`);
      store.link(container, relation, member);
    }
  }
}
