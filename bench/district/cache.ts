import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { GENERATOR_VERSION, generateDistrict, type DistrictManifest } from './generate-district.js';

export interface District {
  dir: string;
  config: string;
  sourceDir: string;
  snapshot: string;
  manifest: DistrictManifest;
}

/**
 * The district of `accounts` accounts under `root`, generated once and reused while the
 * generator is unchanged: generation is deterministic, so a cached copy is the same data.
 */
export async function ensureDistrict(
  root: string,
  accounts: number,
  seed: number,
  log: (line: string) => void,
  options: { classes?: boolean; groups?: boolean } = {},
): Promise<District> {
  const groups = options.groups ?? false;
  const classes = groups || (options.classes ?? false);
  const dir = path.join(root, `district-${accounts}-seed${seed}${groups ? '-groups' : classes ? '-classes' : ''}`);
  const paths = { dir, config: path.join(dir, 'district.config.json'), sourceDir: path.join(dir, 'powerschool'), snapshot: path.join(dir, 'google.jsonl') };
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as DistrictManifest;
    if (manifest.generator === GENERATOR_VERSION && manifest.accounts === accounts && manifest.seed === seed && (manifest.classes !== undefined) === classes && (manifest.groupSync !== undefined) === groups) {
      return { ...paths, manifest };
    }
  } catch {
    // Not generated yet (or interrupted): make it below.
  }
  await rm(dir, { recursive: true, force: true });
  log(`generating a district of ${accounts.toLocaleString('en-US')} accounts in ${dir}`);
  const manifest = await generateDistrict({ accounts, seed, dir, classes, groups });
  const c = manifest.classes;
  const g = manifest.groupSync;
  const classLine =
    (c ? `, ${c.sections.toLocaleString('en-US')} sections, ${c.enrollments.toLocaleString('en-US')} enrollments` : '') +
    (g ? `, ${g.writtenGroups.toLocaleString('en-US')} managed groups with ${g.memberships.toLocaleString('en-US')} members` : '');
  log(`  ${manifest.googleUsers.toLocaleString('en-US')} Google accounts, ${manifest.studentRows.toLocaleString('en-US')} students, ${manifest.staffRows.toLocaleString('en-US')} staff${classLine} in ${(manifest.generateMs / 1000).toFixed(1)} s`);
  return { ...paths, manifest };
}
