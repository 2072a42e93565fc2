/**
 * The org-unit tree. Paths compare case-insensitively (as Google's do) and keep the casing
 * they were created with. The root `/` always exists and is never listed, as in Google.
 */
import { ORG_UNIT_KIND, type DirectoryOrgUnit } from '../directory-types.js';
import { etagOf, orgUnitId } from './ids.js';

export type OrgUnitListType = 'all' | 'children' | 'allIncludingParent';

/** `/A/B/` and `A/B` both become `/A/B`; runs of slashes collapse. */
export function normalizeOrgUnitPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return '/' + parts.join('/');
}

export function parentPathOf(path: string): string | undefined {
  if (path === '/') return undefined;
  return normalizeOrgUnitPath(path.slice(0, path.lastIndexOf('/')));
}

/** True when `path` is `ancestor` or lies below it. */
export function isWithinOrgUnit(path: string, ancestor: string): boolean {
  const p = normalizeOrgUnitPath(path).toLowerCase();
  const a = normalizeOrgUnitPath(ancestor).toLowerCase();
  return a === '/' || p === a || p.startsWith(a + '/');
}

function rootOrgUnit(): DirectoryOrgUnit {
  const root: DirectoryOrgUnit = { kind: ORG_UNIT_KIND, orgUnitId: orgUnitId('/'), orgUnitPath: '/', name: '/' };
  return { ...root, etag: etagOf(root) };
}

export class OrgUnitStore {
  private readonly byPath = new Map<string, DirectoryOrgUnit>();

  constructor(seed: readonly DirectoryOrgUnit[]) {
    this.byPath.set('/', rootOrgUnit());
    // Parents before children, so that each unit can take its parent's id.
    const sorted = [...seed].sort((a, b) => normalizeOrgUnitPath(a.orgUnitPath).length - normalizeOrgUnitPath(b.orgUnitPath).length);
    for (const ou of sorted) this.add(ou);
  }

  /** Adds a unit, creating missing ancestors: in Google a unit cannot exist without its parent. */
  private add(ou: DirectoryOrgUnit): DirectoryOrgUnit {
    const path = normalizeOrgUnitPath(ou.orgUnitPath);
    const existing = this.byPath.get(path.toLowerCase());
    if (existing) return existing;
    const parentPath = parentPathOf(path) ?? '/';
    const parent = this.byPath.get(parentPath.toLowerCase()) ?? this.add({ orgUnitPath: parentPath });
    const filled: DirectoryOrgUnit = {
      ...structuredClone(ou),
      kind: ORG_UNIT_KIND,
      orgUnitPath: path,
      orgUnitId: ou.orgUnitId ?? orgUnitId(path),
      name: ou.name ?? path.slice(path.lastIndexOf('/') + 1),
      parentOrgUnitPath: parent.orgUnitPath,
      parentOrgUnitId: parent.orgUnitId,
    };
    filled.etag = ou.etag ?? etagOf(filled);
    this.byPath.set(path.toLowerCase(), filled);
    return filled;
  }

  exists(path: string): boolean {
    return this.byPath.has(normalizeOrgUnitPath(path).toLowerCase());
  }

  /** By path (with or without its leading slash) or by `id:...`. */
  find(pathOrId: string): DirectoryOrgUnit | undefined {
    if (pathOrId.startsWith('id:')) {
      for (const ou of this.byPath.values()) if (ou.orgUnitId === pathOrId) return ou;
      return undefined;
    }
    return this.byPath.get(normalizeOrgUnitPath(pathOrId).toLowerCase());
  }

  /** The stored path's own casing, for a path a client sent in any case. */
  canonicalPath(path: string): string | undefined {
    return this.find(path)?.orgUnitPath;
  }

  create(input: { name: string; parentPath: string; description?: string; extra?: Record<string, unknown> }): DirectoryOrgUnit {
    const parent = this.find(input.parentPath);
    if (!parent) throw new Error(`create: parent ${input.parentPath} does not exist`);
    const path = normalizeOrgUnitPath(`${parent.orgUnitPath}/${input.name}`);
    const ou: DirectoryOrgUnit = { blockInheritance: false, ...input.extra, orgUnitPath: path, name: input.name };
    if (input.description !== undefined) ou.description = input.description;
    return this.add(ou);
  }

  list(parentPath: string, type: OrgUnitListType): DirectoryOrgUnit[] {
    const parent = normalizeOrgUnitPath(parentPath);
    const out: DirectoryOrgUnit[] = [];
    for (const ou of this.byPath.values()) {
      if (ou.orgUnitPath === '/') continue;
      const isParent = ou.orgUnitPath.toLowerCase() === parent.toLowerCase();
      if (isParent) {
        if (type === 'allIncludingParent') out.push(ou);
        continue;
      }
      if (type === 'children') {
        if ((parentPathOf(ou.orgUnitPath) ?? '').toLowerCase() === parent.toLowerCase()) out.push(ou);
      } else if (isWithinOrgUnit(ou.orgUnitPath, parent)) {
        out.push(ou);
      }
    }
    return out.sort((a, b) => (a.orgUnitPath < b.orgUnitPath ? -1 : a.orgUnitPath > b.orgUnitPath ? 1 : 0));
  }

  /** Every unit but the root, as a snapshot holds them. */
  all(): DirectoryOrgUnit[] {
    return this.list('/', 'all');
  }
}
