/**
 * The Data Transfer API (`/admin/datatransfer/v1/`): the applications whose data can change
 * owner (Drive and Docs, Calendar), and transfers: insert, get and list. Owners are named by
 * user id, as the API asks; the old owner may be a deleted account still within its restore
 * window, the new one must be an active account. How a transfer moves from `inProgress` to done
 * is the store's (data-transfers.ts).
 */
import type { DirectoryUser } from '../directory-types.js';
import { ApiError, invalidInput, notFound } from './api-error.js';
import { checkCustomer } from './customer.js';
import type { DataTransfer, TransferParam } from './data-transfers.js';
import { etagOf, transferId } from './ids.js';
import { listAnswer, pageOf, parseMaxResults } from './paging.js';
import type { RequestContext, Route, RouteResult } from './router.js';
import type { DirectoryStore } from './store.js';

interface TransferApplication {
  id: string;
  name: string;
  transferParams: TransferParam[];
}

/** The two applications Google lists for a customer with Drive and Calendar; ids are Google's. */
const APPLICATIONS: readonly TransferApplication[] = [
  { id: '435070579839', name: 'Calendar', transferParams: [{ key: 'RELEASE_RESOURCES', value: ['TRUE'] }] },
  { id: '55656082996', name: 'Drive and Docs', transferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }] },
];

const applicationView = (app: TransferApplication) => {
  const resource = { kind: 'admin#datatransfer#ApplicationResource', ...structuredClone(app) };
  return { ...resource, etag: etagOf(resource) };
};

function optionalCustomer(store: DirectoryStore, query: URLSearchParams): void {
  const customer = query.get('customerId');
  if (customer) checkCustomer(store, customer);
}

function listApplications({ query, store }: RequestContext): RouteResult {
  optionalCustomer(store, query);
  const page = pageOf(APPLICATIONS, (a) => a.id, { scope: 'applications', token: query.get('pageToken'), maxResults: parseMaxResults(query.get('maxResults'), 500, 100) });
  return listAnswer('admin#datatransfer#applicationsList', 'applications', page.items.map(applicationView), page.nextPageToken);
}

function getApplication({ params }: RequestContext): RouteResult {
  const app = APPLICATIONS.find((a) => a.id === params.applicationId);
  if (!app) throw notFound('applicationId');
  return { status: 200, body: applicationView(app) };
}

const required = (field: string): ApiError => new ApiError(400, `Required parameter: ${field}`, 'required');

/** An account by its id exactly (the API takes no address here). */
function accountById(store: DirectoryStore, id: string): DirectoryUser | undefined {
  const user = store.users.find(id);
  return user?.id === id ? user : undefined;
}

function checkedApplications(given: unknown): DataTransfer['applicationDataTransfers'] {
  if (!Array.isArray(given) || given.length === 0) throw required('applicationDataTransfers');
  return given.map((entry: unknown, i) => {
    const { applicationId, applicationTransferParams } = (entry ?? {}) as Record<string, unknown>;
    const app = APPLICATIONS.find((a) => a.id === String(applicationId));
    if (!app) throw invalidInput(`applicationDataTransfers[${i}].applicationId`);
    const params = (applicationTransferParams ?? []) as unknown;
    if (!Array.isArray(params)) throw invalidInput(`applicationDataTransfers[${i}].applicationTransferParams`);
    const checked = params.map((param: unknown): TransferParam => {
      const { key, value } = (param ?? {}) as Record<string, unknown>;
      const allowed = app.transferParams.find((p) => p.key === key);
      if (!allowed || !Array.isArray(value) || !value.every((v) => allowed.value.includes(String(v)))) {
        throw invalidInput(`applicationTransferParams ${String(key)}`);
      }
      return { key: allowed.key, value: value.map(String) };
    });
    return { applicationId: app.id, applicationTransferParams: checked, applicationTransferStatus: 'inProgress' };
  });
}

function insertTransfer({ body, store }: RequestContext): RouteResult {
  const oldId = body.oldOwnerUserId;
  const newId = body.newOwnerUserId;
  if (typeof oldId !== 'string' || oldId === '') throw required('oldOwnerUserId');
  if (typeof newId !== 'string' || newId === '') throw required('newOwnerUserId');
  const oldOwner = accountById(store, oldId) ?? store.deletedUsers.find(oldId, store.clock);
  if (!oldOwner) throw invalidInput('oldOwnerUserId');
  const newOwner = accountById(store, newId);
  if (!newOwner || newOwner.suspended === true || newId === oldId) throw invalidInput('newOwnerUserId');
  const applicationDataTransfers = checkedApplications(body.applicationDataTransfers);
  const resource: DataTransfer = {
    kind: 'admin#datatransfer#DataTransfer',
    id: transferId(`${store.transfers.count}:${oldId}:${newId}`),
    etag: '',
    oldOwnerUserId: oldId,
    newOwnerUserId: newId,
    applicationDataTransfers,
    overallTransferStatusCode: 'inProgress',
    requestTime: store.clock().toISOString(),
  };
  resource.etag = etagOf(resource);
  store.transfers.add(resource, oldOwner.primaryEmail);
  return { status: 200, body: structuredClone(resource) };
}

function getTransfer({ params, store }: RequestContext): RouteResult {
  const transfer = store.transfers.read(params.dataTransferId ?? '', store.clock, true);
  if (!transfer) throw notFound('dataTransferId');
  return { status: 200, body: transfer };
}

function listTransfers({ query, store }: RequestContext): RouteResult {
  optionalCustomer(store, query);
  const maxResults = parseMaxResults(query.get('maxResults'), 500, 100);
  const filters: Array<[keyof DataTransfer, string | null]> = [
    ['oldOwnerUserId', query.get('oldOwnerUserId')],
    ['newOwnerUserId', query.get('newOwnerUserId')],
    ['overallTransferStatusCode', query.get('status')],
  ];
  // Keyed by place in the request order, so the listing pages in that order.
  const keyed = store.transfers.all(store.clock).map((transfer, i) => ({ key: String(i).padStart(10, '0'), transfer }));
  const page = pageOf(keyed, (k) => k.key, {
    scope: 'transfers',
    token: query.get('pageToken'),
    maxResults,
    matches: ({ transfer }) => filters.every(([field, value]) => !value || transfer[field] === value),
  });
  // Each transfer the page shows counts as a read of it, as a get does: a caller that polls by listing (rollcall) moves it on too.
  const shown = page.items.map(({ transfer }) => store.transfers.read(transfer.id, store.clock, true) ?? transfer);
  return listAnswer('admin#datatransfer#dataTransfersList', 'dataTransfers', shown, page.nextPageToken);
}

export const dataTransferRoutes: Route[] = [
  { method: 'GET', pattern: 'applications', name: 'applications.list', mutates: false, handle: listApplications },
  { method: 'GET', pattern: 'applications/:applicationId', name: 'applications.get', mutates: false, handle: getApplication },
  { method: 'POST', pattern: 'transfers', name: 'transfers.insert', mutates: true, handle: insertTransfer },
  { method: 'GET', pattern: 'transfers', name: 'transfers.list', mutates: false, handle: listTransfers },
  { method: 'GET', pattern: 'transfers/:dataTransferId', name: 'transfers.get', mutates: false, handle: getTransfer },
];
