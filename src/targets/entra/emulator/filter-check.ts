/**
 * What the emulator accepts of a parsed `$filter`, as Graph decides it for directory objects,
 * and the predicate it compiles to. Default queries allow `eq`, `in` and (where the property
 * allows it) `startswith`, joined by `and`/`or`; an advanced query (`ConsistencyLevel:
 * eventual` with `$count=true`) also allows `ne`, `not`, `endswith`, `eq null` and the
 * properties Graph filters only there. Strings compare case-insensitively. Anything else is
 * Graph's 400, never an empty answer.
 */
import { odataBadRequest, unsupportedFilter, unsupportedQuery } from './graph-error.js';
import { parseFilter, type FilterNode, type Literal } from './filter-parser.js';
import type { PropertySpec, ResourceSchema } from './schema.js';

type Resource = Record<string, unknown>;

export interface CompiledFilter {
  test(resource: Resource): boolean;
  /** An equality every match satisfies, for answering from an index: the property and its possible values. */
  equality: { property: string; values: Literal[] } | undefined;
}

/** Graph caps the clauses an `or` (or an `in` list) may join. */
const MAX_OR_CLAUSES = 15;

const OPERATOR_NAMES: Record<string, string> = { ne: 'NotEqualsMatch', ge: 'GreaterThanOrEqual', le: 'LessThanOrEqual', gt: 'GreaterThan', lt: 'LessThan' };

/** A value as comparisons see it: strings case-insensitively, other scalars as their text. */
export function comparable(value: unknown): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function edmType(value: Literal): string {
  if (typeof value === 'string') return 'Edm.String';
  if (typeof value === 'boolean') return 'Edm.Boolean';
  return typeof value === 'number' ? 'Edm.Int32' : 'null';
}

function orClauses(node: FilterNode): number {
  if (node.kind === 'or') return orClauses(node.left) + orClauses(node.right);
  return node.kind === 'in' ? node.values.length : 1;
}

export function compileFilter(text: string, schema: ResourceSchema, advanced: boolean): CompiledFilter {
  const tree = parseFilter(text);

  const propertyFor = (name: string): PropertySpec => {
    const spec = schema.property(name);
    if (!spec) throw odataBadRequest(`Could not find a property named '${name}' on type '${schema.typeName}'.`);
    if (!spec.filter || (spec.filter.mode === 'advanced' && !advanced)) throw unsupportedFilter(spec.name, schema.resource);
    return spec;
  };
  const checkLiteral = (spec: PropertySpec, value: Literal, operator: string): void => {
    if (value === null) {
      if (!advanced) throw unsupportedFilter(spec.name, schema.resource);
      return;
    }
    const expected = spec.type === 'boolean' ? 'boolean' : spec.type === 'extension' ? typeof value : 'string';
    if (typeof value !== expected) {
      throw odataBadRequest(
        `A binary operator with incompatible types was detected. Found operand types '${spec.type === 'boolean' ? 'Edm.Boolean' : 'Edm.String'}' and '${edmType(value)}' for operator kind '${operator}'.`,
      );
    }
  };
  const equals = (name: string, value: Literal) => {
    const wanted = value === null ? undefined : comparable(value);
    return (r: Resource): boolean => comparable(r[name]) === wanted;
  };

  const compile = (node: FilterNode): ((r: Resource) => boolean) => {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const left = compile(node.left);
        const right = compile(node.right);
        return node.kind === 'and' ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
      }
      case 'not': {
        if (!advanced) throw unsupportedQuery("Filter operator 'Not' is not supported.");
        const operand = compile(node.operand);
        return (r) => !operand(r);
      }
      case 'compare': {
        const spec = propertyFor(node.property);
        if (node.op !== 'eq' && node.op !== 'ne') throw unsupportedQuery(`Filter operator '${OPERATOR_NAMES[node.op]}' is not served by the emulator.`);
        if (node.op === 'ne' && !advanced) throw unsupportedQuery(`Filter operator '${OPERATOR_NAMES.ne}' is not supported.`);
        checkLiteral(spec, node.value, node.op === 'eq' ? 'Equal' : 'NotEqual');
        const eq = equals(spec.name, node.value);
        return node.op === 'eq' ? eq : (r) => !eq(r);
      }
      case 'in': {
        const spec = propertyFor(node.property);
        for (const value of node.values) checkLiteral(spec, value, 'Equal');
        const wanted = new Set(node.values.map(comparable));
        return (r) => wanted.has(comparable(r[spec.name]));
      }
      case 'function': {
        const spec = propertyFor(node.property);
        const allowed = node.name === 'startswith' ? spec.filter?.startsWith === true : advanced && spec.filter?.endsWith === true;
        if (!allowed) throw unsupportedFilter(spec.name, schema.resource);
        if (typeof node.value !== 'string') throw odataBadRequest(`The ${node.name} function needs a string value.`);
        const affix = node.value.toLowerCase();
        return node.name === 'startswith'
          ? (r) => comparable(r[spec.name])?.startsWith(affix) === true
          : (r) => comparable(r[spec.name])?.endsWith(affix) === true;
      }
    }
  };

  const clauses = orClauses(tree);
  if (clauses > MAX_OR_CLAUSES) {
    throw unsupportedQuery(`Too many child clauses specified in search filter expression containing 'OR' operators: ${clauses}. Max allowed: ${MAX_OR_CLAUSES}.`);
  }
  return { test: compile(tree), equality: equalityOf(tree, schema) };
}

/** An `eq` or `in` on a property that every match must satisfy (a top-level conjunct), if there is one. */
function equalityOf(node: FilterNode, schema: ResourceSchema): CompiledFilter['equality'] {
  if (node.kind === 'and') return equalityOf(node.left, schema) ?? equalityOf(node.right, schema);
  const name = node.kind === 'compare' && node.op === 'eq' ? node.property : node.kind === 'in' ? node.property : undefined;
  if (name === undefined) return undefined;
  const values = node.kind === 'in' ? node.values : node.kind === 'compare' ? [node.value] : [];
  if (values.includes(null)) return undefined;
  return { property: (schema.property(name) as PropertySpec).name, values };
}
