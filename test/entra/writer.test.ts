/**
 * What the Entra writer does beyond the port's contract, through its client to the Graph
 * emulator: a create assigns the population's licence (or says plainly why it could not), a
 * container missing from Entra names itself before anything is sent, a disabled account's
 * sessions end, a member already in (or already out of) a container is done.
 */
import { describe, expect, it } from 'vitest';
import type { AccountFields } from '../../src/model/account.js';
import type { DirectoryWriter } from '../../src/model/directory-port.js';
import { ENABLED_PATH, PLACEMENT_PATH } from '../../src/model/field-path.js';
import { EventLog } from '../../src/model/events.js';
import type { Person } from '../../src/model/person.js';
import { startEntraEmulator, type RunningEntraEmulator } from '../../src/targets/entra/emulator/server.js';
import type { EntraState } from '../../src/targets/entra/graph-types.js';
import { EntraTarget } from '../../src/targets/entra/target.js';
import { entraConfig } from '../entra-builders.js';
import { DOMAIN } from '../builders.js';

const STUDENT: Person = { population: 'student', dcid: '1', displayName: 'Ada Lovelace', school: null };
const PASSWORD = 'An-initial-Passw0rd';
const send = async (): Promise<void> => undefined;
const SKU = '314c4481-f395-4525-be8b-2ec4bb1e9d91';

function tenant(prepaid: number): EntraState {
  const container = (id: string, displayName: string, members: string[] = []) => ({ id, displayName, members });
  return {
    subscribedSkus: [{ skuId: SKU, skuPartNumber: 'STANDARDWOFFPACK_STUDENT', prepaidUnits: { enabled: prepaid } }],
    administrativeUnits: [container('a0000000-0000-4000-8000-000000000001', 'Whitmore High')],
    groups: [
      { ...container('g0000000-0000-4000-8000-000000000001', 'Whitmore High Students'), mailNickname: 'whs', mailEnabled: false, securityEnabled: true, groupTypes: [], owners: [] },
      { ...container('g0000000-0000-4000-8000-000000000002', 'WHS Grade 9'), mailNickname: 'whs9', mailEnabled: false, securityEnabled: true, groupTypes: [], owners: [] },
    ],
    users: [],
  };
}

const fields = (address: string, placement: string[]): AccountFields => ({
  address,
  name: { given: 'Ada', family: 'Lovelace' },
  enabled: true,
  placement,
  attributes: { displayName: 'Ada Lovelace', mailNickname: address.split('@')[0] as string, employeeId: '1' },
});

async function withWriter(prepaid: number, test: (writer: DirectoryWriter, emu: RunningEntraEmulator) => Promise<void>, licence: Record<string, unknown> = { sku: 'standardwoffpack_student' }): Promise<void> {
  const emu = await startEntraEmulator({ seed: tenant(prepaid) });
  try {
    const config = entraConfig({ populations: ['student'], requestsPerMinute: 600_000, maxRetries: 3, students: { licence } });
    const target = new EntraTarget({ ...config, entra: config.entra! }, ['student'], { env: { ROLLCALL_ENTRA_ROOT_URL: emu.url }, baseDir: '.', events: new EventLog(), showProgress: false });
    await test(await target.openWriter({ events: new EventLog() }), emu);
  } finally {
    await emu.close();
  }
}

const PLACED = ['administrativeUnits/Whitmore High', 'groups/Whitmore High Students', 'groups/WHS Grade 9'];

