/**
 * End to end (issue 12): most PowerSchool databases hold names in capitals, Google holds them as
 * people write them. The fixture district with every person's and school's name in capitals must
 * plan exactly what the fixture district plans, and against a Google holding the same people in
 * title case it must plan no rename at all.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow, parseCsv } from '../../src/sources/csv.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { FIXTURE_ARGS, FIXTURES, rollcall } from './run-cli.js';

const NAME_COLUMNS: Record<string, string[]> = {
  'schools.csv': ['NAME'],
  'students.csv': ['FIRST_NAME', 'LAST_NAME'],
  'users.csv': ['FIRST_NAME', 'LAST_NAME'],
  'schoolstaff.csv': [],
  // The class tables come along as they are (the fixture syncs class groups).
  'sections.csv': [],
  'courses.csv': [],
  'terms.csv': [],
  'cc.csv': [],
  'sectionteacher.csv': [],
  'roledef.csv': [],
};

let dir: string;
let capitals: string;

/** The fixture export with the given columns upper-cased, as a PowerSchool in capitals would export it. */
async function inCapitals(out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  for (const [file, columns] of Object.entries(NAME_COLUMNS)) {
    const lines: string[] = [];
    let header: string[] = [];
    for await (const record of parseCsv(createReadStream(path.join(FIXTURES, 'powerschool', file), 'utf8'), file)) {
      if (header.length === 0) {
        header = record.fields;
        lines.push(formatCsvRow(header));
        continue;
      }
      lines.push(formatCsvRow(record.fields.map((value, i) => (columns.includes(header[i]!) ? value.toUpperCase() : value))));
    }
    await writeFile(path.join(out, file), lines.join(''));
  }
}

function plan(sourceDir: string, snapshot: string, out: string): Plan {
  const args = [...FIXTURE_ARGS];
  args[args.indexOf('--source-dir') + 1] = sourceDir;
  args[args.indexOf('--google-snapshot') + 1] = snapshot;
  const r = rollcall(['plan', ...args, '--out', out, '--quiet']);
  // --quiet still names the source issues; nothing else may be said.
  expect(r.stderr.split('\n').filter((line) => line !== '' && !/ rollcall: (error|warning): \S+\.csv row \d+: [A-Z_]+/.test(line))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(rollcall(['show', out, '--format', 'json']).stdout) as Plan;
}

const renamed = (p: Plan) => p.changes.filter((c): c is Extract<Change, { kind: 'update' }> => c.kind === 'update' && c.actions.includes('rename')).map((c) => c.address);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rollcall-capitals-'));
  capitals = path.join(dir, 'powerschool');
  await inCapitals(capitals);
});

describe('a district whose PowerSchool holds names in capitals', () => {
  it('is really in capitals', async () => {
    expect(await readFile(path.join(capitals, 'students.csv'), 'utf8')).toContain(",SEBASTIÁN,,O'CONNOR,");
    expect(await readFile(path.join(capitals, 'schools.csv'), 'utf8')).toContain('301,MAPLEWOOD HIGH SCHOOL,MHS,0');
  });

  it('plans exactly what the same district in title case plans', () => {
    const snapshot = path.join(FIXTURES, 'google-snapshot.jsonl');
    const asWritten = plan(path.join(FIXTURES, 'powerschool'), snapshot, path.join(dir, 'as-written.json'));
    const shouted = plan(capitals, snapshot, path.join(dir, 'capitals.json'));
    expect(shouted.changes).toEqual(asWritten.changes);
    expect(shouted.summary).toEqual(asWritten.summary);
    expect(shouted.holds).toEqual(asWritten.holds);
    expect(shouted.issues.map((i) => `${i.code} ${i.file}:${i.row}`)).toEqual(asWritten.issues.map((i) => `${i.code} ${i.file}:${i.row}`));
    // The two renames the fixture plans are real ones (Jackson -> Moore, Ben Tailor -> Benjamin Taylor).
    expect(renamed(shouted)).toEqual(['20308@maplewood.example.org', '20309@maplewood.example.org']);
  });

  it('plans no rename against a Google that holds the same people in title case, and creates accounts in title case', async () => {
    const lines = (await readFile(path.join(FIXTURES, 'google-snapshot.jsonl'), 'utf8')).split('\n');
    const titleCase = path.join(dir, 'title-case.jsonl');
    await writeFile(
      titleCase,
      lines
        .map((l) => (l.includes('"20308@') ? l.replaceAll('Jackson', 'Moore') : l))
        .map((l) => (l.includes('"20309@') ? l.replaceAll('"Ben"', '"Benjamin"').replaceAll('Ben Tailor', 'Benjamin Taylor').replaceAll('Tailor', 'Taylor') : l))
        .join('\n'),
    );
    const p = plan(capitals, titleCase, path.join(dir, 'no-renames.json'));
    expect(renamed(p)).toEqual([]);
    expect(p.summary.actions.rename).toBe(0);
    const created = p.changes.filter((c) => c.kind === 'create').map((c) => `${c.after.name.given} ${c.after.name.family} ${c.after.placement.join(', ')}`);
    expect(created.sort()).toEqual([
      'Evelyn King /Students/ORE Students/Kindergarten',
      'Lucas Harris /Students/MHS Students/9th',
      'Ryan Phillips /Students/MHS Students',
      'Susan Nguyen /Staff/Maplewood High School Staff',
    ]);
    const mobrien = p.changes.find((c) => 'address' in c && c.address === 'mobrien@maplewood.example.org');
    expect(mobrien).toMatchObject({
      person: { displayName: "Mary Ann O'Brien-Smith", school: { name: 'Administrative Service Center', number: 401 } },
      after: { placement: ['/Staff/Administrative Service Center Staff'], attributes: { 'customSchemas.CrisisGO.Building': 'Administrative Service Center' } },
    });
  });
});
