/**
 * Data that builds org unit paths is checked where it enters: every config piece (prefixes,
 * suspended/graduated/substitute OUs, grade sub-OUs, building suffixes) by config validation,
 * and PowerSchool's school names and abbreviations by the row mapping (a source issue naming
 * file and row; the school is left out, never placed in a path it would break).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { orgUnitNameProblem, orgUnitPathProblem } from '../../src/config/org-unit-names.js';
import { validateConfig } from '../../src/config/validate.js';
import { mapSchoolRow } from '../../src/sources/row-mapping.js';
import type { Plan } from '../../src/plan/types.js';
import { cli, CONFIG, FIXTURES, TODAY } from '../apply/harness.js';

const errorsOf = (input: unknown): string[] => {
  const result = validateConfig(input);
  return result.ok ? [] : result.errors;
};

describe('org unit paths and names', () => {
  it.each([
    ['/Students/../Staff//', 'must not end with /, and has a ".." level, and has an empty level (//)'],
    ['/Students/../Staff', 'has a ".." level'],
    ['/Students/./X', 'has a "." level'],
    ['/Students/', 'must not end with /'],
    ['/Students//Grade', 'has an empty level (//)'],
    ['/Students/ Padded', 'has a level with spaces before or after its name (" Padded")'],
    ['/Stu\u0007dents', 'contains a control character'],
    ['Students', 'must start with /'],
  ])('refuses the path %j: %s', (value, problem) => {
    expect(orgUnitPathProblem(value)).toBe(problem);
  });

  it('accepts real paths, and the root', () => {
    for (const ok of ['/', '/Students', '/Suspended Accounts/Graduated Students', '/Staff/Ärzte & Pflege', '/Students/K-8 (Annex)']) expect(orgUnitPathProblem(ok), ok).toBeUndefined();
  });

  it.each([
    ['Jr/Sr High', 'contains "/", which would make a deeper org unit'],
    ['/MHS', 'contains "/", which would make a deeper org unit'],
    ['MHS/', 'contains "/", which would make a deeper org unit'],
    ['..', 'is "..", which is not an org unit name'],
    ['.', 'is ".", which is not an org unit name'],
    ['M\nHS', 'contains a control character'],
  ])('refuses the name %j: %s', (value, problem) => {
    expect(orgUnitNameProblem(value)).toBe(problem);
  });
});

describe('config validation of what builds org unit paths', () => {
  it('names every bad key and what is wrong with it', () => {
    const errors = errorsOf({
      google: { domain: 'd118.example.org' },
      students: {
        ouPrefix: '/Students/../Staff//',
        suspendedOu: '/Suspended/',
        graduatedOu: '/Graduated/./Students',
        buildingOu: { from: 'abbreviation', suffix: '/Students' },
        gradeOus: { '9': '..', '10': '10th' },
      },
      staff: { ouPrefix: '/Staff//', suspendedOu: '/Suspended Staff', substitute: { ou: '/Subs/..' }, buildingOu: { from: 'name', suffix: ' Staff\u0000' } },
    });
    expect(errors).toEqual([
      'students.ouPrefix: "/Students/../Staff//" must not end with /, and has a ".." level, and has an empty level (//)',
      'students.suspendedOu: "/Suspended/" must not end with /',
      'students.graduatedOu: "/Graduated/./Students" has a "." level',
      'students.buildingOu.suffix: "/Students" contains "/", which would make a deeper org unit',
      'students.gradeOus.9: ".." is "..", which is not an org unit name',
      'staff.ouPrefix: "/Staff//" must not end with /, and has an empty level (//)',
      'staff.substitute.ou: "/Subs/.." has a ".." level',
      'staff.buildingOu.suffix: " Staff\\u0000" contains a control character',
    ]);
  });

  it('leaves the fixture district\'s config as valid as it was', async () => {
    expect(errorsOf(JSON.parse(await readFile(CONFIG, 'utf8')))).toEqual([]);
  });
});

describe('school rows', () => {
  it('a school whose name or abbreviation cannot name an org unit is a source issue naming file, row and field; the row is left out', () => {
    const mapped = mapSchoolRow({ SCHOOL_NUMBER: '12', NAME: 'Jr/Sr High', ABBREVIATION: '..', STATE_EXCLUDEFROMREPORTING: '0' }, { file: 'schools.csv', row: 7 });
    expect(mapped.row).toBeUndefined();
    expect(mapped.issues).toEqual([
      {
        severity: 'error',
        code: 'ROW_BAD_ORG_UNIT_NAME',
        file: 'schools.csv',
        row: 7,
        field: 'NAME',
        message: 'schools.csv row 7: NAME "Jr/Sr High" contains "/", which would make a deeper org unit; the school is left out (its people are left alone) until it is fixed in PowerSchool',
      },
      expect.objectContaining({ code: 'ROW_BAD_ORG_UNIT_NAME', row: 7, field: 'ABBREVIATION' }),
    ]);
  });

  it('a plan from such an export lists the issue and moves nobody into a broken path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-ou-names-'));
    try {
      const source = path.join(dir, 'powerschool');
      await cp(path.join(FIXTURES, 'powerschool'), source, { recursive: true });
      const schools = await readFile(path.join(source, 'schools.csv'), 'utf8');
      await writeFile(path.join(source, 'schools.csv'), schools.replace(',Oak Ridge Elementary,ORE,', ',Oak Ridge Elementary,OR/E,'));
      const out = path.join(dir, 'plan.json');
      const run = await cli(['plan', '--config', CONFIG, '--source-dir', source, '--google-snapshot', path.join(FIXTURES, 'google-snapshot.jsonl'), '--today', TODAY, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
      const plan = JSON.parse(await readFile(out, 'utf8')) as Plan;
      expect(plan.issues).toContainEqual(expect.objectContaining({ code: 'ROW_BAD_ORG_UNIT_NAME', file: 'schools.csv', row: 4, field: 'ABBREVIATION' }));
      const paths = plan.changes.flatMap((c) => (c.kind === 'create' || c.kind === 'update' ? c.after.placement : []));
      expect(paths.filter((p) => p.includes('OR/E'))).toEqual([]);
      expect(paths.every((p) => orgUnitPathProblem(p) === undefined)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
