/**
 * The lifecycle settings and seed the Google lifecycle scenarios share: the fixture district with
 * licences managed for both populations, every offboarding step for staff, suspension dates and
 * deletion after 30 days; licences (one of a SKU rollcall does not manage) and sign-in security
 * on the leavers.
 */
import type { GoogleEmulatorSeed } from '../../src/targets/google/emulator/store.js';
import { DOMAIN, fixtureGoogle } from './harness.js';

export const PLUS = { productId: '101031', skuId: '1010310008' };
export const PLUS_STAFF = { productId: '101031', skuId: '1010310009' };
export const FUNDAMENTALS = { productId: 'Google-Apps', skuId: '1010070001' };
export const LATER = '2026-12-23'; // 30 days after TODAY
export const LEAVER = `dkim@${DOMAIN}`; // staff, suspended by this plan
export const STUDENT_LEAVER = `20330@${DOMAIN}`; // a student suspended by this plan
export const ARCHIVE = `jsmith@${DOMAIN}`;

export const LIFECYCLE_SECTIONS = {
  students: {
    licences: [PLUS],
    lifecycle: { offboarding: { signOut: true, revokeTokens: true }, suspendedOn: { schema: 'StudentInfo', field: 'Suspended_On' }, deleteAfterDays: 30 },
  },
  staff: {
    licences: [PLUS_STAFF],
    lifecycle: {
      offboarding: { invalidateBackupCodes: true, signOut: true, revokeTokens: true, revokeAppPasswords: true, resetPassword: true },
      suspendedOn: { schema: 'Synchronization_Data', field: 'Suspended_On' },
      deleteAfterDays: 30,
      transferDriveTo: ARCHIVE,
    },
  },
};

/** The fixture directory, with licences (one unmanaged) and sign-in security on the leavers. */
export async function lifecycleSeed(): Promise<GoogleEmulatorSeed> {
  return {
    ...(await fixtureGoogle()),
    licenseAssignments: [
      { ...PLUS_STAFF, userId: LEAVER },
      { ...PLUS, userId: STUDENT_LEAVER },
      { ...FUNDAMENTALS, userId: STUDENT_LEAVER },
      { ...PLUS, userId: `20301@${DOMAIN}` },
    ],
    security: {
      [LEAVER]: {
        tokens: [{ clientId: 'grades.example.com', displayText: 'Gradebook', scopes: ['email'] }, { clientId: 'quiz.example.com', displayText: 'Quiz' }],
        asps: [{ name: 'mail on the old phone' }],
        verificationCodes: ['11111111', '22222222'],
      },
      [STUDENT_LEAVER]: { tokens: [{ clientId: 'game.example.com', displayText: 'Game' }] },
    },
  };
}

/** Limits that let the fixture's first night through (39 licences for 44 accounts). */
export const OPEN_LIMITS = { limits: { 'assign-licence': { percent: 100 }, suspend: { count: 20 }, 'remove-from-group': { count: 25 } } };
