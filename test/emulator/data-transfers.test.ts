import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/emulator-kit/clock.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/targets/google/emulator/server.js';
import { dataTransferClient, directoryClient, failure, seed, user, type DataTransfers } from './client.js';

const DRIVE = '55656082996';
const leaver = user('leaver@school.org', { id: '100000000000000000021', suspended: true });
const archive = user('archive@school.org', { id: '100000000000000000022' });
const driveTransfer = (oldOwnerUserId: string, newOwnerUserId: string) => ({
  oldOwnerUserId,
  newOwnerUserId,
  applicationDataTransfers: [{ applicationId: DRIVE, applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }] }],
});

async function withTransfers(options: EmulatorOptions, body: (emu: RunningEmulator, transfers: DataTransfers) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ seed: seed({ users: [leaver, archive, user('suspended-archive@school.org', { suspended: true })] }), ...options });
  try {
    await body(emu, dataTransferClient(emu));
  } finally {
    await emu.close();
  }
}

describe('Data Transfer API', () => {
  it('lists the applications whose data can change owner, Drive among them', async () => {
    await withTransfers({}, async (_emu, transfers) => {
      const apps = await transfers.applications.list({ customerId: 'my_customer' });
      expect(apps.data.kind).toBe('admin#datatransfer#applicationsList');
      expect(apps.data.applications?.map((a) => [a.id, a.name])).toEqual([
        ['435070579839', 'Calendar'],
        [DRIVE, 'Drive and Docs'],
      ]);
      expect((await transfers.applications.get({ applicationId: DRIVE })).data.transferParams).toEqual([{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }]);
      expect(await failure(transfers.applications.get({ applicationId: '1' }))).toMatchObject({ status: 404 });
    });
  });

  it('moves a leaver’s Drive to an archive account: inProgress, then completed after one poll', async () => {
    const time = manualClock('2026-06-30T22:00:00.000Z');
    await withTransfers({ clock: time.clock }, async (emu, transfers) => {
      const inserted = await transfers.transfers.insert({ requestBody: driveTransfer(leaver.id as string, archive.id as string) });
      expect(inserted.data).toMatchObject({
        kind: 'admin#datatransfer#DataTransfer',
        id: expect.stringMatching(/^AKrE/),
        oldOwnerUserId: leaver.id,
        newOwnerUserId: archive.id,
        overallTransferStatusCode: 'inProgress',
        requestTime: '2026-06-30T22:00:00.000Z',
        applicationDataTransfers: [{ applicationId: DRIVE, applicationTransferStatus: 'inProgress', applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }] }],
      });
      const id = inserted.data.id as string;
      const first = await transfers.transfers.get({ dataTransferId: id });
      expect(first.data.overallTransferStatusCode).toBe('inProgress');
      const second = await transfers.transfers.get({ dataTransferId: id });
      expect(second.data).toMatchObject({ overallTransferStatusCode: 'completed', applicationDataTransfers: [{ applicationTransferStatus: 'completed' }] });
      expect(second.data.etag).not.toBe(first.data.etag);
      expect((await transfers.transfers.get({ dataTransferId: id })).data.overallTransferStatusCode).toBe('completed');

      const byOwner = await transfers.transfers.list({ oldOwnerUserId: leaver.id as string });
      expect(byOwner.data.dataTransfers?.map((t) => t.id)).toEqual([id]);
      expect((await transfers.transfers.list({ status: 'inProgress' })).data).not.toHaveProperty('dataTransfers');
      expect(emu.state().dataTransfers.map((t) => t.overallTransferStatusCode)).toEqual(['completed']);
      expect(emu.stats()).toMatchObject({ mutations: 1, byRoute: { 'transfers.insert': 1, 'transfers.get': 3, 'transfers.list': 2 } });
      expect(await failure(transfers.transfers.get({ dataTransferId: 'AKrEnothing' }))).toMatchObject({ status: 404, reason: 'notFound' });
    });
  });

  it('finishes after N polls, or once the clock has moved far enough; a failing one ends failed', async () => {
    await withTransfers({ dataTransfers: { completeAfterPolls: 3 } }, async (_emu, transfers) => {
      const { id } = (await transfers.transfers.insert({ requestBody: driveTransfer(leaver.id as string, archive.id as string) })).data;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await transfers.transfers.get({ dataTransferId: id as string })).data.overallTransferStatusCode);
      expect(statuses).toEqual(['inProgress', 'inProgress', 'inProgress', 'completed']);
    });
    const time = manualClock('2026-06-30T22:00:00.000Z');
    await withTransfers({ clock: time.clock, dataTransfers: { completeAfterMs: 3_600_000 } }, async (emu, transfers) => {
      const { id } = (await transfers.transfers.insert({ requestBody: driveTransfer(leaver.id as string, archive.id as string) })).data;
      for (let i = 0; i < 5; i++) expect((await transfers.transfers.get({ dataTransferId: id as string })).data.overallTransferStatusCode).toBe('inProgress');
      // The next night's run: an hour later it is done, whether polled or listed.
      time.advanceMs(3_600_000);
      expect((await transfers.transfers.list({})).data.dataTransfers?.[0]?.overallTransferStatusCode).toBe('completed');
      expect(emu.state().dataTransfers[0]?.overallTransferStatusCode).toBe('completed');
    });
    await withTransfers({ dataTransfers: { completeAfterPolls: 0, failFor: ['LEAVER@school.org'] } }, async (_emu, transfers) => {
      const { id } = (await transfers.transfers.insert({ requestBody: driveTransfer(leaver.id as string, archive.id as string) })).data;
      expect((await transfers.transfers.get({ dataTransferId: id as string })).data.overallTransferStatusCode).toBe('failed');
    });
  });

  it('counts a listing that shows a transfer as a poll of it, as rollcall reads status by listing; one it leaves out is not polled', async () => {
    const other = user('other-leaver@school.org', { id: '100000000000000000023', suspended: true });
    const emu = await startEmulator({ seed: seed({ users: [leaver, archive, other] }), dataTransfers: { completeAfterPolls: 2 } });
    try {
      const transfers = dataTransferClient(emu);
      const mine = (await transfers.transfers.insert({ requestBody: driveTransfer(leaver.id as string, archive.id as string) })).data.id as string;
      const theirs = (await transfers.transfers.insert({ requestBody: driveTransfer(other.id as string, archive.id as string) })).data.id as string;
      const listed = async (query: Record<string, string | number>) =>
        ((await transfers.transfers.list(query)).data.dataTransfers ?? []).map((t) => [t.id, t.overallTransferStatusCode]);
      // Two reads say inProgress, the third completed, whether by listing or by get.
      expect(await listed({ oldOwnerUserId: leaver.id as string })).toEqual([[mine, 'inProgress']]);
      expect(await listed({ oldOwnerUserId: leaver.id as string })).toEqual([[mine, 'inProgress']]);
      expect((await transfers.transfers.get({ dataTransferId: mine })).data.overallTransferStatusCode).toBe('completed');
      // The other owner's was filtered out of those pages, and one past a page's end is not read either.
      expect(await listed({ maxResults: 1 })).toEqual([[mine, 'completed']]);
      expect(emu.state().dataTransfers.map((t) => [t.id, t.overallTransferStatusCode])).toEqual([
        [mine, 'completed'],
        [theirs, 'inProgress'],
      ]);
      expect(await listed({ oldOwnerUserId: other.id as string })).toEqual([[theirs, 'inProgress']]);
      expect(await listed({ status: 'inProgress' })).toEqual([[theirs, 'inProgress']]);
      // A status filter matches the transfer as it stood before the listing; the page shows it after this read.
      expect(await listed({ status: 'inProgress' })).toEqual([[theirs, 'completed']]);
      expect(await listed({ status: 'inProgress' })).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  it('lists transfers in request order, a page at a time', async () => {
    await withTransfers({}, async (_emu, transfers) => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await transfers.transfers.insert({ requestBody: driveTransfer(leaver.id as string, archive.id as string) })).data.id as string);
      expect(new Set(ids).size).toBe(3);
      const first = await transfers.transfers.list({ customerId: 'my_customer', maxResults: 2 });
      expect(first.data.dataTransfers?.map((t) => t.id)).toEqual(ids.slice(0, 2));
      const second = await transfers.transfers.list({ customerId: 'my_customer', maxResults: 2, pageToken: first.data.nextPageToken as string });
      expect(second.data.dataTransfers?.map((t) => t.id)).toEqual(ids.slice(2));
      expect(second.data).not.toHaveProperty('nextPageToken');
      expect(await failure(transfers.transfers.list({ maxResults: 501 }))).toMatchObject({ status: 400 });
      expect(await failure(transfers.transfers.list({ customerId: 'C0ther' }))).toMatchObject({ status: 400, reason: 'badRequest' });
    });
  });

  it('takes a deleted account within its window as the old owner', async () => {
    await withTransfers({}, async (emu, transfers) => {
      await directoryClient(emu).users.delete({ userKey: 'leaver@school.org' });
      const inserted = await transfers.transfers.insert({ requestBody: driveTransfer(leaver.id as string, archive.id as string) });
      expect(inserted.data.overallTransferStatusCode).toBe('inProgress');
    });
  });

  it('refuses owners by address, unknown or suspended new owners, and applications or parameters it does not know', async () => {
    await withTransfers({}, async (emu, transfers) => {
      const suspendedArchive = emu.state().users.find((u) => u.primaryEmail === 'suspended-archive@school.org')?.id as string;
      const refusals = [
        driveTransfer('leaver@school.org', archive.id as string),
        driveTransfer(leaver.id as string, 'archive@school.org'),
        driveTransfer(leaver.id as string, suspendedArchive),
        driveTransfer(leaver.id as string, leaver.id as string),
        { ...driveTransfer(leaver.id as string, archive.id as string), applicationDataTransfers: [{ applicationId: '123' }] },
        { ...driveTransfer(leaver.id as string, archive.id as string), applicationDataTransfers: [{ applicationId: DRIVE, applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PUBLIC'] }] }] },
        { ...driveTransfer(leaver.id as string, archive.id as string), applicationDataTransfers: [] },
      ];
      for (const requestBody of refusals) {
        expect((await failure(transfers.transfers.insert({ requestBody }))).status).toBe(400);
      }
      expect(emu.state().dataTransfers).toEqual([]);
      await expect(startEmulator({ dataTransfers: { completeAfterPolls: -1 } })).rejects.toMatchObject({ code: 'USAGE' });
    });
  });
});
