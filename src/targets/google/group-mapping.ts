/**
 * The groups the rules ask for, as Google groups: the handle in the domain (`mhs-alg1-3-26-27`
 * becomes `mhs-alg1-3-26-27@district.org`), the name and description the set's templates give.
 * A group Google would refuse becomes an issue naming the group instead of a failed create.
 */
import type { DesiredGroup, GroupFields } from '../../model/group.js';
import type { GroupMapping } from '../../model/directory-port.js';
import type { Issue } from '../../model/issue.js';
import { isValidAddress } from '../../util/address-template.js';

/** The longest description Google keeps (Directory API groups resource). */
export const MAX_GROUP_DESCRIPTION = 4096;

export function googleGroups(groups: readonly DesiredGroup[], domain: string): GroupMapping {
  const mapped: Array<{ desired: DesiredGroup; fields: GroupFields }> = [];
  const issues: Issue[] = [];
  for (const desired of groups) {
    const address = `${desired.handle}@${domain}`;
    const problem = !isValidAddress(address)
      ? `the address ${address} is not one Google accepts`
      : desired.description.length > MAX_GROUP_DESCRIPTION
        ? `its description is ${desired.description.length} characters long (Google keeps ${MAX_GROUP_DESCRIPTION})`
        : null;
    if (problem !== null) {
      issues.push({
        severity: 'error',
        code: 'INVALID_GROUP',
        ...(desired.origin ? { file: desired.origin.file, row: desired.origin.row } : {}),
        address,
        message: `${desired.origin ? `${desired.origin.file} row ${desired.origin.row}: ` : ''}${desired.label} (set "${desired.set}"): ${problem}; the group is not managed`,
      });
      continue;
    }
    // A name the templates left empty would make a group Google shows without one: its address names it.
    mapped.push({ desired, fields: { address, name: desired.name === '' ? desired.handle : desired.name, description: desired.description } });
  }
  return { groups: mapped, issues };
}
