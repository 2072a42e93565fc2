/**
 * The values of the entra section's placeholders for one person (config/entra-mapping.ts names
 * them): text templates (display names, properties, containers) get PowerSchool's values as the
 * rules made them; address templates (userPrincipalName, mailNickname) get names folded to what
 * an address allows.
 */
import { fillTemplate, foldForAddress } from '../../util/address-template.js';
import type { DesiredPerson } from '../../model/person.js';

/** The placeholders whose values depend only on where a student belongs (school, grade, class): templates of these alone are filled once per belonging. */
export const BELONGING_PLACEHOLDERS: ReadonlySet<string> = new Set(['school_number', 'school_name', 'school_abbreviation', 'grade', 'class_of']);

export function textValue(p: DesiredPerson, key: string): string | undefined {
  const b = p.belonging;
  switch (key) {
    case 'first_name':
      return p.name.given;
    case 'last_name':
      return p.name.family;
    case 'dcid':
      return p.identity.dcid;
    case 'id':
      return p.identity.id;
    case 'school_number':
      return String(b.school.number);
    case 'school_name':
      return b.school.name;
    case 'school_abbreviation':
      return b.school.abbreviation;
  }
  if (b.population === 'student') {
    switch (key) {
      case 'student_number':
        return p.identity.studentNumber;
      case 'grade':
        return String(b.grade);
      case 'class_of':
        return b.classOf === null ? '' : String(b.classOf);
    }
    return undefined;
  }
  switch (key) {
    case 'teacher_number':
      return p.identity.teacherNumber;
    case 'email':
      return p.identity.email.toLowerCase();
    case 'staff_type':
      return p.facts.staffType;
    case 'staff_group':
      return p.facts.staffGroup;
    case 'school_access_list':
      return p.facts.schoolAccessList;
    case 'cell_phone':
      return p.facts.crisisGoCell;
    case 'building':
      return p.facts.crisisGoBuilding;
  }
  return undefined;
}

/** A text template filled for one person, trimmed. */
export function fillText(template: string, p: DesiredPerson): string {
  return fillTemplate(template, (key) => textValue(p, key)).trim();
}

/**
 * An address template (userPrincipalName, mailNickname) filled for one person, lower-cased:
 * names folded to what an address allows, and `upn` fills {upn_local}. Other placeholders take
 * their text values (validate allows only those an address can hold).
 */
export function fillAddress(template: string, p: DesiredPerson, domain: string, upn?: string): string {
  return fillTemplate(template, (key) => {
    switch (key) {
      case 'email_local':
        return p.identity.email.toLowerCase().split('@')[0];
      case 'first_name':
        return foldForAddress(p.name.given);
      case 'last_name':
        return foldForAddress(p.name.family);
      case 'first_initial':
        return foldForAddress(p.name.given).slice(0, 1);
      case 'domain':
        return domain;
      case 'upn_local':
        return upn?.split('@')[0];
      default:
        return textValue(p, key);
    }
  }).toLowerCase();
}
