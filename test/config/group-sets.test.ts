import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/validate.js';
import { isRollcallError } from '../../src/errors.js';

const fixture = async (): Promise<Record<string, unknown>> => JSON.parse(await readFile('fixtures/district.config.json', 'utf8')) as Record<string, unknown>;
const entraFixture = async (): Promise<Record<string, unknown>> => JSON.parse(await readFile('fixtures/entra.config.json', 'utf8')) as Record<string, unknown>;

function errorsOf(input: unknown): string[] {
  const result = validateConfig(input);
  return result.ok ? [] : result.errors;
}

describe('group sets in the config', () => {
  it('the fixture config manages groups, and the group limits it leaves out get their defaults', async () => {
    const input = await fixture();
    const result = validateConfig(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.groups?.sets.map((s) => s.kind)).toEqual(['section', 'building-students', 'building-staff', 'graduating-class']);
    expect(result.config.safety.limits['add-member']).toEqual({ count: 100, percent: 25 });
    delete (input.safety as { limits: Record<string, unknown> }).limits['change-role'];
    const again = validateConfig(input);
    expect(again.ok && again.config.safety.limits['change-role']).toEqual({ percent: 10 });
  });

  it('a config without groups gets no group limits (its digest stays what it was)', async () => {
    const input = await fixture();
    delete input.groups;
    const limits = (input.safety as { limits: Record<string, unknown> }).limits;
    for (const k of ['create-group', 'add-member', 'remove-member', 'change-role', 'delete-group']) delete limits[k];
    const result = validateConfig(input);
    expect(result.ok && Object.keys(result.config.safety.limits).sort()).toEqual(['create', 'move', 'remove-from-group', 'rename', 'suspend', 'unsuspend']);
  });

  it('names a template placeholder its kind does not know, an address that cannot tell sections apart, and a role key of another kind', async () => {
    const input = await fixture();
    const sets = (input.groups as { sets: Array<Record<string, unknown>> }).sets;
    sets[0]!.address = '{school_abbr}-{course_number}-{term_abbr}';
    sets[1]!.displayName = '{school_name} {course_name}';
    sets[2]!.roles = { students: 'member' };
    expect(errorsOf(input)).toEqual([
      'groups.sets.0.address: a section set\'s address needs {section_number} or {section_id}, or two classes of a course would share a group',
      expect.stringMatching(/^groups\.sets\.1\.displayName: unknown placeholder \{course_name\} for a building-students set/),
      'groups.sets.2.roles.students: does not apply to a building-staff set (its keys: staff)',
    ]);
  });

  it('beside an entra section: group sets are valid, but a manager role (Entra has members and owners only) and a tenant named by its id without verified domains are refused, coded CONFIG_INVALID', async () => {
    const input = await entraFixture();
    input.groups = (await fixture()).groups;
    expect(errorsOf(input)).toEqual([]);
    const sets = (input.groups as { sets: Array<Record<string, unknown>> }).sets;
    sets[0]!.roles = { coTeachers: 'manager' };
    sets[2]!.roles = { staff: 'manager' };
    const entra = input.entra as Record<string, unknown>;
    entra.tenant = '8f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    entra.verifiedDomains = null;
    expect(errorsOf(input)).toEqual([
      'groups: the Entra groups\' addresses are their mailNickname at the tenant\'s domain, and entra.tenant is an id ("8f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"): name the tenant by its domain, or list entra.verifiedDomains (the first is used)',
      'groups.sets.0.roles.coTeachers: an Entra group has members and owners but no managers: use member or owner (an owner is made a member too)',
      'groups.sets.2.roles.staff: an Entra group has members and owners but no managers: use member or owner (an owner is made a member too)',
    ]);
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-groups-'));
    const file = path.join(dir, 'entra-groups.json');
    await writeFile(file, JSON.stringify(input));
    const err = await loadConfig(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRollcallError(err) && err.code).toBe('CONFIG_INVALID');
    expect(String((err as Error).message)).toContain('groups.sets.2.roles.staff: an Entra group has members and owners but no managers');
    // Its verified domains name the groups' domain; Google keeps its managers.
    entra.verifiedDomains = ['maplewood.example.org'];
    sets[0]!.roles = {};
    sets[2]!.roles = {};
    expect(errorsOf(input)).toEqual([]);
    const google = await fixture();
    ((google.groups as { sets: Array<Record<string, unknown>> }).sets[2]!).roles = { staff: 'manager' };
    expect(errorsOf(google)).toEqual([]);
  });
});
