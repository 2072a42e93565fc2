/**
 * Licences: the tenant's subscribed SKUs (with the units in use), and assignLicense on a user
 * (`{"addLicenses":[{"skuId","disabledPlans"}],"removeLicenses":[skuId]}`). As in Graph, a
 * user needs a usageLocation before a licence can be added, a SKU must have a unit free, and
 * removing a licence the user does not have is an error; the whole call changes nothing when
 * any part of it fails.
 */
import type { Answer } from '../../../emulator-kit/request-gate.js';
import type { AssignedLicense } from '../graph-types.js';
import { badRequest, invalidValue } from './graph-error.js';
import { contextUrl, type RequestContext, type Route } from './router.js';
import { requireUser, userAnswer } from './routes-users.js';
import { project } from './odata-query.js';
import { SUBSCRIBED_SKU_SCHEMA } from './schema.js';

function listSkus(ctx: RequestContext): Answer {
  ctx.query.allowOnly('$select');
  const selected = ctx.query.select(SUBSCRIBED_SKU_SCHEMA);
  const skus = [...ctx.tenant.skus.values()].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
  return { status: 200, body: { '@odata.context': contextUrl(ctx, 'subscribedSkus'), value: skus.map((s) => project(ctx.tenant.skuView(s), selected)) } };
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function parseAdds(value: unknown): AssignedLicense[] {
  if (!Array.isArray(value)) throw invalidValue('addLicenses', 'User');
  return value.map((entry: unknown) => {
    const { skuId, disabledPlans } = (entry ?? {}) as Record<string, unknown>;
    if (typeof skuId !== 'string' || (disabledPlans !== undefined && disabledPlans !== null && !isStringList(disabledPlans))) {
      throw invalidValue('addLicenses', 'User');
    }
    return { skuId, disabledPlans: (disabledPlans as string[] | null | undefined) ?? [] };
  });
}

function assignLicense(ctx: RequestContext): Answer {
  const { tenant, body, params } = ctx;
  ctx.query.allowOnly();
  const user = requireUser(tenant, params.id);
  const adds = parseAdds(body.addLicenses);
  const removes = body.removeLicenses;
  if (!isStringList(removes)) throw invalidValue('removeLicenses', 'User');
  if (adds.length > 0 && typeof user.usageLocation !== 'string') {
    throw badRequest('License assignment cannot be done for user with invalid usage location.');
  }
  const held = new Map((user.assignedLicenses ?? []).map((l) => [l.skuId, l]));
  for (const skuId of removes) {
    if (!held.has(skuId)) throw badRequest('User does not have a corresponding license.');
    held.delete(skuId);
  }
  for (const licence of adds) {
    const sku = tenant.skus.get(licence.skuId);
    if (!sku) throw badRequest(`License ${licence.skuId} does not correspond to a valid company License.`);
    // A unit is taken only by a user who did not hold the SKU before; no prepaidUnits means no limit.
    const enabled = sku.prepaidUnits?.enabled;
    const holdsAlready = (user.assignedLicenses ?? []).some((l) => l.skuId === licence.skuId);
    if (!holdsAlready && enabled !== undefined && tenant.consumedUnits(licence.skuId) >= enabled) {
      throw badRequest(`Subscription with SKU ${licence.skuId} does not have any available licenses.`);
    }
    held.set(licence.skuId, licence);
  }
  const after = { ...user, assignedLicenses: [...held.values()] };
  tenant.putUser(after);
  return userAnswer(ctx, after, 200);
}

export const licenceRoutes: Route[] = [
  { method: 'GET', pattern: 'subscribedSkus', name: 'subscribedSkus.list', mutates: false, handle: listSkus },
  { method: 'POST', pattern: 'users/:id/assignLicense', name: 'users.assignLicense', mutates: true, handle: assignLicense },
];
