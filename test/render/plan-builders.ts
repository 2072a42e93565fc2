/**
 * Small builders of valid plans (per src/plan/types.ts) for renderer tests: a test names only
 * what it is about; the rest takes plausible defaults, and the summary is counted from the changes.
 */
import type { GroupRole } from '../../src/model/group.js';
import { managedPatch } from '../../src/plan/patch.js';
import { GOOGLE_VOCABULARY } from '../../src/targets/google/target.js';
import {
  PLAN_FORMAT,
  PLAN_FORMAT_VERSION,
  UPDATE_ACTIONS,
  type Change,
  type CreateChange,
  type GroupRemovalChange,
  type AccountFields,
  type Person,
  type Plan,
  type PlanHold,
  type PlanIssue,
  type PlanSummary,
  type UpdateAction,
  type UpdateChange,
} from '../../src/plan/types.js';

export const WHS = { number: 5, name: 'WHS Whitmore High' };
export const LMS = { number: 12, name: 'LMS Lincoln Middle' };

export function student(overrides: Partial<Person> = {}): Person {
  return { population: 'student', dcid: '1001', number: '50001', displayName: 'Ann Lee', school: WHS, grade: 9, ...overrides };
}

export function staff(overrides: Partial<Person> = {}): Person {
  return { population: 'staff', dcid: '2001', number: 'T200', displayName: 'Bo Ng', school: WHS, ...overrides };
}

export function fields(overrides: Partial<AccountFields> = {}): AccountFields {
  return {
    address: 'ann.lee@example.org',
    name: { given: 'Ann', family: 'Lee' },
    placement: ['/Students/WHS Students/9th'],
    enabled: true,
    attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2029', 'customSchemas.StudentInfo.School': 'WHS' },
    ...overrides,
  };
}

/** Google's words, as a plan for the Google target carries them. */
export const GOOGLE_WORDS = GOOGLE_VOCABULARY;

let nextId = 1;
function id(): string {
  return `c${String(nextId++).padStart(4, '0')}`;
}

export function createChange(options: { person?: Person; after?: Partial<AccountFields>; reasons?: string[] } = {}): CreateChange {
  const after = fields(options.after);
  return {
    kind: 'create',
    id: id(),
    address: after.address,
    person: options.person ?? student(),
    reasons: options.reasons ?? ['new enrollment, grade 9'],
    after,
  };
}

/** The actions an update carries, read off what differs (as the planner decides them). */
function actionsFor(before: AccountFields, after: AccountFields): UpdateAction[] {
  const carried = new Set<UpdateAction>();
  if (before.enabled && !after.enabled) carried.add('suspend');
  if (!before.enabled && after.enabled) carried.add('unsuspend');
  if (before.address !== after.address || JSON.stringify(before.name) !== JSON.stringify(after.name)) carried.add('rename');
  if (JSON.stringify(before.placement) !== JSON.stringify(after.placement)) carried.add('move');
  if (JSON.stringify(before.attributes) !== JSON.stringify(after.attributes)) carried.add('update-attributes');
  return UPDATE_ACTIONS.filter((action) => carried.has(action));
}

export function updateChange(
  options: { person?: Person; before?: Partial<AccountFields>; after?: Partial<AccountFields>; reasons?: string[] } = {},
): UpdateChange {
  const before = fields(options.before);
  const after = fields({ ...options.before, ...options.after });
  return {
    kind: 'update',
    id: id(),
    address: before.address,
    person: options.person ?? student(),
    reasons: options.reasons ?? ['promoted'],
    actions: actionsFor(before, after),
    accountId: `g-${before.address}`,
    before,
    after,
    patch: managedPatch(before, after),
  };
}

export function groupRemoval(
  options: { person?: Person; address?: string; group?: string; role?: GroupRole; reasons?: string[] } = {},
): GroupRemovalChange {
  return {
    kind: 'remove-from-group',
    id: id(),
    address: options.address ?? 'ann.lee@example.org',
    person: options.person ?? student(),
    reasons: options.reasons ?? ['suspended accounts leave their groups'],
    group: options.group ?? 'whs-students@example.org',
    role: options.role ?? 'member',
  };
}

export function issue(overrides: Partial<PlanIssue> = {}): PlanIssue {
  return {
    severity: 'warning',
    code: 'GRADE_UNKNOWN',
    message: 'grade 15 has no org unit',
    file: 'students.csv',
    row: 14,
    ...overrides,
  };
}

