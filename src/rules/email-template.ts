/**
 * Builds a student's address from the configured template (D118: `{student_number}@domain`).
 * Names are folded to plain lower-case ASCII letters and digits so that "José O'Neil" gives
 * "joseoneil", which is a valid address local part.
 */
export interface EmailTemplateValues {
  student_number: string;
  dcid: string;
  id: string;
  first_name: string;
  last_name: string;
  domain: string;
}

export function renderEmailTemplate(template: string, values: EmailTemplateValues): string {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  const replacements: Record<string, string> = {
    student_number: values.student_number,
    dcid: values.dcid,
    id: values.id,
    first_name: fold(values.first_name),
    last_name: fold(values.last_name),
    first_initial: fold(values.first_name).slice(0, 1),
    domain: values.domain,
  };
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) => replacements[key] ?? whole).toLowerCase();
}

const ADDRESS = /^[a-z0-9](?:[a-z0-9._'+-]*[a-z0-9])?@[a-z0-9.-]+\.[a-z]{2,}$/;

export function isValidAddress(address: string): boolean {
  return ADDRESS.test(address) && !address.includes('..');
}
