/**
 * A group set's templates filled in (config groups.sets[].address, displayName, description).
 * In an address, each value is made safe for one: folded to lower-case ASCII, anything but
 * letters, digits, '.', '_' and '-' becoming '-' ("U.S. History" gives "u.s.-history"); names
 * and descriptions take the values as PowerSchool has them. The handle is the address before any
 * @: each target adds its own domain.
 */

/** Placeholder -> value; a placeholder without a value fills in as ''. */
export type TemplateValues = Readonly<Record<string, string>>;

type Part = string | { key: string };

const compiledTemplates = new Map<string, Part[]>();

function compile(template: string): Part[] {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(/\{([a-z_]+)\}/g)) {
      if (m.index > last) parts.push(template.slice(last, m.index));
      parts.push({ key: m[1] as string });
      last = m.index + m[0].length;
    }
    if (last < template.length) parts.push(template.slice(last));
    compiledTemplates.set(template, parts);
  }
  return parts;
}

/** Lower-case ASCII, with every run of other characters one '-'. */
export function addressPart(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-');
}

/** The handle a template gives (lower case), unchecked. */
export function fillHandle(template: string, values: TemplateValues): string {
  let out = '';
  for (const part of compile(template)) out += typeof part === 'string' ? part.toLowerCase() : addressPart(values[part.key] ?? '');
  return out;
}

/** A name or description: values as they are, spaces collapsed. */
export function fillText(template: string, values: TemplateValues): string {
  let out = '';
  for (const part of compile(template)) out += typeof part === 'string' ? part : (values[part.key] ?? '');
  return out.replace(/\s+/g, ' ').trim();
}

const HANDLE = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
/** The longest local part an address may have (RFC 5321). */
export const MAX_HANDLE_LENGTH = 64;

/** Why a handle cannot be a group's address before the @, or null when it can. */
export function handleProblem(handle: string): string | null {
  if (handle === '') return 'is empty';
  if (handle.length > MAX_HANDLE_LENGTH) return `is ${handle.length} characters long (at most ${MAX_HANDLE_LENGTH} before the @)`;
  if (!HANDLE.test(handle) || handle.includes('..')) return 'must start and end with a letter or digit and hold only letters, digits, ".", "_" and "-" (no "..")';
  return null;
}
