/**
 * The lifecycle rules of the diff, each at its boundaries: the suspension date (stamped on
 * suspending, on first sight, cleared on re-enabling), deletion (the day N is reached, never
 * frozen, temporary-reactivation, enabled or unmanaged accounts), licences (per school, per
 * product, unmanaged SKUs left alone, taken back once suspended) and offboarding steps.
 */
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/types.js';
import type { DesiredAccount } from '../../src/model/account.js';
import type { LicenceHolding } from '../../src/model/lifecycle.js';
import { diffAccounts, type DiffResult } from '../../src/plan/diff.js';
import type { Change, DeleteAccountChange, UpdateChange } from '../../src/plan/types.js';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { assignment, DOMAIN, makeConfig, rows, staffUser, student } from '../builders.js';
import { desiredGoogle, googleDiffTarget, googleIndex, state, userFromDesired } from '../google-builders.js';

const TODAY = '2026-11-23';
const PLUS = '101031/1010310008';
const STANDARD = '101031/1010310005';
const PLUS_STAFF = '101031/1010310009';
const FUNDAMENTALS = 'Google-Apps/1010070001';
const DATE = 'customSchemas.Lifecycle.Suspended_On';

const config = makeConfig({
  students: {
    frozenOrgUnits: ['**/Restricted'],
    licences: [
      { productId: '101031', skuId: '1010310008', schools: [301] },
      { productId: '101031', skuId: '1010310005' },
    ],
    lifecycle: {
      offboarding: { signOut: true, revokeTokens: true, revokeAppPasswords: true, invalidateBackupCodes: true, resetPassword: false },
      suspendedOn: { schema: 'Lifecycle', field: 'Suspended_On' },
      deleteAfterDays: 180,
    },
  },
  staff: {
    temporaryReactivationOrgUnits: ['/Temporary Reactivation'],
    licences: [{ productId: '101031', skuId: '1010310009' }],
    lifecycle: { suspendedOn: { schema: 'Lifecycle', field: 'Suspended_On' }, deleteAfterDays: 30, transferDriveTo: `archive@${DOMAIN}` },
  },
});

function desiredStudent(overrides = {}, c: Config = config): DesiredAccount {
  return desiredGoogle(rows({ students: [student(overrides)] }), c, TODAY).accounts[0]!;
}

function desiredStaff(status: number, c: Config = config): DesiredAccount {
  const u = staffUser();
  return desiredGoogle(rows({ users: [u], schoolStaff: [assignment(u.dcid, u.homeSchoolId, status)] }), c, TODAY).accounts[0]!;
}

/** The account as Google holds it: `d` exactly, suspended or not, with a suspension date or not. */
function account(d: DesiredAccount, overrides: Partial<DirectoryUser> & { suspendedOn?: string } = {}): DirectoryUser {
  const { suspendedOn, ...rest } = overrides;
  const user = userFromDesired(d, rest);
  if (suspendedOn !== undefined) (user.customSchemas ??= {}).Lifecycle = { Suspended_On: suspendedOn };
  return user;
}

function diff(d: DesiredAccount, user: DirectoryUser, licences: string[] = [], today = TODAY, c: Config = config): DiffResult {
  const holdings: LicenceHolding[] = licences.map((licence) => ({ address: user.primaryEmail.toLowerCase(), licence }));
  return diffAccounts([d], googleIndex(state([user]), c).addLicences(holdings), { ...googleDiffTarget(c), today });
}

const kinds = (changes: readonly Change[]) => changes.map((c) => (c.kind === 'assign-licence' || c.kind === 'remove-licence' ? `${c.kind} ${c.licence}` : c.kind));
const updateOf = (result: DiffResult): UpdateChange => result.changes.find((c): c is UpdateChange => c.kind === 'update')!;

