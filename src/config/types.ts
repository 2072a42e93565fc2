/**
 * The validated config, every default filled in (see config.schema.json, which holds the
 * defaults and the documentation of each knob).
 */
import type { EndedGroupAction, Exclusivity, GroupRole } from '../model/group.js';
import type { IdentitySource, Population } from '../model/person.js';

export interface AttributeRef {
  schema: string;
  field: string;
}

export type MatchSource = IdentitySource;

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
  /** The people Google manages (default both). */
  populations: Population[];
  customer: string;
  rootUrl: string | null;
  auth: GoogleAuthConfig;
  requestsPerMinute: number;
  concurrency: number;
  maxRetries: number;
  /** How long one call keeps its place through rate-limit answers before it fails. */
  rateLimitWaitSeconds: number;
  initialPassword: { env: string | null; changeAtNextLogin: boolean };
}

export type EntraAuthConfig =
  | { mode: 'client-secret'; tenantId?: string; clientId?: string; clientSecretEnv?: string; authorityHost?: string }
  | { mode: 'certificate'; tenantId?: string; clientId?: string; certificateFile: string; authorityHost?: string }
  | { mode: 'static-token' };

/** The directory extension property form: extension_<app id without dashes>_<name>. */
export type EntraProperty = 'employeeId' | 'employeeType' | 'department' | 'jobTitle' | 'officeLocation' | 'companyName' | `extension_${string}`;

/** Administrative units and groups, each a template of a display name. */
export interface EntraContainerTemplates {
  administrativeUnits: string[];
  groups: string[];
}

export interface EntraMatchRule {
  source: MatchSource;
  suffix?: string;
  /** userPrincipalName | mail | mailNickname | employeeId | extension_<app>_<name> */
  target: string;
}

export interface EntraLicence {
  /** Part number (STANDARDWOFFPACK_STUDENT) or skuId. */
  sku: string;
  disabledPlans?: string[];
  /** Only people of these schools (a student's school, staff's home school); absent: everyone. */
  schools?: number[];
}

/** What disabling an Entra account cuts off besides the account. */
export interface EntraOffboardingConfig {
  signOut: boolean;
  resetPassword: boolean;
}

/** Offboarding, the suspension date and deletion of one population's Entra accounts. */
export interface EntraLifecycleConfig {
  offboarding: EntraOffboardingConfig;
  /** The extension property holding the day the account was disabled; null: not recorded. */
  suspendedOn: string | null;
  deleteAfterDays: number | null;
}

/** How one population becomes Entra accounts (entra.students, entra.staff). */
export interface EntraPopulationConfig extends EntraContainerTemplates {
  userPrincipalName: string;
  mailNickname: string;
  displayName: string;
  /** Property -> template. */
  attributes: Record<string, string>;
  match: EntraMatchRule;
  /** Containers for enabled people of a status other than active (pre-registered, graduated, substitute). */
  byStatus: Partial<Record<'pre-registered' | 'graduated' | 'substitute', Partial<EntraContainerTemplates>>>;
  disabled: EntraContainerTemplates;
  frozenContainers: string[];
  /** Staff only. */
  temporaryReactivationContainers?: string[];
  removeDisabledFromGroups: boolean;
  /** One licence, or a list of them by school (the first that applies). */
  licence: EntraLicence | EntraLicence[] | null;
  lifecycle: EntraLifecycleConfig;
}

/** Microsoft Entra ID as a target. */
export interface EntraConfig {
  /** The tenant's primary domain or id: a plan's identity. */
  tenant: string;
  /** Lower-case domains a userPrincipalName may use; null: not checked. */
  verifiedDomains: string[] | null;
  populations: Population[];
  rootUrl: string | null;
  auth: EntraAuthConfig;
  requestsPerMinute: number;
  concurrency: number;
  maxRetries: number;
  rateLimitWaitSeconds: number;
  initialPassword: { env: string | null; forceChangePasswordNextSignIn: boolean };
  usageLocation: string | null;
  /** Container patterns; null: derived from the templates. */
  managedContainers: string[] | null;
  students: EntraPopulationConfig;
  staff: EntraPopulationConfig;
}

