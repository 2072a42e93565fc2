/**
 * The synthetic district's rollcall config: the fixture district's rules (the D118 ones) on a
 * domain of its own, with the default safety limits. Only `google` differs between scenarios.
 */
export const BENCH_DOMAIN = 'bench.example.org';
export const BENCH_TODAY = '2026-11-23';

export function benchConfig(google: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    google: {
      domain: BENCH_DOMAIN,
      auth: { mode: 'service-account', subject: `admin@${BENCH_DOMAIN}` },
      requestsPerMinute: 1500,
      concurrency: 8,
      initialPassword: { env: null, changeAtNextLogin: true },
      ...google,
    },
    powerschool: { source: 'files', files: { dir: 'powerschool' } },
    scope: { schools: 'all' },
    skipNames: ['test', 'sample'],
    students: {
      emailTemplate: '{student_number}@{domain}',
      ouPrefix: '/Students',
      buildingOu: { from: 'abbreviation', suffix: ' Students' },
      suspendedOu: '/Suspended Students',
      graduatedOu: '/Graduated Students',
      graduatedSchoolName: 'Graduated Students',
      graduateGrace: { from: '06-01', until: '09-01' },
      frozenOrgUnits: ['**/Restricted'],
      match: { source: 'email', target: 'primaryEmail' },
      attributes: {
        school: { schema: 'StudentInfo', field: 'Homeschool_ID' },
        gradYear: { schema: 'StudentInfo', field: 'Graduation_Year' },
        dcid: { schema: 'StudentInfo', field: 'DCID' },
      },
    },
    staff: {
      ouPrefix: '/Staff',
      buildingOu: { from: 'name', suffix: ' Staff' },
      suspendedOu: '/Suspended Staff',
      substitute: { schoolName: 'Substitute Teachers', staffStatus: 4, ou: '/Substitute Teachers' },
      frozenOrgUnits: ['**/Administrators'],
      temporaryReactivationOrgUnits: ['/Temporary Reactivation'],
      skipNumericEmails: true,
      removeSuspendedFromGroups: true,
      match: { source: 'dcid', target: 'customSchemas.Synchronization_Data.DCID' },
      teacherNumberExternalId: 'organization',
      attributes: {
        dcid: { schema: 'Synchronization_Data', field: 'DCID' },
        homeschool: { schema: 'Synchronization_Data', field: 'Homeschool_ID' },
        schoolAccessList: { schema: 'Synchronization_Data', field: 'School_Access_List' },
        staffType: { schema: 'Synchronization_Data', field: 'Staff_Type' },
        staffGroup: { schema: 'Synchronization_Data', field: 'Staff_Group' },
        crisisGoCell: { schema: 'CrisisGO', field: 'CellPhone' },
        crisisGoBuilding: { schema: 'CrisisGO', field: 'Building' },
      },
    },
  };
}
