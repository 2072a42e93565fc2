/**
 * The port's contract (src/model/directory-port.ts): what every target must do, whatever its
 * directory. A target's test file gives a subject (its directory started on loopback, seeded
 * with accounts described in the model's terms) and calls `describePortContract`; the cases
 * then go through the target's own reader and writer, over its real client, to its emulator.
 */
import { describe, expect, it } from 'vitest';
import type { AccountFields, ActualAccount } from '../../src/model/account.js';
import type { DirectoryTarget, DirectoryWriter } from '../../src/model/directory-port.js';
import { GROUP_ROLES, type GroupFields, type GroupRole } from '../../src/model/group.js';
import { groupReader, groupTarget, groupWriter } from '../../src/model/group-sync.js';
import { ADDRESS_PATH, attributePath, ENABLED_PATH, FAMILY_NAME_PATH, GIVEN_NAME_PATH, PLACEMENT_PATH } from '../../src/model/field-path.js';
import { EventLog } from '../../src/model/events.js';
import type { Membership } from '../../src/model/membership.js';
import type { Person } from '../../src/model/person.js';
import { samePlacement } from '../../src/model/placement.js';

/** What a directory holds before a case runs, in the model's terms. */
export interface ContractSeed {
  accounts: AccountFields[];
  /** Memberships of the subject's group, and of the extra groups (any role). */
  memberships: Membership[];
  /** Groups besides the subject's (group sync cases only). */
  groups?: GroupFields[];
}

