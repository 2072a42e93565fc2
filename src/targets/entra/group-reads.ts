/**
 * The managed-groups half of a live read: every group comes with the reader's listing of units
 * and groups (one call per 999 groups, already made); then the members and the owners of the
 * groups rollcall manages, each group whole (999 a page), several groups at once through the
 * scheduler. Never per person: the calls are ceil(groups / 999) + for each managed group
 * ceil(members / 999) + ceil(owners / 999).
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { GroupRoster } from '../../model/group.js';
import { runPool } from '../../util/run-pool.js';
import { GROUP_TYPE, PAGE, type DirectoryObject } from './container-reads.js';
import type { GraphApi } from './graph-api.js';
import { groupAddress } from './group-mapping.js';
import { entraRoster, groupsAt, type MemberObject } from './group-rosters.js';
import type { GraphGroup } from './graph-types.js';

/** Two groups in Entra at one address, read live. */
export function ambiguousGroups(addresses: string[]): RollcallError {
  return new RollcallError(ErrorCodes.GRAPH_API, `more than one group in Entra has the mailNickname of ${addresses.join(', ')}; rollcall cannot tell which is the managed one: rename all but one`, {
    details: { groups: addresses },
  });
}

export async function readLiveRosters(
  api: GraphApi,
  groups: readonly GraphGroup[],
  addresses: readonly string[],
  options: { domain: string; concurrency: number; positionOf: (userId: string) => number | undefined; onPage?: () => void },
): Promise<Map<string, GroupRoster>> {
  const { domain } = options;
  const found = groupsAt(groups, addresses, domain, ambiguousGroups);
  const rosters = new Map<string, GroupRoster>();
  await runPool([...found], options.concurrency, async ([address, group]) => {
    const members: MemberObject[] = [];
    const owners = new Set<string>();
    const path = `groups/${encodeURIComponent(group.id)}`;
    await Promise.all([
      api.pages<DirectoryObject & { mailNickname?: string | null }>('groups.members', `${path}/members?$select=id,mailNickname&$top=${PAGE}`, (page) => {
        for (const m of page) members.push(m['@odata.type'] === GROUP_TYPE ? { id: m.id, kind: 'group', address: groupAddress(m, domain) } : { id: m.id, kind: 'user' });
        options.onPage?.();
      }),
      api.pages<DirectoryObject>('groups.owners', `${path}/owners?$select=id&$top=${PAGE}`, (page) => {
        for (const o of page) owners.add(o.id);
        options.onPage?.();
      }),
    ]);
    rosters.set(address, entraRoster(members, owners, options.positionOf));
  });
  return new Map([...rosters].sort(([a], [b]) => (a < b ? -1 : 1)));
}