describe('the Entra writer', () => {
  it("assigns the population's licence (by part number, any case) on create, with the usage location it needs", async () => {
    await withWriter(10, async (writer, emu) => {
      await writer.create(fields(`ada@${DOMAIN}`, PLACED), STUDENT, PASSWORD, send);
      const [user] = emu.state().users;
      expect(user).toMatchObject({ usageLocation: 'US', assignedLicenses: [{ skuId: SKU, disabledPlans: [] }] });
      expect(emu.state().subscribedSkus[0]?.consumedUnits).toBe(1);
    });
  });

  it("waits for Graph's replicas to know a user just created: a 404 on its memberships or licence is retried", async () => {
    await withWriter(10, async (writer, emu) => {
      emu.setFaults([
        { method: 'POST', pathPattern: '/members/$ref', status: 404, reason: 'Request_ResourceNotFound', when: 'before', times: 2 },
        { method: 'POST', pathPattern: '/assignLicense', status: 404, reason: 'Request_ResourceNotFound', when: 'before', times: 1 },
      ]);
      const { attempts } = await writer.create(fields(`ada@${DOMAIN}`, PLACED), STUDENT, PASSWORD, send);
      expect(emu.stats().failuresInjected).toBe(3);
      expect(attempts).toBeGreaterThan(1);
      expect((await writer.readAccount({ address: `ada@${DOMAIN}` })).value?.placement).toEqual(PLACED);
      expect(emu.state().users[0]?.assignedLicenses).toHaveLength(1);
      // Elsewhere a 404 counts at once: the account or the member is not there.
      emu.setFaults([{ method: 'PATCH', pathPattern: '/users/', status: 404, reason: 'Request_ResourceNotFound', when: 'before', times: 1 }]);
      const live = (await writer.readAccount({ address: `ada@${DOMAIN}` })).value!;
      const gone = await writer.update({ id: live.id, address: live.address }, [ENABLED_PATH], { ...fields(live.address, PLACED), enabled: false }, live, send).catch((e: unknown) => writer.classify(e));
      expect(gone).toMatchObject({ kind: 'not-found', attempts: 1 });
    });
  });

  it('refuses a licence the tenant lacks before sending anything; a licence with no unit free fails the change saying the account was created', async () => {
    await withWriter(10, async (writer, emu) => {
      const err = await writer.create(fields(`ada@${DOMAIN}`, PLACED), STUDENT, PASSWORD, send).catch((e: unknown) => e);
      expect(writer.classify(err)).toMatchObject({ kind: 'fatal', message: expect.stringMatching(/^the licence M365EDU_A3 cannot be assigned \(the tenant has no subscription of that SKU\); nothing was sent/) });
      expect(emu.state().users).toEqual([]);
    }, { sku: 'M365EDU_A3' });
    await withWriter(0, async (writer, emu) => {
      const err = await writer.create(fields(`ada@${DOMAIN}`, PLACED), STUDENT, PASSWORD, send).catch((e: unknown) => e);
      expect(writer.classify(err)).toMatchObject({
        kind: 'fatal',
        message: `ada@${DOMAIN} was created in its units and groups, but the licence standardwoffpack_student could not be assigned (Subscription with SKU ${SKU} does not have any available licenses.): assign it by hand; rollcall assigns a licence only when it creates an account`,
      });
      expect(emu.state().users).toHaveLength(1);
    });
  });

  it('names a unit or group Entra lacks before anything is sent, on create and on update', async () => {
    await withWriter(10, async (writer, emu) => {
      const missing = await writer.create(fields(`ada@${DOMAIN}`, [...PLACED, 'groups/WHS Grade 10']), STUDENT, PASSWORD, send).catch((e: unknown) => writer.classify(e));
      expect(missing).toEqual({
        kind: 'missing-container',
        message: 'the group "WHS Grade 10" (groups/WHS Grade 10) does not exist in Entra: create it (Entra admin center > Groups), then run apply again',
        attempts: 0,
        uncertainAttempts: 0,
      });
      expect(emu.stats().mutations).toBe(0);
      await writer.create(fields(`ada@${DOMAIN}`, PLACED), STUDENT, PASSWORD, send);
      const live = (await writer.readAccount({ address: `ada@${DOMAIN}` })).value!;
      emu.resetStats();
      const moved = { ...fields(`ada@${DOMAIN}`, ['administrativeUnits/Whitmore High', 'administrativeUnits/Lincoln']), enabled: false };
      const failure = await writer.update({ address: live.address }, [ENABLED_PATH, PLACEMENT_PATH], moved, live, send).catch((e: unknown) => writer.classify(e));
      expect(failure).toMatchObject({ kind: 'missing-container', message: expect.stringContaining('the administrative unit "Lincoln" (administrativeUnits/Lincoln) does not exist in Entra') });
      expect(emu.stats().mutations).toBe(0);
    });
  });

  it('fails one change Graph forbids (an account holding an admin role) and goes on; refused credentials stop the run', async () => {
    await withWriter(10, async (writer, emu) => {
      await writer.create(fields(`ada@${DOMAIN}`, PLACED), STUDENT, PASSWORD, send);
      const live = (await writer.readAccount({ address: `ada@${DOMAIN}` })).value!;
      emu.setFaults([{ method: 'PATCH', pathPattern: '/users/', status: 403, reason: 'Authorization_RequestDenied', when: 'before', times: 1 }]);
      const forbidden = await writer.update({ id: live.id, address: live.address }, [ENABLED_PATH], { ...fields(live.address, PLACED), enabled: false }, live, send).catch((e: unknown) => writer.classify(e));
      expect(forbidden).toMatchObject({ kind: 'fatal', message: expect.stringMatching(/HTTP 403 Authorization_RequestDenied: .*the account holds an admin role the app may not change/) });
      expect(writer.authFailure).toBeUndefined();
      emu.setFaults([{ method: 'PATCH', pathPattern: '/users/', status: 401, reason: 'InvalidAuthenticationToken', when: 'before', times: 1 }]);
      const refused = await writer.update({ id: live.id, address: live.address }, [ENABLED_PATH], { ...fields(live.address, PLACED), enabled: false }, live, send).catch((e: unknown) => writer.classify(e));
      expect(refused).toMatchObject({ kind: 'auth' });
      expect(writer.authFailure).toMatch(/HTTP 401 InvalidAuthenticationToken/);
    });
  });

  it("ends a disabled account's sessions, and takes it out of its containers by $ref (one already gone is done)", async () => {
    await withWriter(10, async (writer, emu) => {
      await writer.create(fields(`ada@${DOMAIN}`, PLACED), STUDENT, PASSWORD, send);
      const live = (await writer.readAccount({ address: `ada@${DOMAIN}` })).value!;
      // An admin took her out of one group meanwhile.
      const grade9 = 'g0000000-0000-4000-8000-000000000002';
      const gone = await fetch(`${emu.url}v1.0/groups/${grade9}/members/${live.id}/$ref`, { method: 'DELETE', headers: { Authorization: 'Bearer x' } });
      expect(gone.status).toBe(204);
      emu.resetStats();
      const { attempts } = await writer.update({ id: live.id, address: live.address }, [ENABLED_PATH, PLACEMENT_PATH], { ...fields(live.address, []), enabled: false }, live, send);
      expect(attempts).toBe(1);
      const [user] = emu.state().users;
      expect(user).toMatchObject({ accountEnabled: false, signInSessionsValidFromDateTime: expect.any(String) });
      expect(emu.stats().byRoute).toMatchObject({ 'users.update': 1, 'users.revokeSignInSessions': 1, 'administrativeUnits.members.remove': 1, 'groups.members.remove': 2 });
      expect((await writer.readAccount({ id: live.id, address: live.address })).value?.placement).toEqual([]);
    });
  });
});