export type SchoolScope = 'all' | 'state-reporting' | number[];

export interface GraduateGrace {
  from?: string;
  until: string;
}

/** title: each all-capitals or all-lower-case word title-cased (D118); as-is: as PowerSchool has it. */
export type NameCase = 'title' | 'as-is';

/** How PowerSchool's names (people's and schools') are cased before use. */
export interface NamesConfig {
  case: NameCase;
}

/** A Google licence: a product's SKU, for everyone or for some schools. */
export interface GoogleLicence {
  productId: string;
  skuId: string;
  schools?: number[];
}

/** What suspending a Google account cuts off besides the account. */
export interface GoogleOffboardingConfig {
  invalidateBackupCodes: boolean;
  signOut: boolean;
  revokeTokens: boolean;
  revokeAppPasswords: boolean;
  resetPassword: boolean;
}

/** Offboarding, the suspension date and deletion of one population's Google accounts. */
export interface GoogleLifecycleConfig {
  offboarding: GoogleOffboardingConfig;
  /** The custom attribute holding the day the account was suspended; null: not recorded. */
  suspendedOn: AttributeRef | null;
  deleteAfterDays: number | null;
  /** Staff only: the account a deleted account's Drive files go to first. */
  transferDriveTo?: string | null;
}

export interface StudentConfig {
  enabled: boolean;
  emailTemplate: string;
  ouPrefix: string;
  buildingOu: BuildingOuRule;
  /** Grade -> sub-OU; a grade mapped to null has none (the building OU itself). */
  gradeOus: Record<string, string | null> | null;
  preRegisteredInBuildingOu: boolean;
  schoolsWithoutGradeOus: number[];
  suspendedOu: string;
  graduatedOu: string;
  graduatedSchoolName: string | null;
  graduateGrace: GraduateGrace | null;
  frozenOrgUnits: string[];
  match: MatchRule;
  removeSuspendedFromGroups: boolean;
  /** The Google licences active students hold. */
  licences: GoogleLicence[];
  lifecycle: GoogleLifecycleConfig;
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
  /** Staff type when the home school has no active SCHOOLSTAFF row (D118: 2); null: that row's own STAFFSTATUS. */
  inactiveHomeSchoolStaffType: number | null;
  frozenOrgUnits: string[];
  temporaryReactivationOrgUnits: string[];
  skipNumericEmails: boolean;
  removeSuspendedFromGroups: boolean;
  /** The Google licences active staff hold. */
  licences: GoogleLicence[];
  lifecycle: GoogleLifecycleConfig;
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

/** A district's custom table holding staff cell phones (D118: u_humanresources.cellphone on usersdcid). */
export interface CellPhoneConfig {
  table: string;
  column: string;
  /** The column holding USERS.DCID. */
  joinColumn: string;
}

/** Narrows the Oracle STUDENTS query; students left out are unmanaged (never created, moved or suspended). */
export interface OracleStudentFilter {
  schools?: number[];
  gradeLevels?: { min?: number; max?: number };
  enrollStatuses?: number[];
}

export interface OracleSourceConfig {
  /** host:port/service; default POWERSCHOOL_PROD_DB. */
  connectString?: string;
  /** Default POWERSCHOOL_READ_USER. */
  user?: string;
  /** Name of the environment variable holding the password (never the password). */
  passwordEnv: string;
  cellPhone: CellPhoneConfig | null;
  fetchArraySize: number;
  studentFilter?: OracleStudentFilter;
}

export interface RestSourceConfig {
  baseUrl: string;
  /** Names of the environment variables holding the plugin's client id and secret. */
  clientIdEnv: string;
  clientSecretEnv: string;
  cellPhone: CellPhoneConfig | null;
}

export interface PowerSchoolConfig {
  source: 'files' | 'oracle' | 'rest';
  files: { dir: string };
  /** Read the class tables too (absent: no). */
  classes?: boolean;
  /** Present only when the config has the section (its defaults fill in then). */
  oracle?: OracleSourceConfig;
  rest?: RestSourceConfig;
}

/** A limit on one kind of change per plan: a count, a percent of managed accounts, or both. */
export interface ChangeLimit {
  count?: number | null;
  percent?: number | null;
}

export type LimitedAccountAction = 'create' | 'suspend' | 'unsuspend' | 'move' | 'rename' | 'update-attributes' | 'remove-from-group' | 'assign-licence' | 'remove-licence' | 'delete-account';
/** Changes to managed groups: their counts are of managed groups (create, delete) or of managed memberships. */
export type LimitedGroupAction = 'create-group' | 'delete-group' | 'add-member' | 'remove-member' | 'change-role';
export type LimitedAction = LimitedAccountAction | LimitedGroupAction;
export type ChangeLimits = Partial<Record<LimitedAction, ChangeLimit>>;

export interface SafetyConfig {
  limits: ChangeLimits;
  windows: Array<{ name?: string; from: string; until: string; limits: ChangeLimits }>;
  schoolDrop: { percent: number; minAccounts: number };
  maxPlanAgeDays: number;
  maxDriftedChanges: number;
  /** Whether apply needs a signed approval: never, for held plans only, or always. */
  requireApproval: 'never' | 'held' | 'always';
  /** Keys apply trusts for approvals. */
  approvalKeys: { publicKeyFiles: string[]; hmacEnvs: string[] };
}

export interface ApplyConfig {
  /** rollcall's state directory (the apply lock), relative to the config; null: .rollcall beside the plan. */
  stateDir: string | null;
  /** apply never acts on an account read longer ago than this. */
  freshnessSeconds: number;
  /** On SIGINT/SIGTERM, how long requests already sent may take to finish. */
  stopDeadlineSeconds: number;
}

/** What a group set gathers: a section's class, a building's students or staff, a grade, a graduating class, a staff type. */
export type GroupKind = 'section' | 'building-students' | 'building-staff' | 'grade' | 'graduating-class' | 'staff-type';

/** The role each kind of person gets in the set's groups; null: not placed. Only the keys of the set's kind apply. */
export interface GroupRoles {
  /** Students (section: those enrolled; building-students, grade, graduating-class: those it gathers). */
  students: GroupRole | null;
  /** Staff (building-staff, staff-type). */
  staff: GroupRole | null;
  /** Section: the lead teacher. */
  leadTeacher: GroupRole | null;
  /** Section: co-teachers (and job-share teachers). */
  coTeachers: GroupRole | null;
  /** Section: teacher aides. */
  aides: GroupRole | null;
}

/** One set of managed groups, made from a template: one group per distinct address the template gives. */
export interface GroupSetConfig {
  name: string;
  kind: GroupKind;
  /** The group's address before the @ (each target adds its own domain), e.g. {school_abbr}-{course_number}-{section_number}-{term_abbr}. */
  address: string;
  displayName: string;
  description: string;
  roles: GroupRoles;
  exclusive: Exclusivity;
  /** Only these schools (null: every school in scope). */
  schools: number[] | null;
  /** Student kinds: only these grades (null: all). */
  grades: number[] | null;
  /** Staff kinds: only these staff types (STAFFSTATUS; null: all). */
  staffTypes: number[] | null;
  /** Staff kinds: a staff member's home school, or every school they are active at. */
  staffSchools: 'home' | 'active';
  /** Section sets: what becomes of a group once its term is over. */
  endedTerms: EndedGroupAction;
}

/** Groups rollcall keeps in step with PowerSchool (absent: none). */
export interface GroupsConfig {
  /** When a term counts: from `leadDays` before its first day to `graceDays` after its last. */
  terms: { leadDays: number; graceDays: number };
  sets: GroupSetConfig[];
}

export interface Config {
  /** Present when Google is a target (see config/targets.ts). */
  google?: GoogleConfig;
  entra?: EntraConfig;
  powerschool: PowerSchoolConfig;
  scope: { schools: SchoolScope };
  skipNames: string[];
  names: NamesConfig;
  students: StudentConfig;
  staff: StaffConfig;
  /** Present when the config manages groups. */
  groups?: GroupsConfig;
  safety: SafetyConfig;
  apply: ApplyConfig;
  notify: NotifyConfig;
}

export interface NotifyConfig {
  webhookUrlEnv: string | null;
  markdownFile: string | null;
  timeoutMs: number;
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
