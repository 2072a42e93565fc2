/**
 * The groups the rules ask for, named in a target's domain as every target names them: the handle
 * at the domain, the set's name (the handle when the templates leave it empty: a group would
 * otherwise show without one) and description. A group the target would refuse (`refusal` says
 * why, in its words) becomes an INVALID_GROUP issue naming it and its row instead of a failed create.
 */
import type { GroupMapping } from './directory-port.js';
import type { DesiredGroup, GroupFields } from './group.js';
import type { Issue } from './issue.js';

export function nameGroups(groups: readonly DesiredGroup[], domain: string, refusal: (fields: GroupFields) => string | null): GroupMapping {
  const mapped: GroupMapping['groups'] = [];
  const issues: Issue[] = [];
  for (const desired of groups) {
    const fields: GroupFields = { address: `${desired.handle}@${domain}`, name: desired.name === '' ? desired.handle : desired.name, description: desired.description };
    const problem = refusal(fields);
    if (problem === null) {
      mapped.push({ desired, fields });
      continue;
    }
    const at = desired.origin ? `${desired.origin.file} row ${desired.origin.row}: ` : '';
    issues.push({
      severity: 'error',
      code: 'INVALID_GROUP',
      ...(desired.origin ? { file: desired.origin.file, row: desired.origin.row } : {}),
      address: fields.address,
      message: `${at}${desired.label} (set "${desired.set}"): ${problem}; the group is not managed`,
    });
  }
  return { groups: mapped, issues };
}
