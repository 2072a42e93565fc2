/**
 * The custom schemas rollcall reads and writes: those named by the configured attributes and
 * by `customSchemas.<Schema>.<Field>` match targets. A live read asks only for these
 * (projection=custom), which keeps pages small and leaves other schemas out of the plan.
 */
import type { AttributeRef, Config } from '../../config/types.js';

export function managedSchemas(config: Pick<Config, 'students' | 'staff'>): string[] {
  const names = new Set<string>();
  const add = (refs: Record<string, AttributeRef | null>): void => {
    for (const ref of Object.values(refs)) if (ref) names.add(ref.schema);
  };
  for (const section of [config.students, config.staff]) {
    add(section.attributes);
    const m = /^customSchemas\.([^.]+)\./.exec(section.match.target);
    if (m?.[1]) names.add(m[1]);
  }
  return [...names].sort();
}
