/**
 * Builds an address from a template: a Google student's primary email (students.emailTemplate,
 * D118: `{student_number}@domain`), or any target's address of the same form. Names are folded
 * to plain lower-case ASCII letters and digits so that "José O'Neil" gives "joseoneil", which is
 * a valid address local part.
 */
export interface AddressTemplateValues {
  student_number: string;
  dcid: string;
  id: string;
  first_name: string;
  last_name: string;
  domain: string;
}

/** The placeholders a template may hold. */
export const ADDRESS_PLACEHOLDERS: readonly string[] = ['{student_number}', '{dcid}', '{id}', '{first_name}', '{last_name}', '{first_initial}', '{domain}'];

export function renderAddressTemplate(template: string, values: AddressTemplateValues): string {
  return fillTemplate(template, (key) => placeholder(key, values)).toLowerCase();
}

/**
 * Fills a template's `{placeholder}`s with `value(key)`; a placeholder it has no value for
 * (undefined) is left as written. The template is split into its parts once per run.
 */
export function fillTemplate(template: string, value: (key: string) => string | undefined): string {
  let out = '';
  for (const part of compiled(template)) out += typeof part === 'string' ? part : (value(part.key) ?? part.whole);
  return out;
}

/** The placeholders a template holds, by name (`{school_name}` -> `school_name`), in order. */
export function templatePlaceholders(template: string): string[] {
  return compiled(template).flatMap((part) => (typeof part === 'string' ? [] : [part.key]));
}

type TemplatePart = string | { key: string; whole: string };

/** A template split once into its text and its placeholders (it is filled in for every student). */
const templates = new Map<string, TemplatePart[]>();
function compiled(template: string): TemplatePart[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(/\{([a-z_]+)\}/g)) {
      if (m.index > last) parts.push(template.slice(last, m.index));
      parts.push({ key: m[1] as string, whole: m[0] });
      last = m.index + m[0].length;
    }
    if (last < template.length) parts.push(template.slice(last));
    templates.set(template, parts);
  }
  return parts;
}

/** Each placeholder is worked out only when the template has it: folding names is costly and the usual template needs none. */
function placeholder(key: string, values: AddressTemplateValues): string | undefined {
  switch (key) {
    case 'student_number':
    case 'dcid':
    case 'id':
    case 'domain':
      return values[key];
    case 'first_name':
      return foldForAddress(values.first_name);
    case 'last_name':
      return foldForAddress(values.last_name);
    case 'first_initial':
      return foldForAddress(values.first_name).slice(0, 1);
    default:
      return undefined;
  }
}

/** A name folded for an address: plain lower-case ASCII letters and digits ("José O'Neil" -> "joseoneil"). */
export function foldForAddress(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const ADDRESS = /^[a-z0-9](?:[a-z0-9._'+-]*[a-z0-9])?@[a-z0-9.-]+\.[a-z]{2,}$/;

export function isValidAddress(address: string): boolean {
  return ADDRESS.test(address) && !address.includes('..');
}
