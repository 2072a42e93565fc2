/**
 * The synthetic district in Microsoft 365: an Entra tenant holding what last night's sync left,
 * made from the district's Google snapshot (the same people, enabled or not, in the units and
 * groups their org unit means: a unit per school, groups per school, grade and population), and
 * the fixture's Entra config on the bench domain. Planning PowerSchool against it shows the same
 * night as the Google plan. Made once per district and kept beside it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { DesiredAccount } from '../../src/model/account.js';
import { EventLog } from '../../src/model/events.js';
import { buildDesiredPeople } from '../../src/rules/desired-people.js';
import { resolveDuplicates } from '../../src/rules/duplicates.js';
import { FilesSource } from '../../src/sources/files/files-source.js';
import { graphId } from '../../src/targets/entra/emulator/ids.js';
import type { AdministrativeUnitRecord, GraphUser, GroupRecord } from '../../src/targets/entra/graph-types.js';
import { writeEntraSnapshotFile } from '../../src/targets/entra/snapshot-file.js';
import { createTarget } from '../../src/targets/factory.js';
import type { DirectoryUser } from '../../src/targets/google/directory-types.js';
import { readSnapshotFile } from '../../src/targets/google/snapshot-file.js';
import fixtureEntra from '../../fixtures/entra.config.json' with { type: 'json' };
import type { District } from './cache.js';
import { BENCH_DOMAIN, BENCH_TODAY, benchConfig } from './config.js';

/** Bumped whenever the tenant made for the same district changes. */
export const ENTRA_TENANT_VERSION = 1;

export interface EntraTenant {
  config: string;
  snapshot: string;
  users: number;
  units: number;
  groups: number;
  /** People PowerSchool has that map to an Entra account. */
  people: number;
  /** The match value of each of a sample of people, for a one-call-per-person lookup. */
  sample: string[];
}

const STUDENT_SKU = '314c4481-f395-4525-be8b-2ec4bb1e9d91';
const FACULTY_SKU = '94763226-9b3c-4e75-a931-5c89701abe66';

