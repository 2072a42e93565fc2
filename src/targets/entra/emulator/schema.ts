/**
 * The properties the emulator serves for each resource, and what Graph allows with each: which
 * come back without `$select`, which a client may write, which a create needs, and which
 * `$filter` may name (some only in an advanced query: `ConsistencyLevel: eventual` and
 * `$count=true`). Names compare case-insensitively in queries, as in Graph.
 */

export type PropertyType = 'string' | 'boolean' | 'strings' | 'licences' | 'dateTime' | 'number' | 'object' | 'extension';

export interface FilterSupport {
  /** `basic`: eq and in always; `advanced`: only in an advanced query. */
  mode: 'basic' | 'advanced';
  startsWith?: boolean;
  /** endsWith exists only in advanced queries. */
  endsWith?: boolean;
}

export interface PropertySpec {
  name: string;
  type: PropertyType;
  /** Returned when a read names no `$select`. */
  byDefault?: boolean;
  /** `write`: create and update may set it; `read`: the server owns it; `secret`: write-only, never stored or returned. */
  access: 'read' | 'write' | 'secret';
  /** Needed by a create. */
  required?: boolean;
  /** Cannot be set to null. */
  notNullable?: boolean;
  maxLength?: number;
  filter?: FilterSupport;
}

export interface ResourceSchema {
  /** As Graph's messages name it: `User`. */
  resource: string;
  /** `microsoft.graph.user`, as OData messages and `@odata.type` name it. */
  typeName: string;
  /** The property a name stands for (any casing), or undefined. */
  property(name: string): PropertySpec | undefined;
  /** Every declared property, in declaration order (extension properties are not listed). */
  all: readonly PropertySpec[];
}

const basic = (startsWith = false, endsWith = false): FilterSupport => ({ mode: 'basic', startsWith, endsWith });
const advanced = (startsWith = false): FilterSupport => ({ mode: 'advanced', startsWith });

function schemaOf(resource: string, typeName: string, specs: PropertySpec[], extra?: (name: string) => PropertySpec | undefined): ResourceSchema {
  const byName = new Map(specs.map((s) => [s.name.toLowerCase(), s]));
  return { resource, typeName, all: specs, property: (name) => byName.get(name.toLowerCase()) ?? extra?.(name) };
}

/** `extension_<app id without dashes>_<name>`: a directory extension property. */
export const EXTENSION_NAME = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i;

/**
 * The user schema. Extension properties are any well-formed name, or only `registered` ones
 * when given (as a tenant knows the extensions its applications declared).
 */
export function userSchema(registered?: readonly string[]): ResourceSchema {
  const known = registered ? new Map(registered.map((n) => [n.toLowerCase(), n])) : undefined;
  const extension = (name: string): PropertySpec | undefined => {
    if (!EXTENSION_NAME.test(name)) return undefined;
    const canonical = known ? known.get(name.toLowerCase()) : name;
    return canonical === undefined ? undefined : { name: canonical, type: 'extension', access: 'write', filter: basic(true) };
  };
  return schemaOf(
    'User',
    'microsoft.graph.user',
    [
      { name: 'id', type: 'string', byDefault: true, access: 'read', filter: basic() },
      { name: 'accountEnabled', type: 'boolean', access: 'write', required: true, notNullable: true, filter: basic() },
      { name: 'displayName', type: 'string', byDefault: true, access: 'write', required: true, notNullable: true, maxLength: 256, filter: basic(true) },
      { name: 'givenName', type: 'string', byDefault: true, access: 'write', maxLength: 64, filter: basic(true) },
      { name: 'surname', type: 'string', byDefault: true, access: 'write', maxLength: 64, filter: basic(true) },
      { name: 'userPrincipalName', type: 'string', byDefault: true, access: 'write', required: true, notNullable: true, filter: basic(true, true) },
      { name: 'mailNickname', type: 'string', access: 'write', required: true, notNullable: true, maxLength: 64, filter: basic(true) },
      { name: 'mail', type: 'string', byDefault: true, access: 'write', filter: basic(true, true) },
      { name: 'employeeId', type: 'string', access: 'write', maxLength: 16, filter: basic(true) },
      { name: 'employeeType', type: 'string', access: 'write', filter: advanced(true) },
      { name: 'department', type: 'string', access: 'write', maxLength: 64, filter: basic() },
      { name: 'jobTitle', type: 'string', byDefault: true, access: 'write', maxLength: 128, filter: basic(true) },
      { name: 'officeLocation', type: 'string', byDefault: true, access: 'write', filter: advanced(true) },
      { name: 'companyName', type: 'string', access: 'write', maxLength: 64, filter: advanced(true) },
      { name: 'usageLocation', type: 'string', access: 'write', filter: basic() },
      { name: 'mobilePhone', type: 'string', byDefault: true, access: 'write', maxLength: 64, filter: advanced(true) },
      { name: 'preferredLanguage', type: 'string', byDefault: true, access: 'write', filter: advanced(true) },
      { name: 'businessPhones', type: 'strings', byDefault: true, access: 'write' },
      { name: 'userType', type: 'string', access: 'write', filter: basic() },
      { name: 'createdDateTime', type: 'dateTime', access: 'read' },
      { name: 'deletedDateTime', type: 'dateTime', access: 'read' },
      { name: 'signInSessionsValidFromDateTime', type: 'dateTime', access: 'read' },
      { name: 'assignedLicenses', type: 'licences', access: 'read' },
      { name: 'passwordProfile', type: 'object', access: 'secret', required: true },
    ],
    extension,
  );
}

