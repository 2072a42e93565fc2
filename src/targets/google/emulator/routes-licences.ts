/**
 * The Enterprise License Manager (`/apps/licensing/v1/`): a SKU's holders
 * (licenseAssignments.listForProductAndSku, 1..1000 a page), and one holder's licence: insert,
 * get, delete. A licence names its holder by primary email (`userId`); the emulator also takes
 * an alias or the account's id. Google's refusals: an unknown product or SKU (400), an address
 * that is no account (400), a second licence of the same SKU or another SKU of the same product,
 * or no seat left (412 conditionNotMet), a licence the account does not hold (404).
 */
import type { DirectoryUser } from '../directory-types.js';
import { ApiError, badRequest, invalidInput, notFound } from './api-error.js';
import { domainOf } from './customer.js';
import { etagOf } from './ids.js';
import type { LicenceSku } from './licence-store.js';
import { listAnswer, pageOf, parseMaxResults } from './paging.js';
import type { RequestContext, Route, RouteResult } from './router.js';
import type { DirectoryStore } from './store.js';

const conditionNotMet = (message: string): ApiError => new ApiError(412, message, 'conditionNotMet');

function requireSku(store: DirectoryStore, params: Record<string, string>): LicenceSku {
  const productId = params.productId ?? '';
  if (!store.licences.productKnown(productId)) throw invalidInput(`productId ${productId}`);
  const sku = store.licences.sku(productId, params.skuId ?? '');
  if (!sku) throw invalidInput(`skuId ${params.skuId ?? ''}`);
  return sku;
}

function requireHolder(store: DirectoryStore, key: unknown): DirectoryUser {
  if (typeof key !== 'string' || key === '') throw new ApiError(400, 'Required parameter: userId', 'required');
  const user = store.users.find(key);
  if (!user) throw new ApiError(400, 'User email not valid.', 'invalid');
  return user;
}

function assignmentView(sku: LicenceSku, user: DirectoryUser): Record<string, unknown> {
  const resource = {
    kind: 'licensing#licenseAssignment',
    selfLink: `https://www.googleapis.com/apps/licensing/v1/product/${encodeURIComponent(sku.productId)}/sku/${encodeURIComponent(sku.skuId)}/user/${encodeURIComponent(user.primaryEmail)}`,
    userId: user.primaryEmail,
    productId: sku.productId,
    skuId: sku.skuId,
    ...(sku.skuName !== undefined ? { skuName: sku.skuName } : {}),
    ...(sku.productName !== undefined ? { productName: sku.productName } : {}),
  };
  return { ...resource, etags: etagOf(resource) };
}

/** `customerId` is required: the customer's id, `my_customer`, or a domain (which keeps only its holders). */
function customerDomain(store: DirectoryStore, query: URLSearchParams): string | undefined {
  const customer = query.get('customerId');
  if (!customer) throw new ApiError(400, 'Required parameter: customerId', 'required');
  if (customer === 'my_customer' || customer === store.customerId) return undefined;
  if (customer.includes('.')) return customer.toLowerCase();
  throw badRequest();
}

function listHolders({ params, query, store }: RequestContext): RouteResult {
  const sku = requireSku(store, params);
  const domain = customerDomain(store, query);
  const maxResults = parseMaxResults(query.get('maxResults'), 1000, 100);
  const userOf = (id: string): DirectoryUser => store.users.find(id) as DirectoryUser;
  const page = pageOf(store.licences.holderIds(sku.productId, sku.skuId), (id) => id, {
    scope: `licences:${sku.productId}:${sku.skuId}`,
    token: query.get('pageToken'),
    maxResults,
    matches: (id) => domain === undefined || domainOf(userOf(id).primaryEmail) === domain,
  });
  const items = page.items.map((id) => assignmentView(sku, userOf(id)));
  return listAnswer('licensing#licenseAssignmentList', 'items', items, page.nextPageToken, (item) => item.etags);
}

function assign({ params, body, store }: RequestContext): RouteResult {
  const sku = requireSku(store, params);
  const user = requireHolder(store, body.userId);
  const id = user.id as string;
  const held = store.licences.skuOf(id, sku.productId);
  if (held === sku.skuId) throw conditionNotMet('User already has a license for the specified product and SKU');
  if (held !== undefined) {
    throw conditionNotMet('User already has a license of the product, but with a different SKU. To reassign a new SKU for this product, use the "update" operation.');
  }
  if (sku.seats !== undefined && store.licences.holderIds(sku.productId, sku.skuId).length >= sku.seats) {
    throw conditionNotMet("There aren't enough available licenses for the specified product-SKU pair");
  }
  store.licences.assign(id, sku.productId, sku.skuId);
  return { status: 200, body: assignmentView(sku, user) };
}

function requireAssignment({ params, store }: RequestContext): { sku: LicenceSku; user: DirectoryUser } {
  const sku = requireSku(store, params);
  const user = requireHolder(store, params.userId);
  if (store.licences.skuOf(user.id as string, sku.productId) !== sku.skuId) throw notFound('userId');
  return { sku, user };
}

function getAssignment(ctx: RequestContext): RouteResult {
  const { sku, user } = requireAssignment(ctx);
  return { status: 200, body: assignmentView(sku, user) };
}

function revoke(ctx: RequestContext): RouteResult {
  const { sku, user } = requireAssignment(ctx);
  ctx.store.licences.revoke(user.id as string, sku.productId);
  return { status: 200, body: {} };
}

export const licenceRoutes: Route[] = [
  { method: 'GET', pattern: 'product/:productId/sku/:skuId/users', name: 'licenseAssignments.listForProductAndSku', mutates: false, handle: listHolders },
  { method: 'POST', pattern: 'product/:productId/sku/:skuId/user', name: 'licenseAssignments.insert', mutates: true, handle: assign },
  { method: 'GET', pattern: 'product/:productId/sku/:skuId/user/:userId', name: 'licenseAssignments.get', mutates: false, handle: getAssignment },
  { method: 'DELETE', pattern: 'product/:productId/sku/:skuId/user/:userId', name: 'licenseAssignments.delete', mutates: true, handle: revoke },
];