describe('the suspension date', () => {
  it('is today for an account suspended now, written with the suspension (no attribute update of its own), with the offboarding steps in order', () => {
    const d = desiredStudent({ enrollStatus: 2 });
    const result = diff(d, account(d, { suspended: false, orgUnitPath: '/Students/WHS Students/9th' }), [PLUS]);
    const update = updateOf(result);
    expect(update.actions).toEqual(['suspend', 'move']);
    expect(update.before.attributes[DATE]).toBeUndefined();
    expect(update.after.attributes[DATE]).toBe(TODAY);
    expect(update.patch).toContainEqual({ op: 'add', path: `/attributes/${DATE}`, value: TODAY });
    expect(update.reasons).toContain(`suspended on ${TODAY}, recorded in ${DATE}; it is deleted 180 days after (students.lifecycle.deleteAfterDays)`);
    expect(update.offboarding).toEqual(['invalidate-backup-codes', 'sign-out', 'revoke-tokens', 'revoke-app-passwords']);
    expect(kinds(result.changes)).toEqual(['update', `remove-licence ${PLUS}`]);
  });

  it('is stamped today on an account found suspended without one (no date stamps first), and on one whose date is not a date', () => {
    const d = desiredStudent({ enrollStatus: 2 });
    for (const [found, why] of [
      [undefined, 'found suspended without a suspension date'],
      ['someday', 'its suspension date "someday" is not a date'],
      ['2026-02-30', 'its suspension date "2026-02-30" is not a date'],
    ] as const) {
      const user = account(d, { suspended: true, ...(found !== undefined ? { suspendedOn: found } : {}) });
      const update = updateOf(diff(d, user));
      expect(update.actions).toEqual(['update-attributes']);
      expect(update.after.attributes[DATE]).toBe(TODAY);
      expect(update.reasons).toEqual([`${why}: dated today (${TODAY}) in ${DATE}, so it is deleted 180 days from today at the earliest`]);
      expect(update.offboarding).toBeUndefined();
      // Not deleted on first sight, whatever else holds.
      expect(diff(d, user, [], '2099-01-01').changes.some((c) => c.kind === 'delete-account')).toBe(false);
    }
  });

  it('is cleared when the account is enabled again: re-activation stops the clock', () => {
    const d = desiredStudent();
    const result = diff(d, account(d, { suspended: true, orgUnitPath: '/Suspended Students', suspendedOn: '2026-03-01' }));
    const update = updateOf(result);
    expect(update.actions).toEqual(['unsuspend', 'move']);
    expect(update.after.attributes[DATE]).toBeUndefined();
    expect(update.patch).toContainEqual({ op: 'test', path: '/enabled', value: false });
    expect(update.patch).toContainEqual({ op: 'test', path: `/attributes/${DATE}`, value: '2026-03-01' });
    expect(update.patch).toContainEqual({ op: 'remove', path: `/attributes/${DATE}` });
    expect(update.reasons).toContain(`enabled accounts have no suspension date: ${DATE} "2026-03-01" is cleared, and no deletion is counted from it`);
    expect(jsonpatch.applyPatch(structuredClone(update.before), update.patch, true, false).newDocument).toEqual(update.after);
    expect(kinds(result.changes)).toEqual(['update', `assign-licence ${PLUS}`]);
    // An enabled account left with a date (re-enabled by hand) only loses the date.
    const byHand = updateOf(diff(d, account(d, { suspendedOn: '2026-03-01' }), [PLUS]));
    expect(byHand.actions).toEqual(['update-attributes']);
    expect(byHand.after.attributes[DATE]).toBeUndefined();
  });

  it('is kept as it is on an account suspended with a date, which is then in sync until its day comes', () => {
    const d = desiredStudent({ enrollStatus: 2 });
    const user = account(d, { suspended: true, suspendedOn: '2026-06-01' });
    expect(diff(d, user).changes).toEqual([]);
    expect(diff(d, user).counts.inSync).toBe(1);
  });
});

