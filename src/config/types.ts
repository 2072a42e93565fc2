/**
 * The validated config, every default filled in (see config.schema.json, which holds the
 * defaults and the documentation of each knob).
 */

export interface AttributeRef {
  schema: string;
  field: string;
}

export type MatchSource = 'email' | 'dcid' | 'student_number' | 'id' | 'teachernumber';

export interface MatchRule {
  source: MatchSource;
  suffix?: string;
  /** primaryEmail | customSchemas.<Category>.<Field> | externalIds.<type> */
  target: string;
}

export interface BuildingOuRule {
  from: 'abbreviation' | 'name';
  suffix: string;
}

export type GoogleAuthConfig =
  | { mode: 'service-account'; keyFile?: string; subject?: string }
  | { mode: 'oauth'; credentialsFile?: string; tokenFile?: string }
  | { mode: 'static-token' };

export interface GoogleConfig {
  domain: string;
  customer: string;
  rootUrl: string | null;
  auth: GoogleAuthConfig;
  requestsPerMinute: number;
  concurrency: number;
  maxRetries: number;
  initialPassword: { env: string | null; changeAtNextLogin: boolean };
}

export type SchoolScope = 'all' | 'state-reporting' | number[];

export interface GraduateGrace {
  from?: string;
  until: string;
}

export interface StudentConfig {
  enabled: boolean;
  emailTemplate: string;
  ouPrefix: string;
  buildingOu: BuildingOuRule;
  gradeOus: Record<string, string> | null;
  suspendedOu: string;
  graduatedOu: string;
  graduatedSchoolName: string | null;
  graduateGrace: GraduateGrace | null;
  frozenOrgUnits: string[];
  match: MatchRule;
  removeSuspendedFromGroups: boolean;
  attributes: {
    school: AttributeRef | null;
    gradYear: AttributeRef | null;
    dcid: AttributeRef | null;
    studentNumber: AttributeRef | null;
  };
}

export interface StaffConfig {
  enabled: boolean;
  ouPrefix: string;
  buildingOu: BuildingOuRule;
  suspendedOu: string;
  substitute: { schoolName: string | null; staffStatus: number | null; ou: string };
  frozenOrgUnits: string[];
  temporaryReactivationOrgUnits: string[];
  skipNumericEmails: boolean;
  removeSuspendedFromGroups: boolean;
  match: MatchRule;
  teacherNumberExternalId: string | null;
  buildingNameOverrides: Record<string, string>;
  accessListSeparator: string;
  attributes: {
    dcid: AttributeRef | null;
    homeschool: AttributeRef | null;
    schoolAccessList: AttributeRef | null;
    staffType: AttributeRef | null;
    staffGroup: AttributeRef | null;
    teacherNumber: AttributeRef | null;
    crisisGoCell: AttributeRef | null;
    crisisGoBuilding: AttributeRef | null;
  };
}

export interface PowerSchoolConfig {
  source: 'files' | 'oracle' | 'rest';
  files: { dir: string };
  [sourceSpecific: string]: unknown;
}

export interface Config {
  google: GoogleConfig;
  powerschool: PowerSchoolConfig;
  scope: { schools: SchoolScope };
  skipNames: string[];
  students: StudentConfig;
  staff: StaffConfig;
}

/** A config as loaded from disk: where it came from matters for relative paths and digests. */
export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file. */
  path: string;
  /** Directory relative paths in the config are resolved against. */
  baseDir: string;
  /** sha256 of the canonical JSON of the validated config (same settings, same digest). */
  digest: string;
  warnings: string[];
}
