/** orgunits.list, orgunits.get, orgunits.insert. */
import { ApiError, invalidInput, invalidOrgUnit } from './api-error.js';
import { checkCustomer } from './customer.js';
import type { OrgUnitListType } from './org-unit-store.js';
import { listAnswer } from './paging.js';
import type { RequestContext, Route, RouteResult } from './router.js';

const LIST_TYPES: readonly OrgUnitListType[] = ['all', 'children', 'allIncludingParent'];

function listOrgUnits({ params, query, store }: RequestContext): RouteResult {
  checkCustomer(store, params.customerId ?? '');
  const type = (query.get('type') ?? 'children') as OrgUnitListType;
  if (!LIST_TYPES.includes(type)) throw invalidInput(`type ${type}`);
  const parent = store.orgUnits.find(query.get('orgUnitPath') ?? '/');
  if (!parent) throw invalidOrgUnit();
  return listAnswer('admin#directory#orgUnits', 'organizationUnits', structuredClone(store.orgUnits.list(parent.orgUnitPath, type)), undefined);
}

function getOrgUnit({ params, store }: RequestContext): RouteResult {
  checkCustomer(store, params.customerId ?? '');
  const unit = store.orgUnits.find(params.orgUnitPath ?? '');
  if (!unit) throw new ApiError(404, 'Org unit not found', 'notFound');
  return { status: 200, body: structuredClone(unit) };
}

function insertOrgUnit({ params, body, store }: RequestContext): RouteResult {
  checkCustomer(store, params.customerId ?? '');
  const { name, parentOrgUnitPath, parentOrgUnitId, description } = body;
  if (typeof name !== 'string' || name.trim() === '' || name.includes('/')) throw invalidInput('INVALID_OU_NAME');
  const parentKey = typeof parentOrgUnitId === 'string' ? parentOrgUnitId : typeof parentOrgUnitPath === 'string' ? parentOrgUnitPath : '/';
  const parent = store.orgUnits.find(parentKey);
  if (!parent) throw invalidOrgUnit();
  if (store.orgUnits.exists(`${parent.orgUnitPath}/${name}`)) throw new ApiError(409, 'Invalid Ou Id', 'duplicate');
  const extra: Record<string, unknown> = {};
  if (typeof body.blockInheritance === 'boolean') extra.blockInheritance = body.blockInheritance;
  const unit = store.orgUnits.create({
    name,
    parentPath: parent.orgUnitPath,
    extra,
    ...(typeof description === 'string' ? { description } : {}),
  });
  return { status: 200, body: structuredClone(unit) };
}

export const orgUnitRoutes: Route[] = [
  { method: 'GET', pattern: 'customer/:customerId/orgunits', name: 'orgunits.list', mutates: false, handle: listOrgUnits },
  { method: 'POST', pattern: 'customer/:customerId/orgunits', name: 'orgunits.insert', mutates: true, handle: insertOrgUnit },
  { method: 'GET', pattern: 'customer/:customerId/orgunits/*orgUnitPath', name: 'orgunits.get', mutates: false, handle: getOrgUnit },
];
