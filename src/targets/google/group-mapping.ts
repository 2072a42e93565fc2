/**
 * The groups the rules ask for, as Google groups: the handle in the domain (`mhs-alg1-3-26-27`
 * becomes `mhs-alg1-3-26-27@district.org`), the name and description the set's templates give.
 * A group Google would refuse becomes an issue naming the group instead of a failed create.
 */
import type { DesiredGroup } from '../../model/group.js';
import type { GroupMapping } from '../../model/directory-port.js';
import { nameGroups } from '../../model/group-naming.js';
import { isValidAddress } from '../../util/address-template.js';

/** The longest description Google keeps (Directory API groups resource). */
export const MAX_GROUP_DESCRIPTION = 4096;

export function googleGroups(groups: readonly DesiredGroup[], domain: string): GroupMapping {
  return nameGroups(groups, domain, ({ address, description }) =>
    !isValidAddress(address)
      ? `the address ${address} is not one Google accepts`
      : description.length > MAX_GROUP_DESCRIPTION
        ? `its description is ${description.length} characters long (Google keeps ${MAX_GROUP_DESCRIPTION})`
        : null,
  );
}