describe('deletion after N days', () => {
  const d = desiredStudent({ enrollStatus: 2 });
  // 180 days after 2026-05-27 is 2026-11-23.
  const suspended = (since: string, extra: Partial<DirectoryUser> = {}) => account(d, { suspended: true, suspendedOn: since, ...extra });

  it('comes on the day N is reached, not the day before', () => {
    expect(diff(d, suspended('2026-05-28')).changes).toEqual([]);
    const [deletion] = diff(d, suspended('2026-05-27')).changes as [DeleteAccountChange];
    expect(deletion).toMatchObject({
      kind: 'delete-account',
      address: d.fields.address,
      suspendedOn: '2026-05-27',
      suspendedOnAttribute: DATE,
      restorableDays: 20,
      before: { enabled: false, placement: ['/Suspended Students'], attributes: { [DATE]: '2026-05-27' } },
    });
    expect(deletion.reasons).toEqual([
      'suspended since 2026-05-27, 180 days ago (students.lifecycle.deleteAfterDays is 180): enroll_status 2 (transferred out) at Whitmore High (301)',
      'Google can restore it for 20 days after it is deleted, then it is gone for good.',
    ]);
    expect(deletion).not.toHaveProperty('transferTo');
    expect(diff(d, suspended('2025-01-01')).changes.map((c) => c.kind)).toEqual(['delete-account']);
  });

  it('takes nothing else with it: no licence removal or group removal is planned for an account deleted', () => {
    const staffConfig = makeConfig({ staff: { removeSuspendedFromGroups: true, licences: [{ productId: '101031', skuId: '1010310009' }], lifecycle: { suspendedOn: { schema: 'Lifecycle', field: 'Suspended_On' }, deleteAfterDays: 30, transferDriveTo: `archive@${DOMAIN}` } } });
    const leaver = desiredStaff(2, staffConfig);
    const user = account(leaver, { suspended: true, suspendedOn: '2026-09-01' });
    const index = googleIndex({ users: [user], groups: [{ email: `all@${DOMAIN}`, members: [{ email: user.primaryEmail, role: 'MEMBER', type: 'USER' }] }], orgUnits: [] }, staffConfig);
    index.addLicences([{ address: user.primaryEmail, licence: PLUS_STAFF }]);
    const result = diffAccounts([leaver], index, { ...googleDiffTarget(staffConfig), today: TODAY });
    expect(result.changes.map((c) => c.kind)).toEqual(['delete-account']);
    expect(result.changes[0]).toMatchObject({ transferTo: `archive@${DOMAIN}`, restorableDays: 20 });
    // A day short of its 30, it keeps its licence removal and its group removal.
    const early = diffAccounts([leaver], index, { ...googleDiffTarget(staffConfig), today: '2026-09-30' });
    expect(kinds(early.changes)).toEqual([`remove-licence ${PLUS_STAFF}`, 'remove-from-group']);
  });

  it('never deletes an account in a frozen org unit, a temporarily reactivated one, an enabled one, one planned to change, or one no one claims', () => {
    expect(diff(d, suspended('2025-01-01', { orgUnitPath: '/Students/WHS Students/Restricted' })).changes).toEqual([]);
    // Someone moved it out of the suspended OU: it is moved back tonight, and deleted on a later night.
    expect(diff(d, suspended('2025-01-01', { orgUnitPath: '/Students/WHS Students/9th' })).changes.map((c) => c.kind)).toEqual(['update']);
    // Re-enabled by hand (the date still there): the date is cleared, it is suspended again, never deleted tonight.
    const reEnabled = diff(d, suspended('2025-01-01', { suspended: false }));
    expect(reEnabled.changes.map((c) => c.kind)).toEqual(['update']);
    expect(updateOf(reEnabled).after.attributes[DATE]).toBe(TODAY);
    // The person is back: re-enabled, not deleted.
    expect(diff(desiredStudent(), suspended('2025-01-01')).changes.some((c) => c.kind === 'delete-account')).toBe(false);
    // Staff in a temporary-reactivation OU, even if suspended by hand.
    const leaver = desiredStaff(2);
    const held = account(leaver, { suspended: true, orgUnitPath: '/Temporary Reactivation', suspendedOn: '2025-01-01' });
    expect(diff(leaver, held).changes.some((c) => c.kind === 'delete-account')).toBe(false);
    // No one in PowerSchool claims it: never touched.
    const stranger = account(desiredStudent({ studentNumber: '99999', enrollStatus: 2 }), { suspended: true, suspendedOn: '2020-01-01' });
    expect(diffAccounts([], googleIndex(state([stranger]), config), { ...googleDiffTarget(config), today: TODAY }).changes).toEqual([]);
  });

  it('is off without deleteAfterDays: the date is still kept', () => {
    const dated = makeConfig({ students: { lifecycle: { suspendedOn: { schema: 'Lifecycle', field: 'Suspended_On' } } } });
    const leaver = desiredStudent({ enrollStatus: 2 }, dated);
    expect(diff(leaver, account(leaver, { suspended: true, suspendedOn: '2000-01-01' }), [], TODAY, dated).changes).toEqual([]);
    expect(updateOf(diff(leaver, account(leaver, { suspended: true }), [], TODAY, dated)).reasons).toEqual([`found suspended without a suspension date: dated today (${TODAY}) in ${DATE}`]);
  });
});

