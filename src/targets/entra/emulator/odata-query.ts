/**
 * The OData query options of one request, read as Graph reads them: option names in any case,
 * each at most once; `$select` resolved against the resource's properties; `$top` in 1..999;
 * `$count` only with `ConsistencyLevel: eventual`. Options an operation does not serve are a
 * 400 (Graph serves more of them; the emulator refuses rather than ignore one).
 */
import { badRequest, odataBadRequest, unsupportedQuery } from './graph-error.js';
import { compileFilter, type CompiledFilter } from './filter-check.js';
import { emptyValue, type PropertySpec, type ResourceSchema } from './schema.js';

export type QueryOption = '$select' | '$top' | '$filter' | '$count' | '$skiptoken' | '$orderby';

/** The largest page Graph serves from directory collections. */
export const MAX_PAGE = 999;
const DEFAULT_PAGE = 100;

export class GraphQuery {
  private readonly options = new Map<string, string>();

  constructor(
    readonly params: URLSearchParams,
    /** Whether the request said `ConsistencyLevel: eventual`. */
    private readonly eventual: boolean,
  ) {
    for (const [key, value] of params) {
      if (!key.startsWith('$')) continue;
      const name = key.toLowerCase();
      if (this.options.has(name)) throw odataBadRequest(`Query option '${key}' was specified more than once, but it must be specified at most once.`);
      this.options.set(name, value);
    }
  }

  /** Refuses any `$` option other than `allowed`. */
  allowOnly(...allowed: QueryOption[]): this {
    for (const name of this.options.keys()) {
      if (!allowed.includes(name as QueryOption)) throw unsupportedQuery(`The query option '${name}' is not served by the emulator for this request.`);
    }
    return this;
  }

  option(name: QueryOption): string | undefined {
    return this.options.get(name);
  }

  /** The properties to return: those `$select` names, or the resource's defaults. */
  select(schema: ResourceSchema): PropertySpec[] {
    const raw = this.option('$select');
    if (raw === undefined || raw.trim() === '') return schema.all.filter((p) => p.byDefault === true);
    return raw.split(',').map((name) => {
      const spec = schema.property(name.trim());
      if (!spec) throw odataBadRequest(`Parsing OData Select and Expand failed: Could not find a property named '${name.trim()}' on type '${schema.typeName}'.`);
      return spec;
    });
  }

  /** Whether `$select` was given (Graph then names the properties in `@odata.context`). */
  get selected(): boolean {
    return (this.option('$select') ?? '').trim() !== '';
  }

  top(): number {
    const raw = this.option('$top');
    if (raw === undefined) return DEFAULT_PAGE;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_PAGE} inclusive.`);
    return n;
  }

  /** `$count=true`, which Graph serves on directory objects only with `ConsistencyLevel: eventual`. */
  count(): boolean {
    const raw = this.option('$count');
    if (raw === undefined || raw.toLowerCase() === 'false') return false;
    if (raw.toLowerCase() !== 'true') throw odataBadRequest(`Invalid value '${raw}' for $count query option found. Valid values are 'true' and 'false'.`);
    if (!this.eventual) throw badRequest('$count is not currently supported.');
    return true;
  }

  /** An advanced query: `ConsistencyLevel: eventual` and `$count=true`. */
  get advanced(): boolean {
    return this.eventual && this.option('$count')?.toLowerCase() === 'true';
  }

  get consistencyEventual(): boolean {
    return this.eventual;
  }

  filter(schema: ResourceSchema): CompiledFilter | undefined {
    const raw = this.option('$filter');
    return raw === undefined || raw.trim() === '' ? undefined : compileFilter(raw, schema, this.advanced);
  }
}

/** One resource as a read returns it: the chosen properties, unset ones as Graph's null or `[]`. */
export function project(resource: Record<string, unknown>, properties: readonly PropertySpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of properties) {
    const value = spec.access === 'secret' ? undefined : resource[spec.name];
    // An extension property without a value is left out, as Graph does; declared ones read as null.
    if (value === undefined && spec.type === 'extension') continue;
    out[spec.name] = value === undefined ? emptyValue(spec) : value;
  }
  return out;
}