/** A target's directory, started for one case. */
export interface ContractDirectory {
  target: DirectoryTarget;
  /** What the directory holds of an account beyond the managed fields (other attributes, aliases...), to show a write left it alone. */
  unmanaged(address: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface ContractSubject {
  kind: string;
  /** Two placements that exist in the directory, and one naming a container it lacks. */
  placements: { first: string[]; second: string[]; missing: string[] };
  /** Two attribute keys the target manages (for the population the test's people belong to). */
  attributeKeys: [string, string];
  /** An address in the target's domain (or tenant) for a local part. */
  address(local: string): string;
  /** A group the directory has (memberships name it). */
  group: string;
  /**
   * Whether the target syncs managed groups (model/group-sync.ts): the group cases run against
   * it; otherwise the contract is that it offers none of the group calls, so the core refuses
   * group sync for it by name.
   */
  syncsGroups: boolean;
  /** The roles its groups have (default every role of the model: Entra has no manager). */
  groupRoles?: readonly GroupRole[];
  /** A member of a group that is not an account (default an outside address; Entra: another group at this address). */
  otherMember?: string;
  /** Starts the directory holding `seed`, with some unmanaged data on every seeded account. */
  open(seed: ContractSeed): Promise<ContractDirectory>;
}

const PERSON: Person = { population: 'staff', dcid: '9001', displayName: 'Contract Person', school: null };
const sendNow = async (): Promise<void> => undefined;

export function describePortContract(subject: ContractSubject): void {
  const [keyA, keyB] = subject.attributeKeys;
  const account = (local: string, overrides: Partial<AccountFields> = {}): AccountFields => ({
    address: subject.address(local),
    name: { given: 'Ada', family: `Lovelace ${local}` },
    enabled: true,
    placement: subject.placements.first,
    attributes: { [keyA]: `a-${local}`, [keyB]: `b-${local}` },
    ...overrides,
  });
  const managed = (a: ActualAccount | AccountFields): AccountFields => ({
    address: a.address,
    name: { ...a.name },
    enabled: a.enabled,
    placement: [...a.placement],
    attributes: Object.fromEntries(Object.entries(a.attributes).filter(([k]) => k === keyA || k === keyB)),
  });
  /** A case with its directory started and a writer opened on it, both closed after. */
  const withDirectory = async (seed: ContractSeed, test: (d: ContractDirectory, writer: DirectoryWriter) => Promise<void>) => {
    const directory = await subject.open(seed);
    try {
      await test(directory, await directory.target.openWriter({ events: new EventLog() }));
    } finally {
      await directory.close();
    }
  };
  const failureOf = async (writer: DirectoryWriter, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (err) {
      return writer.classify(err);
    }
    throw new Error('expected the call to fail');
  };

  describe(`the directory port: ${subject.kind}`, () => {
    it('reads in bulk what was seeded, across more than one page, with the memberships asked for', async () => {
      const accounts = Array.from({ length: 1203 }, (_, i) => account(`bulk${String(i).padStart(4, '0')}`, i % 3 === 0 ? { enabled: false } : {}));
      const memberships: Membership[] = [{ group: subject.group, member: accounts[7]!.address, role: 'member' }];
      await withDirectory({ accounts, memberships }, async (directory) => {
        const reader = directory.target.openReader();
        const state = await reader.read();
        const read = new Map(state.accounts.map((a) => [a.address, a]));
        expect(read.size).toBe(accounts.length);
        for (const a of accounts) expect(managed(read.get(a.address)!)).toEqual(a);
        expect(await reader.readMemberships([accounts[7]!.address, accounts[8]!.address])).toEqual(memberships);
        expect(await reader.readMemberships([])).toEqual([]);
      });
    });

    it('lists every account page by page, in address order, each page with when it was read', async () => {
      const accounts = Array.from({ length: 1100 }, (_, i) => account(`page${String(i).padStart(4, '0')}`));
      await withDirectory({ accounts, memberships: [] }, async (directory, writer) => {
        const listed: string[] = [];
        let page: string | undefined;
        let pages = 0;
        do {
          const answer = await writer.listAccounts(page, 'ascending');
          expect(answer.accounts.length).toBeLessThanOrEqual(directory.target.apply.listPageSize);
          expect(answer.readAt).toBeLessThanOrEqual(writer.now());
          listed.push(...answer.accounts.map((a) => a.address));
          page = answer.next;
          pages++;
        } while (page !== undefined);
        expect(pages).toBeGreaterThan(1);
        expect(listed).toEqual(accounts.map((a) => a.address).sort());
      });
    });

    it('reads one account now, by address or by id; one that is not there is null', async () => {
      await withDirectory({ accounts: [account('one')], memberships: [] }, async (directory, writer) => {
        const [bulk] = (await directory.target.openReader().read()).accounts;
        const byAddress = await writer.readAccount({ address: subject.address('one') });
        expect(managed(byAddress.value!)).toEqual(account('one'));
        expect(byAddress.readAt).toBeLessThanOrEqual(writer.now());
        expect(byAddress.value?.id).toBe(bulk!.id);
        expect(managed((await writer.readAccount({ id: bulk!.id, address: 'ignored@example.org' })).value!)).toEqual(account('one'));
        expect((await writer.readAccount({ address: subject.address('nobody') })).value).toBeNull();
      });
    });

    it('creates an account holding exactly the planned fields', async () => {
      await withDirectory({ accounts: [], memberships: [] }, async (_, writer) => {
        const fields = account('new', { enabled: false, placement: subject.placements.second });
        let sent = 0;
        const { attempts } = await writer.create(fields, PERSON, 'A-long-initial-password-1', async () => void sent++);
        expect(attempts).toBe(1);
        expect(sent).toBe(1);
        expect(managed((await writer.readAccount({ address: fields.address })).value!)).toEqual(fields);
      });
    });

    it('updates only the fields named, leaving the other managed fields and everything unmanaged as they were', async () => {
      await withDirectory({ accounts: [account('upd')], memberships: [] }, async (directory, writer) => {
        const address = subject.address('upd');
        const unmanagedBefore = await directory.unmanaged(address);
        const live = (await writer.readAccount({ address })).value!;
        const after = account('upd', {
          name: { given: 'Augusta', family: 'Unchanged Here' },
          placement: subject.placements.second,
          attributes: { [keyA]: 'a-changed', [keyB]: 'b-not-sent' },
        });
        await writer.update({ address }, [GIVEN_NAME_PATH, PLACEMENT_PATH, attributePath(keyA)], after, live, sendNow);
        const now = managed((await writer.readAccount({ address })).value!);
        expect(now).toEqual({
          ...account('upd'),
          name: { given: 'Augusta', family: 'Lovelace upd' },
          placement: subject.placements.second,
          attributes: { [keyA]: 'a-changed', [keyB]: 'b-upd' },
        });
        expect(await directory.unmanaged(address)).toEqual(unmanagedBefore);
      });
    });

    it('disables and removes an attribute, then renames, each only when named', async () => {
      await withDirectory({ accounts: [account('dis')], memberships: [] }, async (directory, writer) => {
        const address = subject.address('dis');
        const live = (await writer.readAccount({ address })).value!;
        const unmanagedBefore = await directory.unmanaged(address);
        const disabled = account('dis', { enabled: false, name: { given: 'Ada', family: 'Byron' }, attributes: { [keyA]: 'a-dis' } });
        await writer.update({ id: live.id, address }, [ENABLED_PATH, FAMILY_NAME_PATH, attributePath(keyB)], disabled, live, sendNow);
        expect(managed((await writer.readAccount({ address })).value!)).toEqual(disabled);
        expect(await directory.unmanaged(address)).toEqual(unmanagedBefore);

        const renamed = subject.address('dis-renamed');
        const again = (await writer.readAccount({ address })).value!;
        await writer.update({ id: again.id, address }, [ADDRESS_PATH], { ...disabled, address: renamed }, again, sendNow);
        const now = (await writer.readAccount({ address: renamed })).value!;
        expect(managed(now)).toEqual({ ...disabled, address: renamed });
        expect(now.id).toBe(live.id);
        expect(samePlacement(now.placement, subject.placements.first)).toBe(true);
      });
    });

    it('removes a membership, and a second removal finds it gone', async () => {
      const member = account('grp');
      await withDirectory({ accounts: [member], memberships: [{ group: subject.group, member: member.address, role: 'member' }] }, async (_, writer) => {
        const key = { address: member.address };
        expect((await writer.readMembership(subject.group, key)).value).toEqual({ role: 'member' });
        expect((await writer.removeMembership(subject.group, key, sendNow)).attempts).toBe(1);
        expect((await writer.readMembership(subject.group, key)).value).toBeNull();
        expect(await failureOf(writer, () => writer.removeMembership(subject.group, key, sendNow))).toMatchObject({ kind: 'not-found' });
      });
    });

    it('classifies failures: an address taken, a container missing, an account not there', async () => {
      await withDirectory({ accounts: [account('taken')], memberships: [] }, async (_, writer) => {
        expect(await failureOf(writer, () => writer.create(account('taken'), PERSON, 'A-long-initial-password-1', sendNow))).toMatchObject({ kind: 'duplicate', attempts: 1 });
        const missing = await failureOf(writer, () => writer.create(account('lost', { placement: subject.placements.missing }), PERSON, 'A-long-initial-password-1', sendNow));
        expect(missing).toMatchObject({ kind: 'missing-container' });
        expect(missing?.message).toContain(subject.placements.missing[0]);
        const ghost = account('ghost');
        const live: ActualAccount = { ...ghost, id: 'no-such-id', otherAddresses: [] };
        expect(await failureOf(writer, () => writer.update({ id: 'no-such-id', address: ghost.address }, [ENABLED_PATH], { ...ghost, enabled: false }, live, sendNow))).toMatchObject({ kind: 'not-found' });
        expect(writer.classify(new Error('a bug, not the directory'))).toBeNull();
      });
    });

    it('sends nothing when the check before sending refuses', async () => {
      await withDirectory({ accounts: [], memberships: [] }, async (_, writer) => {
        const refused = new Error('too old');
        await expect(writer.create(account('never'), PERSON, 'A-long-initial-password-1', async () => Promise.reject(refused))).rejects.toBe(refused);
        expect((await writer.readAccount({ address: subject.address('never') })).value).toBeNull();
      });
    });

    if (!subject.syncsGroups) {
      it('offers none of the group calls, so group sync is refused for it by name', async () => {
        await withDirectory({ accounts: [], memberships: [] }, async (directory, writer) => {
          const refusal = /the \w+ target does not offer managed groups: it cannot read or write the groups of the config's group sets/;
          expect(() => groupTarget(directory.target)).toThrow(refusal);
          expect(() => groupReader(directory.target.openReader(), directory.target.kind)).toThrow(refusal);
          expect(() => groupWriter(writer, directory.target.kind)).toThrow(refusal);
        });
      });
      return;
    }

    it('reads every group in bulk across pages, and the members of the groups asked for, each whole across pages, members that are accounts by position', async () => {
      const accounts = Array.from({ length: 450 }, (_, i) => account(`roster${String(i).padStart(3, '0')}`));
      const groups: GroupFields[] = Array.from({ length: 420 }, (_, i) => ({
        address: subject.address(`grp${String(i).padStart(3, '0')}`),
        name: `Group ${i}`,
        description: `contract group ${i}`,
      }));
      const big = groups[5]!.address;
      const small = groups[6]!.address;
      const other = subject.otherMember ?? 'parent@outside.example.com';
      const second: GroupRole = (subject.groupRoles ?? GROUP_ROLES).includes('manager') ? 'manager' : 'owner';
      const memberships: Membership[] = [
        ...accounts.map((a, i): Membership => ({ group: big, member: a.address, role: i === 0 ? 'owner' : i === 1 ? second : 'member' })),
        { group: big, member: other, role: 'member' },
        { group: small, member: accounts[3]!.address, role: 'member' },
      ];
      await withDirectory({ accounts, memberships, groups }, async (directory) => {
        const reader = directory.target.openReader();
        const state = await reader.read();
        const read = groupReader(reader, directory.target.kind);
        const found = new Map((await read.readGroups()).map((g) => [g.address, g]));
        for (const g of groups) expect(found.get(g.address)).toMatchObject(g);
        const rosters = await read.readRosters([big, small]);
        expect([...rosters.keys()].sort()).toEqual([big, small]);
        const bigRoster = rosters.get(big)!;
        const members = [...bigRoster.positions].map((p, i) => `${state.accounts[p]!.address} ${GROUP_ROLES[bigRoster.roles[i]!]}`).sort();
        expect(members).toEqual(memberships.filter((m) => m.group === big && m.member !== other).map((m) => `${m.member} ${m.role}`).sort());
        expect(bigRoster.others).toEqual([{ address: other, role: 'member' }]);
        const smallRoster = rosters.get(small)!;
        expect([...smallRoster.positions].map((p) => state.accounts[p]!.address)).toEqual([accounts[3]!.address]);
      });
    });

    it('creates a group, adds a member (again: duplicate), changes its role, removes it, deletes the emptied group (again: not-found)', async () => {
      const member = account('joiner');
      await withDirectory({ accounts: [member], memberships: [] }, async (_, plainWriter) => {
        const writer = groupWriter(plainWriter, subject.kind);
        const fields: GroupFields = { address: subject.address('alg1-3-26-27'), name: 'Algebra 1 3 (MHS 26-27)', description: 'Algebra 1, section 3' };
        const key = { address: member.address };
        expect((await writer.readGroup(fields.address)).value).toBeNull();
        expect((await writer.createGroup(fields, sendNow)).attempts).toBe(1);
        expect((await writer.readGroup(fields.address)).value).toMatchObject({ ...fields, memberCount: 0 });
        expect(await failureOf(writer, () => writer.createGroup(fields, sendNow))).toMatchObject({ kind: 'duplicate' });
        expect((await writer.readMembership(fields.address, key)).value).toBeNull();
        await writer.addMembership(fields.address, key, 'member', sendNow);
        expect((await writer.readMembership(fields.address, key)).value).toEqual({ role: 'member' });
        expect((await writer.readGroup(fields.address)).value?.memberCount).toBe(1);
        expect(await failureOf(writer, () => writer.addMembership(fields.address, key, 'member', sendNow))).toMatchObject({ kind: 'duplicate' });
        await writer.setMembershipRole(fields.address, key, 'owner', sendNow);
        expect((await writer.readMembership(fields.address, key)).value).toEqual({ role: 'owner' });
        await writer.removeMembership(fields.address, key, sendNow);
        expect(await failureOf(writer, () => writer.setMembershipRole(fields.address, key, 'member', sendNow))).toMatchObject({ kind: 'not-found' });
        expect((await writer.readGroup(fields.address)).value?.memberCount).toBe(0);
        await writer.deleteGroup(fields.address, sendNow);
        expect((await writer.readGroup(fields.address)).value).toBeNull();
        expect(await failureOf(writer, () => writer.deleteGroup(fields.address, sendNow))).toMatchObject({ kind: 'not-found' });
      });
    });

    it('sends no group write when the check before sending refuses', async () => {
      await withDirectory({ accounts: [account('kept')], memberships: [] }, async (_, plainWriter) => {
        const writer = groupWriter(plainWriter, subject.kind);
        const refused = new Error('too old');
        const fields: GroupFields = { address: subject.address('never-made'), name: 'Never', description: '' };
        await expect(writer.createGroup(fields, async () => Promise.reject(refused))).rejects.toBe(refused);
        expect((await writer.readGroup(fields.address)).value).toBeNull();
        await expect(writer.addMembership(subject.group, { address: subject.address('kept') }, 'member', async () => Promise.reject(refused))).rejects.toBe(refused);
        expect((await writer.readMembership(subject.group, { address: subject.address('kept') })).value).toBeNull();
      });
    });
  });
}
