/**
 * People to Entra accounts, all from the entra section: the userPrincipalName, mailNickname,
 * display name and properties from templates, the units and groups by status, the SDS-style
 * match key; a person Entra would refuse, or placed outside the managed containers, becomes an
 * issue naming the row. And what validate says of an entra section.
 */
import { describe, expect, it } from 'vitest';
import { managedContainerPatterns } from '../../src/config/entra-mapping.js';
import { validateConfig } from '../../src/config/validate.js';
import { ADDRESS_KEY } from '../../src/model/account.js';
import { assignment, DOMAIN, rows, school, SCHOOLS, staffUser, student } from '../builders.js';
import { entraConfig, entraSection, GRAD_YEAR, mapEntra, STAFF_DCID, STUDENT_DOMAIN } from '../entra-builders.js';

describe('the Entra mapping', () => {
  it('makes a student account from the templates: address, alias, names, properties, units and groups, SDS match key', () => {
    const s = student({ studentNumber: '20311', firstName: 'MIA', lastName: "o'neil", gradeLevel: 9, schoolId: 301, classOf: 2030 });
    const { accounts, issues } = mapEntra(rows({ students: [s] }), entraConfig());
    expect(issues).toEqual([]);
    expect(accounts).toHaveLength(1);
    const [a] = accounts;
    expect(a!.fields).toEqual({
      address: `20311@${STUDENT_DOMAIN}`,
      name: { given: 'Mia', family: "O'Neil" },
      enabled: true,
      placement: ['administrativeUnits/Whitmore High', 'groups/Whitmore High Students', 'groups/WHS Grade 9'],
      attributes: { displayName: "Mia O'Neil", mailNickname: '20311', employeeId: '20311', department: 'Whitmore High', [GRAD_YEAR]: '2030' },
    });
    expect(a!.match).toEqual({ key: ADDRESS_KEY, value: `20311@${STUDENT_DOMAIN}` });
    expect(a!.reasons.placement).toBe('enroll_status 0 (active), grade 9 at Whitmore High (301)');
  });

  it('makes a staff account: PowerSchool email as the address, matched by DCID in an extension property, exactly', () => {
    const u = staffUser({ email: 'JSmith@District.Example.org', dcid: '5001', teacherNumber: 'T1001', homeSchoolId: 101, groupValue: 'Teachers' });
    const { accounts, issues } = mapEntra(rows({ users: [u], schoolStaff: [assignment('5001', 101)] }), entraConfig());
    expect(issues).toEqual([]);
    expect(accounts[0]!.fields).toMatchObject({
      address: `jsmith@${DOMAIN}`,
      placement: ['administrativeUnits/Maple Elementary', 'groups/Maple Elementary Staff'],
      attributes: { displayName: 'Jennifer Smith', mailNickname: 'jsmith', employeeId: 'T1001', jobTitle: 'Teachers', [STAFF_DCID]: '5001' },
    });
    expect(accounts[0]!.match).toEqual({ key: STAFF_DCID, value: '5001' });
  });

  it('places by status: substitutes in their group, pre-registered and graduates by byStatus when given, disabled people nowhere', () => {
    const sub = staffUser({ dcid: '5005', homeSchoolId: 950 });
    const left = staffUser({ dcid: '5006', homeSchoolId: 101 });
    const students = [
      student({ studentNumber: '1', enrollStatus: -1, gradeLevel: 0, schoolId: 101 }),
      student({ studentNumber: '2', enrollStatus: 3, classOf: 2026, gradeLevel: 12 }),
      student({ studentNumber: '3', enrollStatus: 2, schoolId: 201, gradeLevel: 7 }),
    ];
    const source = rows({ students, users: [sub, left], schoolStaff: [assignment('5005', 950, 1, 4), assignment('5006', 101, 0)] });
    const config = entraConfig({
      students: { byStatus: { 'pre-registered': { administrativeUnits: ['{school_name}'] }, graduated: { groups: ['Graduates {class_of}'] } } },
      managedContainers: [...(entraSection().managedContainers as string[]), 'groups/Graduates *'],
    }, { students: { graduateGrace: { from: '06-01', until: '09-01' } } });
    const placed = (today: string) => Object.fromEntries(mapEntra(source, config, today).accounts.map((a) => [a.fields.address.split('@')[0], { enabled: a.fields.enabled, placement: a.fields.placement, why: a.reasons.placement }]));
    const summer = placed('2026-07-01');
    expect(summer['1']).toMatchObject({ enabled: true, placement: ['administrativeUnits/Maple Elementary'] });
    expect(summer['2']).toMatchObject({ enabled: true, placement: ['groups/Graduates 2026'], why: expect.stringContaining('graduated accounts go to the containers of entra.students.byStatus.graduated') });
    expect(summer['3']).toMatchObject({ enabled: false, placement: [], why: expect.stringContaining('disabled accounts leave every managed unit and group') });
    expect(summer[sub.email.split('@')[0]!]).toMatchObject({ enabled: true, placement: ['groups/Substitute Teachers'] });
    expect(summer[left.email.split('@')[0]!]).toMatchObject({ enabled: false, placement: [] });
    expect(placed('2026-11-23')['2']).toMatchObject({ enabled: false, placement: [] });
  });

  it('shares one placement array among students alike, and leaves out a container whose template comes out empty', () => {
    const students = [student({ gradeLevel: 9 }), student({ gradeLevel: 9 }), student({ gradeLevel: 10 })];
    const { accounts } = mapEntra(rows({ students }), entraConfig());
    expect(accounts[0]!.fields.placement).toBe(accounts[1]!.fields.placement);
    expect(accounts[2]!.fields.placement).not.toBe(accounts[0]!.fields.placement);
    const u = staffUser({ groupValue: '' });
    const config = entraConfig({ staff: { groups: ['{school_name} Staff', '{staff_group}'] }, managedContainers: ['administrativeUnits/*', 'groups/*'] });
    expect(mapEntra(rows({ users: [u], schoolStaff: [assignment(u.dcid, 301)] }), config).accounts[0]!.fields.placement).toEqual(['administrativeUnits/Whitmore High', 'groups/Whitmore High Staff']);
  });

  it('reports a person Entra would refuse, or placed outside the managed containers, naming the row, and maps the rest', () => {
    const longName = 'A'.repeat(70);
    const source = rows({
      schools: [...SCHOOLS, school(777, `The ${'Very '.repeat(14)}Long School`, 'VLS')],
      students: [
        student({ studentNumber: '1', firstName: '李', lastName: 'Wei' }),
        student({ studentNumber: '2', lastName: longName }),
        student({ studentNumber: '3', schoolId: 777 }),
        student({ studentNumber: '4' }),
      ],
    });
    const config = entraConfig({ students: { userPrincipalName: `{first_name}.{student_number}@${STUDENT_DOMAIN}`, match: { source: 'email', target: 'userPrincipalName' } } });
    const { accounts, issues } = mapEntra(source, config);
    expect(accounts.map((a) => a.fields.address)).toEqual([`ava.4@${STUDENT_DOMAIN}`]);
    expect(issues.map((i) => [i.code, i.field, i.message.replace(/^students\.csv row \d+: /, '')])).toEqual([
      ['INVALID_UPN', 'STUDENT_NUMBER', `student 1 would get the userPrincipalName ".1@${STUDENT_DOMAIN}", which Entra does not allow`],
      ['INVALID_NAME', 'LAST_NAME', `student 2 LAST_NAME "${longName}" is 70 characters long (Entra allows 64)`],
      ['INVALID_VALUE', 'STUDENT_NUMBER', expect.stringMatching(/^student 3 would get department "The Very .* Long School", 85 characters long \(Entra allows 64\)$/)],
    ]);
    const narrow = entraConfig({ managedContainers: ['administrativeUnits/*', 'groups/* Students'] });
    const unmanaged = mapEntra(rows({ students: [student({ studentNumber: '5' })] }), narrow).issues;
    expect(unmanaged).toEqual([
      expect.objectContaining({
        code: 'UNMANAGED_CONTAINER',
        message: expect.stringContaining('student 5 would be placed in groups/WHS Grade 9, which entra.managedContainers does not name'),
      }),
    ]);
  });

  it('matches as SDS offers: a source plus a suffix against mail or mailNickname ignoring case', () => {
    const s = student({ studentNumber: 'AB12' });
    const byNickname = entraConfig({ students: { match: { source: 'student_number', suffix: '', target: 'mailNickname' } } });
    expect(mapEntra(rows({ students: [s] }), byNickname).accounts[0]!.match).toEqual({ key: 'mailNickname', value: 'ab12' });
    const byMail = entraConfig({ students: { match: { source: 'id', suffix: '@Old.Example.org', target: 'mail' } } });
    expect(mapEntra(rows({ students: [s] }), byMail).accounts[0]!.match).toEqual({ key: 'mail', value: `${s.id}@old.example.org` });
  });
});

