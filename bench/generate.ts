/**
 * Writes one synthetic district: `node bench/.build/bench/generate.js --accounts 100000 --out DIR
 * [--seed 118] [--classes] [--groups]`. DIR gets powerschool/*.csv, google.jsonl, district.config.json and
 * manifest.json; with --classes also the class tables (powerschool.classes on in the config); with
 * --groups those, the config's group sets, and last night's managed groups in google.jsonl.
 */
import { parseArgs } from 'node:util';
import { generateDistrict } from './district/generate-district.js';

const { values } = parseArgs({
  options: { accounts: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '118' }, classes: { type: 'boolean', default: false }, groups: { type: 'boolean', default: false } },
});
const accounts = Number(values.accounts);
if (!Number.isInteger(accounts) || accounts < 10 || values.out === undefined) {
  process.stderr.write('usage: generate --accounts N (10 or more) --out DIR [--seed S] [--classes] [--groups]\n');
  process.exitCode = 1;
} else {
  const manifest = await generateDistrict({ accounts, seed: Number(values.seed), dir: values.out, classes: values.classes, groups: values.groups });
  process.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
}