describe('licences', () => {
  it('gives an active account the first licence of each product that applies to its school, and leaves SKUs not managed alone', () => {
    const atWhitmore = desiredStudent();
    expect(atWhitmore.licences).toEqual([PLUS]);
    expect(desiredStudent({ schoolId: 101 }).licences).toEqual([STANDARD]);
    expect(kinds(diff(atWhitmore, account(atWhitmore), [FUNDAMENTALS]).changes)).toEqual([`assign-licence ${PLUS}`]);
    expect(diff(atWhitmore, account(atWhitmore), [PLUS, FUNDAMENTALS]).changes).toEqual([]);
  });

  it('takes back the SKU of a school the student left before giving the new one (one SKU of a product at a time)', () => {
    const moved = desiredStudent({ schoolId: 101 });
    const result = diff(moved, account(moved), [PLUS]);
    expect(kinds(result.changes)).toEqual([`remove-licence ${PLUS}`, `assign-licence ${STANDARD}`]);
    expect(result.changes[0]).toMatchObject({ enabled: true, reasons: ['not a licence of their school (students.licences)'] });
    expect(result.changes[1]).toMatchObject({ enabled: true, reasons: ['active accounts of students at Maple Elementary hold 101031/1010310005 (students.licences)'] });
  });

  it('takes every managed licence from a suspended account, a graduate past grace included; none is given to one', () => {
    const graduate = desiredStudent({ enrollStatus: 3, classOf: 2026, schoolId: 900 });
    expect(graduate.fields.enabled).toBe(false);
    const result = diff(graduate, account(graduate, { suspended: true, suspendedOn: '2026-09-01' }), [PLUS, STANDARD, FUNDAMENTALS]);
    expect(kinds(result.changes)).toEqual([`remove-licence ${PLUS}`, `remove-licence ${STANDARD}`]);
    expect(result.changes.every((c) => c.kind === 'remove-licence' && !c.enabled)).toBe(true);
  });

  it('gives a new account its licence as a change of its own, after the create', () => {
    const d = desiredStudent();
    const result = diffAccounts([d], googleIndex(state([]), config), { ...googleDiffTarget(config), today: TODAY });
    expect(kinds(result.changes)).toEqual(['create', `assign-licence ${PLUS}`]);
    expect(result.changes[1]).toMatchObject({ address: d.fields.address, reasons: ['new accounts of students at Whitmore High hold 101031/1010310008 (students.licences)'] });
  });

  it('touches no licence of a population whose config names none', () => {
    const noLicences = makeConfig({ staff: { lifecycle: { offboarding: { signOut: true } } } });
    const leaver = desiredStaff(2, noLicences);
    const result = diff(leaver, account(leaver, { suspended: false, orgUnitPath: '/Staff/Whitmore High Staff' }), [PLUS_STAFF], TODAY, noLicences);
    expect(kinds(result.changes)).toEqual(['update']);
    expect(updateOf(result).offboarding).toEqual(['sign-out']);
    expect(updateOf(result).after.attributes).not.toHaveProperty(DATE);
  });
});
