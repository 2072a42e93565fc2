/**
 * Every user of the customer, each exactly once, read as two page streams at once: the plain
 * listing ordered by email, one stream from each end (ASCENDING and DESCENDING), stopping when
 * they meet.
 *
 * Why not shards by org unit or by email prefix (several `query` streams):
 * - No query selects the users *directly* in an org unit: `orgUnitPath='/X'` includes every
 *   descendant and `orgUnitPath='/'` is everyone. Users directly in '/' (admins, service
 *   accounts) are then reachable only by a full listing, which costs as many calls as reading
 *   everything (2x in total, over the ceil(N/500)+20 budget) and takes as long as one stream.
 * - Email-prefix shards need one stream per possible first character (~40: letters, digits,
 *   . _ - '), each ending on a part page (over the budget), and `email:` also matches aliases.
 * - Query results come from a search index that can lag changes by up to 36 hours, so any
 *   query shard can miss an account created yesterday (reference: list, do not search).
 * The two ends of one unqueried listing avoid all three: no query, at most a page or two of
 * overlap, and the streams meet exactly when every user has been seen. Meeting is detected by
 * user id, not by comparing emails, so it does not depend on how Google collates addresses.
 *
 * If the descending stream is refused (the emulator serves ASCENDING only) or does not look like
 * the exact reverse of the ascending one, the ascending stream alone finishes the listing: one
 * stream, still every user once.
 */
import type { admin_directory_v1 } from '@googleapis/admin';
import type { DirectoryUser } from './directory-types.js';
import type { DirectoryReadApi } from './directory-read-api.js';

export interface UserListingRequest {
  customer: string;
  projection: 'basic' | 'custom' | 'full';
  customFieldMask?: string;
  fields: string;
  maxResults: number;
}

/** Runs one users.list page request (through the scheduler, counted by the caller). */
export type PageFetcher = (label: string, call: () => Promise<admin_directory_v1.Schema$Users>) => Promise<admin_directory_v1.Schema$Users>;

export interface UserListingResult {
  users: DirectoryUser[];
  /** `two-ended` when the streams met; `ascending` when one stream read everything. */
  mode: 'two-ended' | 'ascending' | 'descending';
  /** Why the descending stream was dropped, when it was. */
  fallbackReason?: string;
}

type Order = 'ASCENDING' | 'DESCENDING';

interface Stream {
  order: Order;
  seq: DirectoryUser[];
  keys: Set<string>;
  complete: boolean;
}

const keyOf = (u: DirectoryUser): string => u.id ?? `email:${u.primaryEmail.toLowerCase()}`;

export async function listAllUsers(
  api: DirectoryReadApi,
  request: UserListingRequest,
  fetchPage: PageFetcher,
  onPage: (usersSoFar: number) => void,
): Promise<UserListingResult> {
  const asc: Stream = { order: 'ASCENDING', seq: [], keys: new Set(), complete: false };
  const desc: Stream = { order: 'DESCENDING', seq: [], keys: new Set(), complete: false };
  let met = false;
  let failed = false;
  let fallbackReason: string | undefined;
  const seen = new Set<string>();

  const finished = (): boolean => met || asc.complete || desc.complete || failed;

  const run = async (stream: Stream, other: Stream): Promise<void> => {
    let pageToken: string | undefined;
    for (;;) {
      if (finished() || (stream === desc && fallbackReason !== undefined)) return;
      const params: admin_directory_v1.Params$Resource$Users$List = {
        customer: request.customer,
        maxResults: request.maxResults,
        projection: request.projection,
        orderBy: 'email',
        sortOrder: stream.order,
        fields: request.fields,
        ...(request.customFieldMask !== undefined ? { customFieldMask: request.customFieldMask } : {}),
        ...(pageToken !== undefined ? { pageToken } : {}),
      };
      const data = await fetchPage(`users.list ${stream.order.toLowerCase()}`, async () => (await api.users.list(params)).data);
      // A page that lands after the listing is settled (the other stream's last one) adds nothing.
      if (finished() || (stream === desc && fallbackReason !== undefined)) return;
      const page = (data.users ?? []) as DirectoryUser[];
      const overlap = page.some((u) => other.keys.has(keyOf(u)));
      for (const user of page) {
        stream.seq.push(user);
        stream.keys.add(keyOf(user));
        seen.add(keyOf(user));
      }
      onPage(seen.size);
      if (overlap && fallbackReason === undefined) {
        if (streamsMeet(asc, desc)) {
          met = true;
          return;
        }
        fallbackReason = 'the descending listing is not the reverse of the ascending one';
      }
      if (!data.nextPageToken) {
        stream.complete = true;
        return;
      }
      pageToken = data.nextPageToken;
    }
  };

  const ascending = run(asc, desc).catch((err: unknown) => {
    // A late page failing after the listing is already complete does not undo it.
    if (met || desc.complete) return;
    failed = true;
    throw err;
  });
  const descending = run(desc, asc).catch((err: unknown) => {
    fallbackReason = `the descending listing failed (${err instanceof Error ? err.message : String(err)})`;
  });
  const [outcome] = await Promise.allSettled([ascending, descending]);
  if (outcome.status === 'rejected') throw outcome.reason;

  let users: DirectoryUser[];
  let mode: UserListingResult['mode'];
  if (asc.complete) {
    users = asc.seq;
    mode = 'ascending';
  } else if (met) {
    users = [...asc.seq, ...desc.seq];
    mode = 'two-ended';
  } else {
    users = desc.seq;
    mode = 'descending';
  }
  const result: UserListingResult = { users: uniqueSorted(users), mode };
  if (fallbackReason !== undefined && mode !== 'two-ended') result.fallbackReason = fallbackReason;
  return result;
}

/**
 * The streams have met when the users both have seen are the last ones each has seen, in
 * reverse order of each other: then ascending covers the list up to that point and
 * descending covers it from there on. Anything else means the two orders disagree. The two
 * streams must also start at different users (a list of one never gets here: its first page is
 * its last): a server that ignores sortOrder starts both at the same one, and with one-user
 * pages that would otherwise pass for a meeting.
 */
function streamsMeet(asc: Stream, desc: Stream): boolean {
  const [ascHead, descHead] = [asc.seq[0], desc.seq[0]];
  if (ascHead === undefined || descHead === undefined || keyOf(ascHead) === keyOf(descHead)) return false;
  const shared = asc.seq.filter((u) => desc.keys.has(keyOf(u))).length;
  if (shared === 0) return false;
  const ascTail = asc.seq.slice(-shared).map(keyOf);
  const descTail = desc.seq.slice(-shared).map(keyOf);
  if (ascTail.some((k) => !desc.keys.has(k))) return false;
  return ascTail.every((k, i) => k === descTail[shared - 1 - i]);
}

/** Each user once (by id), ordered by email like a snapshot file. */
function uniqueSorted(users: DirectoryUser[]): DirectoryUser[] {
  const byKey = new Map<string, DirectoryUser>();
  for (const user of users) if (!byKey.has(keyOf(user))) byKey.set(keyOf(user), user);
  return [...byKey.values()].sort((a, b) => {
    const x = a.primaryEmail.toLowerCase();
    const y = b.primaryEmail.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
