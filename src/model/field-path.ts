/**
 * JSON pointers into AccountFields: how a plan's patch, apply's checks and a target's writer
 * name one managed field. An attribute's key is one segment, escaped as RFC 6901 says.
 */

export const ADDRESS_PATH = '/address';
export const GIVEN_NAME_PATH = '/name/given';
export const FAMILY_NAME_PATH = '/name/family';
export const ENABLED_PATH = '/enabled';
/** The placement is checked and written as a whole (a set of containers). */
export const PLACEMENT_PATH = '/placement';
export const ATTRIBUTES_PATH = '/attributes';

export function attributePath(key: string): string {
  return `${ATTRIBUTES_PATH}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The attribute key a pointer names (`/attributes/<key>`), or null for any other field. */
export function attributeKeyOf(path: string): string | null {
  const prefix = `${ATTRIBUTES_PATH}/`;
  if (!path.startsWith(prefix)) return null;
  return path.slice(prefix.length).replace(/~1/g, '/').replace(/~0/g, '~');
}
