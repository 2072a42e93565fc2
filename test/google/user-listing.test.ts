/**
 * The two-ended listing's meeting logic, over every list size and page size, with pages
 * arriving in varied orders. `users.list` here is a stand-in function over an array (the HTTP
 * side is covered against the emulator in live-reader.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { admin_directory_v1 } from '@googleapis/admin';
import type { DirectoryReadApi } from '../../src/targets/google/directory-read-api.js';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { googleScheduler } from '../../src/targets/google/scheduler.js';
import { listAllUsers } from '../../src/targets/google/user-listing.js';
import { httpError } from './fake-clock.js';

type SortSupport = 'honoured' | 'ignored' | 'refused';

function listingApi(count: number, pageSize: number, sort: SortSupport, delays: number[]) {
  const users: DirectoryUser[] = Array.from({ length: count }, (_, i) => ({ id: `id${i}`, primaryEmail: `u${String(i).padStart(5, '0')}@d.org` }));
  let calls = 0;
  const list = async (params: admin_directory_v1.Params$Resource$Users$List): Promise<{ data: admin_directory_v1.Schema$Users }> => {
    const delay = delays[calls++ % delays.length] ?? 0;
    await new Promise((resolve) => setTimeout(resolve, delay));
    const descending = params.sortOrder === 'DESCENDING';
    if (descending && sort === 'refused') throw httpError(400, 'invalid', {}, 'Invalid Input: sortOrder');
    const ordered = descending && sort === 'honoured' ? [...users].reverse() : users;
    const start = params.pageToken ? Number(params.pageToken) : 0;
    const page = ordered.slice(start, start + pageSize);
    const next = start + pageSize < ordered.length ? String(start + pageSize) : undefined;
    return { data: { users: page as admin_directory_v1.Schema$User[], ...(next ? { nextPageToken: next } : {}) } };
  };
  const api = { users: { list } } as unknown as DirectoryReadApi;
  return { api, calls: () => calls, users };
}

async function run(count: number, pageSize: number, sort: SortSupport, delays: number[]) {
  const { api, calls } = listingApi(count, pageSize, sort, delays);
  const scheduler = googleScheduler({ requestsPerMinute: 1e9, burst: 1000, concurrency: 4, maxRetries: 0 });
  const result = await listAllUsers(
    api,
    { customer: 'my_customer', projection: 'basic', fields: 'users(id,primaryEmail),nextPageToken', maxResults: pageSize },
    async (label, call) => (await scheduler.schedule(label, call)).value,
    () => undefined,
  );
  return { result, calls: calls() };
}

const expectedEmails = (count: number) => Array.from({ length: count }, (_, i) => `u${String(i).padStart(5, '0')}@d.org`);

describe('listAllUsers (two ends of one listing)', () => {
  it('meets in the middle: every user once, about half the pages from each end', async () => {
    const { result, calls } = await run(2345, 500, 'honoured', [1]);
    expect(result.mode).toBe('two-ended');
    expect(result.users.map((u) => u.primaryEmail)).toEqual(expectedEmails(2345));
    expect(calls).toBeLessThanOrEqual(Math.ceil(2345 / 500) + 2);
  });

  it('property: every user exactly once, in at most ceil(N/page)+2 calls (when DESCENDING works), whatever the sizes and arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom<SortSupport>('honoured', 'ignored', 'refused'),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
        async (count, pageSize, sort, delays) => {
          const { result, calls } = await run(count, pageSize, sort, delays);
          expect(result.users.map((u) => u.primaryEmail)).toEqual(expectedEmails(count));
          const pages = Math.max(1, Math.ceil(count / pageSize));
          // A server that ignores sortOrder lets the second stream run ahead before the mismatch shows.
          expect(calls).toBeLessThanOrEqual(sort === 'ignored' ? 2 * pages + 2 : pages + 2);
          if (sort !== 'honoured') expect(result.mode).not.toBe('two-ended');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('falls back to the ascending stream when the server refuses DESCENDING, and says why', async () => {
    const { result } = await run(1000, 100, 'refused', [1]);
    expect(result.mode).toBe('ascending');
    expect(result.users).toHaveLength(1000);
    expect(result.fallbackReason).toContain('descending listing failed');
  });

  it('falls back when the server ignores DESCENDING (both ends return the same order)', async () => {
    const { result } = await run(1000, 100, 'ignored', [1]);
    expect(result.mode).toBe('ascending');
    expect(result.users).toHaveLength(1000);
    expect(result.fallbackReason).toContain('not the reverse');
  });

  it('a failure of the ascending stream fails the listing', async () => {
    const api = {
      users: {
        list: async () => {
          throw httpError(403, 'forbidden', {}, 'Not Authorized to access this resource/api');
        },
      },
    } as unknown as DirectoryReadApi;
    const scheduler = googleScheduler({ requestsPerMinute: 1e9, concurrency: 2, maxRetries: 0 });
    await expect(
      listAllUsers(
        api,
        { customer: 'my_customer', projection: 'basic', fields: 'users(id)', maxResults: 500 },
        async (label, call) => (await scheduler.schedule(label, call)).value,
        () => undefined,
      ),
    ).rejects.toMatchObject({ name: 'GoogleApiError', status: 403 });
  });
});