export const GROUP_SCHEMA = schemaOf('Group', 'microsoft.graph.group', [
  { name: 'id', type: 'string', byDefault: true, access: 'read', filter: basic() },
  { name: 'displayName', type: 'string', byDefault: true, access: 'write', required: true, notNullable: true, maxLength: 256, filter: basic(true) },
  { name: 'description', type: 'string', byDefault: true, access: 'write', filter: basic(true) },
  { name: 'mailNickname', type: 'string', byDefault: true, access: 'write', required: true, notNullable: true, maxLength: 64, filter: basic(true) },
  { name: 'mailEnabled', type: 'boolean', byDefault: true, access: 'write', required: true, notNullable: true, filter: basic() },
  { name: 'securityEnabled', type: 'boolean', byDefault: true, access: 'write', required: true, notNullable: true, filter: basic() },
  { name: 'groupTypes', type: 'strings', byDefault: true, access: 'write' },
  { name: 'mail', type: 'string', byDefault: true, access: 'read', filter: basic(true) },
  { name: 'visibility', type: 'string', byDefault: true, access: 'write' },
  { name: 'createdDateTime', type: 'dateTime', byDefault: true, access: 'read' },
]);

export const ADMINISTRATIVE_UNIT_SCHEMA = schemaOf('AdministrativeUnit', 'microsoft.graph.administrativeUnit', [
  { name: 'id', type: 'string', byDefault: true, access: 'read', filter: basic() },
  { name: 'displayName', type: 'string', byDefault: true, access: 'write', required: true, notNullable: true, maxLength: 256, filter: basic(true) },
  { name: 'description', type: 'string', byDefault: true, access: 'write', filter: basic(true) },
  { name: 'visibility', type: 'string', byDefault: true, access: 'write' },
]);

export const SUBSCRIBED_SKU_SCHEMA = schemaOf('SubscribedSku', 'microsoft.graph.subscribedSku', [
  { name: 'id', type: 'string', byDefault: true, access: 'read' },
  { name: 'skuId', type: 'string', byDefault: true, access: 'read' },
  { name: 'skuPartNumber', type: 'string', byDefault: true, access: 'read' },
  { name: 'appliesTo', type: 'string', byDefault: true, access: 'read' },
  { name: 'capabilityStatus', type: 'string', byDefault: true, access: 'read' },
  { name: 'consumedUnits', type: 'number', byDefault: true, access: 'read' },
  { name: 'prepaidUnits', type: 'object', byDefault: true, access: 'read' },
  { name: 'servicePlans', type: 'strings', byDefault: true, access: 'read' },
]);

/** What a read returns of one property that has no value: Graph's null, or an empty collection. */
export function emptyValue(spec: PropertySpec): null | [] {
  return spec.type === 'strings' || spec.type === 'licences' ? [] : null;
}
