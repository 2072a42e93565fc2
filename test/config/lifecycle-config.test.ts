/**
 * The lifecycle settings in a config: off by default (no licences managed, no step, no date, no
 * deletion), and what the schema cannot say, each error naming its key.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';

const GOOGLE = { domain: 'd118.example.org' };
const EXTENSION = 'extension_4f1e5d2c9b8a47e6a3c2b1d0e9f8a7b6_suspendedOn';

function errorsOf(input: unknown): string[] {
  const result = validateConfig(input);
  return result.ok ? [] : result.errors;
}

describe('lifecycle settings', () => {
  it('are off by default: no licence managed, no offboarding step, no suspension date, no deletion; deletions held above 10', () => {
    const result = validateConfig({ google: GOOGLE });
    if (!result.ok) throw new Error(result.errors.join());
    for (const section of ['students', 'staff'] as const) {
      expect(result.config[section].licences).toEqual([]);
      expect(result.config[section].lifecycle).toMatchObject({
        offboarding: { invalidateBackupCodes: false, signOut: false, revokeTokens: false, revokeAppPasswords: false, resetPassword: false },
        suspendedOn: null,
        deleteAfterDays: null,
      });
    }
    expect(result.config.safety.limits['delete-account']).toEqual({ count: 10 });
  });

  it('refuses a deletion without the date it counts from, and a date kept in a field the sync writes or matches on', () => {
    expect(errorsOf({ google: GOOGLE, students: { lifecycle: { deleteAfterDays: 30 } } })).toEqual([
      'students.lifecycle.deleteAfterDays: needs students.lifecycle.suspendedOn, the custom attribute the day of suspension is kept in (deletion counts from it)',
    ]);
    expect(errorsOf({ google: GOOGLE, staff: { lifecycle: { suspendedOn: { schema: 'Synchronization_Data', field: 'DCID' } } } })).toEqual([
      'staff.lifecycle.suspendedOn: Synchronization_Data.DCID is also staff.attributes.dcid; the suspension date needs a field of its own',
      'staff.lifecycle.suspendedOn: staff.match.target reads the same field; the suspension date needs a field of its own',
    ]);
    expect(errorsOf({ google: GOOGLE, students: { lifecycle: { deleteAfterDays: 0, suspendedOn: { schema: 'S', field: 'On' } } } })).toEqual([
      'students.lifecycle.deleteAfterDays: must be >= 1',
    ]);
  });

  it('refuses a percent limit on deletions (a percent of a district is a school)', () => {
    expect(errorsOf({ google: GOOGLE, safety: { limits: { 'delete-account': { percent: 5 } } } }).join('\n')).toMatch(/safety\.limits\.delete-account/);
  });

  it('warns of a transfer that never happens, a licence entry that never applies, and my_customer with licences', () => {
    const result = validateConfig({
      google: GOOGLE,
      students: { licences: [{ productId: '101031', skuId: '1010310008' }, { productId: '101031', skuId: '1010310005' }] },
      staff: { lifecycle: { transferDriveTo: 'archive@d118.example.org' } },
    });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      "google.customer: the Licensing API asks for the customer's id (Admin console > Account > Account settings: Customer ID, C0...); my_customer is sent as it is",
      'students.licences[1]: an earlier entry (0) already gives everyone a licence of product 101031, so this one never applies',
      'staff.lifecycle.transferDriveTo: files are handed over only before a deletion, and staff.lifecycle.deleteAfterDays is off',
    ]);
  });

  it('checks the Entra settings the same way: a deletion needs its extension property, which must be its own', () => {
    const entra = (lifecycle: Record<string, unknown>, attributes: Record<string, string> = {}) => ({
      entra: {
        tenant: 'd118.example.org',
        auth: { mode: 'client-secret', clientId: '5c1d3e7a-8b2f-4c6d-9e0a-1f2b3c4d5e6f' },
        students: { userPrincipalName: '{student_number}@d118.example.org', attributes, lifecycle },
      },
    });
    expect(errorsOf(entra({ deleteAfterDays: 30 }))).toEqual([
      'entra.students.lifecycle.deleteAfterDays: needs entra.students.lifecycle.suspendedOn, the extension property the day of suspension is kept in (deletion counts from it)',
    ]);
    expect(errorsOf(entra({ suspendedOn: EXTENSION }, { [EXTENSION]: '{class_of}' }))).toEqual([
      `entra.students.lifecycle.suspendedOn: ${EXTENSION} is also written by entra.students.attributes; the suspension date needs a property of its own`,
    ]);
    expect(errorsOf(entra({ suspendedOn: 'Suspended_On' })).join('\n')).toMatch(/entra\.students\.lifecycle\.suspendedOn/);
    const ok = validateConfig(entra({ suspendedOn: EXTENSION, deleteAfterDays: 30 }));
    if (!ok.ok) throw new Error(ok.errors.join());
    expect(ok.config.entra?.students.lifecycle).toEqual({ offboarding: { signOut: true, resetPassword: false }, suspendedOn: EXTENSION, deleteAfterDays: 30 });
  });
});
