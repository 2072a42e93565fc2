/**
 * Entra's containers as a placement names them: `administrativeUnits/<display name>` and
 * `groups/<display name>` (a unit and a group may share a name), and which of them rollcall
 * manages (entra.managedContainers, or what the templates can make). An account's placement is
 * the managed containers it is a direct member of, in one order for every reader and for the
 * mapping, so that the same containers always read the same.
 */
import { ADMINISTRATIVE_UNIT_PREFIX, GROUP_PREFIX } from '../../config/entra-mapping.js';
import { compileContainerPatterns, normaliseContainer } from '../../model/placement.js';

export type ContainerKind = 'administrativeUnit' | 'group';

export function containerName(kind: ContainerKind, displayName: string): string {
  return `${kind === 'group' ? GROUP_PREFIX : ADMINISTRATIVE_UNIT_PREFIX}${displayName}`;
}

/** The kind and display name a container names, or null for a string that names none. */
export function parseContainer(container: string): { kind: ContainerKind; displayName: string } | null {
  if (container.startsWith(GROUP_PREFIX)) return { kind: 'group', displayName: container.slice(GROUP_PREFIX.length) };
  if (container.startsWith(ADMINISTRATIVE_UNIT_PREFIX)) return { kind: 'administrativeUnit', displayName: container.slice(ADMINISTRATIVE_UNIT_PREFIX.length) };
  return null;
}

/** Containers compared as placement compares them: normalised, ignoring case. */
export function containerKey(container: string): string {
  return normaliseContainer(container).toLowerCase();
}

/** A placement in its one order (by containerKey), each container once. */
export function orderedPlacement(containers: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const c of containers) if (!byKey.has(containerKey(c))) byKey.set(containerKey(c), c);
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as string);
}

/** Whether rollcall manages a container: it matches one of the patterns. Answers are kept (a district has a few thousand containers). */
export class ManagedContainers {
  private readonly matcher: (placement: readonly string[]) => string | null;
  private readonly known = new Map<string, boolean>();

  constructor(readonly patterns: readonly string[]) {
    this.matcher = compileContainerPatterns(patterns);
  }

  has(container: string): boolean {
    let managed = this.known.get(container);
    if (managed === undefined) this.known.set(container, (managed = this.matcher([container]) !== null));
    return managed;
  }
}
