import { describe, expect, it } from 'vitest';
import { desiredGoogle } from '../google-builders.js';
import type { DesiredAccount } from '../../src/model/account.js';
import { DOMAIN, makeConfig, rows, school, SCHOOLS, student } from '../builders.js';

const TODAY = '2026-11-23';

function only(state: ReturnType<typeof desiredGoogle>): DesiredAccount {
  expect(state.issues).toEqual([]);
  expect(state.accounts).toHaveLength(1);
  return state.accounts[0]!;
}

describe('student rules (D118 student sync)', () => {
  const config = makeConfig();

  it('places an active student in <prefix>/<abbreviation> Students/<grade OU>, enabled', () => {
    const a = only(desiredGoogle(rows({ students: [student({ studentNumber: '20311', gradeLevel: 9, schoolId: 301 })] }), config, TODAY));
    expect(a.fields.address).toBe(`20311@${DOMAIN}`);
    expect(a.fields.placement[0]).toBe('/Students/WHS Students/9th');
    expect(a.fields.enabled).toBe(true);
    expect(a.reasons.placement).toBe('enroll_status 0 (active), grade 9 at Whitmore High (301)');
  });

  it('treats pre-registered students (enroll_status -1) as active', () => {
    const a = only(desiredGoogle(rows({ students: [student({ enrollStatus: -1, gradeLevel: 0, schoolId: 101 })] }), config, TODAY));
    expect(a.fields.enabled).toBe(true);
    expect(a.fields.placement[0]).toBe('/Students/MES Students');
  });

  it.each([1, 2, 4, 7])('suspends enroll_status %i into the suspended OU', (status) => {
    const a = only(desiredGoogle(rows({ students: [student({ enrollStatus: status })] }), config, TODAY));
    expect(a.fields.enabled).toBe(false);
    expect(a.fields.placement[0]).toBe('/Suspended Students');
    expect(a.reasons.enabled).toContain(`enroll_status ${status}`);
  });

  it('sends graduates (enroll_status 3) to the graduated OU, suspended', () => {
    const a = only(desiredGoogle(rows({ students: [student({ enrollStatus: 3, classOf: 2026, gradeLevel: 12 })] }), config, TODAY));
    expect(a.fields.placement[0]).toBe('/Graduated Students');
    expect(a.fields.enabled).toBe(false);
    expect(a.reasons.enabled).toBe('enroll_status 3 (graduated), class of 2026: graduates are suspended at once (no summer grace configured)');
  });

  it('treats students in the graduated building as graduates whatever their enroll_status', () => {
    const a = only(desiredGoogle(rows({ students: [student({ enrollStatus: 0, schoolId: 900, classOf: 2026 })] }), config, TODAY));
    expect(a.fields.placement[0]).toBe('/Graduated Students');
    expect(a.fields.enabled).toBe(false);
  });

  it('keeps this year\'s graduates active in the graduated OU during the summer grace window', () => {
    const withGrace = makeConfig({ students: { graduateGrace: { until: '09-01' } } });
    const grad = student({ enrollStatus: 3, classOf: 2026 });
    const july = only(desiredGoogle(rows({ students: [grad] }), withGrace, '2026-07-15'));
    expect(july.fields).toMatchObject({ placement: ['/Graduated Students'], enabled: true });
    const september = only(desiredGoogle(rows({ students: [grad] }), withGrace, '2026-09-01'));
    expect(september.fields.enabled).toBe(false);
    expect(september.reasons.enabled).toBe('enroll_status 3 (graduated), class of 2026: grace ended 09-01');
  });

  it('builds the building OU from the school name when configured, with its suffix', () => {
    const byName = makeConfig({ students: { ouPrefix: '/D118 Students', buildingOu: { from: 'name', suffix: ' Kids' } } });
    const a = only(desiredGoogle(rows({ students: [student({ schoolId: 201, gradeLevel: 7 })] }), byName, TODAY));
    expect(a.fields.placement[0]).toBe('/D118 Students/Cedar Middle Kids/7th');
  });

  it('uses the building OU alone when gradeOus is null', () => {
    const noGrades = makeConfig({ students: { gradeOus: null } });
    expect(only(desiredGoogle(rows({ students: [student({ schoolId: 201 })] }), noGrades, TODAY)).fields.placement).toEqual(['/Students/CMS Students']);
  });

  it('reports a grade with no entry in gradeOus instead of guessing', () => {
    const state = desiredGoogle(rows({ students: [student({ gradeLevel: 14 })] }), config, TODAY);
    expect(state.accounts).toEqual([]);
    expect(state.issues[0]).toMatchObject({ code: 'UNKNOWN_GRADE', field: 'GRADE_LEVEL', file: 'students.csv' });
  });

  it('reports a student enrolled in a school missing from schools.csv', () => {
    const s = student({ schoolId: 555 });
    const state = desiredGoogle(rows({ students: [s] }), config, TODAY);
    expect(state.issues).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_SCHOOL', row: s.origin.row, message: expect.stringContaining('school 555') }),
    ]);
  });

  it('reports names Google refuses, naming row and field', () => {
    const state = desiredGoogle(rows({ students: [student({ lastName: 'Smith=Jones' })] }), config, TODAY);
    expect(state.issues[0]).toMatchObject({ code: 'INVALID_NAME', field: 'LAST_NAME' });
    expect(state.issues[0]!.message).toContain('"="');
  });

  it('accepts names with accents, apostrophes and hyphens', () => {
    const a = only(desiredGoogle(rows({ students: [student({ firstName: 'José-Luis', lastName: "O'Connor" })] }), config, TODAY));
    expect(a.fields.name).toEqual({ given: 'José-Luis', family: "O'Connor" });
  });

  it('skips test accounts by first or last name, any case (BAD_NAMES)', () => {
    const state = desiredGoogle(rows({ students: [student({ firstName: 'TEST' }), student({ lastName: 'Sample' })] }), makeConfig({ skipNames: ['test', 'sample'] }), TODAY);
    expect(state.accounts).toEqual([]);
    expect(state.issues).toEqual([]);
    expect(Object.values(state.skipped).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('builds the email from the template', () => {
    const tpl = makeConfig({ students: { emailTemplate: '{first_initial}{last_name}{student_number}@students.{domain}' } });
    const a = only(desiredGoogle(rows({ students: [student({ studentNumber: '123', firstName: 'Émile', lastName: "D'Arcy" })] }), tpl, TODAY));
    expect(a.fields.address).toBe(`edarcy123@students.${DOMAIN}`);
  });

  it('writes the school and graduation-year custom attributes', () => {
    const a = only(desiredGoogle(rows({ students: [student({ schoolId: 201, classOf: 2031, gradeLevel: 7 })] }), config, TODAY));
    expect(a.fields.attributes).toEqual({ 'customSchemas.StudentInfo.Homeschool_ID': '201', 'customSchemas.StudentInfo.Graduation_Year': '2031' });
  });

  it('matches students by constructed email by default', () => {
    const a = only(desiredGoogle(rows({ students: [student({ studentNumber: '777' })] }), config, TODAY));
    expect(a.match).toEqual({ key: 'address', value: `777@${DOMAIN}` });
  });

  it('matches by a source property plus suffix against a target property (SDS identity matching)', () => {
    const sds = makeConfig({
      students: { match: { source: 'dcid', target: 'customSchemas.StudentInfo.DCID' }, attributes: { dcid: { schema: 'StudentInfo', field: 'DCID' } } },
    });
    const a = only(desiredGoogle(rows({ students: [student({ dcid: '4242' })] }), sds, TODAY));
    expect(a.match).toEqual({ key: 'customSchemas.StudentInfo.DCID', value: '4242' });
    const suffixed = makeConfig({ students: { match: { source: 'student_number', suffix: '@old.example.org', target: 'primaryEmail' } } });
    expect(only(desiredGoogle(rows({ students: [student({ studentNumber: '55' })] }), suffixed, TODAY)).match.value).toBe('55@old.example.org');
  });

  describe('scope', () => {
    const extra = [...SCHOOLS, school(400, 'Alt Program', 'ALT', true)];
    const inAlt = student({ schoolId: 400, gradeLevel: 9 });
    const inWhs = student({ schoolId: 301 });
    it('covers every school by default', () => {
      expect(desiredGoogle(rows({ schools: extra, students: [inAlt, inWhs] }), config, TODAY).accounts).toHaveLength(2);
    });
    it('covers only state-reporting schools when asked (D118 helper scripts)', () => {
      const s = desiredGoogle(rows({ schools: extra, students: [inAlt, inWhs] }), makeConfig({ scope: { schools: 'state-reporting' } }), TODAY);
      expect(s.accounts.map((a) => a.person.school?.number)).toEqual([301]);
    });
    it('covers listed school numbers', () => {
      const s = desiredGoogle(rows({ schools: extra, students: [inAlt, inWhs] }), makeConfig({ scope: { schools: [400] } }), TODAY);
      expect(s.accounts.map((a) => a.person.school?.number)).toEqual([400]);
    });
  });

  it('resolves two records with one address in favour of the only active one', () => {
    const old = student({ studentNumber: '9', enrollStatus: 2 });
    const current = student({ studentNumber: '9', enrollStatus: 0 });
    const state = desiredGoogle(rows({ students: [old, current] }), config, TODAY);
    expect(state.accounts.map((a) => a.origin.row)).toEqual([current.origin.row]);
    expect(state.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'DUPLICATE_EMAIL', row: old.origin.row })]);
  });

  it('acts on neither of two active records with one address', () => {
    const state = desiredGoogle(rows({ students: [student({ studentNumber: '9' }), student({ studentNumber: '9' })] }), config, TODAY);
    expect(state.accounts).toEqual([]);
    expect(state.issues.map((i) => [i.severity, i.code])).toEqual([
      ['error', 'DUPLICATE_EMAIL'],
      ['error', 'DUPLICATE_EMAIL'],
    ]);
  });

  it('is pure: the same rows and date give equal results and the input is untouched', () => {
    const input = rows({ students: [student(), student({ enrollStatus: 3 })] });
    const copy = structuredClone(input);
    expect(desiredGoogle(input, config, TODAY)).toEqual(desiredGoogle(input, config, TODAY));
    expect(input).toEqual(copy);
  });
});
