import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/validate.js';

describe('config validation', () => {
  it('fills in the D118 defaults', () => {
    const result = validateConfig({ google: { domain: 'd118.example.org' } });
    if (!result.ok) throw new Error(result.errors.join());
    expect(result.config.students.emailTemplate).toBe('{student_number}@{domain}');
    expect(result.config.students.gradeOus?.['9']).toBe('9th');
    expect(result.config.students.graduateGrace).toBeNull();
    expect(result.config.staff.skipNumericEmails).toBe(true);
    expect(result.config.staff.removeSuspendedFromGroups).toBe(true);
    expect(result.config.staff.match).toEqual({ source: 'dcid', target: 'customSchemas.Synchronization_Data.DCID' });
    expect(result.config.google?.requestsPerMinute).toBeLessThan(2400);
    expect(result.config.google?.populations).toEqual(['student', 'staff']);
    expect(result.config.names.case).toBe('title');
    expect(result.config.students.gradeOus).toMatchObject({ '13': null, '15': null, '99': null });
    expect(result.config.students.preRegisteredInBuildingOu).toBe(true);
    expect(result.config.students.schoolsWithoutGradeOus).toEqual([999999]);
    expect(result.config.staff.inactiveHomeSchoolStaffType).toBe(2);
  });

  it('names a bad casing or staff type key', () => {
    const result = validateConfig({ google: { domain: 'd.example.org' }, names: { case: 'upper' }, staff: { inactiveHomeSchoolStaffType: 'staff' } });
    expect(result.ok ? [] : result.errors).toEqual([
      'names.case: must be one of "title", "as-is"',
      'staff.inactiveHomeSchoolStaffType: must be integer,null',
    ]);
  });

  it('does not mutate its input', () => {
    const input = { google: { domain: 'd118.example.org' } };
    validateConfig(input);
    expect(input).toEqual({ google: { domain: 'd118.example.org' } });
  });

  it('names the key path of every error', () => {
    const result = validateConfig({
      google: { domain: 'D118' },
      students: { gradeOus: { nine: '9th' }, frozenOrgUnits: ['Restricted'], graduateGrace: { until: '13-01' } },
      staff: { removeSuspendedFromGroups: 'yes' },
      extra: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.errors.join('\n');
    expect(text).toMatch(/^extra: unknown key/m);
    expect(text).toMatch(/^google\.domain: must match pattern/m);
    expect(text).toMatch(/^students\.gradeOus: key "nine" must match pattern/m);
    expect(text).not.toMatch(/oneOf/);
    expect(text).toMatch(/^students\.frozenOrgUnits\.0: must match pattern/m);
    expect(text).toMatch(/^students\.graduateGrace\.until: must match pattern/m);
    expect(text).toMatch(/^staff\.removeSuspendedFromGroups: must be boolean/m);
  });

  it('requires the domain', () => {
    const result = validateConfig({ google: {} });
    expect(result.ok ? [] : result.errors).toEqual(['google: missing required key domain']);
  });

  it('checks cross-field rules a schema cannot express', () => {
    const badTemplate = validateConfig({ google: { domain: 'd.example.org' }, students: { emailTemplate: '{student_id}@{domain}' } });
    expect(badTemplate.ok ? [] : badTemplate.errors).toEqual([expect.stringContaining('unknown placeholder {student_id}')]);
    const unwritten = validateConfig({ google: { domain: 'd.example.org' }, staff: { match: { source: 'dcid', target: 'customSchemas.Other.DCID' } } });
    expect(unwritten.ok ? [] : unwritten.errors).toEqual([expect.stringContaining('staff.match.target: customSchemas.Other.DCID must also be written by staff.attributes.dcid')]);
    const window = validateConfig({ google: { domain: 'd.example.org' }, students: { graduateGrace: { from: '09-15', until: '09-01' } } });
    expect(window.ok).toBe(false);
  });

  it('loads YAML and JSON to the same digest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-config-'));
    await writeFile(path.join(dir, 'c.json'), JSON.stringify({ google: { domain: 'd.example.org' }, skipNames: ['test'] }));
    await writeFile(path.join(dir, 'c.yaml'), 'skipNames:\n  - test\ngoogle:\n  domain: d.example.org\n');
    const [json, yaml] = await Promise.all([loadConfig(path.join(dir, 'c.json')), loadConfig(path.join(dir, 'c.yaml'))]);
    expect(yaml.digest).toBe(json.digest);
    expect(json.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('names the file in load errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollcall-config-'));
    await writeFile(path.join(dir, 'broken.json'), '{ "google": ');
    await expect(loadConfig(path.join(dir, 'broken.json'))).rejects.toThrow(/broken\.json: not valid JSON/);
    await expect(loadConfig(path.join(dir, 'absent.json'))).rejects.toThrow(/absent\.json: cannot read config \(ENOENT\)/);
    await writeFile(path.join(dir, 'bad.yaml'), 'google:\n  domain: [unclosed\n');
    await expect(loadConfig(path.join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml: not valid YAML/);
  });
});
