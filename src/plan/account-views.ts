/**
 * The managed fields a plan shows and writes (before and after), built from the model: what the
 * directory holds, seen through what one desired account manages, and what PowerSchool wants.
 * Absent attributes are left out (a removal is a `remove` in the patch). Fresh objects: the
 * diff edits them, never the accounts they come from.
 */
import type { AccountFields, ActualAccount, Attributes, DesiredAccount } from '../model/account.js';

/** The account as the directory holds it, through the attributes `desired` manages. */
export function actualView(account: ActualAccount, desired: DesiredAccount): AccountFields {
  const attributes: Attributes = {};
  for (const key of Object.keys(desired.fields.attributes)) {
    const value = account.attributes[key];
    if (value !== undefined && value !== '') attributes[key] = value;
  }
  return copyOf(account, attributes);
}

/** The account as PowerSchool wants it. */
export function desiredView(desired: DesiredAccount): AccountFields {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(desired.fields.attributes)) if (value !== '') attributes[key] = value;
  return copyOf(desired.fields, attributes);
}

function copyOf(fields: AccountFields, attributes: Attributes): AccountFields {
  return { address: fields.address, name: { given: fields.name.given, family: fields.name.family }, enabled: fields.enabled, placement: [...fields.placement], attributes };
}