describe('validate: the entra section', () => {
  const errorsOf = (entra: Record<string, unknown>) => {
    const result = validateConfig({ entra: { ...entraSection(), ...entra } });
    return result.ok ? { errors: [], warnings: result.warnings } : { errors: result.errors, warnings: result.warnings };
  };

  it('accepts the test section, and fills defaults: staff by their PowerSchool email, the alias from the address', () => {
    const config = entraConfig();
    expect(config.entra?.staff.userPrincipalName).toBe('{email}');
    expect(config.entra?.students.mailNickname).toBe('{upn_local}');
    expect(config.entra?.auth).toEqual({ mode: 'client-secret' });
    expect(config.entra?.requestsPerMinute).toBe(1500);
  });

  it('names unknown placeholders, {domain} of a tenant id, a match on a property never written, a licence without a usage location', () => {
    const { errors } = errorsOf({
      tenant: '8f3c2a4e-0000-4000-8000-000000000001',
      usageLocation: null,
      students: { ...(entraSection().students as object), userPrincipalName: '{student_number}@{domain}', groups: ['{school} Students'], match: { source: 'student_number', target: 'employeeId' }, attributes: {} },
    });
    expect(errors).toEqual([
      'entra.students.userPrincipalName: {domain} stands for entra.tenant, which is not a domain (8f3c2a4e-0000-4000-8000-000000000001): write the domain itself',
      expect.stringMatching(/^entra\.students\.groups: unknown placeholder \{school\} \(known: \{first_name\} /),
      'entra.students.match.target: employeeId must also be written by entra.students.attributes.employeeId, or new accounts could never be matched again',
      'entra.usageLocation: entra.students.licence needs a usage location for new accounts (the two-letter country code, e.g. US)',
      'entra.usageLocation: entra.staff.licence needs a usage location for new accounts (the two-letter country code, e.g. US)',
    ]);
    expect(errorsOf({ staff: { groups: ['{student_number}'] } }).errors).toEqual([expect.stringMatching(/^entra\.staff\.groups: unknown placeholder \{student_number\}/)]);
  });

  it('derives the managed containers from the templates when none are named, warning when a template is a placeholder alone', () => {
    const config = entraConfig({ managedContainers: null });
    expect(managedContainerPatterns(config.entra!, ['student', 'staff'])).toEqual([
      'administrativeUnits/*',
      'groups/* Grade *',
      'groups/* Staff',
      'groups/* Students',
      'groups/Substitute Teachers',
    ]);
    expect(errorsOf({ managedContainers: null }).warnings).toEqual([
      'entra: a template made only of placeholders makes every administrative unit a managed container (administrativeUnits/*); name the managed ones in entra.managedContainers',
    ]);
    expect(errorsOf({}).warnings).toEqual([]);
  });

  it('refuses unknown keys, a container pattern of no kind, a property Entra does not have, a bad match target', () => {
    const { errors } = errorsOf({
      frozen: [],
      managedContainers: ['Students/*'],
      students: { attributes: { favouriteColour: '{grade}' }, match: { source: 'email', target: 'primaryEmail' } },
    });
    expect(errors).toEqual([
      'entra.frozen: unknown key (check its spelling against the documented keys)',
      expect.stringMatching(/^entra\.managedContainers(\.0)?: /),
      expect.stringMatching(/^entra\.students\.attributes: key "favouriteColour"/),
      expect.stringMatching(/^entra\.students\.match\.target: /),
    ]);
  });
});