export async function ensureEntraTenant(district: District, log: (line: string) => void, options: { requestsPerMinute: number; concurrency: number }): Promise<EntraTenant> {
  const manifestFile = path.join(district.dir, 'entra-manifest.json');
  try {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as EntraTenant & { version: number; pacing: string };
    if (manifest.version === ENTRA_TENANT_VERSION && manifest.pacing === JSON.stringify(options)) return manifest;
  } catch {
    // Not made yet: below.
  }
  const started = performance.now();
  const config = path.join(district.dir, 'entra.config.json');
  await writeFile(config, JSON.stringify(entraBenchConfig(options), null, 2));
  const loaded = await loadConfig(config);
  const target = createTarget(loaded, 'entra', { env: {}, baseDir: loaded.baseDir, events: new EventLog(), showProgress: false });
  // As the plan's recipe does (engine/make-plan), without loading the engine (and its package.json) into the bench build.
  const mapped: DesiredAccount[] = [];
  buildDesiredPeople(await new FilesSource(district.sourceDir).read(), loaded.config, BENCH_TODAY, target.populations, (people) => {
    for (const account of target.desiredAccounts(people).accounts) mapped.push(account);
  });
  const desired = resolveDuplicates(mapped, target.vocabulary.address).accounts;
  const google = await readSnapshotFile(district.snapshot);
  const googleByAddress = new Map(google.users.map((u) => [u.primaryEmail.toLowerCase(), u]));
  const gradeOf = new Map(Object.entries(loaded.config.students.gradeOus ?? {}).flatMap(([grade, ou]) => (ou === null ? [] : [[ou, Number(grade)] as const])));
  const schoolByAbbreviation = new Map<string, string>();
  for (const d of desired) {
    const unit = d.fields.placement.find((c) => c.startsWith('administrativeUnits/'));
    const grade = d.fields.placement.find((c) => / Grade -?\d+$/.test(c));
    if (unit && grade) schoolByAbbreviation.set(grade.slice('groups/'.length).replace(/ Grade -?\d+$/, ''), unit.slice('administrativeUnits/'.length));
  }

  /** The containers SDS would have put an account of this org unit in. */
  const containersOf = (ou: string, grade: number | undefined): string[] => {
    let m = /^\/Students\/(.+?) Students(?:\/([^/]+))?/.exec(ou);
    if (m) {
      const school = schoolByAbbreviation.get(m[1] as string);
      if (school === undefined) return [];
      const g = m[2] !== undefined ? (gradeOf.get(m[2]) ?? grade) : grade;
      return [`administrativeUnits/${school}`, `groups/${school} Students`, ...(g !== undefined ? [`groups/${m[1]} Grade ${g}`] : [])];
    }
    m = /^\/Staff\/(.+) Staff(\/Administrators)?$/.exec(ou);
    if (m) return [`administrativeUnits/${m[1]}`, `groups/${m[1]} Staff`, ...(m[2] ? ['groups/District Administrators'] : [])];
    if (ou === '/Temporary Reactivation' || ou === '/Substitute Teachers') return [`groups${ou}`];
    return [];
  };

  const members = new Map<string, string[]>();
  const place = (container: string, id: string) => {
    const list = members.get(container);
    if (list) list.push(id);
    else members.set(container, [id]);
  };
  const users: GraphUser[] = [];
  const mirrored = new Set<DirectoryUser>();
  const EXT = Object.keys(loaded.config.entra?.students.attributes ?? {}).find((k) => k.startsWith('extension_'))?.replace(/graduationYear$/, '') ?? '';
  for (const d of desired) {
    const googleAddress = d.person.population === 'student' ? d.fields.address.replace('@students.', '@') : d.fields.address;
    const g = googleByAddress.get(googleAddress);
    if (g === undefined) continue; // a create tonight
    mirrored.add(g);
    const id = graphId(`bench:${d.fields.address}`);
    const attributes: Record<string, string> = { ...d.fields.attributes };
    attributes.displayName = `${g.name?.givenName ?? ''} ${g.name?.familyName ?? ''}`.trim();
    const custom = g.customSchemas ?? {};
    if (d.person.population === 'student' && custom.StudentInfo?.Graduation_Year !== undefined) attributes[`${EXT}graduationYear`] = String(custom.StudentInfo.Graduation_Year);
    if (d.person.population === 'staff') {
      const dcid = custom.Synchronization_Data?.DCID;
      if (dcid === undefined) delete attributes[`${EXT}dcid`];
      else attributes[`${EXT}dcid`] = String(dcid);
    }
    const user: GraphUser = {
      id,
      userPrincipalName: d.fields.address,
      accountEnabled: g.suspended !== true,
      givenName: g.name?.givenName ?? '',
      surname: g.name?.familyName ?? '',
      usageLocation: 'US',
      assignedLicenses: [{ skuId: d.person.population === 'student' ? STUDENT_SKU : FACULTY_SKU, disabledPlans: [] }],
    };
    for (const [k, v] of Object.entries(attributes)) if (v !== '') user[k] = v;
    users.push(user);
    for (const c of containersOf(g.orgUnitPath ?? '/', d.person.grade)) place(c, id);
  }
  // Accounts PowerSchool does not know (admins, service accounts, former pilots) stay, wherever they are.
  for (const g of google.users) {
    if (mirrored.has(g)) continue;
    const upn = /^\d+@/.test(g.primaryEmail) ? g.primaryEmail.replace('@', '@students.') : g.primaryEmail;
    const id = graphId(`bench:${upn}`);
    const given = g.name?.givenName || 'Account';
    users.push({ id, userPrincipalName: upn.toLowerCase(), accountEnabled: g.suspended !== true, givenName: given, surname: g.name?.familyName ?? '', displayName: `${given} ${g.name?.familyName ?? ''}`.trim(), mailNickname: upn.split('@')[0] as string });
    for (const c of containersOf(g.orgUnitPath ?? '/', undefined)) place(c, id);
  }
  const containers = new Set([...members.keys(), ...desired.flatMap((d) => d.fields.placement)]);
  const administrativeUnits: AdministrativeUnitRecord[] = [];
  const groups: GroupRecord[] = [];
  for (const c of [...containers].sort()) {
    const name = c.slice(c.indexOf('/') + 1);
    if (c.startsWith('administrativeUnits/')) administrativeUnits.push({ id: graphId(`bench:unit:${name}`), displayName: name, members: members.get(c) ?? [] });
    else groups.push({ id: graphId(`bench:group:${name}`), displayName: name, mailNickname: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 64), mailEnabled: false, securityEnabled: true, groupTypes: [], members: members.get(c) ?? [], owners: [] });
  }
  const upnById = new Map(users.map((u) => [u.id, u]));
  const byGoogleAddress = new Map<string, string>();
  for (const u of users) byGoogleAddress.set(u.userPrincipalName.replace('@students.', '@'), u.id);
  for (const g of google.groups) {
    const list = g.members.flatMap((m) => (m.type === undefined || m.type === 'USER' ? [byGoogleAddress.get(m.email.toLowerCase())] : [])).filter((id): id is string => id !== undefined && upnById.has(id));
    groups.push({ id: graphId(`bench:list:${g.email}`), displayName: `${g.name ?? g.email} (list)`, mail: g.email, mailNickname: g.email.split('@')[0] as string, mailEnabled: true, securityEnabled: false, groupTypes: ['Unified'], members: list, owners: [] });
  }
  const snapshot = path.join(district.dir, 'entra.jsonl');
  const seats = Math.ceil(users.length * 1.2);
  await writeEntraSnapshotFile(snapshot, {
    subscribedSkus: [
      { skuId: STUDENT_SKU, skuPartNumber: 'STANDARDWOFFPACK_STUDENT', prepaidUnits: { enabled: seats } },
      { skuId: FACULTY_SKU, skuPartNumber: 'STANDARDWOFFPACK_FACULTY', prepaidUnits: { enabled: seats } },
    ],
    administrativeUnits,
    groups,
    users,
  });
  const step = Math.max(1, Math.floor(desired.length / 200));
  const tenant: EntraTenant = {
    config,
    snapshot,
    users: users.length,
    units: administrativeUnits.length,
    groups: groups.length,
    people: desired.length,
    sample: desired.filter((_, i) => i % step === 0).slice(0, 200).map((d) => d.fields.address),
  };
  await writeFile(manifestFile, JSON.stringify({ ...tenant, version: ENTRA_TENANT_VERSION, pacing: JSON.stringify(options) }, null, 2));
  log(`  Entra tenant: ${users.length.toLocaleString('en-US')} users, ${administrativeUnits.length} units, ${groups.length} groups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return tenant;
}

/** The fixture's Entra config, on the bench domain, with the district's rules and the bench's pacing. */
function entraBenchConfig(pacing: { requestsPerMinute: number; concurrency: number }): Record<string, unknown> {
  const { google: _google, ...rules } = benchConfig();
  const entra = JSON.parse(JSON.stringify(fixtureEntra.entra).replaceAll('maplewood.example.org', BENCH_DOMAIN)) as Record<string, unknown>;
  return { ...rules, entra: { ...entra, ...pacing } };
}