function summarise(changes: readonly Change[], issues: readonly PlanIssue[], unmanaged: number): PlanSummary {
  const updates = changes.filter((change): change is UpdateChange => change.kind === 'update');
  const actions = Object.fromEntries(
    UPDATE_ACTIONS.map((action) => [action, updates.filter((change) => change.actions.includes(action)).length]),
  ) as Record<UpdateAction, number>;
  return {
    changes: changes.length,
    create: changes.filter((change) => change.kind === 'create').length,
    update: updates.length,
    removeFromGroup: changes.filter((change) => change.kind === 'remove-from-group').length,
    actions,
    accounts: {
      desired: 400,
      matched: 380,
      unmanaged,
      absentInactive: 12,
      skipped: 2,
      frozen: 3,
      inSync: 380 - updates.length,
    },
    issues: {
      error: issues.filter((item) => item.severity === 'error').length,
      warning: issues.filter((item) => item.severity === 'warning').length,
    },
  };
}

export function plan(options: { changes?: Change[]; issues?: PlanIssue[]; unmanaged?: number; holds?: PlanHold[] } = {}): Plan {
  const changes = options.changes ?? [];
  const issues = options.issues ?? [];
  return {
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'rollcall', version: '0.1.0' },
    target: { kind: 'google', identity: 'example.org', vocabulary: GOOGLE_VOCABULARY },
    today: '2026-09-02',
    inputs: {
      config: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
      source: 'b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a',
      directory: 'c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b',
    },
    summary: summarise(changes, issues, options.unmanaged ?? 120),
    holds: options.holds ?? [],
    issues,
    changes,
  };
}

/** A sink that keeps what was written, for asserting on content. */
export function collect(): { write(text: string): void; text(): string } {
  let written = '';
  return {
    write(text: string) {
      written += text;
    },
    text: () => written,
  };
}

/** A few changes across two schools and staff without a school, for the tests and the sample. */
export function samplePlan(): Plan {
  return plan({
    changes: [
      updateChange({
        person: student({ displayName: 'Cy Diaz', grade: 10 }),
        before: { address: 'cy.diaz@example.org', placement: ['/Students/WHS Students/9th'] },
        after: { placement: ['/Students/WHS Students/10th'] },
        reasons: ['grade 9 -> 10'],
      }),
      createChange({
        person: student({ displayName: 'Eve Fox', grade: 9 }),
        after: { address: 'eve.fox@example.org', name: { given: 'Eve', family: 'Fox' } },
        reasons: ['new enrollment, grade 9'],
      }),
      updateChange({
        person: student({ displayName: 'Gil Hart', grade: 12 }),
        before: { address: 'gil.hart@example.org', placement: ['/Students/WHS Students/12th'] },
        after: { enabled: false, placement: ['/Students/Graduated'] },
        reasons: ['enroll_status 3, class of 2026: grace ended 09-01'],
      }),
      groupRemoval({
        person: student({ displayName: 'Gil Hart', grade: 12 }),
        address: 'gil.hart@example.org',
        group: 'whs-seniors@example.org',
      }),
      updateChange({
        person: student({ displayName: 'Ida Jones', grade: 7, school: LMS }),
        before: {
          address: 'ida.smith@example.org',
          name: { given: 'Ida', family: 'Smith' },
          placement: ['/Students/LMS Students/7th'],
          attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2030', 'customSchemas.StudentInfo.School': 'LMS' },
        },
        after: {
          address: 'ida.jones@example.org',
          name: { given: 'Ida', family: 'Jones' },
          attributes: { 'customSchemas.StudentInfo.Graduation_Year': '2031', 'customSchemas.StudentInfo.School': 'LMS' },
        },
        reasons: ['last name changed in PowerSchool', 'class of 2031 (retained in grade 7)'],
      }),
      updateChange({
        person: staff({ displayName: 'Kim Lo', school: null }),
        before: {
          address: 'kim.lo@example.org',
          name: { given: 'Kim', family: 'Lo' },
          placement: ['/Staff/Suspended'],
          enabled: false,
          attributes: {},
        },
        after: { enabled: true, placement: ['/Staff/Substitutes'] },
        reasons: ['staff status 1 again (substitute)'],
      }),
    ],
    issues: [
      issue({ severity: 'warning', code: 'NAME_TRUNCATED', message: 'first name longer than 60 characters', row: 31, field: 'first_name' }),
      issue({ severity: 'error', code: 'SCHOOL_UNKNOWN', message: 'school 99 is not in schools.csv', row: 88, address: 'zed@example.org' }),
    ],
    unmanaged: 120,
  });
}
