/**
 * Reading administrative units and groups from Graph: the list of each (999 to a page), a
 * container's members or owners page by page, and one container found by its display name (or a
 * group by its mail). What the bulk reader and the writer both need.
 */
import { ErrorCodes, RollcallError } from '../../errors.js';
import type { ContainerKind } from './containers.js';
import type { GraphApi } from './graph-api.js';
import type { GraphAdministrativeUnit, GraphGroup } from './graph-types.js';
import type { ContainerRecord } from './tenant-view.js';

export const PAGE = 999;

/** A directory object in a member list: a user or a group. */
export interface DirectoryObject {
  id: string;
  '@odata.type'?: string;
  displayName?: string;
  mail?: string | null;
}

export const USER_TYPE = '#microsoft.graph.user';
export const GROUP_TYPE = '#microsoft.graph.group';

/** Where a container lives in Graph: `directory/administrativeUnits/{id}` or `groups/{id}`. */
export function containerPath(kind: ContainerKind, id: string): string {
  return `${kind === 'group' ? 'groups' : 'directory/administrativeUnits'}/${encodeURIComponent(id)}`;
}

/** Every unit and group: as Graph answers them when `full`, else their id and name (and a group's mail, mailNickname and description). */
export async function listContainers(api: GraphApi, full: boolean): Promise<{ units: GraphAdministrativeUnit[]; groups: GraphGroup[]; containers: ContainerRecord[] }> {
  const [units, groups] = await Promise.all([
    api.all<GraphAdministrativeUnit>('administrativeUnits.list', `directory/administrativeUnits?${full ? '' : '$select=id,displayName&'}$top=${PAGE}`),
    api.all<GraphGroup>('groups.list', `groups?${full ? '' : '$select=id,displayName,mail,mailNickname,description&'}$top=${PAGE}`),
  ]);
  const containers: ContainerRecord[] = [
    ...units.map((u): ContainerRecord => ({ kind: 'administrativeUnit', id: u.id, displayName: u.displayName, members: [] })),
    ...groups.map((g): ContainerRecord => ({ kind: 'group', id: g.id, displayName: g.displayName, mail: g.mail, members: [] })),
  ];
  return { units, groups, containers };
}

/** A container's members (or a group's owners): users only, unless `everyKind`. */
export async function readMembers(
  api: GraphApi,
  container: Pick<ContainerRecord, 'kind' | 'id'>,
  relation: 'members' | 'owners',
  everyKind: boolean,
  onPage?: () => void,
): Promise<string[]> {
  const label = `${container.kind === 'group' ? 'groups' : 'administrativeUnits'}.${relation}`;
  const found: string[] = [];
  await api.pages<DirectoryObject>(label, `${containerPath(container.kind, container.id)}/${relation}?$select=id&$top=${PAGE}`, (page) => {
    for (const m of page) if (everyKind || m['@odata.type'] === undefined || m['@odata.type'] === USER_TYPE) found.push(m.id);
    onPage?.();
  });
  return found;
}

/** OData's string literal: in quotes, a quote doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The id of the unit or group with this display name (or the group with this mail or mailNickname), null when
 * there is none; two of them are an error naming them, as rollcall could not tell which is meant.
 */
export async function findContainer(api: GraphApi, kind: ContainerKind, by: 'displayName' | 'mail' | 'mailNickname', value: string): Promise<string | null> {
  const collection = kind === 'group' ? 'groups' : 'directory/administrativeUnits';
  const { value: answer } = await api.call<{ value: Array<{ id: string }> }>(`${kind === 'group' ? 'groups' : 'administrativeUnits'}.find`, {
    method: 'GET',
    path: `${collection}?$filter=${encodeURIComponent(`${by} eq ${odataString(value)}`)}&$select=id`,
  });
  const found = answer?.value ?? [];
  if (found.length > 1) {
    throw new RollcallError(ErrorCodes.GRAPH_API, `${found.length} ${kind === 'group' ? 'groups' : 'administrative units'} in Entra have the ${by} ${value}; rollcall cannot tell which is meant: rename all but one`, {
      details: { kind, [by]: value },
    });
  }
  return found[0]?.id ?? null;
}
