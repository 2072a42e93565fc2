/**
 * What offboarding does to an account through the Directory API: cut its sign-in (users.signOut
 * for every web and device session; tokens, the OAuth grants to applications; asps, its
 * application-specific passwords; verificationCodes, its backup codes), and delete it
 * (users.delete, users.undelete).
 *
 * Each list omits `items` when empty, as Google's do; a missing token or app password is a 404,
 * so deleting one twice fails the second time. A deleted account leaves its groups and frees its
 * licences and addresses; for 20 days (by the emulator's clock) it is listed with
 * showDeleted=true and can be restored by its id, into the org unit the request names or else the
 * one it was in, unless another account or group has taken one of its addresses meanwhile.
 */
import type { DirectoryUser } from '../directory-types.js';
import { ApiError, entityExists, notFound } from './api-error.js';
import { etagOf } from './ids.js';
import { listAnswer } from './paging.js';
import type { RequestContext, Route, RouteResult } from './router.js';
import { checkedOrgUnit, requireUser } from './routes-users.js';
import type { AppPassword, OAuthToken } from './security-store.js';

function withEtag<T extends Record<string, unknown>>(resource: T): T & { etag: string } {
  return { ...resource, etag: etagOf(resource) };
}

const tokenView = (user: DirectoryUser, token: OAuthToken) =>
  withEtag({ kind: 'admin#directory#token', anonymous: false, nativeApp: false, scopes: [], ...structuredClone(token), userKey: user.id as string });

const aspView = (user: DirectoryUser, asp: AppPassword) => withEtag({ kind: 'admin#directory#asp', ...asp, userKey: user.id as string });

function signOut({ params, store }: RequestContext): RouteResult {
  const user = requireUser(store, params.userKey);
  const security = store.security.of(user.id as string);
  security.signOuts++;
  security.lastSignOutTime = store.clock().toISOString();
  return { status: 204 };
}

function listTokens({ params, store }: RequestContext): RouteResult {
  const user = requireUser(store, params.userKey);
  const tokens = [...store.security.of(user.id as string).tokens.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  return listAnswer('admin#directory#tokenList', 'items', tokens.map((t) => tokenView(user, t)), undefined);
}

function requireToken({ params, store }: RequestContext): { user: DirectoryUser; token: OAuthToken } {
  const user = requireUser(store, params.userKey);
  const token = store.security.of(user.id as string).tokens.get(params.clientId ?? '');
  if (!token) throw notFound('clientId');
  return { user, token };
}

function getToken(ctx: RequestContext): RouteResult {
  const { user, token } = requireToken(ctx);
  return { status: 200, body: tokenView(user, token) };
}

function deleteToken(ctx: RequestContext): RouteResult {
  const { user, token } = requireToken(ctx);
  ctx.store.security.of(user.id as string).tokens.delete(token.clientId);
  return { status: 204 };
}

function listAsps({ params, store }: RequestContext): RouteResult {
  const user = requireUser(store, params.userKey);
  const asps = [...store.security.of(user.id as string).asps.values()].sort((a, b) => a.codeId - b.codeId);
  return listAnswer('admin#directory#asps', 'items', asps.map((a) => aspView(user, a)), undefined);
}

function requireAsp({ params, store }: RequestContext): { user: DirectoryUser; asp: AppPassword } {
  const user = requireUser(store, params.userKey);
  const asp = store.security.of(user.id as string).asps.get(Number(params.codeId));
  if (!asp) throw notFound('codeId');
  return { user, asp };
}

function getAsp(ctx: RequestContext): RouteResult {
  const { user, asp } = requireAsp(ctx);
  return { status: 200, body: aspView(user, asp) };
}

function deleteAsp(ctx: RequestContext): RouteResult {
  const { user, asp } = requireAsp(ctx);
  ctx.store.security.of(user.id as string).asps.delete(asp.codeId);
  return { status: 204 };
}

function listVerificationCodes({ params, store }: RequestContext): RouteResult {
  const user = requireUser(store, params.userKey);
  const codes = store.security.of(user.id as string).verificationCodes;
  const items = codes.map((code) => withEtag({ kind: 'admin#directory#verificationCode', userId: user.id as string, verificationCode: code }));
  return listAnswer('admin#directory#verificationCodesList', 'items', items, undefined);
}

/**
 * Google refuses a suspended account's backup codes (GAM skips them: "User is suspended. You
 * must unsuspend to process backupcodes"), so offboarding must invalidate them before it suspends.
 */
function invalidateVerificationCodes({ params, store }: RequestContext): RouteResult {
  const user = requireUser(store, params.userKey);
  if (user.suspended === true) throw new ApiError(400, 'Invalid Input', 'invalidInput');
  store.security.of(user.id as string).verificationCodes = [];
  return { status: 204 };
}

function deleteUser({ params, store }: RequestContext): RouteResult {
  store.deleteUser(requireUser(store, params.userKey));
  return { status: 204 };
}

function undeleteUser({ params, body, store }: RequestContext): RouteResult {
  // The key is the account's id: its address may already belong to someone else.
  const deleted = store.deletedUsers.find(params.userKey ?? '', store.clock);
  if (!deleted) throw notFound('userKey');
  for (const address of [deleted.primaryEmail, ...(deleted.aliases ?? [])]) {
    if (store.addressTaken(address)) throw entityExists();
  }
  const orgUnitPath =
    body.orgUnitPath === undefined || body.orgUnitPath === null
      ? (store.orgUnits.canonicalPath(deleted.orgUnitPath ?? '/') ?? '/')
      : checkedOrgUnit(store, body.orgUnitPath);
  store.restoreUser(deleted, orgUnitPath);
  return { status: 204 };
}

export const userLifecycleRoutes: Route[] = [
  { method: 'POST', pattern: 'users/:userKey/signOut', name: 'users.signOut', mutates: true, handle: signOut },
  { method: 'GET', pattern: 'users/:userKey/tokens', name: 'tokens.list', mutates: false, handle: listTokens },
  { method: 'GET', pattern: 'users/:userKey/tokens/:clientId', name: 'tokens.get', mutates: false, handle: getToken },
  { method: 'DELETE', pattern: 'users/:userKey/tokens/:clientId', name: 'tokens.delete', mutates: true, handle: deleteToken },
  { method: 'GET', pattern: 'users/:userKey/asps', name: 'asps.list', mutates: false, handle: listAsps },
  { method: 'GET', pattern: 'users/:userKey/asps/:codeId', name: 'asps.get', mutates: false, handle: getAsp },
  { method: 'DELETE', pattern: 'users/:userKey/asps/:codeId', name: 'asps.delete', mutates: true, handle: deleteAsp },
  { method: 'GET', pattern: 'users/:userKey/verificationCodes', name: 'verificationCodes.list', mutates: false, handle: listVerificationCodes },
  { method: 'POST', pattern: 'users/:userKey/verificationCodes/invalidate', name: 'verificationCodes.invalidate', mutates: true, handle: invalidateVerificationCodes },
  { method: 'DELETE', pattern: 'users/:userKey', name: 'users.delete', mutates: true, handle: deleteUser },
  { method: 'POST', pattern: 'users/:userKey/undelete', name: 'users.undelete', mutates: true, handle: undeleteUser },
];
